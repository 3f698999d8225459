"""The action plan's service: drafting from the text, shaping, owners' progress, the mid-year
review, every change in the assessment's history, and nothing saved when a change is refused."""

from __future__ import annotations

from datetime import date

import pytest

from app.data import Assessment
from app.data import accounts as account_data
from app.domain.plans import Status
from app.domain.roles import Role
from app.frameworks import framework
from app.services import assessments as assessment_service
from app.services import plans
from tests import factories

COORDINATOR = "coordinator@sefton.example.gov.uk"
LEAD = "lead@sefton.example.gov.uk"
OWNER = "owner@sefton.example.gov.uk"
OTHER = "other@sefton.example.gov.uk"
TEXT = "- Recruit two data analysts\n- Publish the dashboard\n\nAgree a shared outcomes framework."


@pytest.fixture
def plan_year(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    make_user(LEAD, Role.STRATEGIC_LEAD)
    make_user(OWNER, Role.FACILITATOR)
    make_user(OTHER, Role.FACILITATOR)
    assessment_id = factories.assessment(app, COORDINATOR, model=3)
    factories.answer(app, assessment_id, COORDINATOR, "9.4", 2, prioritising_next=TEXT)
    factories.priorities(app, assessment_id, LEAD, "9.4", "6.4", "7.3")
    return assessment_id


def _load(assessment_id: int) -> Assessment:
    found = assessment_service.assessment(assessment_id)
    assert found is not None
    return found


def _user(email: str):
    found = account_data.user_by_email(email)
    assert found is not None
    return found


def test_drafting_from_the_text_makes_one_action_per_bullet_or_paragraph_once(app, plan_year):
    with app.app_context():
        made = plans.draft_actions(_load(plan_year), "9.4", _user(LEAD), Role.STRATEGIC_LEAD)
        assert [a.title for a in made] == [
            "Recruit two data analysts", "Publish the dashboard", "Agree a shared outcomes framework."]
        assert plans.draft_actions(_load(plan_year), "9.4", _user(LEAD), Role.STRATEGIC_LEAD) == []
        rows = plans.plan_rows(_load(plan_year), date(2026, 12, 2))
        assert {r.action.status for r in rows} == {Status.NOT_STARTED}
        history = [e.action for e in assessment_service.history(_load(plan_year), "9.4")]
        assert history.count("drafted in the action plan") == 3


def test_a_facilitator_cannot_shape_the_plan_and_nothing_is_saved(app, plan_year):
    with app.app_context(), pytest.raises(plans.PlanError, match="coordinator or a strategic lead"):
        plans.draft_actions(_load(plan_year), "9.4", _user(OWNER), Role.FACILITATOR)
    with app.app_context():
        assert plans.actions(_load(plan_year)) == []


def test_the_owner_updates_their_own_action_and_no_one_elses(app, plan_year):
    with app.app_context():
        owner = _user(OWNER)
        details = plans.ActionDetails("9.4", "Publish the dashboard", "Board sees it monthly", owner_id=owner.id,
                                      due=date(2027, 3, 31))
        action = plans.add_action(_load(plan_year), details, _user(COORDINATOR), Role.COORDINATOR, framework("ehsg-2022"))
        action_id = action.id
        plans.record_progress(_load(plan_year), action, Status.AT_RISK, "Analyst post not filled", owner,
                              Role.FACILITATOR)
    with app.app_context():
        action = plans.action_of(_load(plan_year), action_id)
        assert action is not None
        with pytest.raises(plans.PlanError, match="owner"):
            plans.record_progress(_load(plan_year), action, Status.DONE, "", _user(OTHER), Role.FACILITATOR)
    with app.app_context():
        action = plans.action_of(_load(plan_year), action_id)
        assert action is not None
        assert action.status is Status.AT_RISK
        assert [n.text for n in action.notes] == ["Analyst post not filled"]
        changes = [(e.action, e.before, e.after) for e in assessment_service.history(_load(plan_year), "9.4")]
        assert ("changed the status of action", "Not started", "At risk") in changes


def test_an_owner_outside_the_team_is_refused(app, plan_year, make_user):
    outsider = make_user("someone@wirral.example.gov.uk", Role.COORDINATOR, partnership="Wirral Early Help")
    with app.app_context():
        stranger = _user(outsider)
        details = plans.ActionDetails("9.4", "Publish the dashboard", owner_id=stranger.id)
        with pytest.raises(plans.PlanError, match="member of the team"):
            plans.add_action(_load(plan_year), details, _user(COORDINATOR), Role.COORDINATOR, framework("ehsg-2022"))
        assert plans.actions(_load(plan_year)) == []


def test_a_partner_organisation_can_own_an_action(app, plan_year):
    with app.app_context():
        details = plans.ActionDetails("6.4", "Joint training", owner_organisation="Mersey Care NHS",
                                      owner_contact="Sam Jones")
        action = plans.add_action(_load(plan_year), details, _user(LEAD), Role.STRATEGIC_LEAD, framework("ehsg-2022"))
        assert plans.owner_label(action) == "Mersey Care NHS (Sam Jones)"


def test_at_risk_and_overdue_first_and_filters(app, plan_year):
    with app.app_context():
        lead, a = _user(LEAD), _load(plan_year)
        for title, status, due, code in [("Later", Status.ON_TRACK, date(2027, 6, 1), "9.4"),
                                         ("Late", Status.ON_TRACK, date(2026, 11, 1), "6.4"),
                                         ("Risky", Status.AT_RISK, date(2027, 7, 1), "9.4")]:
            plans.add_action(a, plans.ActionDetails(code, title, due=due, status=status), lead,
                             Role.STRATEGIC_LEAD, framework("ehsg-2022"))
        rows = plans.plan_rows(_load(plan_year), date(2026, 12, 2))
        assert [(r.action.title, r.overdue) for r in rows] == [("Late", True), ("Risky", False), ("Later", False)]
        only = plans.plan_rows(_load(plan_year), date(2026, 12, 2), plans.PlanFilter(descriptor_id="9.4"))
        assert [r.action.title for r in only] == ["Risky", "Later"]
        risky = plans.plan_rows(_load(plan_year), date(2026, 12, 2), plans.PlanFilter(status=Status.AT_RISK))
        assert [r.action.title for r in risky] == ["Risky"]


def test_mid_year_review_keeps_its_scores_apart_from_the_return(app, plan_year):
    with app.app_context():
        lead = _user(LEAD)
        action = plans.add_action(_load(plan_year), plans.ActionDetails("9.4", "Publish the dashboard"), lead,
                                  Role.STRATEGIC_LEAD, framework("ehsg-2022"))
        plans.record_mid_year_review(_load(plan_year), {action.id: "Half done"}, {"9.4": 3, "6.4": None}, lead,
                                     Role.STRATEGIC_LEAD, framework("ehsg-2022"))
    with app.app_context():
        found = _load(plan_year)
        assert {k: v.score for k, v in plans.mid_year_scores(found).items()} == {"9.4": 3}
        assert assessment_service.response(found, "9.4").score == 2  # the return's score is untouched
        (note,) = plans.actions(found)[0].notes
        assert (note.text, note.mid_year) == ("Half done", True)
        with pytest.raises(plans.PlanError, match="not one of the priorities"):
            plans.record_mid_year_review(found, {}, {"5.1": 4}, lead, Role.STRATEGIC_LEAD, framework("ehsg-2022"))

