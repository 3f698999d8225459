"""Email: invitations go by email through a real SMTP server (or GOV.UK Notify when a Notify key
is set); without email settings the link is shown once to the coordinator, as before."""

from __future__ import annotations

import logging
import ssl
import uuid

import jwt
from aiosmtpd.smtp import AuthResult

from app.domain.roles import Role
from app.mail import wait_for_sending
from tests.integration.mail_helpers import (
    SMTP_SETTINGS,
    NotifyApi,
    SmtpServer,
    free_port,
    link_in,
    self_signed_certificate,
)

INVITEE = "nia.new@example.gov.uk"


def _invite(client, email=INVITEE, name="Nia New"):
    return client.post("/team/invite", data={"name": name, "email": email, "role": "viewer"}, expect=302)


def test_an_invitation_is_emailed_and_its_link_works(signed_in, mailbox, client, app):
    coordinator = signed_in(Role.COORDINATOR)
    assert coordinator.get("/team/invite", expect=200).page.buttons[-1] == "Send invitation"
    _invite(coordinator)
    page = coordinator.get("/team", expect=200).page
    assert page.notifications[0].startswith("Invitation sent to Nia New")
    assert f"We have emailed a link to {INVITEE}" in page.notifications[0]
    assert "/invitations/" not in page.text  # the link went to the invitee, not to the coordinator's screen

    message = mailbox.only_message(INVITEE)
    assert message["Subject"] == "You have been invited to join Sefton Early Help Partnership"
    assert message["From"] == "Early Help toolkit <toolkit@example.gov.uk>"
    assert "Test Person has invited you to join Sefton Early Help Partnership" in message.get_content()
    link = link_in(message, "/invitations/")

    invitee = app.test_client()
    assert invitee.get(link, expect=200).page.h1 == "Join Sefton Early Help Partnership"
    invitee.post(link, data={"name": "Nia New", "password": "a long enough passphrase"}, expect=302)
    assert invitee.get("/assessments", expect=200).page.notifications == ["You have joined Sefton Early Help Partnership"]


def test_the_same_invitation_form_sent_twice_sends_one_email(signed_in, mailbox):
    coordinator = signed_in(Role.COORDINATOR)
    form_token = coordinator.get("/team/invite", expect=200).page.value("form_token")
    for _ in range(2):  # a double click
        coordinator.post("/team/invite", data={"name": "Nia New", "email": INVITEE, "role": "viewer",
                                               "form_token": form_token}, expect=302)
    mailbox.only_message(INVITEE)
    page = coordinator.get("/team", expect=200).page
    assert page.notifications[0].startswith("Invitation sent to Nia New")


def test_when_the_email_cannot_be_sent_the_coordinator_gets_the_link(signed_in, app):
    coordinator = signed_in(Role.COORDINATOR)
    saved = {key: app.config[key] for key in SMTP_SETTINGS}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False)  # nothing listens there
    try:
        _invite(coordinator)
    finally:
        app.config.update(saved)
    page = coordinator.get("/team", expect=200).page
    assert page.text_of("#invitation-not-sent") == "We could not send the invitation email."
    assert "/invitations/" in page.text_of("#invitation-link")


def test_without_email_settings_the_link_is_shown_once_and_the_email_written_to_the_log(signed_in, caplog):
    coordinator = signed_in(Role.COORDINATOR)
    page = coordinator.get("/team/invite", expect=200).page
    assert "This service has not been set up to send emails" in page.text
    with caplog.at_level(logging.INFO, logger="app"):
        _invite(coordinator)
    shown = coordinator.get("/team", expect=200).page.text_of("#invitation-link")
    assert "/invitations/" in shown
    logged = [r.getMessage() for r in caplog.records if "Email not sent (no email settings)" in r.getMessage()]
    assert len(logged) == 1 and shown in logged[0] and f"To: {INVITEE}" in logged[0]
    assert "/invitations/" not in coordinator.get("/team", expect=200).page.text  # once only


