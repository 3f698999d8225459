"""Nothing lost, everything traceable: conflicting saves, expired sessions, the audit log,
sign-off and reopening."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.data.base import utcnow
from app.data.models import Assessment, AuditEntry, DescriptorResponse, Draft, UserSession
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import SEFTON_2022, create_assessment, save, score_all, version_on
from tests.integration.conftest import PASSWORD


@pytest.fixture
def people(app, make_user):
    clients = {}
    for role in (Role.COORDINATOR, Role.FACILITATOR, Role.STRATEGIC_LEAD):
        email = f"{role.value}@example.gov.uk"
        make_user(email, role, name=role.label)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        clients[role] = client
    return clients


def test_two_people_editing_one_descriptor_the_later_save_does_not_overwrite(people, app):
    coordinator, facilitator = people[Role.COORDINATOR], people[Role.FACILITATOR]
    assessment_id = create_assessment(coordinator)
    loaded = version_on(facilitator, assessment_id, "6.1")
    version_coordinator = version_on(coordinator, assessment_id, "6.1")
    assert save(coordinator, assessment_id, "6.1", score=2, working_well="Coordinator's account",
                version=version_coordinator).status_code == 302
    clash = save(facilitator, assessment_id, "6.1", score=4, working_well="Facilitator's account", version=loaded)
    html = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Coordinator saved this descriptor while you were editing it" in html
    assert "Coordinator&#39;s account" in html  # theirs, shown
    assert "Facilitator&#39;s account" in html  # yours, still in the form
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="6.1").one()
        assert (r.score, r.working_well) == (2, "Coordinator's account")
    # Keeping their own: the conflict page carries the newer version, so saving again goes through.
    import re

    newer = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    combined = "Coordinator's account\n\nFacilitator's account"
    assert save(facilitator, assessment_id, "6.1", score=3, working_well=combined, version=newer).status_code == 302
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="6.1").one()
        assert (r.score, r.working_well) == (3, combined)


def test_a_form_submitted_twice_saves_once(people, app):
    coordinator = people[Role.COORDINATOR]
    assessment_id = create_assessment(coordinator)
    version = version_on(coordinator, assessment_id, "5.2")
    first = save(coordinator, assessment_id, "5.2", score=3, working_well="Same text", version=version)
    second = save(coordinator, assessment_id, "5.2", score=3, working_well="Same text", version=version)
    assert first.status_code == 302 and second.status_code == 302  # the same content is no conflict
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(descriptor_id="5.2", field="score").count() == 1


def test_text_typed_when_the_session_expired_is_there_after_signing_in(people, app):
    facilitator = people[Role.FACILITATOR]
    assessment_id = create_assessment(people[Role.COORDINATOR])
    version = version_on(facilitator, assessment_id, "8.2")
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
        db.session.commit()
    long_text = "An hour of careful writing about how our system is balanced. " * 20
    response = save(facilitator, assessment_id, "8.2", score=3, working_well=long_text,
                    prioritising_next="Next steps", version=version)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    login_page = facilitator.get(response.headers["Location"]).get_data(as_text=True)
    assert "what you wrote will be put back" in login_page
    signed_in = facilitator.post(response.headers["Location"],
                                 data={"email": "facilitator@example.gov.uk", "password": PASSWORD})
    assert signed_in.headers["Location"] == f"/assessments/{assessment_id}/descriptors/8.2"
    page = facilitator.get(signed_in.headers["Location"]).get_data(as_text=True)
    assert "We kept what you wrote before your session ended" in page
    assert long_text.strip()[:80] in page.replace("&#39;", "'")
    with app.app_context():  # kept, not saved, until they save
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="8.2").one().working_well == ""
    assert save(facilitator, assessment_id, "8.2", score=3, working_well=long_text, version=version).status_code == 302
    # handed back once only
    assert "We kept what you wrote" not in facilitator.get(f"/assessments/{assessment_id}/descriptors/8.2").get_data(as_text=True)


def test_every_change_is_in_the_history(people, app):
    coordinator = people[Role.COORDINATOR]
    assessment_id = create_assessment(coordinator)
    save(coordinator, assessment_id, "5.1", score=2, working_well="First")
    save(coordinator, assessment_id, "5.1", score=3, working_well="Second")
    page = coordinator.get(f"/assessments/{assessment_id}/descriptors/5.1/history").get_data(as_text=True)
    assert "History of 5.1" in page and "changed score" in page and "changed working well" in page
    assert page.count("Coordinator") >= 4
    full = coordinator.get(f"/assessments/{assessment_id}/history").get_data(as_text=True)
    assert "created" in full and "5.1: changed score" in full
    with app.app_context():
        scores = [(e.before, e.after) for e in db.session.query(AuditEntry).filter_by(field="score").order_by(AuditEntry.id)]
        assert scores == [(None, "2"), ("2", "3")]


def test_the_history_cannot_be_edited_through_the_application(app):
    with app.app_context():
        rules = [r for r in app.url_map.iter_rules() if "history" in r.rule]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def _complete(people, assessment_id):
    coordinator, lead = people[Role.COORDINATOR], people[Role.STRATEGIC_LEAD]
    score_all(coordinator, assessment_id, SEFTON_2022)
    data = {f"entries-{i}-descriptor": d for i, d in enumerate(["7.3", "6.4", "9.4"])}
    assert lead.post(f"/assessments/{assessment_id}/priorities", data=data).status_code == 302
    assert coordinator.post(f"/assessments/{assessment_id}/permissions",
                            data={"dfe": "yes", "coordinators": "yes", "other_departments": "no"}).status_code == 302


def test_sign_off_lists_exactly_what_is_missing(people, app):
    lead = people[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(people[Role.COORDINATOR])
    save(people[Role.COORDINATOR], assessment_id, "5.1", score=3)
    page = lead.get(f"/assessments/{assessment_id}/check-answers").get_data(as_text=True)
    assert "Score every descriptor: 30 not scored yet (5.2, 5.3" in page
    assert "Choose the 3 priority descriptors" in page
    assert "Answer the three questions about permission to share" in page
    refused = lead.post(f"/assessments/{assessment_id}/sign-off")
    assert "cannot be signed off yet" in lead.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "in_progress"


def test_the_strategic_lead_signs_off_and_it_becomes_read_only_until_reopened(people, app):
    coordinator, lead = people[Role.COORDINATOR], people[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(coordinator, year=2022)
    _complete(people, assessment_id)
    assert coordinator.post(f"/assessments/{assessment_id}/sign-off").status_code == 403
    response = lead.post(f"/assessments/{assessment_id}/sign-off")
    assert response.status_code == 302
    overview = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert "Signed off by Strategic lead" in overview
    # read-only now
    assert save(coordinator, assessment_id, "5.1", score=5, version="2").status_code == 403
    assert coordinator.get(f"/assessments/{assessment_id}/permissions").status_code == 409
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score == 3
    # reopening needs a reason, which is logged
    assert lead.get(f"/assessments/{assessment_id}/reopen").status_code == 403
    missing = coordinator.post(f"/assessments/{assessment_id}/reopen", data={"reason": ""})
    assert "Enter why the assessment is being reopened" in missing.get_data(as_text=True)
    assert coordinator.post(f"/assessments/{assessment_id}/reopen",
                            data={"reason": "Board asked us to revisit 9.4"}).status_code == 302
    assert save(coordinator, assessment_id, "5.1", score=4).status_code == 302
    with app.app_context():
        actions = [(e.action, e.after) for e in db.session.query(AuditEntry).filter_by(field="status")]
        assert ("signed off", "Signed off") in actions
        assert ("reopened", "In progress: Board asked us to revisit 9.4") in actions


def test_sign_off_needs_a_valid_priority_choice(people, app):
    coordinator, lead = people[Role.COORDINATOR], people[Role.STRATEGIC_LEAD]
    assessment_id = create_assessment(coordinator, year=2022)
    _complete(people, assessment_id)
    coordinator.post(f"/assessments/{assessment_id}/data-model", data={
        "data_model_submitted": "3", "survey_date": ["30", "9", "2021"], "data_model_changed": "yes",
        "data_model_current": "2", "change_reason": "Lost the warehouse"})
    page = lead.get(f"/assessments/{assessment_id}/check-answers").get_data(as_text=True)
    assert "Change the priority descriptors" in page
    lead.post(f"/assessments/{assessment_id}/sign-off")
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "in_progress"


def test_a_browser_keeps_one_draft_at_a_time(people, app):
    """Typing on after the session ended keeps only the latest text, so no one can fill the
    server with drafts; a browser that was never signed in keeps none."""
    facilitator = people[Role.FACILITATOR]
    assessment_id = create_assessment(people[Role.COORDINATOR])
    version = version_on(facilitator, assessment_id, "8.2")
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
        db.session.commit()
    for text in ("First try", "Second try", "Third try"):
        save(facilitator, assessment_id, "8.2", score=3, working_well=text, version=version)
    with app.app_context():
        assert [json.loads(d.payload)["working_well"] for d in db.session.query(Draft)] == ["Third try"]
    stranger = app.test_client()
    response = save(stranger, assessment_id, "8.2", score=3, working_well="From nowhere", version=version)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.query(Draft).count() == 1
