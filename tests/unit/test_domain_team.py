"""The team's rules: a partnership keeps a coordinator; what its history says."""

from app.domain.roles import Role
from app.domain.team import TeamEventKind, describe, keeps_a_coordinator


def test_a_partnership_must_keep_a_coordinator():
    assert keeps_a_coordinator([Role.COORDINATOR, Role.VIEWER])
    assert not keeps_a_coordinator([Role.VIEWER, Role.FACILITATOR])
    assert not keeps_a_coordinator([])


def test_each_kind_of_change_is_worded():
    assert describe(TeamEventKind.ROLE_CHANGED, Role.VIEWER, Role.COORDINATOR) == \
        "Role changed from viewer to coordinator"
    assert describe(TeamEventKind.INVITED, to_role=Role.STRATEGIC_LEAD) == "Invited as strategic lead"
    assert describe(TeamEventKind.MEMBER_REMOVED, from_role=Role.VIEWER) == "Removed from the partnership"
    assert all(describe(kind) for kind in TeamEventKind)
