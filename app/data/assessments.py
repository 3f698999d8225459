"""Reading and writing assessments, descriptor responses, evidence, priorities and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy import delete as delete_where
from sqlalchemy.orm import selectinload

from app.data.models import (
    Assessment,
    AuditEntry,
    DescriptorResponse,
    Draft,
    EvidenceItem,
    PriorityChoiceRow,
)
from app.domain.returns import Evidence
from app.extensions import db


def assessments_of(partnership_id: int) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment).where(Assessment.partnership_id == partnership_id).order_by(Assessment.year.desc())
        )
    )


def assessment_by_id(assessment_id: int) -> Assessment | None:
    return db.session.get(Assessment, assessment_id)


def assessment_with_everything(assessment_id: int) -> Assessment | None:
    """An assessment with its responses, evidence and priorities loaded in a fixed number of queries."""
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            selectinload(Assessment.responses).selectinload(DescriptorResponse.evidence),
            selectinload(Assessment.priorities),
            selectinload(Assessment.permission_answers),
            selectinload(Assessment.partnership),
        )
    )


def assessment_for_year(partnership_id: int, year: int) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(Assessment.partnership_id == partnership_id, Assessment.year == year)
    )


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The partnership's latest assessment before this one's year."""
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.partnership_id == assessment.partnership_id, Assessment.year < assessment.year)
        .order_by(Assessment.year.desc())
        .limit(1)
        .options(selectinload(Assessment.responses).selectinload(DescriptorResponse.evidence))
    )


def add_assessment(assessment: Assessment) -> Assessment:
    db.session.add(assessment)
    db.session.flush()
    return assessment


def update_response_if_version(response_id: int, expected_version: int, values: dict[str, object]) -> bool:
    """Save only if nobody has saved since ``expected_version`` was read (one atomic UPDATE).

    The loaded row, if any, takes the new values too: an operation goes on with one
    transaction and no commit in between, so it must not read its own save as stale."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(DescriptorResponse)
        .where(DescriptorResponse.id == response_id, DescriptorResponse.version == expected_version)
        .values(version=DescriptorResponse.version + 1, **values)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def read_again() -> None:
    """Forget what was loaded, so the next read gets the rows as they are now (after an update
    that found someone else's save). Changes already flushed stay in the transaction."""
    db.session.expire_all()


def add_evidence(item: EvidenceItem) -> EvidenceItem:
    db.session.add(item)
    db.session.flush()
    return item


def has_evidence(response_id: int, evidence: Evidence) -> bool:
    """Whether the response already lists this evidence (same description, kind, agency, date, link)."""
    return (db.session.scalar(
        select(func.count(EvidenceItem.id)).where(
            EvidenceItem.response_id == response_id, EvidenceItem.identity == evidence.identity
        )
    ) or 0) > 0


def evidence_by_id(evidence_id: int) -> EvidenceItem | None:
    return db.session.get(EvidenceItem, evidence_id)


def delete(instance) -> None:
    db.session.delete(instance)
    db.session.flush()


def replace_priorities(assessment: Assessment, rows: list[PriorityChoiceRow]) -> None:
    assessment.priorities.clear()
    db.session.flush()
    assessment.priorities.extend(rows)
    db.session.flush()


def add_audit(entry: AuditEntry) -> None:
    db.session.add(entry)


def audit_for(assessment_id: int, descriptor_id: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.assessment_id == assessment_id)
    if descriptor_id is not None:
        query = query.where(AuditEntry.descriptor_id == descriptor_id)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def has_response(assessment_id: int, descriptor_id: str) -> bool:
    """Whether the assessment has this descriptor (every descriptor of its edition has a response)."""
    return db.session.scalar(
        select(DescriptorResponse.id).where(DescriptorResponse.assessment_id == assessment_id,
                                            DescriptorResponse.descriptor_id == descriptor_id)
    ) is not None


def add_draft(draft: Draft) -> None:
    db.session.add(draft)


def draft_by_token_hash(token_hash: str) -> Draft | None:
    return db.session.scalar(select(Draft).where(Draft.token_hash == token_hash))


def delete_drafts_before(moment: datetime) -> None:
    db.session.execute(delete_where(Draft).where(Draft.created_at < moment))


def delete_drafts_of(user_id: int) -> None:
    db.session.execute(delete_where(Draft).where(Draft.user_id == user_id))
