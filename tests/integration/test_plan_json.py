"""The action plan in the toolkit's JSON (issue 15): the JSON download carries the year's plan
beside the return, importing that file makes the plan again (all or nothing, with the rest), and
the return sent to the department carries no plan."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from app.data import Assessment
from app.data import accounts as account_data
from app.domain.plans import Status
from app.domain.roles import Role
from app.extensions import db
from app.frameworks import framework
from app.services import assessments as assessment_service
from app.services import plans
from tests import factories
from tests.integration.conftest import sign_in

COORDINATOR = "coordinator@sefton.example.gov.uk"
LEAD = "lead@sefton.example.gov.uk"
OWNER = "owner@sefton.example.gov.uk"


@pytest.fixture
def planned(app, make_user):
    """Sefton's 2026 assessment with a plan: one action owned by a member with a progress note, one
    by a partner organisation, and a mid-year re-score."""
    make_user(COORDINATOR, Role.COORDINATOR, name="Cara Coordinator")
    make_user(LEAD, Role.STRATEGIC_LEAD, name="Lee Lead")
    make_user(OWNER, Role.FACILITATOR, name="Olu Owner")
    assessment_id = factories.assessment(app, COORDINATOR, year=2026)
    factories.scores(app, assessment_id, COORDINATOR)
    factories.priorities(app, assessment_id, LEAD, "7.3", "6.4", "9.4")
    with app.app_context():
        guide, lead = framework("ehsg-2022"), account_data.user_by_email(LEAD)
        owner = account_data.user_by_email(OWNER)
        found = assessment_service.assessment(assessment_id)
        mine = plans.add_action(found, plans.ActionDetails("9.4", "Publish the dashboard", "Live on the intranet",
                                                           owner_id=owner.id, due=date(2027, 3, 31),
                                                           status=Status.ON_TRACK), lead, Role.STRATEGIC_LEAD, guide)
        plans.add_action(found, plans.ActionDetails("6.4", "Joint training", owner_organisation="Mersey Care NHS",
                                                    owner_contact="Sam Jones"), lead, Role.STRATEGIC_LEAD, guide)
        plans.record_progress(assessment_service.assessment(assessment_id), mine, Status.AT_RISK,
                              "The data feed is late", owner, Role.FACILITATOR)
        plans.record_mid_year_review(assessment_service.assessment(assessment_id), {}, {"9.4": 3}, lead,
                                     Role.STRATEGIC_LEAD, guide)
    return assessment_id


def _client(app, email=COORDINATOR):
    client = app.test_client()
    sign_in(client, email)
    return client


def test_the_json_download_carries_the_plan_and_importing_it_makes_the_plan_again(app, planned):
    coordinator = _client(app)
    exported = coordinator.get(f"/assessments/{planned}/export/json", expect=200).data
    plan = json.loads(exported)["action_plan"]
    assert [(a["descriptor"], a["title"], a["status"]) for a in plan["actions"]] == [
        ("9.4", "Publish the dashboard", "at_risk"), ("6.4", "Joint training", "not_started")]
    assert plan["actions"][0]["owner"] == {"email": OWNER, "name": "Olu Owner", "organisation": "", "contact": ""}
    assert plan["actions"][0]["notes"][0]["text"] == "The data feed is late"
    assert plan["mid_year_scores"] == {"9.4": 3}

    # The same file as another year's (an earlier year, say, kept in the file and imported back).
    document = json.loads(exported)
    document["year"] = 2025
    response = coordinator.post("/assessments/import",
                                data={"file": (io.BytesIO(json.dumps(document).encode()), "sefton.json")},
                                content_type="multipart/form-data", expect=302)
    imported = int(response.location.rstrip("/").rsplit("/", 1)[1])
    assert imported != planned
    again = coordinator.get(f"/assessments/{imported}/export/json", expect=200).data
    back = json.loads(again)["action_plan"]
    assert back == plan  # the plan came back whole, its owner a member again
    page = _client(app, OWNER).get(f"/assessments/{imported}/plan?mine=1", expect=200).page
    assert "Publish the dashboard" in page.text


def test_a_plan_in_a_file_with_a_problem_imports_nothing(app, planned):
    coordinator = _client(app)
    document = json.loads(coordinator.get(f"/assessments/{planned}/export/json").data)
    document["year"] = 2025
    document["action_plan"]["actions"][1]["status"] = "finished"
    document["action_plan"]["actions"][0]["descriptor"] = "99.9"
    response = coordinator.post("/assessments/import",
                                data={"file": (io.BytesIO(json.dumps(document).encode()), "bad.json")},
                                content_type="multipart/form-data", expect=200)
    errors = " ".join(response.page.errors)
    assert '"status" must be one of "not_started"' in errors and "not \"finished\"" in errors
    assert '"99.9" is not a descriptor' in errors
    with app.app_context():
        assert db.session.query(Assessment).filter_by(year=2025).count() == 0


def test_the_return_sent_to_the_department_carries_no_plan(app, planned):
    client = _client(app, LEAD)
    client.post(f"/assessments/{planned}/data-model", data={
        "data_model_submitted": "3", "survey_date": ["30", "9", "2025"], "data_model_changed": "no"}, expect=302)
    factories.permissions(app, planned, COORDINATOR)
    client.post(f"/assessments/{planned}/sign-off", expect=302)
    coordinator = _client(app)
    coordinator.post(f"/assessments/{planned}/send", expect=302)
    sent = json.loads(coordinator.get(f"/assessments/{planned}/sent/1", expect=200).data)
    assert "action_plan" not in sent and sent["year"] == 2026
    for format_key in ("docx", "xlsx", "csv"):
        assert b"Publish the dashboard" not in coordinator.get(f"/assessments/{planned}/export/{format_key}").data
