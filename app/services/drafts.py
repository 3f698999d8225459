"""Text someone was typing when their session ended, kept on the server until they sign in again.

The browser keeps only a random token (in its cookie session); the text itself is stored under a
hash of that token, for the person who was signed in and the page it was typed on, and is handed
back once, to that person only. A draft is kept only for a descriptor that exists on an
assessment that person may edit now; each field is cut to the length the form allows; a person
has one draft at a time.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from app.data import Draft
from app.data import access as access_data
from app.data import assessments as data
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain import limits
from app.domain.access import Action, can
from app.domain.framework import prompt_field_name
from app.frameworks import framework

DRAFT_LIFETIME = timedelta(days=2)

#: The fields of the descriptor form a draft keeps, and the most of each it keeps; besides these,
#: the answer to each narrative prompt of the assessment's edition (by its field's name,
#: app.domain.framework.prompt_field_name; limits.NARRATIVE each).
DRAFT_FIELDS = {"score": 2, "version": 12}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_keep(user_id: int, assessment_id: int, descriptor_id: str) -> bool:
    """Whether the person could save this descriptor now: it exists, on an assessment of a
    partnership they belong to, in a role that edits scores, and the assessment is open."""
    return _editable(user_id, assessment_id, descriptor_id) is not None


def _editable(user_id: int, assessment_id: int, descriptor_id: str):
    """The assessment, if the person could save this descriptor of it now (else None)."""
    assessment, member = access_data.assessment_and_membership(assessment_id, user_id) or (None, None)
    if assessment is None or member is None:
        return None
    if can(member.role, Action.EDIT_SCORES, assessment.status) and data.has_response(assessment_id, descriptor_id):
        return assessment
    return None


@operation
def keep(user_id: int, assessment_id: int, descriptor_id: str, path: str, fields: dict[str, str]) -> str | None:
    """Store the fields typed on a descriptor's page by this person; the token to give back to the
    browser, or None if nothing was kept (no such page, or not one they may edit)."""
    assessment = _editable(user_id, assessment_id, descriptor_id)
    if assessment is None:
        return None
    prompts = (prompt_field_name(key) for key in framework(assessment.edition_id).prompt_keys)
    most_of = DRAFT_FIELDS | dict.fromkeys(prompts, limits.NARRATIVE)
    kept = {name: (fields.get(name) or "")[:most] for name, most in most_of.items()}
    token = secrets.token_urlsafe(24)
    data.delete_drafts_before(utcnow() - DRAFT_LIFETIME)
    data.delete_drafts_of(user_id)  # one at a time: the latest text
    data.add_draft(Draft(token_hash=_hash(token), user_id=user_id, path=path[:500], payload=json.dumps(kept)))
    return token


def take(token: str | None, path: str, user_id: int) -> dict[str, str] | None:
    """The fields this person kept for this page under this token, removed as they are handed
    back. Someone else's draft (another person signed in on the same browser) is not handed
    back, and is forgotten."""
    if not token:
        return None
    draft = data.draft_by_token_hash(_hash(token))
    if draft is None:
        return None
    if draft.user_id != user_id:
        _forget(draft)
        return None
    if draft.path != path or utcnow() - draft.created_at > DRAFT_LIFETIME:
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
