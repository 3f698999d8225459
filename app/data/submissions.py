"""The versions of an assessment's return sent to the department."""

from __future__ import annotations

from sqlalchemy import select

from app.data.models import Submission
from app.extensions import db


def submissions_of(assessment_id: int) -> list[Submission]:
    """Every version sent, newest first."""
    return list(db.session.scalars(
        select(Submission).where(Submission.assessment_id == assessment_id).order_by(Submission.version.desc())
    ))


def submission(assessment_id: int, version: int) -> Submission | None:
    return db.session.scalar(
        select(Submission).where(Submission.assessment_id == assessment_id, Submission.version == version)
    )


def add(row: Submission) -> None:
    db.session.add(row)
    db.session.flush()
