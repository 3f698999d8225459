"""The database tables, as typed SQLAlchemy 2 models (on the declarative base the db extension uses).

Models never commit; the service that handles a request commits once.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import cast

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.domain import limits
from app.domain.returns import EvidenceKind, evidence_identity
from app.domain.roles import Role
from app.domain.team import TeamEventKind
from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode


class Partnership(Base):
    """One local area's Early Help partnership."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME), unique=True)
    local_authority: Mapped[str] = mapped_column(String(limits.NAME))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="partnership")


class User(UserMixin, Base):
    """A person who signs in. Their roles live in their memberships."""

    # The token of the signed-in session this object was loaded for (not stored).
    session_token = cast("str | None", None)

    def get_id(self) -> str | None:
        return self.session_token

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True)
    name: Mapped[str] = mapped_column(String(limits.NAME))
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Membership(Base):
    """A user's role in one partnership."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "partnership_id", name="uq_membership_user_partnership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    partnership: Mapped[Partnership] = relationship(back_populates="memberships")


class Invitation(Base):
    """An invitation to join a partnership. Only a hash of its token is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL))
    name: Mapped[str] = mapped_column(String(limits.NAME))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    partnership: Mapped[Partnership] = relationship()


class UserSession(Base):
    """A signed-in session, kept on the server so that signing out really ends it."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LoginThrottle(Base):
    """Recent failed sign-ins for one email address."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]


class KnownDevice(Base):
    """A browser someone has signed in from before: a hash of the random part of its cookie.

    Its holder's failed sign-ins are counted apart from everyone else's (see docs/security.md)."""

    __tablename__ = "known_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamEvent(Base):
    """One change to a partnership's team, for its history: who did it, what, and to whom.

    Names and email addresses are copied, so the history still reads after someone leaves."""

    __tablename__ = "team_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[TeamEventKind] = mapped_column(Enum(TeamEventKind, native_enum=False, length=30,
                                                     validate_strings=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(limits.NAME))
    subject_name: Mapped[str] = mapped_column(String(limits.NAME))
    subject_email: Mapped[str] = mapped_column(String(limits.EMAIL))
    from_role: Mapped[Role | None] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    to_role: Mapped[Role | None] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))


class PasswordReset(Base):
    """A link to choose a new password, sent by email: only a hash of its token is kept; it works
    once (``used_at``) and until ``expires_at``."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class AssessmentStatus(str, enum.Enum):
    IN_PROGRESS = "in_progress"
    SIGNED_OFF = "signed_off"
    # A return imported from a file that says it was signed off: read-only history until a
    # coordinator reopens it. Nobody here signed it off; the file's words are kept as they were.
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return {"in_progress": "In progress", "signed_off": "Signed off", "imported": "Imported"}[self.value]


class Assessment(Base):
    """A partnership's self-assessment for one year against one edition of the guide."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("partnership_id", "year", name="uq_assessment_partnership_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    edition_id: Mapped[str] = mapped_column(String(50))
    data_model_submitted: Mapped[int | None]
    survey_date: Mapped[date | None]
    data_model_changed: Mapped[bool | None]
    data_model_current: Mapped[int | None]
    data_model_change_reason: Mapped[str] = mapped_column(Text, default="")
    permission_dfe: Mapped[bool | None]
    permission_coordinators: Mapped[bool | None]
    permission_other_departments: Mapped[bool | None]
    status: Mapped[AssessmentStatus] = mapped_column(
        Enum(AssessmentStatus, native_enum=False, length=20, validate_strings=True),
        default=AssessmentStatus.IN_PROGRESS,
    )
    signed_off_at: Mapped[datetime | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    imported_from: Mapped[str | None] = mapped_column(String(300))
    # The sign-off the imported file states, as it states it (a name, a moment): not a member's.
    imported_signed_off_by: Mapped[str | None] = mapped_column(String(limits.NAME))
    imported_signed_off_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    partnership: Mapped[Partnership] = relationship()
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    responses: Mapped[list[DescriptorResponse]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="DescriptorResponse.id"
    )
    priorities: Mapped[list[PriorityChoiceRow]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="PriorityChoiceRow.position"
    )


class DescriptorResponse(Base):
    """The partnership's score, narratives and evidence for one descriptor.

    ``version`` goes up by one on every save, so a save made from an older page is detected
    rather than silently overwriting someone else's work.
    """

    __tablename__ = "descriptor_response"
    __table_args__ = (
        UniqueConstraint("assessment_id", "descriptor_id", name="uq_descriptor_response_assessment_descriptor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str] = mapped_column(String(20))
    score: Mapped[int | None]
    working_well: Mapped[str] = mapped_column(Text, default="")
    prioritising_next: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The workshop descriptor whose agreed score this is; cleared when the score is changed by hand.
    agreed_in_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_descriptor.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship(back_populates="responses")
    updated_by: Mapped[User | None] = relationship()
    agreed_in: Mapped[WorkshopDescriptor | None] = relationship(foreign_keys=[agreed_in_id])
    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="EvidenceItem.id"
    )


class EvidenceItem(Base):
    """A piece of evidence behind a descriptor's score. ``identity`` (a hash of what it says, set
    on every insert and update) is unique on its descriptor, so the same evidence sent twice at
    once is kept once on every database."""

    __tablename__ = "evidence_item"
    __table_args__ = (
        UniqueConstraint("response_id", "identity", name="uq_evidence_item_response_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("descriptor_response.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[EvidenceKind] = mapped_column(
        Enum(EvidenceKind, native_enum=False, length=30, validate_strings=True)
    )
    agency: Mapped[str] = mapped_column(String(limits.AGENCY), default="")
    dated: Mapped[date | None]
    link: Mapped[str] = mapped_column(String(limits.LINK), default="")
    identity: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[DescriptorResponse] = relationship(back_populates="evidence")


@event.listens_for(EvidenceItem, "before_insert")
@event.listens_for(EvidenceItem, "before_update")
def _set_evidence_identity(_mapper, _connection, item: EvidenceItem) -> None:
    item.identity = evidence_identity(item.description, item.kind, item.agency, item.dated, item.link)


class PriorityChoiceRow(Base):
    """A chosen priority descriptor; positions 1 to the rule's number are the required ones."""

    __tablename__ = "priority_choice"
    __table_args__ = (
        UniqueConstraint("assessment_id", "position", name="uq_priority_choice_assessment_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    descriptor_id: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="priorities")


class AuditEntry(Base):
    """One change to an assessment: who, when, what, before and after. Never edited."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    descriptor_id: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(50))
    field: Mapped[str] = mapped_column(String(50), default="")
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class Draft(Base):
    """Text someone was typing when their session ended, kept until they sign in again: for the
    person who was signed in (``user_id``), handed back only to them."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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
