"""Persistence: SQLAlchemy models and the functions that read and write them.

Routes never import models directly; they call services, which call these functions. Code
outside ``app.data`` that needs the types of the rows these functions hand out (or makes a row
for them to add) takes them from here (``from app.data import Assessment``), never from
``app.data.models``. They are loaded on first use, so importing ``app.data.base`` (as the
extensions do) does not load the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.data.models import (
        Assessment,
        AssessmentStatus,
        AuditEntry,
        DescriptorResponse,
        Draft,
        EvidenceItem,
        Invitation,
        JoinThrottle,
        KnownDevice,
        LoginThrottle,
        Membership,
        MidYearScore,
        Partnership,
        PasswordReset,
        PeerChallenge,
        PeerReview,
        PermissionAnswer,
        PlanAction,
        PlanNote,
        PriorityChoiceRow,
        SharingConsent,
        Submission,
        TeamEvent,
        User,
        UserSession,
        Workshop,
        WorkshopAnswer,
        WorkshopDescriptor,
        WorkshopParticipant,
    )

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "AuditEntry",
    "DescriptorResponse",
    "Draft",
    "EvidenceItem",
    "Invitation",
    "JoinThrottle",
    "KnownDevice",
    "LoginThrottle",
    "Membership",
    "MidYearScore",
    "Partnership",
    "PasswordReset",
    "PeerChallenge",
    "PeerReview",
    "PlanAction",
    "PlanNote",
    "PermissionAnswer",
    "PriorityChoiceRow",
    "SharingConsent",
    "Submission",
    "TeamEvent",
    "User",
    "UserSession",
    "Workshop",
    "WorkshopAnswer",
    "WorkshopDescriptor",
    "WorkshopParticipant",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from app.data import models

        return getattr(models, name)
    raise AttributeError(f"module 'app.data' has no attribute {name!r}")
