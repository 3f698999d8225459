"""How far an assessment has got: each descriptor's status, the overview by section, Earned
Autonomy, and what still stands between it and sign-off (the overview, check answers and
readiness pages)."""

from __future__ import annotations

from dataclasses import dataclass

from app.data import Assessment, DescriptorResponse
from app.data.returns import data_model_statement, permissions_of
from app.domain.earned_autonomy import EarnedAutonomyResult, check_earned_autonomy, prospectus_year
from app.domain.framework import Descriptor, Framework, Section
from app.domain.wording import number_word
from app.services.priorities import priority_check

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SCORED = "scored"
AGREED = "agreed"


def earned_autonomy(assessment: Assessment, framework: Framework) -> EarnedAutonomyResult:
    scores = {r.descriptor_id: r.score for r in assessment.responses}
    return check_earned_autonomy(framework, scores, prospectus_year(framework, assessment.year))


def descriptor_status(response: DescriptorResponse) -> str:
    if response.score is not None:
        return AGREED if response.agreed_in_id is not None else SCORED
    if any(text.strip() for text in response.narratives.values()) or response.evidence:
        return IN_PROGRESS
    return NOT_STARTED


@dataclass(frozen=True)
class OverviewItem:
    descriptor: Descriptor
    response: DescriptorResponse
    status: str
    minimum: int | None
    met: bool | None


@dataclass(frozen=True)
class OverviewSection:
    section: Section
    items: tuple[OverviewItem, ...]

    @property
    def scored(self) -> int:
        return sum(1 for i in self.items if i.status in (SCORED, AGREED))

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Overview:
    sections: tuple[OverviewSection, ...]
    earned_autonomy: EarnedAutonomyResult
    missing_for_sign_off: tuple[str, ...]

    @property
    def scored(self) -> int:
        return sum(s.scored for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


def overview(assessment: Assessment, framework: Framework) -> Overview:
    ea = earned_autonomy(assessment, framework)
    thresholds = {t.descriptor_id: t for t in ea.descriptors}
    by_id = {r.descriptor_id: r for r in assessment.responses}
    sections = []
    for section in framework.sections:
        items = []
        for descriptor in section.descriptors:
            response = by_id[descriptor.id]
            threshold = thresholds.get(descriptor.id)
            items.append(
                OverviewItem(
                    descriptor=descriptor,
                    response=response,
                    status=descriptor_status(response),
                    minimum=threshold.minimum if threshold else None,
                    met=(threshold.met if threshold and not threshold.missing else None),
                )
            )
        sections.append(OverviewSection(section=section, items=tuple(items)))
    return Overview(tuple(sections), ea, tuple(sign_off_problems(assessment, framework)))


def sign_off_problems(assessment: Assessment, framework: Framework) -> list[str]:
    """Everything that stands between this assessment and sign-off, in plain words."""
    problems = []
    unscored = [r.descriptor_id for r in assessment.responses if r.score is None]
    if unscored:
        ids = ", ".join(sorted(unscored, key=framework.order_of))
        problems.append(
            f"Score every descriptor: {len(unscored)} not scored yet ({ids})"
            if len(unscored) > 1
            else f"Score every descriptor: {ids} is not scored yet"
        )
    statement = data_model_statement(assessment)
    if framework.has_data_models and (statement.submitted is None or statement.changed is None):
        problems.append("State the data model submitted in the national data survey and whether it has changed")
    check = priority_check(assessment, framework)
    if not assessment.priorities and framework.priority_rule.required:
        problems.append(f"Choose the {framework.priority_rule.required} priority descriptors")
    elif check is not None and not check.valid:
        problems.append("Change the priority descriptors: " + "; ".join(check.problems))
    keys = tuple(p.key for p in framework.permissions)
    if not permissions_of(assessment).answered_for(keys):
        count = "the question" if len(keys) == 1 else f"the {number_word(len(keys))} questions"
        problems.append(f"Answer {count} about permission to share")
    return problems
