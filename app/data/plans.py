"""Reading and writing a year's action plan: actions, progress notes and mid-year re-scores."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.data.models import MidYearScore, PlanAction, PlanNote
from app.extensions import db


def actions_of(assessment_id: int) -> list[PlanAction]:
    """Every action of the year's plan, with its owner and notes (the order is the domain's)."""
    return list(db.session.scalars(
        select(PlanAction).where(PlanAction.assessment_id == assessment_id)
        .options(selectinload(PlanAction.owner), selectinload(PlanAction.notes))
        .order_by(PlanAction.id)
    ))


def action(action_id: int) -> PlanAction | None:
    return db.session.get(PlanAction, action_id)


def add_action(row: PlanAction) -> PlanAction:
    db.session.add(row)
    db.session.flush()
    return row


def delete_action(row: PlanAction) -> None:
    db.session.delete(row)
    db.session.flush()


def add_note(row: PlanNote) -> PlanNote:
    db.session.add(row)
    db.session.flush()
    return row


def mid_year_scores(assessment_id: int) -> list[MidYearScore]:
    return list(db.session.scalars(
        select(MidYearScore).where(MidYearScore.assessment_id == assessment_id).order_by(MidYearScore.descriptor_id)
    ))


def set_mid_year_score(assessment_id: int, descriptor_id: str, score: int | None, user_id: int | None,
                       user_name: str) -> None:
    """Keep, change or (with None) clear a descriptor's mid-year re-score."""
    current = db.session.scalars(select(MidYearScore).where(
        MidYearScore.assessment_id == assessment_id, MidYearScore.descriptor_id == descriptor_id)).first()
    if score is None:
        if current is not None:
            db.session.delete(current)
    elif current is None:
        db.session.add(MidYearScore(assessment_id=assessment_id, descriptor_id=descriptor_id, score=score,
                                    user_id=user_id, user_name=user_name))
    else:
        current.score, current.user_id, current.user_name = score, user_id, user_name
    db.session.flush()
