"""The assessment's statement and its sign-off: the data model, the permissions to share,
signing off and reopening (the strategic lead's and the coordinator's pages)."""

from __future__ import annotations

from dataclasses import dataclass

from app.data import Assessment, AssessmentStatus, User
from app.data import workshops as workshop_data
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain.framework import Descriptor, Framework
from app.domain.returns import Permissions
from app.domain.wording import prompt_name, yes_no
from app.domain.workshops import is_closed
from app.frameworks import all_frameworks
from app.services.assessment_progress import sign_off_problems
from app.services.assessments import AssessmentDetails, AssessmentError, apply_data_model, audit, ensure_editable


@operation
def set_data_model(assessment: Assessment, details: AssessmentDetails, user: User) -> None:
    ensure_editable(assessment)
    before = _describe_data_model(assessment)
    apply_data_model(assessment, details)
    after = _describe_data_model(assessment)
    if before != after:
        audit(assessment, user, "changed", "data model", before, after)


def _describe_data_model(assessment: Assessment) -> str:
    text = f"submitted {assessment.data_model_submitted}"
    if assessment.survey_date:
        text += f" (survey {assessment.survey_date.isoformat()})"
    if assessment.data_model_changed:
        text += f"; changed since, now {assessment.data_model_current}: {assessment.data_model_change_reason}"
    elif assessment.data_model_changed is False:
        text += "; not changed since"
    return text


@operation
def set_permissions(assessment: Assessment, permissions: Permissions, user: User) -> None:
    """Record the answers to the edition's permissions to share (a key left unanswered is left as it is)."""
    ensure_editable(assessment)
    for permission in all_frameworks()[assessment.edition_id].permissions:
        new, old = permissions.get(permission.key), assessment.permission(permission.key)
        if new is not None and old != new:
            audit(assessment, user, "changed", f"permission: {permission.key}", yes_no(old), yes_no(new))
            assessment.set_permission(permission.key, new)


@dataclass(frozen=True)
class Gap:
    """A descriptor that may be signed off as it is, but that the confirmation page points out."""

    descriptor: Descriptor
    missing: tuple[str, ...]  # in plain words: "what is working well", "evidence"...


def gaps(assessment: Assessment, framework: Framework) -> list[Gap]:
    """Descriptors with an empty narrative or no evidence, in the guide's order: the toolkit's
    check before sign-off (the guide asks for both narratives and for evidence, 003 line 46)."""
    by_id = {r.descriptor_id: r for r in assessment.responses}
    found = []
    for descriptor in framework.descriptors:
        response = by_id.get(descriptor.id)
        if response is None:
            continue
        missing = [_lower_first(prompt_name(p.key, p.label))
                   for p in framework.narrative_prompts if not response.narrative(p.key).strip()]
        if not response.evidence:
            missing.append("evidence")
        if missing:
            found.append(Gap(descriptor, tuple(missing)))
    return found


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def open_workshops(assessment: Assessment) -> list[str]:
    """The titles of the assessment's workshops that signing off would close."""
    return [w.title for w in workshop_data.workshops_of(assessment.id) if not is_closed(w)]


@operation
def sign_off(assessment: Assessment, user: User, framework: Framework) -> None:
    """Sign the assessment off; every workshop of it still open closes in the same operation."""
    ensure_editable(assessment)
    problems = sign_off_problems(assessment, framework)
    if problems:
        raise AssessmentError("This assessment cannot be signed off yet: " + "; ".join(problems))
    now = utcnow()
    assessment.status = AssessmentStatus.SIGNED_OFF
    assessment.signed_off_at = now
    assessment.signed_off_by_id = user.id
    audit(assessment, user, "signed off", "status", AssessmentStatus.IN_PROGRESS.label, AssessmentStatus.SIGNED_OFF.label)
    for workshop in workshop_data.workshops_of(assessment.id):
        if workshop.closed_at is None:
            workshop.closed_at = now
            audit(assessment, user, "closed at sign-off", "workshop", after=workshop.title)


@operation
def reopen(assessment: Assessment, user: User, reason: str) -> None:
    """Open a signed-off assessment, or an imported signed-off return, for changes again. An
    imported return keeps the file's sign-off, as history of what the file said."""
    if assessment.status not in (AssessmentStatus.SIGNED_OFF, AssessmentStatus.IMPORTED):
        raise AssessmentError("This assessment is not signed off, so there is nothing to reopen")
    if not reason.strip():
        raise AssessmentError("Enter why the assessment is being reopened")
    before = assessment.status.label
    assessment.status = AssessmentStatus.IN_PROGRESS
    assessment.signed_off_at = None
    assessment.signed_off_by_id = None
    audit(assessment, user, "reopened", "status", before, f"{AssessmentStatus.IN_PROGRESS.label}: {reason.strip()}")
