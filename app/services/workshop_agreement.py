"""Agreeing a workshop descriptor's score: recorded on the workshop, and put with the chosen
comments on the assessment. Evidence taken from a comment names the person only in a named
workshop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.data import User, Workshop, WorkshopDescriptor
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain import limits, narratives
from app.domain.framework import Framework
from app.domain.narratives import DraftComment, Narratives
from app.domain.returns import Evidence, EvidenceKind
from app.domain.workshops import StakeholderGroup, figure
from app.services import assessments as assessment_service
from app.services import descriptor_edits as edits
from app.services.workshop_errors import WorkshopError
from app.services.workshop_facilitation import Comment, Facilitation, facilitation


@dataclass(frozen=True)
class Agreement:
    score: int
    rationale: str
    #: The chosen comments, by the tokens the agree page gave them (never answer ids).
    evidence_tokens: tuple[str, ...]
    expected_version: int
    # The two narratives as the facilitator edited them; None leaves the assessment's as they are.
    narratives: Narratives | None = None


def _evidence_from(workshop: Workshop, comment: Comment) -> Evidence:
    agency = comment.group.label
    if workshop.names.evidence_names_person and comment.who:
        agency = f"{agency}: {comment.who}"
    kind = EvidenceKind.FAMILY_FEEDBACK if comment.group == StakeholderGroup.FAMILY else EvidenceKind.OTHER
    return Evidence(description=comment.text, kind=kind, agency=agency[:200], dated=workshop.held_on)


def _summary(workshop: Workshop, facts: Facilitation) -> str:
    """Where and on what figures the score was agreed, for the assessment's history."""
    latest = facts.latest_figures.figures
    figures_text = (f"n = {latest.count}, median {figure(latest.median)}, range {latest.minimum}–{latest.maximum}"
                    if latest.count else "no scores given")
    return f"workshop {workshop.title}, {figures_text}"


def _record(entry: WorkshopDescriptor, agreement: Agreement, facts: Facilitation, user: User,
            now: datetime | None) -> None:
    latest = facts.latest_figures
    entry.agreed_score = agreement.score
    entry.agreed_rationale = agreement.rationale.strip()[:limits.RATIONALE]
    entry.agreed_at = now or utcnow()
    entry.agreed_by_id = user.id
    entry.agreed_round = latest.number
    entry.agreed_count = latest.figures.count
    entry.agreed_median = latest.figures.median
    entry.agreed_minimum = latest.figures.minimum
    entry.agreed_maximum = latest.figures.maximum


def _already_agreed(entry: WorkshopDescriptor, agreement: Agreement, on_assessment_score: int | None,
                    on_assessment_agreed_in: int | None) -> bool:
    """Whether the descriptor already holds this very agreement (the same form sent twice)."""
    return (entry.agreed_score == agreement.score and on_assessment_score == agreement.score
            and on_assessment_agreed_in == entry.id
            and (entry.agreed_rationale or "") == agreement.rationale.strip()[:limits.RATIONALE])


def _within_limits(narratives: Narratives | None) -> Narratives | None:
    if narratives is None:
        return None
    return Narratives(narratives.working_well.strip()[:limits.NARRATIVE],
                      narratives.prioritising_next.strip()[:limits.NARRATIVE], narratives.keys)


def draft_comment(workshop: Workshop, comment: Comment) -> DraftComment:
    """A comment as the drafting rule takes it: credited to the person only in a named workshop."""
    who = comment.who if workshop.names.evidence_names_person else ""
    return DraftComment(text=comment.text, group=comment.group.label, score=comment.score, who=who)


def draft_narratives(workshop: Workshop, facts: Facilitation, score: int, rationale: str,
                     chosen_tokens: tuple[str, ...], existing: Narratives) -> Narratives:
    """The toolkit's draft of the two narratives (app.domain.narratives), for the facilitator to edit."""
    chosen = set(chosen_tokens)
    comments = [draft_comment(workshop, c) for c in facts.all_comments if c.token in chosen]
    return narratives.draft(workshop.title, score, rationale, comments, existing)


@operation
def agree(workshop: Workshop, descriptor_id: str, agreement: Agreement, user: User, framework: Framework,
          now: datetime | None = None) -> edits.Conflict | None:
    """Record the agreed score and its rationale, and put it and the chosen comments on the assessment.

    Returns the conflict if someone saved the descriptor on the assessment since the
    facilitator's page was loaded (nothing is saved then). Raises AssessmentError when the
    assessment is signed off. The individual answers are kept.
    """
    if not framework.scale.minimum <= agreement.score <= framework.scale.maximum:
        raise WorkshopError(f"Select a score from {framework.scale.minimum} to {framework.scale.maximum}")
    if not agreement.rationale.strip():
        raise WorkshopError("Enter why the group settled on this score")
    assessment = assessment_service.assessment(workshop.assessment_id)
    if assessment is None:
        raise LookupError(f"assessment {workshop.assessment_id}")
    facts = facilitation(workshop, descriptor_id, framework, with_names=workshop.names.evidence_names_person, now=now)
    chosen = set(agreement.evidence_tokens)
    conflict = edits.apply_agreed_score(
        assessment,
        descriptor_id,
        edits.WorkshopAgreement(
            score=agreement.score,
            agreed_in_id=facts.item.id,
            summary=_summary(workshop, facts),
            evidence=tuple(_evidence_from(workshop, c) for c in facts.all_comments if c.token in chosen),
            narratives=_within_limits(agreement.narratives),
            workshop_title=workshop.title,
        ),
        agreement.expected_version,
        user,
    )
    if conflict is not None:
        # Read again: if the descriptor already holds this very agreement, nothing was lost and
        # there is nothing to choose between.
        on_assessment = assessment_service.response(assessment, descriptor_id)
        if _already_agreed(facts.item, agreement, on_assessment.score, on_assessment.agreed_in_id):
            return None
        return conflict
    _record(facts.item, agreement, facts, user, now)
    return None
