"""A partnership's action plan for one year's priorities (issue 15): the actions, their dated
progress notes and the optional mid-year re-score of the priority descriptors.

The plan hangs from the year's assessment but is not part of the return: it can be changed
after the return is signed off (a mid-year review is, by its nature, after sign-off), and the
return's exports leave it out. Models never commit; the service that handles a request commits once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.domain import limits
from app.domain.plans import ACTION_TITLE, Status

if TYPE_CHECKING:
    from app.data.models.accounts import User


class PlanAction(Base):
    """One action for a descriptor: what, what done looks like, who, by when, where it stands."""

    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(ACTION_TITLE))
    done_looks_like: Mapped[str] = mapped_column(Text, default="")
    # The owner: a member of the team, or a named partner organisation and its contact.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    owner_organisation: Mapped[str] = mapped_column(String(limits.NAME), default="")
    owner_contact: Mapped[str] = mapped_column(String(limits.NAME), default="")
    due: Mapped[date | None]
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=20, validate_strings=True),
        default=Status.NOT_STARTED,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    notes: Mapped[list[PlanNote]] = relationship(
        back_populates="action", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(PlanNote.at.desc(), PlanNote.id.desc())",
    )


class PlanNote(Base):
    """A dated progress note on an action; ``mid_year`` marks the one written at the mid-year review."""

    __tablename__ = "plan_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(limits.NAME))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    mid_year: Mapped[bool] = mapped_column(default=False)

    action: Mapped[PlanAction] = relationship(back_populates="notes")


class MidYearScore(Base):
    """A priority descriptor's optional mid-year re-score, kept apart from the signed-off return's score."""

    __tablename__ = "mid_year_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "descriptor_id", name="uq_mid_year_score_assessment_descriptor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(limits.NAME))
    at: Mapped[datetime] = mapped_column(default=utcnow)
