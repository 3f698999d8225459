"""A partnership's assessments: responses, evidence, priorities, history and drafts.

Models never commit; the service that handles a request commits once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.domain import limits
from app.domain.returns import EvidenceKind, evidence_identity, narratives_from_json, narratives_to_json

if TYPE_CHECKING:
    from app.data.models.accounts import Partnership, User
    from app.data.models.workshops import WorkshopDescriptor


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
    permission_answers: Mapped[list[PermissionAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="PermissionAnswer.id"
    )

    def permission(self, key: str) -> bool | None:
        """The answer to the edition's permission ``key`` (None: not answered)."""
        return next((row.answer for row in self.permission_answers if row.key == key), None)

    def set_permission(self, key: str, answer: bool | None) -> None:
        row = next((row for row in self.permission_answers if row.key == key), None)
        if row is None:
            self.permission_answers.append(PermissionAnswer(key=key, answer=answer))
        else:
            row.answer = answer


class PermissionAnswer(Base):
    """The answer to one of the edition's permissions to share, by the permission's key
    (None: not answered). One row per assessment and key (issue 14)."""

    __tablename__ = "assessment_permission"
    __table_args__ = (UniqueConstraint("assessment_id", "key", name="uq_assessment_permission_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(50))
    answer: Mapped[bool | None]

    assessment: Mapped[Assessment] = relationship(back_populates="permission_answers")


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
    # The answers to the edition's narrative prompts, as a JSON object {prompt key: text} (only
    # prompts answered are kept). One column rather than a table: the answers are always read
    # and written together with the response, and an edition asks 1 to 4 of them.
    narratives_json: Mapped[str] = mapped_column("narratives", Text, default="{}", server_default="{}")
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

    @property
    def narratives(self) -> dict[str, str]:
        """The answers by prompt key (a copy: assign a whole mapping to change them)."""
        return narratives_from_json(self.narratives_json)

    @narratives.setter
    def narratives(self, answers: Mapping[str, str]) -> None:
        self.narratives_json = narratives_to_json(answers)

    def narrative(self, key: str) -> str:
        """The answer to the prompt ``key`` ("" when none)."""
        return self.narratives.get(key, "")

    def set_narrative(self, key: str, text: str) -> None:
        self.narratives = self.narratives | {key: text}

    # The 2022 edition's two prompts, by name (other editions use narrative(key)).
    @property
    def working_well(self) -> str:
        return self.narrative("working_well")

    @working_well.setter
    def working_well(self, text: str) -> None:
        self.set_narrative("working_well", text)

    @property
    def prioritising_next(self) -> str:
        return self.narrative("prioritising_next")

    @prioritising_next.setter
    def prioritising_next(self, text: str) -> None:
        self.set_narrative("prioritising_next", text)


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


class Submission(Base):
    """One version of an assessment's return as it was sent to the department: who, when and the
    return itself (the toolkit's JSON). Never edited; a correction is the next version."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("assessment_id", "version", name="uq_submission_assessment_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    sent_by_name: Mapped[str] = mapped_column(String(limits.NAME))
    # The assessment's sign-off this version carries: a later sign-off means it changed since.
    signed_off_at: Mapped[datetime | None]
    return_json: Mapped[str] = mapped_column(Text)
    # What the views across areas read of this version (app.domain.sharing.SentFigures, as JSON).
    figures: Mapped[str] = mapped_column(Text, default="", server_default="")


class SharingConsent(Base):
    """A partnership's change of one permission to share since its return answered it: live
    consent (app.domain.sharing). One row per assessment and permission, the latest change."""

    __tablename__ = "sharing_consent"
    __table_args__ = (UniqueConstraint("assessment_id", "permission", name="uq_sharing_consent_permission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    permission: Mapped[str] = mapped_column(String(50))
    given: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    changed_by_name: Mapped[str] = mapped_column(String(limits.NAME))
