"""Workshops: their descriptors, participants, answers, and the join throttle.

Models never commit; the service that handles a request commits once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.domain import limits
from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode

if TYPE_CHECKING:
    from app.data.models.assessments import Assessment


class Workshop(Base):
    """A multi-agency workshop (live) or an individual round before one (open) for an assessment.

    ``join_code`` is kept in its normal form (capitals, no hyphen); people may type it either way.
    """

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    held_on: Mapped[date]
    mode: Mapped[WorkshopMode] = mapped_column(
        Enum(WorkshopMode, native_enum=False, length=20, validate_strings=True)
    )
    names: Mapped[NameHandling] = mapped_column(
        Enum(NameHandling, native_enum=False, length=20, validate_strings=True)
    )
    # An open round closes at the end of this day (UK time); a live workshop at the end of held_on.
    closes_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The descriptor the room is on, in a live workshop.
    current_descriptor_id: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship()
    descriptors: Mapped[list[WorkshopDescriptor]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopDescriptor.position"
    )


class WorkshopDescriptor(Base):
    """One descriptor in a workshop: its round, whether the results are shown, and the agreement.

    The agreed figures are a snapshot taken when the score was agreed, for the assessment to show.
    """

    __tablename__ = "workshop_descriptor"
    __table_args__ = (
        UniqueConstraint("workshop_id", "descriptor_id", name="uq_workshop_descriptor_workshop_descriptor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    round: Mapped[int] = mapped_column(default=1)
    revealed: Mapped[bool] = mapped_column(default=False)
    agreed_score: Mapped[int | None]
    agreed_rationale: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[datetime | None]
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    agreed_round: Mapped[int | None]
    agreed_count: Mapped[int | None]
    agreed_median: Mapped[float | None]
    agreed_minimum: Mapped[int | None]
    agreed_maximum: Mapped[int | None]

    workshop: Mapped[Workshop] = relationship(back_populates="descriptors")


class WorkshopParticipant(Base):
    """Someone who joined a workshop with its code. Only a hash of their browser's secret is kept.

    In an anonymous workshop ``name`` and ``organisation`` stay empty, and their answers carry
    no ``participant_id``.
    """

    __tablename__ = "workshop_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(limits.NAME))
    organisation: Mapped[str | None] = mapped_column(String(limits.NAME))
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(
        Enum(StakeholderGroup, native_enum=False, length=30, validate_strings=True)
    )


class WorkshopAnswer(Base):
    """One answer to one descriptor in one round: a score or don't know (None), and a comment.

    ``answer_key`` (see app.domain.workshops.answer_key) is how the participant's browser finds
    it again. ``participant_id`` is set only in named and facilitator-only workshops. There are
    no timestamps, so not even timing ties an anonymous answer to a join.
    """

    __tablename__ = "workshop_answer"
    __table_args__ = (
        UniqueConstraint("workshop_descriptor_id", "round", "answer_key", name="uq_workshop_answer_descriptor_round_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_descriptor_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_descriptor.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]
    answer_key: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(
        Enum(StakeholderGroup, native_enum=False, length=30, validate_strings=True)
    )
    score: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[WorkshopParticipant | None] = relationship()


class JoinThrottle(Base):
    """Recent wrong workshop codes from one browser or one address (``client``: a keyed hash of the
    browser's random id or of the address; see app.services.workshop_participation)."""

    __tablename__ = "join_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
