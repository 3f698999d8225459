"""A partnership's self-assessment return for one year, as plain data.

This is what the exporters write (Word, spreadsheet, CSV, JSON), what the importers read
(the project's JSON, a return laid out as in the guide as Word or plain text), and what the
application turns into and out of its database. It holds no rules: the rules live in
``earned_autonomy`` and ``priorities`` and are applied to a return by the code that needs them.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType

from app.domain.plans import ActionPlan
from app.domain.workshops import figure


class EvidenceKind(str, Enum):
    """The kinds of evidence a partnership cites (the guide asks for family feedback and
    population, cohort and family-level outcome measures)."""

    FAMILY_FEEDBACK = "family_feedback"
    OUTCOME_MEASURE = "outcome_measure"
    AUDIT = "audit"
    PERFORMANCE_DATA = "performance_data"
    PARTNER_REPORT = "partner_report"
    CASE_STUDY = "case_study"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVIDENCE_KIND_LABELS[self]


EVIDENCE_KIND_LABELS = {
    EvidenceKind.FAMILY_FEEDBACK: "Family feedback",
    EvidenceKind.OUTCOME_MEASURE: "Population, cohort or family outcome measure",
    EvidenceKind.AUDIT: "Audit or quality assurance",
    EvidenceKind.PERFORMANCE_DATA: "Performance data",
    EvidenceKind.PARTNER_REPORT: "Partner report",
    EvidenceKind.CASE_STUDY: "Case study",
    EvidenceKind.OTHER: "Other",
}


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence behind a descriptor's score."""

    description: str
    kind: EvidenceKind = EvidenceKind.OTHER
    agency: str = ""
    dated: date | None = None
    link: str = ""

    @property
    def identity(self) -> str:
        """What makes two pieces of evidence on one descriptor the same one (see :func:`evidence_identity`)."""
        return evidence_identity(self.description, self.kind, self.agency, self.dated, self.link)


def evidence_identity(description: str, kind: EvidenceKind | str, agency: str | None, dated: date | None,
                      link: str | None) -> str:
    """A hash of a piece of evidence's description, kind, agency, date and link: a descriptor lists
    each identity once (a unique key in the database), so the same evidence sent twice is kept once."""
    kind_value = kind.value if isinstance(kind, EvidenceKind) else EvidenceKind(kind).value
    parts = [description, kind_value, agency or "", dated.isoformat() if dated else None, link or ""]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class GroupFigures:
    """A workshop's figures for one stakeholder group."""

    group: str
    count: int
    median: float | None
    minimum: int | None
    maximum: int | None


@dataclass(frozen=True)
class RoundFigures:
    """One round of a workshop's scoring of a descriptor: how many scored, and the median and range."""

    number: int
    count: int
    median: float | None
    minimum: int | None = None
    maximum: int | None = None


def rounds_line(rounds: tuple[RoundFigures, ...]) -> str:
    """Every round's median in order, as the return's readers show it: "round 1: 2.5 → round 2: 3"."""
    return " → ".join(f"round {r.number}: {'no scores' if r.median is None else figure(r.median)}" for r in rounds)


@dataclass(frozen=True)
class WorkshopSummary:
    """How a workshop arrived at a descriptor's agreed score: the figures of the round it was
    agreed in, and (``rounds``) every round's, in order, where there was more than one."""

    workshop_title: str
    held_on: date | None
    count: int
    median: float | None
    minimum: int | None
    maximum: int | None
    histogram: tuple[int, ...] = ()
    dont_know: int = 0
    agreed_score: int | None = None
    rationale: str = ""
    by_group: tuple[GroupFigures, ...] = ()
    rounds: tuple[RoundFigures, ...] = ()


def narratives_from_json(text: str | None) -> dict[str, str]:
    """The answers to the narrative prompts kept as a JSON object {prompt key: text}."""
    found = json.loads(text) if text else {}
    if not isinstance(found, dict):
        raise ValueError("narratives must be a JSON object of prompt key to text")
    return {str(k): str(v) for k, v in found.items() if v}


def narratives_to_json(answers: Mapping[str, str]) -> str:
    """The JSON kept for ``answers`` (empty answers are left out, so "" and absent are one)."""
    return json.dumps({k: v for k, v in answers.items() if v}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, init=False)
