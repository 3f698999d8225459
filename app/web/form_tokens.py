"""A form sent twice is one submission.

A double click, or a browser resending a form after a dropped connection, sends the same form
again, often before the first response has set the cookie that would say it worked. Each form
that creates something carries a random token (a hidden field, new every time the form is
shown). The secret that the server would otherwise draw at random for the new record (an
invitation's link, a participant's browser secret) is derived from that token with the
application's key, so the second submission derives the same secret, finds the record the
first one made, and gives back the same link or the same place in the workshop.

The token is useless on its own: the secret needs the key too. A form without a token (or with
a malformed one) gets a random secret, as before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

FIELD = "form_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,86}")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def secret_from(form_token: str | None, purpose: str) -> str | None:
    """The secret this form's token stands for, for one purpose; None without a usable token."""
    if not form_token or not _TOKEN.fullmatch(form_token):
        return None
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{purpose}:{form_token}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
