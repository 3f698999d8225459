"""Security headers, set by the application itself rather than a proxy."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from flask import Request as FlaskRequest

from app.domain.text import clean_text


def csp_nonce() -> str:
    """This request's nonce for the one inline script in the GOV.UK template."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if response.mimetype == "text/html" or not request.path.startswith(("/assets/", "/static/")):
        headers["Cache-Control"] = "no-store"
    return response


#: Form fields passed on exactly as sent: passwords are checked, never stored or shown.
KEPT_AS_SENT = frozenset({"password", "csrf_token"})


class CleanTextRequest(FlaskRequest):
    """A request whose form fields and uploaded file names are cleaned as they are read.

    Every text a person can type reaches the app through a form, so this is the one place
    where the characters no page, database or document should hold (NUL and the other
    control characters; see :func:`app.domain.text.clean_text`) are dropped: PostgreSQL
    refuses NUL, and Word and Excel files cannot hold the rest. Markup is kept; the templates
    escape it. Broken UTF-8 (which could otherwise become a lone surrogate) is already
    replaced or refused by Werkzeug's parser.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        state = self.__dict__
        form = state.get("form")
        if form is not None:
            state["form"] = self.parameter_storage_class(
                (key, value if key in KEPT_AS_SENT else clean_text(value)) for key, value in form.items(multi=True)
            )
        files = state.get("files")
        if files is not None:
            for _, upload in files.items(multi=True):
                if upload.filename:
                    upload.filename = clean_text(upload.filename)


def init_security(app: Flask) -> None:
    app.request_class = CleanTextRequest
    app.after_request(set_security_headers)
    app.add_template_global(csp_nonce)
