"""Areas learning from each other (issue 16): a partnership's scores against the spread of the
other areas that permit Supporting Families coordinators in other areas to see theirs, and the
"areas to learn from" on its priority descriptors.

What is compared: this assessment's scores as they stand, against each other area's latest
version sent for the same year and edition (a descriptor's number means one descriptor only
within one edition). Only an area whose return (or its live change of consent since) says yes to
the permission to share with coordinators in other areas (key ``coordinators``) is counted, and only while this partnership's own assessment says yes too.

Three choices here are the toolkit's, not the guide's, and the page says so:

- :data:`MIN_OTHER_AREAS`: with fewer other permitting areas nothing is shown at all, and a
  descriptor fewer of them scored shows no figures, so no area's score can be read off the spread;
- :data:`LEARN_FROM_SCORE`: "scoring highly" (the guide's words for the areas the national team
  approaches for good practice) is read as a score of 4 or more;
- the median of the other areas' scores is the middle score (the mean of the two middle ones
  when there is an even number).

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.sharing import PEERS_KEY, SentArea, permits
from app.domain.wording import plural

__all__ = ["CONTACT_EXAMPLE", "LEARN_FROM_SCORE", "MIN_OTHER_AREAS", "Comparison", "LearnFrom", "PeerScore", "Shown", "Spread",
           "compare", "is_contact", "own_permission",
           "peers_of"]

#: The fewest other permitting areas (and scores of one descriptor) the comparison shows.
MIN_OTHER_AREAS = 2
#: The score from which a permitting area is one to learn from on a priority descriptor.
LEARN_FROM_SCORE = 4

#: The contact a partnership shows to the other areas: a name and an email address or phone number.
CONTACT_EXAMPLE = "Jo Bloggs, early.help@example.gov.uk"
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


def is_contact(text: str) -> bool:
    """Whether the text holds a way to get in touch: an email address, or a phone number (10 digits
    or more: a UK number with its area code)."""
    return _EMAIL.search(text) is not None or sum(c.isdigit() for c in text) >= 10


class Shown(enum.Enum):
    """Whether the comparison shows anything, and if not, why."""

    SHOWN = "shown"
    NOT_PERMITTED = "not_permitted"  # this partnership has not said yes to sharing with coordinators
    TOO_FEW = "too_few"  # fewer than MIN_OTHER_AREAS other areas permit


@dataclass(frozen=True)
class Spread:
    """One descriptor: this area's score against the other permitting areas' scores."""

    descriptor_id: str
    own: int | None
    n: int  # other areas that scored it
    median: float | None = None  # None (and the rest): fewer than MIN_OTHER_AREAS scored it
    minimum: int | None = None
    maximum: int | None = None
    lower: int = 0  # other areas scoring lower than this one
    same: int = 0
    higher: int = 0

    @property
    def enough(self) -> bool:
        return self.median is not None

    @property
    def sits(self) -> str:
        """Where this area sits among the others, in words."""
        if not self.enough:
            return "Too few areas scored this descriptor to show"
        if self.own is None or self.minimum is None or self.maximum is None or self.median is None:
            return "You have not scored this descriptor"
        if self.own > self.maximum:
            return "Higher than every other area"
        if self.own < self.minimum:
            return "Lower than every other area"
        if self.own == self.minimum == self.maximum:
            return "The same as every other area"
        if self.own == self.median:
            place = "At the median"
        else:
            place = "Above the median" if self.own > self.median else "Below the median"
        return f"{place}: {self.lower} of {plural(self.n, 'other area')} score lower, {self.higher} higher"


@dataclass(frozen=True)
class PeerScore:
    """A permitting area scoring highly on a descriptor: its name and the contact it chose to show."""

    partnership_id: int
    name: str
    score: int
    contact: str = ""


@dataclass(frozen=True)
class LearnFrom:
    """One of this partnership's priority descriptors, and the areas to learn from on it."""

    descriptor_id: str
    areas: tuple[PeerScore, ...]


@dataclass(frozen=True)
class Comparison:
    shown: Shown
    others: int  # other permitting areas (counted, never named, when too few)
    spreads: tuple[Spread, ...] = ()
    learn_from: tuple[LearnFrom, ...] = ()

    def partnership_ids(self) -> set[int]:
        """The areas named among the areas to learn from."""
        return {area.partnership_id for item in self.learn_from for area in item.areas}


def own_permission(sent: SentArea | None, answer_now: bool | None, consent: Mapping[str, bool]) -> bool:
    """Whether this partnership permits coordinators in other areas: its latest version sent (with
    any change of consent since) decides; an assessment never sent, its own answer now."""
    if sent is not None:
        return sent.permits(PEERS_KEY)
    return permits(answer_now, consent.get(PEERS_KEY))


def peers_of(areas: Iterable[SentArea], partnership_id: int, edition_id: str) -> list[SentArea]:
    """The other areas whose latest version sent is of this edition and permits coordinators now."""
    return [a for a in areas if a.partnership_id != partnership_id and a.figures.edition_id == edition_id
            and a.permits(PEERS_KEY)]


def _spread(descriptor_id: str, own: int | None, scores: list[int]) -> Spread:
    if len(scores) < MIN_OTHER_AREAS:
        return Spread(descriptor_id, own, len(scores))
    lower = sum(1 for s in scores if own is not None and s < own)
    higher = sum(1 for s in scores if own is not None and s > own)
    return Spread(descriptor_id, own, len(scores), float(statistics.median(scores)), min(scores), max(scores),
                  lower, len(scores) - lower - higher if own is not None else 0, higher)


def compare(descriptor_ids: Sequence[str], own_scores: Mapping[str, int | None], priorities: Sequence[str],
            permitted: bool, peers: Sequence[SentArea]) -> Comparison:
    """The comparison one partnership sees: ``peers`` are the other permitting areas (:func:`peers_of`)."""
    if not permitted:
        return Comparison(Shown.NOT_PERMITTED, 0)
    if len(peers) < MIN_OTHER_AREAS:
        return Comparison(Shown.TOO_FEW, len(peers))
    spreads = tuple(
        _spread(d, own_scores.get(d), [s for a in peers if (s := a.figures.scores.get(d)) is not None])
        for d in descriptor_ids
    )
    learn_from = []
    for d in dict.fromkeys(priorities):
        high = [PeerScore(a.partnership_id, a.figures.area, s) for a in peers
                if (s := a.figures.scores.get(d)) is not None and s >= LEARN_FROM_SCORE]
        learn_from.append(LearnFrom(d, tuple(sorted(high, key=lambda p: (-p.score, p.name)))))
    return Comparison(Shown.SHOWN, len(peers), spreads, tuple(learn_from))
