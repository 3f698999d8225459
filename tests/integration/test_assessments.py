"""Creating an assessment and working through it: overview, descriptor pages, evidence,
last year beside this year, section summaries and check your answers."""

import re

import pytest

from app.data.models import Assessment, AuditEntry, DescriptorResponse, EvidenceItem
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import create_assessment, new_assessment_form, save


def test_a_coordinator_starts_an_assessment(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assert "Start a new assessment" in client.get("/assessments").get_data(as_text=True)
    page = client.get("/assessments/new").get_data(as_text=True)
    assert "Building blocks" in page and "The Early Help System Guide" in page
    assessment_id = create_assessment(client)
    overview = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "The 2026 assessment has started" in overview
    assert "You have scored 0 of 31 descriptors" in overview
    for section in ("5. Family voice and experience", "6. Workforce", "7. Communities", "8. Leaders", "9. Data"):
        assert section in overview
    assert overview.count("Not started") == 31
    assert "Earned Autonomy minimum 4: not scored yet" in overview
    listing = client.get("/assessments").get_data(as_text=True)
    assert "2026 assessment" in listing and "In progress" in listing and "0 of 31" in listing


def test_one_assessment_per_partnership_per_year(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    create_assessment(client)
    response = client.post("/assessments/new", data=new_assessment_form())
    assert response.status_code == 200
    assert "already has an assessment for 2026" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Assessment).count() == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"year": ""}, "Enter the year, for example 2026"),
        ({"year": "twenty"}, "Enter the year as 4 digits, for example 2026"),
        ({"year": "1999"}, "Year must be between 2020 and 2100"),
        ({"data_model_submitted": ""}, "Select the data model submitted in the data survey"),
        ({"data_model_submitted": "9"}, "Not a valid choice"),
        ({"survey_date": ["31", "2", "2025"]}, "Enter a real date"),
        ({"data_model_changed": ""}, "Select yes if the data model has changed since the data survey"),
        ({"data_model_changed": "yes", "data_model_current": ""}, "Select the data model the partnership is at now"),
        ({"data_model_changed": "yes", "data_model_current": "4", "change_reason": ""}, "Enter why you think the data model has changed"),
    ],
)
def test_a_wrong_new_assessment_form_says_what_is_wrong_and_saves_nothing(signed_in, app, change, message):
    client = signed_in(Role.COORDINATOR)
    response = client.post("/assessments/new", data={**new_assessment_form(), **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Start a new assessment" in html
    assert message in html
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.STRATEGIC_LEAD, Role.VIEWER])
def test_only_coordinators_start_assessments(signed_in, role):
    client = signed_in(role)
    assert client.get("/assessments/new").status_code == 403
    assert client.post("/assessments/new", data=new_assessment_form()).status_code == 403


def _as_two(app, make_user, client, role=Role.FACILITATOR):
    make_user(f"{role.value}@example.gov.uk", role, name="Farah Facilitator")
    other = app.test_client()
    other.post("/login", data={"email": f"{role.value}@example.gov.uk", "password": "correct horse battery staple"})
    return other


