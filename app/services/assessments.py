"""Assessments: start one, list and read them, and what every change to one shares (the check
that it can still be changed, and the audit log).

The other parts of an assessment's life have their own modules, by who uses them:
``assessment_progress`` (the overview and readiness), ``descriptor_edits`` (a descriptor's score,
narratives and evidence), ``sign_off`` (the data model, permissions, sign-off and reopening) and
``priorities``.

Each public function that changes something is one ``@operation``: it commits once at its end,
or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.data import (
    Assessment,
    AssessmentStatus,
    AuditEntry,
    DescriptorResponse,
    Partnership,
    User,
)
from app.data import assessments as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain.access import is_editable
from app.domain.framework import Framework


class AssessmentError(Exception):
    """Something the user asked for cannot be done; the message says why and what to do."""


# --- Reading ---------------------------------------------------------------------------


def assessments_of(partnership_id: int) -> list[Assessment]:
    return data.assessments_of(partnership_id)


def assessment(assessment_id: int) -> Assessment | None:
    return data.assessment_with_everything(assessment_id)


def previous(assessment: Assessment) -> Assessment | None:
    return data.previous_assessment(assessment)


def response(assessment: Assessment, descriptor_id: str) -> DescriptorResponse:
    found = next((r for r in assessment.responses if r.descriptor_id == descriptor_id), None)
    if found is None:
        raise KeyError(descriptor_id)
    return found


def history(assessment: Assessment, descriptor_id: str | None = None) -> list[AuditEntry]:
    return data.audit_for(assessment.id, descriptor_id)


# --- What every change shares ----------------------------------------------------------


def ensure_editable(assessment: Assessment) -> None:
    """Refuse a change to an assessment that is signed off, or an imported signed-off return."""
    if is_editable(assessment.status):
        return
    if assessment.status == AssessmentStatus.IMPORTED:
        raise AssessmentError(
            f"The {assessment.year} assessment was imported from a signed-off return, so it cannot be changed. "
            "A coordinator can reopen it, giving a reason"
        )
    raise AssessmentError(
        f"The {assessment.year} assessment has been signed off, so it cannot be changed. "
        "A coordinator can reopen it, giving a reason"
    )


def audit(assessment: Assessment, user: User, action: str, field: str = "", before=None, after=None,
          descriptor_id: str | None = None) -> None:
    """Add a line to the assessment's history: who, when, what, before and after."""
    data.add_audit(
        AuditEntry(
            assessment_id=assessment.id,
            descriptor_id=descriptor_id,
            user_id=user.id,
            user_name=user.name,
            at=utcnow(),
            action=action,
            field=field,
            before=None if before is None else str(before),
            after=None if after is None else str(after),
        )
    )


# --- Starting --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentDetails:
    year: int
    edition_id: str
    data_model_submitted: int | None
    survey_date: date | None
    data_model_changed: bool
    data_model_current: int | None = None
    change_reason: str = ""


@operation
def create_assessment(partnership: Partnership, details: AssessmentDetails, user: User,
                      framework: Framework) -> Assessment:
    """Start the partnership's assessment for a year, with every descriptor not started."""
    if data.assessment_for_year(partnership.id, details.year):
        raise AssessmentError(
            f"{partnership.name} already has an assessment for {details.year}. Open it from the list of assessments"
        )
    assessment = Assessment(
        partnership_id=partnership.id,
        year=details.year,
        edition_id=framework.id,
        created_by_id=user.id,
        status=AssessmentStatus.IN_PROGRESS,
    )
    apply_data_model(assessment, details)
    assessment.responses = [DescriptorResponse(descriptor_id=d.id, version=1) for d in framework.descriptors]
    try:
        with savepoint():
            data.add_assessment(assessment)
    except Exception as error:
        if not race_lost(error):
            raise
        # A second submission of the same form, or two coordinators at once.
        raise AssessmentError(
            f"{partnership.name} already has an assessment for {details.year}. Open it from the list of assessments"
        ) from None
    audit(assessment, user, "created", after=f"{details.year} assessment ({framework.edition.title}, {framework.edition.label})")
    return assessment


def apply_data_model(assessment: Assessment, details: AssessmentDetails) -> None:
    """Put the data model statement on the assessment (when it starts, or when it is changed)."""
    assessment.data_model_submitted = details.data_model_submitted
    assessment.survey_date = details.survey_date
    assessment.data_model_changed = details.data_model_changed
    assessment.data_model_current = details.data_model_current if details.data_model_changed else None
    assessment.data_model_change_reason = (details.change_reason or "").strip() if details.data_model_changed else ""
