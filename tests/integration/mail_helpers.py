"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), and a stand-in GOV.UK Notify API
(a plain HTTP server on 127.0.0.1) that records what the Notify client posts to it."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller

from app.mail import wait_for_sending

SMTP_SETTINGS = ("SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "EMAIL_FROM", "NOTIFY_API_KEY", "NOTIFY_BASE_URL",
                 "NOTIFY_TEMPLATE_INVITATION", "NOTIFY_TEMPLATE_PASSWORD_RESET")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server received, as parsed email messages."""

    def __init__(self) -> None:
        self._received: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self._received.append(message_from_bytes(envelope.content, policy=default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        """Every message received so far (a method: aiosmtpd looks at its handler's attributes)."""
        wait_for_sending()  # the emails sent after the answer, too
        return list(self._received)

    def only_message(self, to: str) -> EmailMessage:
        found = self.messages()
        assert [m["To"] for m in found] == [to], [m["To"] for m in found]
        return found[0]


def link_in(message: EmailMessage, path: str) -> str:
    """The path and token of the link in an email's body ('/reset-password/abc...')."""
    body = message.get_content()
    match = re.search(rf"http://localhost({re.escape(path)}[A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)


class SmtpServer:
    def __init__(self, **smtp_parameters) -> None:
        self.mailbox = Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=free_port(), **smtp_parameters)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        wait_for_sending()
        self.controller.stop()


class NotifyApi:
    """Answers POST /v2/notifications/email as Notify does (201 and a JSON body), keeping each request."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        recorded = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                recorded.append({"path": self.path, "authorization": self.headers["Authorization"], "json": body})
                answer = json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "content": {}}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NotifyApi:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        wait_for_sending()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key
