"""Creating an assessment and working through it: overview, descriptor pages, evidence,
last year beside this year, section summaries and check your answers."""

import pytest

from app.data.models import Assessment, AuditEntry, DescriptorResponse, EvidenceItem
from app.domain.roles import Role
from app.extensions import db
from tests import factories
from tests.integration.assessment_helpers import create_assessment, new_assessment_form, save

COORDINATOR = "coordinator@example.gov.uk"


def _statuses(overview) -> dict[str, str]:
    """Each descriptor's status on the overview's task list."""
    return {item["id"].removeprefix("descriptor-"): " ".join(item.select_one(".govuk-task-list__status").get_text().split())
            for item in overview.soup.select("li.govuk-task-list__item[id^=descriptor-]")}


def test_a_coordinator_starts_an_assessment(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    start = client.get("/assessments", expect=200).page.link("Start a new assessment")
    page = client.get(start, expect=200).page
    assert page.h1 == "Start a new assessment"
    assert "Building blocks" in page.text and "The Early Help System Guide" in page.text
    assessment_id = create_assessment(client)
    overview = client.get(f"/assessments/{assessment_id}", expect=200).page
    assert any("The 2026 assessment has started" in n for n in overview.notifications), overview.notifications
    assert "You have scored 0 of 31 descriptors" in overview.text
    for section in ("5. Family voice and experience", "6. Workforce", "7. Communities", "8. Leaders", "9. Data"):
        assert section in overview.texts("h2"), section
    statuses = _statuses(overview)
    assert len(statuses) == 31 and set(statuses.values()) == {"Not started"}
    assert "Earned Autonomy minimum 4: not scored yet" in overview.text
    listing = client.get("/assessments", expect=200).page.text
    assert "2026 assessment" in listing and "In progress" in listing and "0 of 31" in listing


def test_one_assessment_per_partnership_per_year(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    create_assessment(client)
    page = client.post("/assessments/new", data=new_assessment_form(), expect=200).page
    assert any("already has an assessment for 2026" in e for e in page.errors), page.errors
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
    page = client.post("/assessments/new", data={**new_assessment_form(), **change}, expect=200).page
    assert page.title.startswith("Error: Start a new assessment")
    assert any(e.startswith(message) for e in page.errors), page.errors
    assert page.errors == page.field_errors  # each beside its field too
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.STRATEGIC_LEAD, Role.VIEWER])
def test_only_coordinators_start_assessments(signed_in, role):
    client = signed_in(role)
    client.get("/assessments/new", expect=403)
    client.post("/assessments/new", data=new_assessment_form(), expect=403)
    assert not client.get("/assessments", expect=200).page.has_link("Start a new assessment")


def _as_two(app, make_user, client, role=Role.FACILITATOR):
    make_user(f"{role.value}@example.gov.uk", role, name="Farah Facilitator")
    other = app.test_client()
    other.post("/login", data={"email": f"{role.value}@example.gov.uk", "password": factories.PASSWORD}, expect=302)
    return other


def test_a_facilitator_scores_a_descriptor_and_continues(signed_in, app, make_user):
    signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    facilitator = _as_two(app, make_user, None)
    page = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page
    assert "We have well established mechanisms to gather and act on feedback from families" in page.text
    assert "these labels and meanings are the toolkit's wording" in page.text
    assert any(label.startswith("3 – Established in places") for label in page.texts("label"))
    assert "What is working well and what evidence do you have?" in page.texts("label")
    assert "the minimum score for this descriptor is 4" in page.text
    response = save(facilitator, assessment_id, "5.1", score=3, working_well="Family feedback captured by partners.",
                    prioritising_next="Family follow-up surveys.", action="continue", expect=302)
    assert response.headers["Location"].endswith(f"/assessments/{assessment_id}/descriptors/5.2")
    overview = facilitator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "You have scored 1 of 31" in overview.text
    assert _statuses(overview)["5.1"] == "Scored"
    assert "Earned Autonomy minimum 4: not met" in overview.text
    with app.app_context():
        r = db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one()
        assert (r.score, r.working_well, r.version) == (3, "Family feedback captured by partners.", 2)


