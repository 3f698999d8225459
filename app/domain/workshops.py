"""Multi-agency workshops: the words and small rules they rest on.

The guide asks partnerships to agree "on average" a score for each descriptor, in multi-agency
workshops or individual interviews (seed 003, lines 44 and 111). A workshop has a mode (live,
descriptor by descriptor, or open until a closing date), a way of handling names (named, seen by
the facilitator only, or anonymous) and a join code people type on their phones.

Anonymity rests on :func:`answer_key`: an answer is stored under a hash of the participant's
secret (kept only in their own browser), the workshop, the descriptor and the round. The
server can find a participant's answer again only when their browser presents the secret; it
cannot go from an answer back to a person, nor tell that two answers came from the same one.

This module is pure: no Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.consensus import Consensus

__all__ = [
    "AUTO_REVEAL_MINIMUM",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_ROUNDS",
    "NameHandling",
    "Schedule",
    "StakeholderGroup",
    "Whereabouts",
    "WorkshopMode",
    "answer_key",
    "bars",
    "evidence_token",
    "figure",
    "format_code",
    "is_closed",
    "last_day",
    "new_join_code",
    "new_participant_secret",
    "normalise_code",
    "results_shown",
    "secret_hash",
    "uk_today",
    "whereabouts",
]

#: Letters and digits that cannot be mistaken for one another when read off a projector:
#: no 0/O, 1/I/L, nor 5/S or 2/Z.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
#: 8 characters of 27: about 2.8 × 10^11 codes, so guessing one (with the rate limit on top)
#: is hopeless.
CODE_LENGTH = 8
#: A descriptor may be scored again after the group has seen the spread, as many times as the room
#: needs; 9 is a ceiling no real discussion reaches (the toolkit's choice, not the guide's).
MAX_ROUNDS = 9
#: Results show by themselves once everyone who joined has answered, if at least this many
#: have joined: one early arrival's answer is not put on the screen for the room.
AUTO_REVEAL_MINIMUM = 3

UK = ZoneInfo("Europe/London")


class WorkshopMode(str, enum.Enum):
    LIVE = "live"
    OPEN = "open"

    @property
    def label(self) -> str:
        return {"live": "Live workshop", "open": "Open round"}[self.value]

    @property
    def description(self) -> str:
        return {
            "live": "In a room or online: people answer on their own phone or laptop while you lead, descriptor by descriptor",
            "open": "People answer on their own before a workshop (the guide's individual interviews), until a closing date",
        }[self.value]


class NameHandling(str, enum.Enum):
    NAMED = "named"
    FACILITATOR_ONLY = "facilitator_only"
    ANONYMOUS = "anonymous"

    @property
    def label(self) -> str:
        return {
            "named": "Named",
            "facilitator_only": "Names seen by the facilitator only",
            "anonymous": "Anonymous",
        }[self.value]

    @property
    def description(self) -> str:
        """For the facilitator choosing how names are handled."""
        return {
            "named": "Participants give their name. You see it beside their answers, and a comment chosen as "
                     "evidence is credited to them by name",
            "facilitator_only": "Participants give their name. Only you see it; evidence is credited to their "
                                "stakeholder group",
            "anonymous": "No names are asked for, and no answer is stored with a link to the person who gave it",
        }[self.value]

    @property
    def asks_name(self) -> bool:
        return self is not NameHandling.ANONYMOUS

    @property
    def facilitator_sees_names(self) -> bool:
        return self is not NameHandling.ANONYMOUS

    @property
    def evidence_names_person(self) -> bool:
        return self is NameHandling.NAMED


class StakeholderGroup(str, enum.Enum):
    """Who a participant speaks for, in the order the issue lists them."""

    HEALTH = "health"
    POLICE = "police"
    EDUCATION = "education"
    LOCAL_AUTHORITY_EARLY_HELP = "la_early_help"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    HOUSING = "housing"
    ADULT_SERVICES = "adult_services"
    VOLUNTARY_SECTOR = "voluntary_sector"
    FAMILY = "family"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    StakeholderGroup.HEALTH: "Health",
    StakeholderGroup.POLICE: "Police",
    StakeholderGroup.EDUCATION: "Education",
    StakeholderGroup.LOCAL_AUTHORITY_EARLY_HELP: "Local authority early help",
    StakeholderGroup.CHILDRENS_SOCIAL_CARE: "Children's social care",
    StakeholderGroup.HOUSING: "Housing",
    StakeholderGroup.ADULT_SERVICES: "Adult services",
    StakeholderGroup.VOLUNTARY_SECTOR: "Voluntary, community and faith sector",
    StakeholderGroup.FAMILY: "Family or lived experience",
    StakeholderGroup.OTHER: "Other",
}


def new_join_code() -> str:
    """A fresh join code, stored and compared in its normal form (no hyphen, capitals)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str | None:
    """What someone typed as a code, in normal form; None if it cannot be a code.

    Case does not matter, nor spaces or hyphens between the groups.
    """
    cleaned = re.sub(r"[\s\-–]", "", typed or "").upper()
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return cleaned


