"""The database tables, as typed SQLAlchemy 2 models on the declarative base the db extension
uses, one module for each part of the service: accounts, assessments, peer reviews, workshops.

Importing this package maps every table (relationships name each other across the modules), so
the metadata that migrations and backups read is whole.
"""

from app.data.models.accounts import (
    Invitation,
    KnownDevice,
    LoginThrottle,
    Membership,
    Partnership,
    PasswordReset,
    TeamEvent,
    User,
    UserSession,
)
from app.data.models.assessments import (
    Assessment,
    AssessmentStatus,
    AuditEntry,
    DescriptorResponse,
    Draft,
    EvidenceItem,
    PermissionAnswer,
    PriorityChoiceRow,
    SharingConsent,
    Submission,
)
from app.data.models.peer_reviews import PeerChallenge, PeerReview
from app.data.models.plans import MidYearScore, PlanAction, PlanNote
from app.data.models.workshops import (
    JoinThrottle,
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
