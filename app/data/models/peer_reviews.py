"""Peer reviews: a person from another partnership reading one assessment, and their challenges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.data.models.accounts import User
from app.data.models.assessments import Assessment


class PeerReview(Base):
    """An invitation to one person from another partnership to read and challenge one assessment,
    until ``expires_at`` or until a coordinator ends it (``revoked_at``)."""

    __tablename__ = "peer_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    challenges: Mapped[list[PeerChallenge]] = relationship(back_populates="review", cascade="all, delete-orphan",
                                                           order_by="PeerChallenge.descriptor_id")


class PeerChallenge(Base):
    """A reviewer's comment on one descriptor: read by the partnership beside it, never in the return."""

    __tablename__ = "peer_challenge"
    __table_args__ = (UniqueConstraint("review_id", "descriptor_id", name="uq_peer_challenge_review_descriptor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("peer_review.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[PeerReview] = relationship(back_populates="challenges")
