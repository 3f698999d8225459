"""Nothing lost, everything traceable: conflicting saves, expired sessions, the audit log,
sign-off and reopening."""

from datetime import UTC, datetime, timedelta

import pytest

from app.data.models import Assessment, AuditEntry, DescriptorResponse
from app.domain.roles import Role
from app.extensions import db
from tests import factories
from tests.integration.assessment_helpers import save, version_on
from tests.integration.conftest import PASSWORD

COORDINATOR = "coordinator@example.gov.uk"


def time_machine_now():
    """Now, as the application reads it (an aware datetime in UTC)."""
    return datetime.now(UTC)


@pytest.fixture
def people(app, make_user):
    clients = {}
    for role in (Role.COORDINATOR, Role.FACILITATOR, Role.STRATEGIC_LEAD):
        email = f"{role.value}@example.gov.uk"
        make_user(email, role, name=role.label)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD}, expect=302)
        clients[role] = client
    return clients


def test_two_people_editing_one_descriptor_the_later_save_does_not_overwrite(people, app):
    coordinator, facilitator = people[Role.COORDINATOR], people[Role.FACILITATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    loaded = version_on(facilitator, assessment_id, "6.1")
    version_coordinator = version_on(coordinator, assessment_id, "6.1")
    assert save(coordinator, assessment_id, "6.1", score=2, working_well="Coordinator's account",
                version=version_coordinator).status_code == 302
    clash = save(facilitator, assessment_id, "6.1", score=4, working_well="Facilitator's account", version=loaded)
    assert clash.status_code == 409, clash.describe()
    page = clash.page
    assert any(n.startswith("Coordinator saved this descriptor while you were editing it") for n in page.notifications)
    assert page.text_of("#their-working-well") == "Coordinator's account"  # theirs, shown
    assert page.value("working_well").strip() == "Facilitator's account"  # yours, still in the form
    assert page.checked("score") == ["4"]
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="6.1").one()
        assert (r.score, r.working_well) == (2, "Coordinator's account")
    # Keeping their own: the conflict page carries the newer version, so saving again goes through.
    newer = page.value("version")
    combined = "Coordinator's account\n\nFacilitator's account"
    assert save(facilitator, assessment_id, "6.1", score=3, working_well=combined, version=newer).status_code == 302
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="6.1").one()
        assert (r.score, r.working_well) == (3, combined)