def format_code(code: str) -> str:
    """A code as people read it: two groups of four, ``KXR4-7PQM``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_participant_secret() -> str:
    """The random secret that identifies a participant; it lives only in their browser."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def answer_key(secret: str, workshop_id: int, descriptor_id: str, round_number: int) -> str:
    """The key an answer is stored under. Only the participant's secret recomputes it; it
    differs for every descriptor and round, so answers cannot be grouped by person."""
    material = f"answer:{secret}:{workshop_id}:{descriptor_id}:{round_number}"
    return hashlib.sha256(material.encode()).hexdigest()


def evidence_token(key: str) -> str:
    """The opaque name a facilitator's page gives one answer (an agree page's checkbox value),
    from the answer's stored key: it says nothing of the answer's id or of when it was given,
    differs for every descriptor and round, and cannot be worked back to the key. Listing
    answers in the order of their tokens is an order that says nothing about who gave them."""
    return hashlib.sha256(f"evidence:{key}".encode()).hexdigest()[:24]


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK (a closing date means the end of that day there).

    ``now`` is naive UTC, as the database stores it.
    """
    moment = (now or datetime.now(UTC).replace(tzinfo=None)).replace(tzinfo=UTC)
    return moment.astimezone(UK).date()


class Schedule(Protocol):
    """What decides whether a workshop's code still works (a stored workshop has all of it)."""

    @property
    def mode(self) -> WorkshopMode: ...

    @property
    def held_on(self) -> date: ...

    @property
    def closes_on(self) -> date | None: ...

    @property
    def closed_at(self) -> datetime | None: ...


def last_day(workshop: Schedule) -> date | None:
    """The last day the code works: an open round's closing date, a live workshop's own date."""
    return workshop.closes_on if workshop.mode == WorkshopMode.OPEN else workshop.held_on


def is_closed(workshop: Schedule, now: datetime | None = None) -> bool:
    """Closed by the facilitator, or past the end (in the UK) of its last day. ``now`` is naive UTC."""
    if workshop.closed_at is not None:
        return True
    day = last_day(workshop)
    return day is not None and uk_today(now) > day


def results_shown(revealed: bool, answered: int, joined: int) -> bool:
    """Whether the results of a descriptor's current round are shown: once the facilitator
    reveals them, or once everyone who joined (at least AUTO_REVEAL_MINIMUM people) has answered.

    Showing the results closes the round: no answer is taken or changed in it afterwards, so
    its figures never move. The answer that completes the room stores the reveal (see
    app.services.workshop_participation.save_answer), so someone joining later does not hide the
    results again; the first person to join and answer in an empty room does not put their own
    score on the screen."""
    return revealed or (joined >= AUTO_REVEAL_MINIMUM and answered >= joined)


@dataclass(frozen=True)
class Whereabouts:
    """Where a descriptor stands in a workshop: its position of how many, and its neighbours."""

    position: int
    total: int
    previous_id: str | None
    next_id: str | None


def whereabouts(descriptor_ids: Sequence[str], descriptor_id: str) -> Whereabouts:
    """ValueError if the workshop does not cover the descriptor."""
    at = list(descriptor_ids).index(descriptor_id)
    return Whereabouts(
        position=at + 1,
        total=len(descriptor_ids),
        previous_id=descriptor_ids[at - 1] if at > 0 else None,
        next_id=descriptor_ids[at + 1] if at + 1 < len(descriptor_ids) else None,
    )


def bars(figures: Consensus) -> list[tuple[int, int, int]]:
    """(score, how many gave it, bar width) for each score on the scale; the width is a share of
    the scores given in steps of 5 per cent, for the app-bar--N classes (no inline styles)."""
    total = figures.count
    return [(score, count, int(round(count * 20 / total)) * 5 if total else 0)
            for score, count in enumerate(figures.histogram)]


def figure(value: float | None, places: int = 1) -> str:
    """A figure as people read it: 3 rather than 3.0, 2.5 rather than 2.50; a mean to one decimal
    place. Shown on the workshop pages and written into the agreed score's audit entry."""
    if value is None:
        return "–"
    text = f"{round(value, places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
