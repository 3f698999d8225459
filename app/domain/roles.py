"""The roles a person can hold in a partnership, and what each may do."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """What a person may do in one partnership."""

    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    STRATEGIC_LEAD = "strategic_lead"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_LABELS = {
    Role.COORDINATOR: "Coordinator",
    Role.FACILITATOR: "Workshop facilitator",
    Role.STRATEGIC_LEAD: "Strategic lead",
    Role.VIEWER: "Viewer",
}

_DESCRIPTIONS = {
    Role.COORDINATOR: "Manages the partnership's users, creates and reopens assessments, imports returns",
    Role.FACILITATOR: "Runs workshops, records scores and evidence",
    Role.STRATEGIC_LEAD: "Chooses the priority descriptors and signs the assessment off",
    Role.VIEWER: "Reads the partnership's assessments and downloads the return",
}