def test_with_a_notify_key_the_notify_client_sends_the_template_with_its_fields(signed_in, app):
    coordinator = signed_in(Role.COORDINATOR)
    service_id, secret, template = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    saved = {key: app.config[key] for key in SMTP_SETTINGS}
    with NotifyApi() as notify:
        app.config.update(NOTIFY_API_KEY=f"ehsg_test-{service_id}-{secret}", NOTIFY_BASE_URL=notify.url,
                          NOTIFY_TEMPLATE_INVITATION=template)
        try:
            _invite(coordinator)
        finally:
            app.config.update(saved)
    assert coordinator.get("/team", expect=200).page.notifications[0].startswith("Invitation sent to Nia New")
    [sent] = notify.requests
    assert sent["path"] == "/v2/notifications/email"
    assert sent["json"]["email_address"] == INVITEE
    assert sent["json"]["template_id"] == template
    fields = sent["json"]["personalisation"]
    assert {k: v for k, v in fields.items() if k != "link"} == {
        "name": "Nia New", "partnership": "Sefton Early Help Partnership", "role": "viewer",
        "invited_by": "Test Person", "expires": fields["expires"]}
    assert fields["link"].startswith("http://localhost/invitations/")
    # Signed with the key's secret, for the key's service, as Notify checks.
    claims = jwt.decode(sent["authorization"].removeprefix("Bearer "), secret, algorithms=["HS256"])
    assert claims["iss"] == service_id
    assert app.test_client().get(fields["link"].removeprefix("http://localhost"), expect=200).page.h1 == \
        "Join Sefton Early Help Partnership"


def test_in_production_without_email_settings_no_reset_email_goes_and_the_operator_is_warned(app, client, make_user,
                                                                                            caplog):
    make_user("vic@example.gov.uk", Role.VIEWER)
    app.config["ENV_NAME"] = "production"
    try:
        with caplog.at_level(logging.INFO, logger="app"):
            known = client.post("/forgotten-password", data={"email": "vic@example.gov.uk"}, expect=200).page
            wait_for_sending()
    finally:
        app.config["ENV_NAME"] = "test"
    unknown = client.post("/forgotten-password", data={"email": "nobody@example.gov.uk"}, expect=200).page
    assert (known.h1, known.text) == (unknown.h1, unknown.text)
    mail_records = [r for r in caplog.records if r.name == "app"]
    assert [(r.levelname, r.getMessage()) for r in mail_records] == [
        ("WARNING", "Email not sent: set SMTP_HOST or NOTIFY_API_KEY to send email")]
    assert "/reset-password/" not in repr(mail_records[0].__dict__)


def test_a_reset_email_through_notify_uses_its_own_template(app, client, make_user):
    make_user("vic@example.gov.uk", Role.VIEWER, name="Vic Viewer")
    template = str(uuid.uuid4())
    saved = {key: app.config[key] for key in SMTP_SETTINGS}
    with NotifyApi() as notify:
        app.config.update(NOTIFY_API_KEY=f"ehsg_test-{uuid.uuid4()}-{uuid.uuid4()}", NOTIFY_BASE_URL=notify.url,
                          NOTIFY_TEMPLATE_PASSWORD_RESET=template)
        try:
            client.post("/forgotten-password", data={"email": "vic@example.gov.uk"}, expect=200)
            wait_for_sending()
        finally:
            app.config.update(saved)
    [sent] = notify.requests
    assert (sent["json"]["email_address"], sent["json"]["template_id"]) == ("vic@example.gov.uk", template)
    assert sent["json"]["personalisation"]["name"] == "Vic Viewer"
    link = sent["json"]["personalisation"]["link"].removeprefix("http://localhost")
    assert client.get(link, expect=200).page.h1 == "Choose a new password"


def test_smtp_over_starttls_signs_in_and_sends(app, signed_in, tmp_path, monkeypatch):
    """STARTTLS (the default) and a username: the server sees the message only over TLS, after
    the toolkit has signed in with the account in the settings."""
    cert, key = self_signed_certificate(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the toolkit's client trusts this certificate only
    signed_in_as = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        signed_in_as.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"toolkit", b"smtp-secret"))

    coordinator = signed_in(Role.COORDINATOR)
    saved = {key: app.config[key] for key in (*SMTP_SETTINGS, "SMTP_USERNAME", "SMTP_PASSWORD")}
    with SmtpServer(tls_context=server_tls, require_starttls=True, auth_required=True,
                    authenticator=authenticator) as server:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.controller.port, SMTP_STARTTLS=True,
                          SMTP_USERNAME="toolkit", SMTP_PASSWORD="smtp-secret")
        try:
            _invite(coordinator)
            app.config["SMTP_STARTTLS"] = False  # the server refuses mail sent in the clear
            _invite(coordinator, email="second@example.gov.uk", name="Sam Second")
        finally:
            app.config.update(saved)
        assert [m["To"] for m in server.mailbox.messages()] == [INVITEE]
    assert signed_in_as == [(b"toolkit", b"smtp-secret")]
    assert coordinator.get("/team", expect=200).page.text_of("#invitation-not-sent") == \
        "We could not send the invitation email."
