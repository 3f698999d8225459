"""The sent returns that views across areas read, and the partnerships' changes of consent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.data.models import Assessment, SharingConsent, Submission
from app.extensions import db


def years_sent() -> list[int]:
    """Every year with at least one return sent, newest first."""
    return list(db.session.scalars(
        select(Assessment.year).join(Submission, Submission.assessment_id == Assessment.id)
        .distinct().order_by(Assessment.year.desc())
    ))


@dataclass(frozen=True)
class SentRow:
    """One area's latest version sent: its figures as kept, or (for a version sent before the
    figures were kept beside it) the return itself to read them from."""

    partnership_id: int
    assessment_id: int
    edition_id: str
    version: int
    figures: str
    return_json: str | None
    consent: dict[str, bool]


def latest_sent(year: int) -> list[SentRow]:
    """Each area's latest version sent for the year, with its changes of consent: two queries
    whatever the number of areas."""
    newest = (select(Submission.assessment_id, func.max(Submission.version).label("version"))
              .group_by(Submission.assessment_id).subquery())
    rows = db.session.execute(
        select(Assessment.partnership_id, Assessment.id, Assessment.edition_id, Submission.version,
               Submission.figures, case((Submission.figures == "", Submission.return_json), else_=None))
        .join(newest, newest.c.assessment_id == Assessment.id)
        .join(Submission, (Submission.assessment_id == newest.c.assessment_id)
              & (Submission.version == newest.c.version))
        .where(Assessment.year == year)
        .order_by(Assessment.id)
    ).all()
    consent: dict[int, dict[str, bool]] = {}
    ids = [row[1] for row in rows]
    if ids:
        for assessment_id, permission, given in db.session.execute(
            select(SharingConsent.assessment_id, SharingConsent.permission, SharingConsent.given)
            .where(SharingConsent.assessment_id.in_(ids))
        ):
            consent.setdefault(assessment_id, {})[permission] = given
    return [SentRow(row[0], row[1], row[2], row[3], row[4], row[5], consent.get(row[1], {})) for row in rows]


def consents_of(assessment_id: int) -> dict[str, SharingConsent]:
    return {row.permission: row for row in db.session.scalars(
        select(SharingConsent).where(SharingConsent.assessment_id == assessment_id))}


def add(row: SharingConsent) -> None:
    db.session.add(row)
    db.session.flush()