def test_a_facilitator_scores_a_descriptor_and_continues(signed_in, app, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    facilitator = _as_two(app, make_user, coordinator)
    page = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert "We have well established mechanisms to gather and act on feedback from families" in page
    assert "these labels and meanings are the toolkit&#39;s wording" in page
    assert "3 – Established in places" in page
    assert "What is working well and what evidence do you have?" in page
    assert "the minimum score for this descriptor is 4" in page
    response = save(facilitator, assessment_id, "5.1", score=3, working_well="Family feedback captured by partners.",
                    prioritising_next="Family follow-up surveys.", action="continue")
    assert response.headers["Location"].endswith(f"/assessments/{assessment_id}/descriptors/5.2")
    overview = facilitator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "You have scored 1 of 31" in overview
    assert "Earned Autonomy minimum 4: not met" in overview
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one()
        assert (r.score, r.working_well, r.version) == (3, "Family feedback captured by partners.", 2)


def test_narratives_without_a_score_are_in_progress(signed_in):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    save(client, assessment_id, "6.2", working_well="Draft thoughts")
    overview = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    item = re.search(r'id="descriptor-6.2".*?</li>', overview, re.S).group(0)
    assert "In progress" in item


@pytest.mark.parametrize("score", ["7", "-1", "three", "3.5"])
def test_a_wrong_score_is_refused_and_nothing_is_saved(signed_in, app, score):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    response = save(client, assessment_id, "5.1", score=score, working_well="Keep this text")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Select a score from 0 to 5" in html
    assert "Keep this text" in html  # what they typed is still in the form
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None


def test_an_overlong_narrative_is_refused_with_the_limit(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    response = save(client, assessment_id, "5.1", score=2, working_well="x" * 20_001)
    assert "What is working well must be 20,000 characters or fewer" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None


def test_evidence_is_added_and_removed_on_the_page_keeping_the_text(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    response = save(client, assessment_id, "5.1", score=3, working_well="Typed before adding evidence",
                    action="add_evidence", evidence_description="Family feedback survey, 212 responses",
                    evidence_kind="family_feedback", evidence_agency="Council early help",
                    evidence_date=["27", "3", "2026"], evidence_link="https://example.gov.uk/survey")
    assert response.status_code == 302 and response.headers["Location"].endswith("#evidence")
    page = client.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert "Family feedback survey, 212 responses" in page and "Council early help" in page and "27 March 2026" in page
    assert "Typed before adding evidence" in page
    with app.app_context():
        evidence_id = db.session.query(EvidenceItem).one().id
    response = save(client, assessment_id, "5.1", score=3, working_well="Typed before adding evidence",
                    remove_evidence=str(evidence_id))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(EvidenceItem).count() == 0
        actions = [e.action for e in db.session.query(AuditEntry).filter_by(descriptor_id="5.1")]
        assert "added evidence" in actions and "removed evidence" in actions


def test_adding_evidence_needs_a_description_and_kind(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    response = save(client, assessment_id, "5.1", action="add_evidence", evidence_link="not a link")
    html = response.get_data(as_text=True)
    for message in ("Enter what the evidence is", "Select the kind of evidence", "Enter a link starting with https://"):
        assert message in html
    with app.app_context():
        assert db.session.query(EvidenceItem).count() == 0


def test_a_viewer_reads_but_cannot_change(signed_in, app, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    save(coordinator, assessment_id, "5.1", score=4, working_well="Strong family voice")
    viewer = _as_two(app, make_user, coordinator, Role.VIEWER)
    page = viewer.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert "Strong family voice" in page and "<form method=\"post\" action=\"/assessments" not in page
    response = viewer.post(f"/assessments/{assessment_id}/descriptors/5.1", data={"score": "0", "version": "2"})
    assert response.status_code == 403


def test_another_partnerships_assessment_is_not_found(signed_in, app, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    make_user("other@knowsley.example", Role.COORDINATOR, partnership="Knowsley Early Help Partnership")
    outsider = app.test_client()
    outsider.post("/login", data={"email": "other@knowsley.example", "password": "correct horse battery staple"})
    for path in ("", "/descriptors/5.1", "/sections/5", "/check-answers", "/history", "/descriptors/5.1/history",
                 "/data-model", "/permissions"):
        assert outsider.get(f"/assessments/{assessment_id}{path}").status_code == 404, path
    assert outsider.post(f"/assessments/{assessment_id}/descriptors/5.1", data={"score": "0", "version": "1"}).status_code == 404
    assert "There are no assessments" in outsider.get("/assessments").get_data(as_text=True)


def test_unknown_descriptor_and_section_are_not_found(signed_in):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    assert client.get(f"/assessments/{assessment_id}/descriptors/9.9").status_code == 404
    assert client.get(f"/assessments/{assessment_id}/sections/4").status_code == 404
    assert client.get("/assessments/999999").status_code == 404


def test_last_year_is_shown_beside_this_year(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    last = create_assessment(client, year=2025)
    save(client, last, "5.1", score=2, working_well="Last year's evidence text", prioritising_next="Last year's plan")
    this = create_assessment(client, year=2026)
    page = client.get(f"/assessments/{this}/descriptors/5.1").get_data(as_text=True)
    assert "Last year (2025)" in page and "Score: 2" in page and "Last year&#39;s evidence text" in page
    started = client.get(f"/assessments/{this}/descriptors/5.1?from=last-year").get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="working_well"[^>]*>(.*?)</textarea>', started, re.S).group(1)
    assert "Last year&#39;s evidence text" in textarea
    with app.app_context():  # nothing saved until they save
        r = db.session.query(DescriptorResponse).filter_by(assessment_id=this, descriptor_id="5.1").one()
        assert r.working_well == ""


def test_section_summary_and_check_your_answers(signed_in):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    save(client, assessment_id, "7.3", score=2, working_well="Community capacity work")
    summary = client.get(f"/assessments/{assessment_id}/sections/7").get_data(as_text=True)
    assert "7. Communities" in summary and "Community capacity work" in summary and "1 of 5 descriptors scored" in summary
    check = client.get(f"/assessments/{assessment_id}/check-answers").get_data(as_text=True)
    assert "3 – Building blocks" in check and "survey of 30 September 2025" in check
    assert "shared with DfE" in check  # the permission questions, word for word from the guide
    assert "Score every descriptor: 30 not scored yet" in check
    assert "Answer the three questions about permission to share" in check
