"""Peer review, the guide's third method of self-assessment: someone from another partnership
reads one assessment and challenges it, descriptor by descriptor.

The toolkit's choices, where the guide is silent (each says so where it shows):

- the reviewer is a person who already signs in here for another partnership; a coordinator
  invites them by their email address;
- a review lasts a number of days the coordinator chooses (:data:`DEFAULT_DAYS` unless changed,
  at most :data:`MAX_DAYS`), and the coordinator can end it at any time;
- the reviewer reads the assessment only: its scores, narratives, evidence and priorities, never
  the workshops' participants; they write one challenge per descriptor, which the partnership
  reads beside the descriptor and which never enters the return.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

DEFAULT_DAYS = 28
MAX_DAYS = 90
#: A challenge's length (one descriptor's comment from the reviewer).
CHALLENGE = 5_000

RULE = (
    "Peer review is the toolkit's way of running the guide's third method: the reviewer reads this "
    "assessment only, for the days you choose, and you can end it at any time. Their challenges sit "
    "beside each descriptor for your partnership and are never part of the return."
)


class ReviewState(enum.Enum):
    """Where a peer review stands now."""

    OPEN = "open"
    ENDED = "ended"  # the coordinator ended it
    EXPIRED = "expired"  # its days ran out

    @property
    def label(self) -> str:
        return {ReviewState.OPEN: "Open", ReviewState.ENDED: "Ended", ReviewState.EXPIRED: "Expired"}[self]


def state(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> ReviewState:
    """A review is open until the coordinator ends it or its last day has passed."""
    if revoked_at is not None:
        return ReviewState.ENDED
    return ReviewState.OPEN if now < expires_at else ReviewState.EXPIRED


def expiry(now: datetime, days: int) -> datetime:
    """When a review invited ``now`` for ``days`` days ends."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(days)
    return now + timedelta(days=days)


def invitation_problem(*, reviewer_found: bool, reviewer_is_member_here: bool, inviting_self: bool) -> str | None:
    """Why a coordinator cannot invite this person as a reviewer, or None if they can."""
    if inviting_self:
        return "You cannot review your own partnership's assessment: enter the email address of someone from another partnership"
    if not reviewer_found:
        return ("Nobody with that email address signs in to this service. A peer reviewer must already use it "
                "for their own partnership: check the address, or ask them to be invited to theirs first")
    if reviewer_is_member_here:
        return ("That person is a member of your own partnership. A peer reviewer comes from another "
                "partnership: enter someone else's email address")
    return None
