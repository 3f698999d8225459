"""The partnership's team: the rule that it always keeps a coordinator, and what its history records.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from app.domain.roles import Role

__all__ = ["LAST_COORDINATOR", "TeamEventKind", "describe", "keeps_a_coordinator"]

LAST_COORDINATOR = "A partnership needs at least one coordinator. Make someone else a coordinator first"


def keeps_a_coordinator(roles_after: Iterable[Role]) -> bool:
    """Whether the partnership's roles, once a change is made, still include a coordinator: someone
    must be able to manage the team, so the last coordinator cannot be removed or made something else."""
    return Role.COORDINATOR in set(roles_after)


class TeamEventKind(str, enum.Enum):
    """A change to the team that its history records."""

    INVITED = "invited"
    INVITATION_REPLACED = "invitation_replaced"
    INVITATION_ACCEPTED = "invitation_accepted"
    ROLE_CHANGED = "role_changed"
    MEMBER_REMOVED = "member_removed"
    PASSWORD_RESET = "password_reset"
    # The contact shown to coordinators in other areas (app.domain.comparison): the event's
    # subject_name holds the contact as set, empty when it was removed, and no email address.
    CONTACT_FOR_PEERS_CHANGED = "contact_for_peers_changed"


def describe(kind: TeamEventKind, from_role: Role | None = None, to_role: Role | None = None,
             subject: str = "") -> str:
    """What happened, as the history page says it (``subject``: the event's subject_name)."""
    if kind is TeamEventKind.CONTACT_FOR_PEERS_CHANGED:
        return (f"Contact shown to coordinators in other areas set to \u201c{subject}\u201d" if subject
                else "Contact shown to coordinators in other areas removed")
    if kind is TeamEventKind.ROLE_CHANGED and from_role and to_role:
        return f"Role changed from {from_role.label.lower()} to {to_role.label.lower()}"
    role = f" as {to_role.label.lower()}" if to_role else ""
    return {
        TeamEventKind.INVITED: f"Invited{role}",
        TeamEventKind.INVITATION_REPLACED: f"Invited again{role}: the earlier link stopped working",
        TeamEventKind.INVITATION_ACCEPTED: f"Accepted the invitation and joined{role}",
        TeamEventKind.ROLE_CHANGED: "Role changed",
        TeamEventKind.MEMBER_REMOVED: "Removed from the partnership",
        TeamEventKind.PASSWORD_RESET: "Password reset",
    }[kind]
