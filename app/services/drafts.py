"""Text someone was typing when their session ended, kept on the server until they sign in again.

The browser keeps only a random token (in its cookie session); the text itself is stored under a
hash of that token, for the page it was typed on, and is handed back once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from app.data import Draft
from app.data import assessments as data
from app.data.base import utcnow
from app.data.transaction import operation

DRAFT_LIFETIME = timedelta(days=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@operation
def keep(path: str, fields: dict[str, str]) -> str:
    """Store the fields typed on ``path``; returns the token to give back to the browser."""
    token = secrets.token_urlsafe(24)
    data.delete_drafts_before(utcnow() - DRAFT_LIFETIME)
    data.add_draft(Draft(token_hash=_hash(token), path=path[:500], payload=json.dumps(fields)))
    return token


def take(token: str | None, path: str) -> dict[str, str] | None:
    """The fields kept for this page under this token, removed as they are handed back."""
    if not token:
        return None
    draft = data.draft_by_token_hash(_hash(token))
    if draft is None or draft.path != path or utcnow() - draft.created_at > DRAFT_LIFETIME:
        return None
    fields: dict[str, str] = json.loads(draft.payload)
    _forget(draft)
    return fields


def discard(token: str | None) -> None:
    """Forget the draft kept under this token, if there is one."""
    draft = data.draft_by_token_hash(_hash(token)) if token else None
    if draft is not None:
        _forget(draft)


@operation
def _forget(draft: Draft) -> None:
    data.delete(draft)
