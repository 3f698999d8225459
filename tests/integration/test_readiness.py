"""Earned Autonomy readiness and choosing the priority descriptors, through the pages."""

import pytest

from app.data.models import AuditEntry, PriorityChoiceRow
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import SEFTON_2022, create_assessment, score_all
from tests.integration.conftest import PASSWORD


@pytest.fixture
def team(app, make_user):
    """A coordinator's and a strategic lead's clients, in one partnership."""
    clients = {}
    for role in (Role.COORDINATOR, Role.STRATEGIC_LEAD):
        email = f"{role.value}@example.gov.uk"
        make_user(email, role, name=role.label)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        clients[role] = client
    return clients


def _choose(client, assessment_id, *ids, rationale="Because"):
    data = {}
    for index in range(6):
        data[f"entries-{index}-descriptor"] = ids[index] if index < len(ids) else ""
        data[f"entries-{index}-rationale"] = rationale if index < len(ids) else ""
    return client.post(f"/assessments/{assessment_id}/priorities", data=data)


def test_sefton_2022_earned_autonomy(team):
    coordinator = team[Role.COORDINATOR]
    assessment_id = create_assessment(coordinator, year=2022)
    score_all(coordinator, assessment_id, SEFTON_2022)
    page = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy").get_data(as_text=True)
    assert "1 of 9 thresholds met: not yet eligible to be invited to apply" in page
    assert "for information only" in page
    assert page.count("Not met") == 8 and page.count("govuk-tag--green\">Met<") == 1
    chart = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy/chart.png")
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")
    overview = coordinator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Earned Autonomy minimum 3: met" in overview  # 9.7
    assert overview.count("not met") == 8


def test_unscored_thresholds_are_shown_as_missing(team):
    coordinator = team[Role.COORDINATOR]
    assessment_id = create_assessment(coordinator)
    page = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy").get_data(as_text=True)
    assert page.count("Missing") == 9
    assert "0 of 9 thresholds met" in page


def test_the_rule_is_explained_with_suggestions_before_anything_is_asked(team):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(team[Role.COORDINATOR], year=2022)
    score_all(team[Role.COORDINATOR], assessment_id, SEFTON_2022)
    page = lead.get(f"/assessments/{assessment_id}/priorities").get_data(as_text=True)
    assert "With data model 3" in page
    assert "Suggested candidates" in page and "below the Earned Autonomy minimum" in page
    assert "First priority descriptor" in page and "Further priorities (optional)" in page


def test_sefton_priorities_are_valid_for_data_model_3(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(team[Role.COORDINATOR], year=2022)
    response = _choose(lead, assessment_id, "7.3", "6.4", "9.4")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        rows = db.session.query(PriorityChoiceRow).order_by(PriorityChoiceRow.position).all()
        assert [r.descriptor_id for r in rows] == ["7.3", "6.4", "9.4"]
        assert db.session.query(AuditEntry).filter_by(field="priorities").one().after == "7.3; 6.4; 9.4"


@pytest.mark.parametrize(
    "model, valid, invalid, message",
    [
        ("1", ("9.1", "9.2", "9.3"), ("9.1", "9.2", "6.4"), "6.4 (Workforce) is not"),
        ("2", ("9.4", "9.5", "9.7"), ("5.1", "9.2", "9.3"), "5.1 (Family voice and experience) is not"),
        ("3", ("9.4", "6.4", "7.3"), ("9.4", "9.5", "7.3"), "exactly one of the three must come from the Data section; you chose two"),
        ("4", ("5.1", "6.4", "8.2"), ("5.1", "6.4", "9.2"), "9.2 (Data) is not"),
        ("5", ("7.1", "7.2", "7.3"), ("9.1", "9.2", "9.3"), "9.1 (Data), 9.2 (Data) and 9.3 (Data) are not"),
        ("6", ("8.1", "8.2", "5.5"), ("8.1", "9.6", "5.5"), "9.6 (Data) is not"),
    ],
)
def test_each_data_model_accepts_a_valid_choice_and_refuses_an_invalid_one(team, app, model, valid, invalid, message):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(team[Role.COORDINATOR], model=model)
    refused = _choose(lead, assessment_id, *invalid)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "<title>Error: Priority descriptors" in html and "govuk-error-summary" in html
    assert message in html
    with app.app_context():
        assert db.session.query(PriorityChoiceRow).count() == 0
    assert _choose(lead, assessment_id, *valid).status_code == 302


def test_every_problem_is_named_and_nothing_saved(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(team[Role.COORDINATOR])
    html = _choose(lead, assessment_id, "6.4", "6.4").get_data(as_text=True)
    assert "You chose 2 priority descriptors; choose 3" in html or "choose 3" in html
    assert "more than once" in html
    html = _choose(lead, assessment_id, "9.9", "6.4", "9.4").get_data(as_text=True)
    assert "9.9 is not a descriptor" in html
    with app.app_context():
        assert db.session.query(PriorityChoiceRow).count() == 0


def test_optional_further_priorities_from_any_section(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(team[Role.COORDINATOR])
    assert _choose(lead, assessment_id, "7.3", "6.4", "9.4", "9.1", "9.2").status_code == 302
    page = lead.get(f"/assessments/{assessment_id}/check-answers").get_data(as_text=True)
    assert page.count("further priority") == 2


def test_only_the_strategic_lead_chooses(team):
    coordinator = team[Role.COORDINATOR]
    assessment_id = create_assessment(coordinator)
    page = coordinator.get(f"/assessments/{assessment_id}/priorities").get_data(as_text=True)
    assert "The strategic lead chooses the priorities" in page
    assert _choose(coordinator, assessment_id, "7.3", "6.4", "9.4").status_code == 403


def test_changing_the_data_model_rechecks_the_priorities(team, app):
    coordinator, lead = team[Role.COORDINATOR], team[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(coordinator, year=2022)
    _choose(lead, assessment_id, "7.3", "6.4", "9.4")
    response = coordinator.post(f"/assessments/{assessment_id}/data-model", data={
        "data_model_submitted": "3", "survey_date": ["30", "9", "2021"], "data_model_changed": "yes",
        "data_model_current": "4", "change_reason": "New data warehouse live since spring"})
    assert response.status_code == 302
    after = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "no longer follow the rule" in after and "9.4 (Data) is not" in after
    page = lead.get(f"/assessments/{assessment_id}/priorities").get_data(as_text=True)
    assert "says it is now at data model 4" in page and "With data model 4" in page
    assert "The saved choice no longer follows the rule" in page
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(field="data model").one()
        assert "now 4: New data warehouse live since spring" in entry.after
