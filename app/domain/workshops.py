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
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

__all__ = [
    "AUTO_REVEAL_MINIMUM",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_ROUNDS",
    "NameHandling",
    "StakeholderGroup",
    "WorkshopMode",
    "answer_key",
    "format_code",
    "new_join_code",
    "new_participant_secret",
    "normalise_code",
    "secret_hash",
    "uk_today",
]

#: Letters and digits that cannot be mistaken for one another when read off a projector:
#: no 0/O, 1/I/L, nor 5/S or 2/Z.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
#: 8 characters of 27: about 2.8 × 10^11 codes, so guessing one (with the rate limit on top)
#: is hopeless.
CODE_LENGTH = 8
#: A descriptor may be scored in a first round and, after the group sees the spread, a second.
MAX_ROUNDS = 2
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

    @classmethod
    def from_value(cls, value: str) -> StakeholderGroup | None:
        try:
            return cls(value)
        except ValueError:
            return None


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


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK (a closing date means the end of that day there).

    ``now`` is naive UTC, as the database stores it.
    """
    moment = (now or datetime.now(timezone.utc).replace(tzinfo=None)).replace(tzinfo=timezone.utc)
    return moment.astimezone(UK).date()
