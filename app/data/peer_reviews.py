"""Peer reviews and their challenges: the queries the peer review service needs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.data.models import Assessment, Membership, PeerChallenge, PeerReview
from app.extensions import db


def add(row: PeerReview | PeerChallenge) -> None:
    db.session.add(row)
    db.session.flush()


def review(review_id: int) -> PeerReview | None:
    """The review with its assessment (and partnership), reviewer and challenges."""
    return db.session.scalar(
        select(PeerReview)
        .options(joinedload(PeerReview.assessment).joinedload(Assessment.partnership),
                 joinedload(PeerReview.reviewer), selectinload(PeerReview.challenges))
        .where(PeerReview.id == review_id)
    )


def reviews_of(assessment_id: int) -> list[PeerReview]:
    """Every review of the assessment, newest first, with reviewers and challenges."""
    return list(db.session.scalars(
        select(PeerReview)
        .options(joinedload(PeerReview.reviewer), selectinload(PeerReview.challenges))
        .where(PeerReview.assessment_id == assessment_id)
        .order_by(PeerReview.created_at.desc(), PeerReview.id.desc())
    ).unique())


def reviews_by(user_id: int) -> list[PeerReview]:
    """Every review the person was invited to, newest first, with the assessment and partnership."""
    return list(db.session.scalars(
        select(PeerReview)
        .options(joinedload(PeerReview.assessment).joinedload(Assessment.partnership))
        .where(PeerReview.reviewer_id == user_id)
        .order_by(PeerReview.created_at.desc(), PeerReview.id.desc())
    ).unique())


def challenges_on(assessment_id: int, descriptor_id: str) -> list[PeerChallenge]:
    """Every reviewer's challenge on one descriptor of the assessment, with the review and reviewer."""
    return list(db.session.scalars(
        select(PeerChallenge)
        .join(PeerReview, PeerChallenge.review_id == PeerReview.id)
        .options(joinedload(PeerChallenge.review).joinedload(PeerReview.reviewer))
        .where(PeerReview.assessment_id == assessment_id, PeerChallenge.descriptor_id == descriptor_id)
        .order_by(PeerChallenge.updated_at)
    ))


def is_member(user_id: int, partnership_id: int) -> bool:
    return db.session.scalar(
        select(Membership.id).where(Membership.user_id == user_id, Membership.partnership_id == partnership_id)
    ) is not None
