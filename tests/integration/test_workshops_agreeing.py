"""Agreeing a score in a workshop: the facilitator records it with a rationale and chosen
comments as evidence; it lands on the assessment (version-checked and audited), the overview
says "Agreed in a workshop" and the descriptor shows the figures it was agreed on."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from app.data.models import (
    Assessment,
    AssessmentStatus,
    AuditEntry,
    DescriptorResponse,
    EvidenceItem,
    WorkshopAnswer,
)
from app.domain.workshops import evidence_token
from app.extensions import db
from tests.integration.assessment_helpers import save
from tests.integration.workshop_helpers import answer, facilitated, facilitator_page, join


def _room(app, code):
    """Three people from three groups score 5.1: 2, 3 and 4, two with comments."""
    priya = join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust")
    dan = join(app, code, "police", "Dan Reilly", "Merseyside Police")
    jo = join(app, code, "family", "Jo Green", "Parent panel")
    answer(priya, code, "5.1", 2, "Health visitors do not hear back from the hub")
    answer(dan, code, "5.1", 3)
    answer(jo, code, "5.1", 4, "We were asked what we thought and it changed the plan")
    return priya, dan, jo


def _comment_ids(app):
    """Each comment's checkbox value on the agree page (its token, never the answer's id)."""
    with app.app_context():
        return {a.comment.split()[0]: evidence_token(a.answer_key) for a in db.session.query(WorkshopAnswer).filter(WorkshopAnswer.comment != "")}


def _agree_page(client, assessment_id, workshop_id, descriptor_id="5.1"):
    return client.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/{descriptor_id}/agree")


def _version(html: str) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)


def test_the_agreed_score_lands_on_the_assessment_with_its_evidence(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    priya, _, _ = _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    assert "Suggested score: 3, the median" in page
    assert re.search(r'value="3" checked', page)  # pre-filled with the suggested score
    assert "Round 1, Health, scored 2, Priya Shah, Mersey Care NHS Trust" in page
    ids = _comment_ids(app)
    response = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Strong in the council, patchy in health.",
              "evidence": [str(ids["Health"]), str(ids["We"])], "version": _version(page)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "The agreed score for 5.1 is saved on the 2026 assessment" in page
    assert "Agreed score: 3 – Established in places (the toolkit's description)" in html.unescape(page) and "Strong in the council, patchy in health." in page

    overview = facilitator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    item = re.search(r'id="descriptor-5.1".*?</li>', overview, re.S).group(0)
    assert "Agreed in a workshop" in item
    assert "You have scored 1 of 31 descriptors" in overview
    descriptor = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert "Agreed in workshop Family voice workshop</strong>" in descriptor
    assert "n = 3, median 3, range 2–4" in descriptor
    assert "Health visitors do not hear back from the hub" in descriptor  # now evidence
    with app.app_context():
        response_row = db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one()
        assert response_row.score == 3 and response_row.agreed_in_id is not None and response_row.version == 2
        evidence = {e.description: e for e in db.session.query(EvidenceItem)}
        health = evidence["Health visitors do not hear back from the hub"]
        assert health.agency == "Health: Priya Shah, Mersey Care NHS Trust"  # named: credited to the person
        assert health.kind.value == "other"
        family = evidence["We were asked what we thought and it changed the plan"]
        assert family.kind.value == "family_feedback" and family.agency.startswith("Family or lived experience")
        audit = db.session.query(AuditEntry).filter_by(descriptor_id="5.1", action="agreed in workshop").one()
        assert (audit.field, audit.before, audit.user_name) == ("score", None, "Farah Facilitator")
        assert audit.after.startswith("3 (workshop Family voice workshop, n = 3, median 3, range 2–4")
        assert db.session.query(AuditEntry).filter_by(descriptor_id="5.1", action="added evidence").count() == 2
        assert db.session.query(WorkshopAnswer).count() == 3  # every individual answer is kept
    history = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1/history").get_data(as_text=True)
    assert "agreed in workshop score" in history
    # Answers are closed for an agreed descriptor.
    late = answer(priya, code, "5.1", 5, round_number="1")
    assert late.status_code == 409 and "has been agreed, so answers are closed" in late.get_data(as_text=True)
    assert "the group has agreed a score of 3" in priya.get(f"/join/{code}/questions/5.1").get_data(as_text=True)


def test_in_a_facilitator_only_workshop_evidence_is_credited_to_the_group_only(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="facilitator_only")
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    assert "Priya Shah" in page  # the facilitator sees who said it
    assert "credited to the stakeholder group only" in page
    ids = _comment_ids(app)
    facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Agreed.", "evidence": [str(ids["Health"])], "version": _version(page)},
    )
    descriptor = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert "Health visitors do not hear back from the hub" in descriptor and "Priya" not in descriptor
    with app.app_context():
        assert db.session.query(EvidenceItem).one().agency == "Health"


def test_agreeing_needs_a_score_and_a_rationale(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    response = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "", "rationale": " ", "version": _version(page)},
    )
    html = response.get_data(as_text=True)
    assert "<title>Error: Agree a score for 5.1" in html
    assert "Select the agreed score" in html and "Enter why the group settled on this score" in html
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None


def test_a_save_on_the_assessment_meanwhile_is_not_overwritten(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    save(facilitator, assessment_id, "5.1", score=1, working_well="Typed on the assessment meanwhile")
    response = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Agreed.", "version": _version(page)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "saved 5.1 on the assessment while you were agreeing" in html and "Its score there is now 1" in html
    with app.app_context():
        row = db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one()
        assert (row.score, row.agreed_in_id) == (1, None)
    # Agreeing again from the refreshed form goes through.
    retry = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Agreed.", "version": _version(html)},
    )
    assert retry.status_code == 302


def test_a_signed_off_assessment_refuses_an_agreed_score(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    with app.app_context():
        db.session.get(Assessment, assessment_id).status = AssessmentStatus.SIGNED_OFF
        db.session.commit()
    assert "has been signed off, so the agreed score cannot be recorded" in \
        _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    response = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Agreed.", "version": _version(page)},
    )
    assert response.status_code == 409
    assert "has been signed off, so it cannot be changed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score is None
        assert db.session.query(AuditEntry).filter_by(action="agreed in workshop").count() == 0
    assert facilitator.get(f"/assessments/{assessment_id}/workshops/new").status_code == 409


def test_changing_an_agreed_score_by_hand_makes_it_an_ordinary_score(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
                     data={"score": "3", "rationale": "Agreed.", "version": _version(page)})
    # Narratives can be written without losing the agreement...
    save(facilitator, assessment_id, "5.1", score=3, working_well="What the workshop heard")
    assert "Agreed in workshop" in facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    # ...but a different score is no longer the workshop's.
    save(facilitator, assessment_id, "5.1", score=4, working_well="What the workshop heard")
    overview = facilitator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    item = re.search(r'id="descriptor-5.1".*?</li>', overview, re.S).group(0)
    assert "Agreed in a workshop" not in item and "Scored" in item
    assert "Agreed in workshop" not in facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)


@pytest.mark.parametrize("rounds", [1, 2])
def test_the_agreement_records_the_latest_rounds_figures(app, signed_in, make_user, rounds):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    priya, dan, jo = _room(app, code)
    if rounds == 2:
        facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/next-round")
        for device in (priya, dan, jo):
            answer(device, code, "5.1", 4)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
                     data={"score": "4" if rounds == 2 else "3", "rationale": "Agreed.", "version": _version(page)})
    descriptor = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    expected = "n = 3, median 4, range 4–4" if rounds == 2 else "n = 3, median 3, range 2–4"
    assert expected in descriptor


def test_changing_the_agreed_score_in_the_workshop_keeps_one_copy_of_each_comment(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    _room(app, code)
    ids = _comment_ids(app)
    url = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree"
    for score in ("3", "2"):
        page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
        response = facilitator.post(url, data={"score": score, "rationale": f"Settled on {score}.",
                                               "evidence": [str(ids["Health"])], "version": _version(page)})
        assert response.status_code == 302
    assert re.search(r'value="2" checked', _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True))
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().score == 2
        assert db.session.query(EvidenceItem).count() == 1
        assert [a.before for a in db.session.query(AuditEntry).filter_by(action="agreed in workshop")
                .order_by(AuditEntry.id)] == [None, "3"]


def test_the_workshop_figures_go_into_the_return(app, client, signed_in, make_user):
    """The coordinator's downloads carry what the room said: n, median, range, the spread of
    scores and each stakeholder group's figures, for the descriptor agreed in the workshop."""
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    _room(app, code)
    page = _agree_page(facilitator, assessment_id, workshop_id).get_data(as_text=True)
    agreed = facilitator.post(
        f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree",
        data={"score": "3", "rationale": "Strong in the council, patchy in health.", "version": _version(page)},
    )
    assert agreed.status_code == 302
    coordinator = client  # facilitated() signed the shared client in as the coordinator

    exported = json.loads(coordinator.get(f"/assessments/{assessment_id}/export/json").data)
    answers = {a["descriptor"]: a for a in exported["answers"]}
    workshop = answers["5.1"]["workshop"]
    assert (workshop["title"], workshop["count"], workshop["median"], workshop["agreed_score"]) == (
        "Family voice workshop", 3, 3, 3)
    assert workshop["histogram"] == [0, 0, 1, 1, 1, 0]
    assert {g["group"]: g["count"] for g in workshop["by_group"]} == {
        "Health": 1, "Police": 1, "Family or lived experience": 1}
    assert answers.get("5.2", {}).get("workshop") is None

    word = Document(io.BytesIO(coordinator.get(f"/assessments/{assessment_id}/export/docx").data))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Workshop: Family voice workshop" in text
    assert "3 people scored this descriptor. Median 3. Range 2 to 4. Agreed score: 3." in text
    group_rows = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    assert ["Police", "1", "3", "3"] in group_rows  # a single score reads as itself

    sheet = load_workbook(io.BytesIO(coordinator.get(f"/assessments/{assessment_id}/export/xlsx").data))["Workshops"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    everyone = next(r for r in rows if r[0] == "5.1" and r[3] == "Everyone")
    assert everyone[4:8] == [3, 3, 2, 4]