def test_a_form_submitted_twice_saves_once(people, app):
    coordinator = people[Role.COORDINATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    version = version_on(coordinator, assessment_id, "5.2")
    first = save(coordinator, assessment_id, "5.2", score=3, working_well="Same text", version=version)
    second = save(coordinator, assessment_id, "5.2", score=3, working_well="Same text", version=version)
    assert first.status_code == 302 and second.status_code == 302  # the same content is no conflict
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(descriptor_id="5.2", field="score").count() == 1


def test_text_typed_when_the_session_expired_is_there_after_signing_in(people, app, time_machine):
    facilitator = people[Role.FACILITATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    version = version_on(facilitator, assessment_id, "8.2")
    time_machine.move_to(time_machine_now() + timedelta(hours=3), tick=False)
    long_text = "An hour of careful writing about how our system is balanced. " * 20
    response = save(facilitator, assessment_id, "8.2", score=3, working_well=long_text,
                    prioritising_next="Next steps", version=version)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    login_page = facilitator.get(response.headers["Location"], expect=200).page
    assert "what you wrote will be put back" in login_page.text
    signed_in = facilitator.post(response.headers["Location"],
                                 data={"email": "facilitator@example.gov.uk", "password": PASSWORD}, expect=302)
    assert signed_in.headers["Location"] == f"/assessments/{assessment_id}/descriptors/8.2"
    page = facilitator.get(signed_in.headers["Location"], expect=200).page
    assert any(n.startswith("We kept what you wrote before your session ended") for n in page.notifications)
    assert page.value("working_well").strip() == long_text.strip()
    assert page.value("prioritising_next").strip() == "Next steps" and page.checked("score") == ["3"]
    with app.app_context():  # kept, not saved, until they save
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="8.2").one().working_well == ""
    assert save(facilitator, assessment_id, "8.2", score=3, working_well=long_text, version=version).status_code == 302
    # handed back once only
    again = facilitator.get(f"/assessments/{assessment_id}/descriptors/8.2", expect=200).page
    assert not any("We kept what you wrote" in n for n in again.notifications)


def test_every_change_is_in_the_history(people, app):
    coordinator = people[Role.COORDINATOR]
    assessment_id = factories.assessment(app, COORDINATOR)
    save(coordinator, assessment_id, "5.1", score=2, working_well="First", expect=302)
    save(coordinator, assessment_id, "5.1", score=3, working_well="Second", expect=302)
    page = coordinator.get(f"/assessments/{assessment_id}/descriptors/5.1/history", expect=200).page
    assert page.h1 == "History of 5.1"
    # newest first: who, what, before, after
    assert [row[1:] for row in page.table_rows()] == [
        ["Coordinator", "changed working well", "First", "Second"],
        ["Coordinator", "changed score", "2", "3"],
        ["Coordinator", "changed working well", "", "First"],
        ["Coordinator", "changed score", "", "2"],
    ]
    full = coordinator.get(f"/assessments/{assessment_id}/history", expect=200).page
    what = [row[2] for row in full.table_rows()]
    assert what[-1] == "created" and "5.1: changed score" in what
    with app.app_context():
        scores = [(e.before, e.after) for e in db.session.query(AuditEntry).filter_by(field="score").order_by(AuditEntry.id)]
        assert scores == [(None, "2"), ("2", "3")]


def test_the_history_cannot_be_edited_through_the_application(app):
    with app.app_context():
        rules = [r for r in app.url_map.iter_rules() if "history" in r.rule]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def _complete(app, assessment_id):
    factories.scores(app, assessment_id, COORDINATOR)
    factories.priorities(app, assessment_id, "strategic_lead@example.gov.uk", "7.3", "6.4", "9.4")
    factories.permissions(app, assessment_id, COORDINATOR)


def test_sign_off_lists_exactly_what_is_missing(people, app):
    lead = people[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR)
    factories.answer(app, assessment_id, COORDINATOR, "5.1", 3)
    page = lead.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    assert "Score every descriptor: 30 not scored yet (5.2, 5.3" in page.text
    assert "Choose the 3 priority descriptors" in page.text
    assert "Answer the three questions about permission to share" in page.text
    refused = lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    told = lead.get(refused.headers["Location"], expect=200).page
    assert any("cannot be signed off yet" in n for n in told.notifications), told.notifications
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "in_progress"


def test_the_strategic_lead_signs_off_and_it_becomes_read_only_until_reopened(people, app):
    coordinator, lead = people[Role.COORDINATOR], people[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    _complete(app, assessment_id)
    coordinator.post(f"/assessments/{assessment_id}/sign-off", expect=403)
    response = lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    overview = lead.get(response.headers["Location"], expect=200).page
    assert "Signed off by Strategic lead" in overview.text
    # read-only now
    save(coordinator, assessment_id, "5.1", score=5, version="2", expect=403)
    coordinator.get(f"/assessments/{assessment_id}/permissions", expect=409)
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score == 3
    # reopening needs a reason, which is logged
    lead.get(f"/assessments/{assessment_id}/reopen", expect=403)
    missing = coordinator.post(f"/assessments/{assessment_id}/reopen", data={"reason": ""}, expect=200).page
    assert missing.errors == ["Enter why the assessment is being reopened"]
    coordinator.post(f"/assessments/{assessment_id}/reopen", data={"reason": "Board asked us to revisit 9.4"}, expect=302)
    save(coordinator, assessment_id, "5.1", score=4, expect=302)
    with app.app_context():
        actions = [(e.action, e.after) for e in db.session.query(AuditEntry).filter_by(field="status")]
        assert ("signed off", "Signed off") in actions
        assert ("reopened", "In progress: Board asked us to revisit 9.4") in actions


def test_sign_off_needs_a_valid_priority_choice(people, app):
    coordinator, lead = people[Role.COORDINATOR], people[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    _complete(app, assessment_id)
    coordinator.post(f"/assessments/{assessment_id}/data-model", data={
        "data_model_submitted": "3", "survey_date": ["30", "9", "2021"], "data_model_changed": "yes",
        "data_model_current": "2", "change_reason": "Lost the warehouse"}, expect=302)
    page = lead.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    assert "Change the priority descriptors" in page.text
    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "in_progress"
