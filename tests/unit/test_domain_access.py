"""The one table of who may do what, and what a signed-off assessment no longer allows."""

from __future__ import annotations

import pytest

from app.domain.access import (
    ALLOWED,
    IMPORTED,
    SIGNED_OFF,
    Action,
    assessment_flags,
    can,
    is_editable,
    may,
    partnership_flags,
)
from app.domain.roles import Role

IN_PROGRESS = "in_progress"

# Who may do what, as docs/security.md says it to the people who use the service.
EVERYONE = {Action.READ, Action.EXPORT, Action.SEE_WORKSHOPS, Action.SEE_TRENDS,  # trends: issue 15
            Action.SEE_PLAN,  # the action plan: issue 15
            Action.SEE_COMPARISON}  # the comparison with other areas: issue 16
EXPECTED = {
    Role.VIEWER: EVERYONE,
    Role.FACILITATOR: EVERYONE | {Action.EDIT_SCORES, Action.RUN_WORKSHOPS},
    Role.STRATEGIC_LEAD: EVERYONE | {Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.CHOOSE_PRIORITIES,
                                     Action.SIGN_OFF, Action.SHAPE_PLAN},
    Role.COORDINATOR: EVERYONE | {Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.REOPEN, Action.IMPORT,
                                  Action.CREATE_ASSESSMENT, Action.MANAGE_TEAM, Action.RUN_WORKSHOPS,
                                  Action.PEER_REVIEW, Action.SEND_RETURN, Action.SHAPE_PLAN},  # issues 15, 16
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_may_do_exactly_what_the_table_says(role: Role, action: Action):
    assert may(role, action) == (action in EXPECTED[role])


def test_every_role_is_in_the_table():
    assert set(ALLOWED) == set(Role)


def test_only_a_coordinator_manages_the_team_imports_reopens_and_invites_peer_reviewers():
    for action in (Action.MANAGE_TEAM, Action.IMPORT, Action.REOPEN, Action.CREATE_ASSESSMENT, Action.PEER_REVIEW,
                   Action.SEND_RETURN):
        assert [r for r in Role if may(r, action)] == [Role.COORDINATOR], action


def test_only_the_strategic_lead_signs_off_and_chooses_priorities():
    for action in (Action.SIGN_OFF, Action.CHOOSE_PRIORITIES):
        assert [r for r in Role if may(r, action)] == [Role.STRATEGIC_LEAD], action


def test_an_assessment_is_editable_until_it_is_signed_off():
    assert is_editable(IN_PROGRESS)
    assert not is_editable(SIGNED_OFF)


@pytest.mark.parametrize("action", [Action.EDIT_SCORES, Action.EDIT_STATEMENT, Action.CHOOSE_PRIORITIES,
                                    Action.SIGN_OFF])
def test_a_signed_off_assessment_cannot_be_changed_by_anyone(action: Action):
    assert any(can(role, action, IN_PROGRESS) for role in Role)
    assert not any(can(role, action, SIGNED_OFF) for role in Role)


def test_only_coordinators_and_strategic_leads_shape_the_action_plan_even_after_sign_off():
    assert [r for r in Role if may(r, Action.SHAPE_PLAN)] == [Role.COORDINATOR, Role.STRATEGIC_LEAD]
    assert can(Role.STRATEGIC_LEAD, Action.SHAPE_PLAN, SIGNED_OFF)  # the mid-year review comes after sign-off


@pytest.mark.parametrize("action", [Action.READ, Action.REOPEN, Action.EXPORT, Action.RUN_WORKSHOPS])
def test_a_signed_off_assessment_can_still_be_read_reopened_exported_and_its_workshops_run(action: Action):
    for role in Role:
        assert can(role, action, SIGNED_OFF) == may(role, action)


def test_the_coordinators_assessment_pages_show_edit_export_and_workshops_but_not_sign_off():
    flags = assessment_flags(Role.COORDINATOR, IN_PROGRESS)
    assert flags == {
        "is_signed_off": False, "is_imported": False, "can_edit": True, "can_edit_statement": True, "can_choose_priorities": False,
        "can_sign_off": False, "can_reopen": True, "can_export": True, "can_see_workshops": True,
        "can_run_workshops": True, "can_peer_review": True, "can_send": True, "can_see_plan": True,
        "can_shape_plan": True, "can_see_comparison": True,
    }


def test_a_viewer_reads_downloads_and_sees_the_workshop_list_but_changes_and_runs_nothing():
    flags = assessment_flags(Role.VIEWER, IN_PROGRESS)
    assert {k for k, v in flags.items() if v} == {"can_export", "can_see_workshops", "can_see_plan",
                                                    "can_see_comparison"}
    assert may(Role.VIEWER, Action.READ)


def test_once_signed_off_the_strategic_lead_sees_nothing_to_change():
    flags = assessment_flags(Role.STRATEGIC_LEAD, SIGNED_OFF)
    assert flags["is_signed_off"]
    assert not any(flags[k] for k in ("can_edit", "can_edit_statement", "can_choose_priorities", "can_sign_off"))


def test_an_imported_signed_off_return_is_read_only_history_a_coordinator_can_reopen():
    assert not is_editable(IMPORTED)
    flags = assessment_flags(Role.COORDINATOR, IMPORTED)
    assert flags["is_imported"] and flags["is_signed_off"] and flags["can_reopen"]
    assert not any(flags[k] for k in ("can_edit", "can_edit_statement", "can_choose_priorities", "can_sign_off"))


def test_a_viewer_sees_no_buttons_on_the_partnerships_pages_and_a_coordinator_all_of_them():
    assert partnership_flags(Role.VIEWER) == {"can_create": False, "can_import": False, "can_manage_team": False}
    assert partnership_flags(Role.COORDINATOR) == {"can_create": True, "can_import": True, "can_manage_team": True}
