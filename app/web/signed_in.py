"""Who was signed in on this browser, kept in its signed cookie session beside the session token.

It stays there after the session has expired on the server (the token then names nobody), so
the text someone was typing when that happened can be kept for them alone (app.services.drafts),
never for the next person to sign in on the same browser. Signing out clears it with the rest.
"""

from __future__ import annotations

from flask import session

_KEY = "signed_in_user_id"


def remember(user_id: int) -> None:
    """Note who has just signed in."""
    session[_KEY] = user_id


def last_signed_in() -> int | None:
    """The id of the person last signed in on this browser, if the cookie says."""
    found = session.get(_KEY)
    return found if isinstance(found, int) else None