class DescriptorAnswer:
    """The partnership's answer for one descriptor: its score, the answers to the edition's
    narrative prompts by prompt key (``narratives``; an empty answer is not kept), its evidence.

    The 2022 edition's two prompts may still be given and read by name (``working_well=``,
    ``prioritising_next=``, and the properties of those names)."""

    descriptor_id: str
    score: int | None
    narratives: Mapping[str, str]
    evidence: tuple[Evidence, ...]
    workshop: WorkshopSummary | None

    def __init__(self, descriptor_id: str, score: int | None = None, working_well: str = "",
                 prioritising_next: str = "", evidence: tuple[Evidence, ...] = (),
                 workshop: WorkshopSummary | None = None, narratives: Mapping[str, str] | None = None) -> None:
        answers = dict(narratives or {})
        for key, text in (("working_well", working_well), ("prioritising_next", prioritising_next)):
            if text:
                answers[key] = text
        object.__setattr__(self, "descriptor_id", descriptor_id)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "narratives", {k: v for k, v in answers.items() if v})
        object.__setattr__(self, "evidence", evidence)
        object.__setattr__(self, "workshop", workshop)

    def narrative(self, key: str) -> str:
        """The answer to the prompt ``key`` ("" when none)."""
        return self.narratives.get(key, "")

    @property
    def working_well(self) -> str:
        return self.narrative("working_well")

    @property
    def prioritising_next(self) -> str:
        return self.narrative("prioritising_next")


@dataclass(frozen=True)
class PriorityChoice:
    """A chosen priority descriptor: the first ``required`` follow the data-model rule."""

    descriptor_id: str
    rationale: str = ""


@dataclass(frozen=True)
class Permissions:
    """The answers to an edition's permissions to share, by the permission's key (issue 14).

    A key with no answer (or None) is not answered; only the answers given are kept, so two
    Permissions with the same answers are equal however they were made. ``dfe``,
    ``coordinators`` and ``other_departments`` read the 2022 guide's three.
    """

    given: Mapping[str, bool | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        answers = {key: value for key, value in dict(self.given).items() if value is not None}
        object.__setattr__(self, "given", MappingProxyType(dict(sorted(answers.items()))))

    def __hash__(self) -> int:
        return hash(tuple(self.given.items()))

    def get(self, key: str) -> bool | None:
        return self.given.get(key)

    def for_keys(self, keys: Iterable[str]) -> dict[str, bool | None]:
        """The answer (or None) to each of ``keys``, in their order."""
        return {key: self.get(key) for key in keys}

    @property
    def dfe(self) -> bool | None:
        return self.get("dfe")

    @property
    def coordinators(self) -> bool | None:
        return self.get("coordinators")

    @property
    def other_departments(self) -> bool | None:
        return self.get("other_departments")

    def answered_for(self, keys: Iterable[str]) -> bool:
        """Whether every permission an edition asks (by key) is answered."""
        return all(self.get(key) is not None for key in keys)


@dataclass(frozen=True)
class DataModelStatement:
    """The data model as submitted in the national data survey, and whether it has changed."""

    submitted: int | None = None
    survey_date: date | None = None
    changed: bool | None = None
    current: int | None = None
    change_reason: str = ""

    @property
    def effective(self) -> int | None:
        """The model the priority rule uses: the current one where the area says it changed."""
        if self.changed and self.current is not None:
            return self.current
        return self.submitted


@dataclass(frozen=True)
class SignOff:
    signed_off_by: str
    signed_off_at: datetime


@dataclass(frozen=True)
class Return:
    """One partnership's self-assessment for one year against one edition of the guide."""

    area: str
    year: int | None
    edition_id: str
    answers: tuple[DescriptorAnswer, ...] = ()
    data_model: DataModelStatement = field(default_factory=DataModelStatement)
    priorities: tuple[PriorityChoice, ...] = ()
    permissions: Permissions = field(default_factory=Permissions)
    sign_off: SignOff | None = None
    local_authority: str = ""
    #: The year's action plan (issue 15): in the toolkit's JSON only, never in the return to the
    #: department (its Word, spreadsheet, CSV or the version sent).
    action_plan: ActionPlan | None = None

    def answer(self, descriptor_id: str) -> DescriptorAnswer | None:
        return next((a for a in self.answers if a.descriptor_id == descriptor_id), None)

    @property
    def scores(self) -> dict[str, int | None]:
        return {a.descriptor_id: a.score for a in self.answers}

    @property
    def priority_ids(self) -> tuple[str, ...]:
        return tuple(p.descriptor_id for p in self.priorities)
