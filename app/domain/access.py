"""Who may do what: the one table of roles and actions, and when an assessment can be changed.

Every page asks this module; nothing else compares roles or statuses. A person's role is the
one they hold in the partnership that owns the thing in question (the web layer finds it).
"""

from __future__ import annotations

import enum

from app.domain.roles import Role

SIGNED_OFF = "signed_off"
"""The status of an assessment the strategic lead has signed off (`AssessmentStatus.SIGNED_OFF`)."""
IMPORTED = "imported"
"""The status of a return imported from a file that says it was signed off (`AssessmentStatus.IMPORTED`):
read-only history, like a signed-off assessment, until a coordinator reopens it."""


class Action(enum.Enum):
    """Something a member of a partnership may be allowed to do."""

    READ = "read"  # the partnership's assessments, their history, readiness and priorities
    EDIT_SCORES = "edit_scores"  # a descriptor's score, narrative and evidence
    EDIT_STATEMENT = "edit_statement"  # the data model statement and the permissions to share
    CHOOSE_PRIORITIES = "choose_priorities"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"
    EXPORT = "export"  # download the return (Word, spreadsheet, CSV, JSON, scores only)
    IMPORT = "import"
    CREATE_ASSESSMENT = "create_assessment"
    MANAGE_TEAM = "manage_team"  # members, their roles, invitations
    SEE_WORKSHOPS = "see_workshops"  # the list of an assessment's workshops: titles, dates, counts, status
    RUN_WORKSHOPS = "run_workshops"  # set up, run and agree workshops: their pages, participants and live controls
    # Trends (issue 15): every year the partnership holds, its charts, and the Word return with a trends appendix
    SEE_TRENDS = "see_trends"
    # Peer review (issue 16): invite a reviewer from another partnership to one assessment, and end it
    PEER_REVIEW = "peer_review"
    # Sending the signed-off return to the department, a version each time (issue 16)
    SEND_RETURN = "send_return"
    # Action plans (issue 15): reading the year's plan and updating one's own actions, and shaping it
    SEE_PLAN = "see_plan"
    SHAPE_PLAN = "shape_plan"  # add, change and remove actions, draft them from the text, the mid-year review
    # Areas learning from each other (issue 16): the assessment's scores against the other areas that
    # permit it, and the areas to learn from, while the partnership permits it too
    SEE_COMPARISON = "see_comparison"


_EVERYONE = frozenset({Action.READ, Action.EXPORT, Action.SEE_WORKSHOPS, Action.SEE_TRENDS, Action.SEE_PLAN,
                       Action.SEE_COMPARISON})
"""What every member may do. A viewer is, say, a board member reading the partnership's
self-assessment: every page of it (the descriptors with the figures a workshop agreed,
Earned Autonomy, the priorities, the history), the return as a download and the list of
workshops; not a workshop's own pages (participants' names, the facilitator's controls), and
nothing that imports or changes anything."""

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.VIEWER: _EVERYONE,
    Role.FACILITATOR: _EVERYONE | {Action.EDIT_SCORES, Action.RUN_WORKSHOPS},
    Role.STRATEGIC_LEAD: _EVERYONE | {Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.CHOOSE_PRIORITIES,
                                      Action.SIGN_OFF, Action.SHAPE_PLAN},
    Role.COORDINATOR: _EVERYONE | {Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.REOPEN, Action.IMPORT,
                                   Action.CREATE_ASSESSMENT, Action.MANAGE_TEAM, Action.RUN_WORKSHOPS,
                                   Action.PEER_REVIEW, Action.SEND_RETURN, Action.SHAPE_PLAN},
}

CHANGES_THE_ASSESSMENT = frozenset({Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.CHOOSE_PRIORITIES,
                                    Action.SIGN_OFF})
"""The actions a signed-off assessment no longer allows, whatever the role."""


def may(role: Role, action: Action) -> bool:
    """Whether this role allows this action at all."""
    return action in ALLOWED[role]


def is_editable(status: str) -> bool:
    """An assessment can be changed until it is signed off or while it is an imported signed-off
    return (and again once it is reopened)."""
    return status not in (SIGNED_OFF, IMPORTED)


def is_imported(status: str) -> bool:
    """A return read from a file that says it was signed off, kept as the file's history."""
    return status == IMPORTED


def can(role: Role, action: Action, status: str) -> bool:
    """Whether this role may do this to an assessment in this status, now."""
    return may(role, action) and (action not in CHANGES_THE_ASSESSMENT or is_editable(status))


def assessment_flags(role: Role, status: str) -> dict[str, bool]:
    """What the pages of one assessment show to one person: plain booleans for the templates."""
    return {
        "is_signed_off": not is_editable(status),
        "is_imported": is_imported(status),
        "can_edit": can(role, Action.EDIT_SCORES, status),
        "can_edit_statement": can(role, Action.EDIT_STATEMENT, status),
        "can_choose_priorities": can(role, Action.CHOOSE_PRIORITIES, status),
        "can_sign_off": can(role, Action.SIGN_OFF, status),
        "can_reopen": may(role, Action.REOPEN),
        "can_export": may(role, Action.EXPORT),
        "can_see_workshops": may(role, Action.SEE_WORKSHOPS),
        "can_run_workshops": may(role, Action.RUN_WORKSHOPS),
        "can_peer_review": may(role, Action.PEER_REVIEW),
        "can_send": may(role, Action.SEND_RETURN),
        "can_see_plan": may(role, Action.SEE_PLAN),
        "can_shape_plan": may(role, Action.SHAPE_PLAN),
        "can_see_comparison": may(role, Action.SEE_COMPARISON),
    }


def partnership_flags(role: Role) -> dict[str, bool]:
    """What the partnership's own pages (the lists, the navigation) show to one person."""
    return {
        "can_create": may(role, Action.CREATE_ASSESSMENT),
        "can_import": may(role, Action.IMPORT),
        "can_manage_team": may(role, Action.MANAGE_TEAM),
    }
