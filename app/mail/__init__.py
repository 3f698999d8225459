"""Sending email: one seam, :func:`send_email`, and the transport the settings choose.

- GOV.UK Notify, when NOTIFY_API_KEY is set: the Notify template for the kind of email, with the
  personalisation as its fields;
- SMTP, when SMTP_HOST is set: the message from app/mail/messages.py, over STARTTLS unless
  SMTP_STARTTLS is false, signing in when SMTP_USERNAME is set;
- neither: in development and tests the email is written to the application's log (the one
  place a link may be logged, and only there); in production nothing is sent, and a warning
  tells the operator that email is not set up.

What is sent and to whom is never logged but in that development case: a failure is logged
with the kind of email and the kind of error only.
"""

from __future__ import annotations

import enum
import smtplib
import ssl
import threading
from collections.abc import Mapping
from email.message import EmailMessage

from flask import Flask, current_app
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from app.mail.messages import TEMPLATES, render


class Delivery(enum.Enum):
    """What became of an email."""

    SENT = "sent"  # handed to Notify or the SMTP server
    LOGGED = "logged"  # no email settings: written to the log (development and tests)
    NOT_SENT = "not_sent"  # no email settings in production
    FAILED = "failed"  # the transport refused it or could not be reached

    @property
    def sent(self) -> bool:
        return self is Delivery.SENT


def transport(config: Mapping) -> str | None:
    """'notify', 'smtp', or None when neither is set up."""
    if config.get("NOTIFY_API_KEY"):
        return "notify"
    if config.get("SMTP_HOST"):
        return "smtp"
    return None


def send_email(to: str, template_key: str, personalisation: Mapping[str, str]) -> Delivery:
    """Send one email of a kind named in app/mail/messages.py, by the transport the settings choose."""
    if template_key not in TEMPLATES:
        raise KeyError(f"no email called {template_key!r}")
    app = current_app
    chosen = transport(app.config)
    try:
        if chosen == "notify":
            _send_notify(app, to, template_key, personalisation)
        elif chosen == "smtp":
            _send_smtp(app, to, template_key, personalisation)
        else:
            return _without_transport(app, to, template_key, personalisation)
    except (APIError, OSError, KeyError) as error:
        # Neither the address nor the message: the kind of email and what went wrong.
        app.logger.error("Email not sent", extra={"email": template_key, "transport": chosen,
                                                  "error": type(error).__name__})
        return Delivery.FAILED
    return Delivery.SENT


def _send_notify(app: Flask, to: str, template_key: str, personalisation: Mapping[str, str]) -> None:
    template_id = app.config.get(f"NOTIFY_TEMPLATE_{template_key.upper()}")
    if not template_id:
        raise KeyError(f"NOTIFY_TEMPLATE_{template_key.upper()} is not set")
    client = NotificationsAPIClient(app.config["NOTIFY_API_KEY"], base_url=app.config["NOTIFY_BASE_URL"],
                                    timeout=app.config["SMTP_TIMEOUT"])
    client.send_email_notification(email_address=to, template_id=template_id, personalisation=dict(personalisation))


def _send_smtp(app: Flask, to: str, template_key: str, personalisation: Mapping[str, str]) -> None:
    message = render(template_key, personalisation)
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = app.config["EMAIL_FROM"] or f"{app.config['SERVICE_NAME']} <noreply@localhost>"
    email["To"] = to
    email.set_content(message.body)
    with smtplib.SMTP(app.config["SMTP_HOST"], app.config["SMTP_PORT"], timeout=app.config["SMTP_TIMEOUT"]) as smtp:
        if app.config["SMTP_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if app.config["SMTP_USERNAME"]:
            smtp.login(app.config["SMTP_USERNAME"], app.config["SMTP_PASSWORD"] or "")
        smtp.send_message(email)


def _without_transport(app: Flask, to: str, template_key: str, personalisation: Mapping[str, str]) -> Delivery:
    if app.config["ENV_NAME"] == "production":
        app.logger.warning("Email not sent: set SMTP_HOST or NOTIFY_API_KEY to send email",
                           extra={"email": template_key})
        return Delivery.NOT_SENT
    message = render(template_key, personalisation)
    app.logger.info("Email not sent (no email settings), written here instead:\nTo: %s\nSubject: %s\n\n%s",
                    to, message.subject, message.body)
    return Delivery.LOGGED


# --- Sending after the response -----------------------------------------------------------

_pending: list[threading.Thread] = []
_pending_lock = threading.Lock()


def send_email_later(to: str, template_key: str, personalisation: Mapping[str, str]) -> None:
    """Send on a thread of its own, so that the page answers as fast whether or not an email goes
    (the forgotten-password page must not say by its speed whether an account exists)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        with app.app_context():
            send_email(to, template_key, dict(personalisation))

    thread = threading.Thread(target=send, name="ehsg-email", daemon=True)
    with _pending_lock:
        _pending[:] = [t for t in _pending if t.is_alive()]
        _pending.append(thread)
    thread.start()


def wait_for_sending(timeout: float = 30) -> None:
    """Wait until the emails sent later have gone (the tests, and commands that end the process)."""
    with _pending_lock:
        waiting = list(_pending)
    for thread in waiting:
        thread.join(timeout)
