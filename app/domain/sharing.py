"""Who outside a partnership may see its sent return (issue 16): the permissions to share that
govern someone, the people they govern, and the figures kept of each sent version.

An edition declares its permissions by key (issue 14). Three keys each govern one audience
outside the partnership; an edition without one of them never permits that audience, and any
other key it declares is kept and shown but governs no view here:

- ``dfe``: the department's analysts see the return's figures, its priorities and the return itself;
- ``coordinators``: coordinators in other partnerships see the area among the spread of scores,
  and among the "areas to learn from";
- ``other_departments``: a person from another government department sees the scores only.

Consent is live: the answer the return gave holds until a coordinator of the partnership changes
it (a :class:`Consent`); from that moment the change decides, for every version already sent.
Only a plain yes permits: no answer is no permission.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.earned_autonomy import check_earned_autonomy, prospectus_year
from app.domain.framework import Framework
from app.domain.returns import Return

DEPARTMENT_KEY = "dfe"
PEERS_KEY = "coordinators"
OTHER_DEPARTMENTS_KEY = "other_departments"


class Audience(str, enum.Enum):
    """A kind of person outside every partnership."""

    DEPARTMENT = "department"  # an analyst of the department the returns are sent to
    OTHER_DEPARTMENT = "other_department"  # a person from another government department: scores only

    @property
    def label(self) -> str:
        return {"department": "Department analyst", "other_department": "Other government department"}[self.value]

    @property
    def permission_key(self) -> str:
        """The permission to share that decides which areas this person sees."""
        return {"department": DEPARTMENT_KEY, "other_department": OTHER_DEPARTMENTS_KEY}[self.value]


def permits(answer_in_return: bool | None, consent_now: bool | None) -> bool:
    """Whether an area permits one audience now: a change of consent since the return decides;
    otherwise the return's own answer, where only a plain yes permits."""
    return consent_now if consent_now is not None else answer_in_return is True


@dataclass(frozen=True)
class SentFigures:
    """What the views across areas need of one sent version, kept beside the version itself so
    that no view reads every return in full: scores, priorities, data model, Earned Autonomy and
    the permissions as the return answered them."""

    area: str
    year: int | None
    edition_id: str
    scores: Mapping[str, int | None] = field(default_factory=dict)
    priorities: tuple[str, ...] = ()
    data_model: int | None = None
    earned_autonomy_eligible: bool | None = None  # None: the edition sets no thresholds
    permissions: Mapping[str, bool | None] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({
            "area": self.area, "year": self.year, "edition": self.edition_id, "scores": dict(self.scores),
            "priorities": list(self.priorities), "data_model": self.data_model,
            "earned_autonomy_eligible": self.earned_autonomy_eligible, "permissions": dict(self.permissions),
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SentFigures:
        raw: dict[str, Any] = json.loads(text)
        return cls(area=raw["area"], year=raw["year"], edition_id=raw["edition"], scores=raw["scores"],
                   priorities=tuple(raw["priorities"]), data_model=raw["data_model"],
                   earned_autonomy_eligible=raw["earned_autonomy_eligible"], permissions=raw["permissions"])


@dataclass(frozen=True)
class SentArea:
    """One area's latest sent version for a year, as a view across areas reads it."""

    partnership_id: int
    assessment_id: int
    version: int
    figures: SentFigures
    consent: Mapping[str, bool]  # changes of consent since the return, by permission key

    def permits(self, key: str) -> bool:
        return permits(self.figures.permissions.get(key), self.consent.get(key))


def sent_figures(ret: Return, guide: Framework) -> SentFigures:
    """The figures of a return as it is sent, read against its edition."""
    ea = None
    if guide.threshold_years:
        ea = check_earned_autonomy(guide, ret.scores, prospectus_year(guide, ret.year)).eligible
    dm = ret.data_model
    return SentFigures(
        area=ret.area, year=ret.year, edition_id=ret.edition_id, scores=ret.scores,
        priorities=ret.priority_ids, data_model=dm.current if dm.changed and dm.current is not None else dm.submitted,
        earned_autonomy_eligible=ea,
        # The edition's own permissions only: an answer to one it does not ask permits nobody.
        permissions=ret.permissions.for_keys(p.key for p in guide.permissions),
    )
