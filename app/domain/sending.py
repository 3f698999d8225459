"""Sending a signed-off return to the department: the rules of a submission and its versions.

A submission records who sent which return, when, and the return as it was sent. Sending again
after a correction (reopened, changed, signed off again) makes the next version; nothing sent is
ever withdrawn. Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from app.domain.access import IMPORTED, SIGNED_OFF


class SendState(enum.Enum):
    """Where an assessment stands with the department."""

    NOT_SIGNED_OFF = "not_signed_off"  # nothing can be sent until the strategic lead signs it off
    READY = "ready"  # signed off, never sent
    SENT = "sent"  # the latest version sent is the assessment as it stands
    CHANGED = "changed"  # sent before, but reopened (or signed off again) since: a correction can be sent


@dataclass(frozen=True)
class Sent:
    """What the rules need of the latest submission."""

    version: int
    sent_at: datetime
    signed_off_at: datetime | None


def send_state(status: str, signed_off_at: datetime | None, latest: Sent | None) -> SendState:
    """Whether the assessment can be sent, was sent as it stands, or changed since it was sent. A
    return loaded as sent (``ehsg import --sent``) stays imported: sent as it stands until reopened."""
    if latest is not None and (status not in (SIGNED_OFF, IMPORTED) or signed_off_at != latest.signed_off_at):
        return SendState.CHANGED
    if latest is not None:
        return SendState.SENT
    return SendState.READY if status == SIGNED_OFF else SendState.NOT_SIGNED_OFF


def may_send(state: SendState, status: str) -> bool:
    """Only a signed-off assessment that is not already sent as it stands."""
    return status == SIGNED_OFF and state in (SendState.READY, SendState.CHANGED)


def refusal(state: SendState, status: str) -> str | None:
    """Why the return cannot be sent now (None if it can), in words for the page and the command line."""
    if status != SIGNED_OFF:
        return ("Only a signed-off assessment can be sent to the department. The strategic lead signs it off "
                "from the check your answers page")
    if state is SendState.SENT:
        return "This return has been sent already, and it has not changed since"
    return None


def next_version(latest: Sent | None) -> int:
    return 1 if latest is None else latest.version + 1
