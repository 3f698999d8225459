"""Earned Autonomy readiness and choosing the priority descriptors, through the pages."""

import pytest

from app.data.models import AuditEntry, PriorityChoiceRow
from app.domain.roles import Role
from app.extensions import db
from tests import factories
from tests.integration.conftest import PASSWORD

COORDINATOR = "coordinator@example.gov.uk"


@pytest.fixture
def team(app, make_user):
    """A coordinator's and a strategic lead's clients, in one partnership."""
    clients = {}
    for role in (Role.COORDINATOR, Role.STRATEGIC_LEAD):
        email = f"{role.value}@example.gov.uk"
        make_user(email, role, name=role.label)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD}, expect=302)
        clients[role] = client
    return clients


def _choose(client, assessment_id, *ids, rationale="Because"):
    data = {}
    for index in range(6):
        data[f"entries-{index}-descriptor"] = ids[index] if index < len(ids) else ""
        data[f"entries-{index}-rationale"] = rationale if index < len(ids) else ""
    return client.post(f"/assessments/{assessment_id}/priorities", data=data)


def _sefton_2022(app) -> int:
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    factories.scores(app, assessment_id, COORDINATOR, factories.SEFTON_2022)
    return assessment_id


def _thresholds(page) -> dict[str, str]:
    """The Earned Autonomy table: whether each descriptor's minimum is met."""
    return {row[0].split()[0]: row[3] for row in page.table_rows("Stage 1 thresholds")}


def test_sefton_2022_earned_autonomy(team, app):
    coordinator = team[Role.COORDINATOR]
    assessment_id = _sefton_2022(app)
    page = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy", expect=200).page
    assert page.text_of("#earned-autonomy-summary") == "1 of 9 thresholds met: not yet eligible to be invited to apply"
    assert "for information only" in page.text_of(".govuk-inset-text")
    thresholds = _thresholds(page)
    assert len(thresholds) == 9 and [d for d, met in thresholds.items() if met == "Met"] == ["9.7"]
    assert list(thresholds.values()).count("Not met") == 8
    chart = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy/chart.png", expect=200)
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")
    overview = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "Earned Autonomy minimum 3: met" in overview.text  # 9.7
    assert overview.text.count("not met") == 8


def test_unscored_thresholds_are_shown_as_missing(team, app):
    coordinator = team[Role.COORDINATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    page = coordinator.get(f"/assessments/{assessment_id}/earned-autonomy", expect=200).page
    assert set(_thresholds(page).values()) == {"Missing"} and len(_thresholds(page)) == 9
    assert page.text_of("#earned-autonomy-summary").startswith("0 of 9 thresholds met")


def test_the_rule_is_explained_with_suggestions_before_anything_is_asked(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = _sefton_2022(app)
    page = lead.get(f"/assessments/{assessment_id}/priorities", expect=200).page
    assert "With data model 3" in page.text
    assert "Suggested candidates" in page.texts("h2") and "below the Earned Autonomy minimum" in page.text
    assert "First priority descriptor" in page.text and "Further priorities (optional)" in page.text


def test_sefton_priorities_are_valid_for_data_model_3(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    assert _choose(lead, assessment_id, "7.3", "6.4", "9.4").status_code == 302
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
    assessment_id = factories.assessment(app, COORDINATOR, model=int(model))
    refused = _choose(lead, assessment_id, *invalid)
    assert refused.status_code == 200, refused.describe()
    assert refused.page.title.startswith("Error: Priority descriptors")
    assert any(message in error for error in refused.page.errors), refused.page.errors
    with app.app_context():
        assert db.session.query(PriorityChoiceRow).count() == 0
    assert _choose(lead, assessment_id, *valid).status_code == 302


def test_every_problem_is_named_and_nothing_saved(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR)
    errors = _choose(lead, assessment_id, "6.4", "6.4").page.errors
    assert errors == ["You chose 1 different priority descriptor; choose 3", "You chose 6.4 more than once"]
    errors = _choose(lead, assessment_id, "9.9", "6.4", "9.4").page.errors
    assert any("9.9 is not a descriptor" in e for e in errors), errors
    with app.app_context():
        assert db.session.query(PriorityChoiceRow).count() == 0


def test_optional_further_priorities_from_any_section(team, app):
    lead = team[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR)
    assert _choose(lead, assessment_id, "7.3", "6.4", "9.4", "9.1", "9.2").status_code == 302
    page = lead.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    assert page.text.count("further priority") == 2


def test_only_the_strategic_lead_chooses(team, app):
    coordinator = team[Role.COORDINATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    page = coordinator.get(f"/assessments/{assessment_id}/priorities", expect=200).page
    assert "The strategic lead chooses the priorities" in page.text
    assert not page.forms
    assert _choose(coordinator, assessment_id, "7.3", "6.4", "9.4").status_code == 403


def test_changing_the_data_model_rechecks_the_priorities(team, app):
    coordinator, lead = team[Role.COORDINATOR], team[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    factories.priorities(app, assessment_id, "strategic_lead@example.gov.uk", "7.3", "6.4", "9.4")
    response = coordinator.post(f"/assessments/{assessment_id}/data-model", data={
        "data_model_submitted": "3", "survey_date": ["30", "9", "2021"], "data_model_changed": "yes",
        "data_model_current": "4", "change_reason": "New data warehouse live since spring"}, expect=302)
    after = coordinator.get(response.headers["Location"], expect=200).page
    warning = " ".join(after.notifications)
    assert "no longer follow the rule" in warning and "9.4 (Data) is not" in warning
    page = lead.get(f"/assessments/{assessment_id}/priorities", expect=200).page
    assert "says it is now at data model 4" in page.text and "With data model 4" in page.text
    assert "The saved choice no longer follows the rule" in page.text
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(field="data model").one()
        assert "now 4: New data warehouse live since spring" in entry.after