def test_narratives_without_a_score_are_in_progress(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    save(client, assessment_id, "6.2", working_well="Draft thoughts", expect=302)
    statuses = _statuses(client.get(f"/assessments/{assessment_id}", expect=200).page)
    assert statuses["6.2"] == "In progress" and statuses["6.1"] == "Not started"


@pytest.mark.parametrize("score", ["7", "-1", "three", "3.5"])
def test_a_wrong_score_is_refused_and_nothing_is_saved(signed_in, app, score):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    page = save(client, assessment_id, "5.1", score=score, working_well="Keep this text", expect=200).page
    assert page.errors == ["Select a score from 0 to 5"]
    assert page.value("working_well").strip() == "Keep this text"  # what they typed is still in the form
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None


def test_an_overlong_narrative_is_refused_with_the_limit(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    page = save(client, assessment_id, "5.1", score=2, working_well="x" * 20_001, expect=200).page
    assert page.errors == ["What is working well must be 20,000 characters or fewer"]
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None


def test_evidence_is_added_and_removed_on_the_page_keeping_the_text(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    response = save(client, assessment_id, "5.1", score=3, working_well="Typed before adding evidence",
                    action="add_evidence", evidence_description="Family feedback survey, 212 responses",
                    evidence_kind="family_feedback", evidence_agency="Council early help",
                    evidence_date=["27", "3", "2026"], evidence_link="https://example.gov.uk/survey", expect=302)
    assert response.headers["Location"].endswith("#evidence")
    page = client.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page
    assert [row[:3] for row in page.table_rows("Evidence for 5.1")] == [
        ["Family feedback survey, 212 responses Link to Family feedback survey, 212 responses", "Family feedback",
         "Council early help 27 March 2026"]]
    assert page.value("working_well").strip() == "Typed before adding evidence"
    with app.app_context():
        evidence_id = db.session.query(EvidenceItem).one().id
    save(client, assessment_id, "5.1", score=3, working_well="Typed before adding evidence",
         remove_evidence=str(evidence_id), expect=302)
    assert "Evidence for 5.1" not in client.get(f"/assessments/{assessment_id}/descriptors/5.1",
                                                expect=200).page.table_captions
    with app.app_context():
        assert db.session.query(EvidenceItem).count() == 0
        actions = [e.action for e in db.session.query(AuditEntry).filter_by(descriptor_id="5.1")]
        assert "added evidence" in actions and "removed evidence" in actions


def test_adding_evidence_needs_a_description_and_kind(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    page = save(client, assessment_id, "5.1", action="add_evidence", evidence_link="not a link", expect=200).page
    for message in ("Enter what the evidence is", "Select the kind of evidence", "Enter a link starting with https://"):
        assert any(e.startswith(message) for e in page.errors), (message, page.errors)
    with app.app_context():
        assert db.session.query(EvidenceItem).count() == 0


def test_a_viewer_reads_but_cannot_change(signed_in, app, make_user):
    signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    factories.answer(app, assessment_id, COORDINATOR, "5.1", 4, working_well="Strong family voice")
    viewer = _as_two(app, make_user, None, Role.VIEWER)
    page = viewer.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page
    assert "Strong family voice" in page.text and not page.forms
    viewer.post(f"/assessments/{assessment_id}/descriptors/5.1", data={"score": "0", "version": "2"}, expect=403)


def test_another_partnerships_assessment_is_not_found(signed_in, app, make_user):
    signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    make_user("other@knowsley.example", Role.COORDINATOR, partnership="Knowsley Early Help Partnership")
    outsider = app.test_client()
    outsider.post("/login", data={"email": "other@knowsley.example", "password": factories.PASSWORD}, expect=302)
    for path in ("", "/descriptors/5.1", "/sections/5", "/check-answers", "/history", "/descriptors/5.1/history",
                 "/data-model", "/permissions"):
        assert outsider.get(f"/assessments/{assessment_id}{path}", expect=404).page.h1 == "Page not found", path
    outsider.post(f"/assessments/{assessment_id}/descriptors/5.1", data={"score": "0", "version": "1"}, expect=404)
    assert "There are no assessments" in outsider.get("/assessments", expect=200).page.text


def test_unknown_descriptor_and_section_are_not_found(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    for path in (f"/assessments/{assessment_id}/descriptors/9.9", f"/assessments/{assessment_id}/sections/4",
                 "/assessments/999999"):
        assert client.get(path, expect=404).page.h1 == "Page not found", path
    client.get(f"/assessments/{assessment_id}/descriptors/9.7", expect=200)


def test_last_year_is_shown_beside_this_year(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    last = factories.assessment(app, COORDINATOR, year=2025)
    factories.answer(app, last, COORDINATOR, "5.1", 2, working_well="Last year's evidence text",
                     prioritising_next="Last year's plan")
    this = factories.assessment(app, COORDINATOR, year=2026)
    page = client.get(f"/assessments/{this}/descriptors/5.1", expect=200).page
    assert "Last year (2025)" in page.texts("h2")
    assert "Score: 2" in page.text and "Last year's evidence text" in page.text
    assert page.value("working_well").strip() == ""
    started = client.get(page.link("Start from last year's text"), expect=200).page
    assert started.value("working_well").strip() == "Last year's evidence text"
    with app.app_context():  # nothing saved until they save
        r = db.session.query(DescriptorResponse).filter_by(assessment_id=this, descriptor_id="5.1").one()
        assert r.working_well == ""


def test_section_summary_and_check_your_answers(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    factories.answer(app, assessment_id, COORDINATOR, "7.3", 2, working_well="Community capacity work")
    summary = client.get(f"/assessments/{assessment_id}/sections/7", expect=200).page
    assert "7. Communities" in summary.h1
    assert "Community capacity work" in summary.text and "1 of 5 descriptors scored" in summary.text
    check = client.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    assert "3 – Building blocks" in check.text and "survey of 30 September 2025" in check.text
    assert "shared with DfE" in check.text  # the permission questions, word for word from the guide
    assert "Score every descriptor: 30 not scored yet" in check.text
    assert "Answer the three questions about permission to share" in check.text
