"""Signing off first shows a confirmation page listing the descriptors with an empty narrative
or no evidence, and signing off closes every workshop of the assessment still open."""

from __future__ import annotations

from datetime import date

from app.data.models import Assessment, User, Workshop
from app.domain.returns import Evidence, EvidenceKind
from app.domain.roles import Role
from app.domain.workshops import NameHandling, WorkshopMode
from app.extensions import db
from app.frameworks import framework
from app.services import workshop_setup
from tests import factories
from tests.integration.test_assessment_changes import COORDINATOR, _complete, people  # noqa: F401


def _open_round(app, assessment_id: int, title: str) -> None:
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        user = db.session.query(User).filter_by(email=COORDINATOR).one()
        workshop_setup.create_workshop(
            found, workshop_setup.WorkshopDetails(title=title, held_on=date.today(), mode=WorkshopMode.OPEN,
                                                  names=NameHandling.NAMED, closes_on=date(2099, 1, 1),
                                                  descriptor_ids=("5.1",)),
            user, framework(found.edition_id))


def test_the_confirmation_lists_each_gap_with_a_link_and_signing_off_closes_the_workshops(people, app):  # noqa: F811
    lead = people[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    _complete(app, assessment_id)
    evidence = Evidence(description="Family survey, 212 responses", kind=EvidenceKind.FAMILY_FEEDBACK)
    factories.answer(app, assessment_id, COORDINATOR, "5.1", 3, working_well="Good", prioritising_next="More",
                     evidence=evidence)
    factories.answer(app, assessment_id, COORDINATOR, "5.2", 3, working_well="Good", prioritising_next="")
    _open_round(app, assessment_id, "Family voice open round")

    check = lead.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    page = lead.get(check.link("Continue to sign off"), expect=200).page
    assert page.h1 == "Sign off the 2022 assessment"
    rows = page.table_rows("Descriptors with an empty narrative or no evidence")
    assert len(rows) == 30  # all but 5.1
    assert rows[0] == [rows[0][0], "What you are prioritising next, evidence"] and rows[0][0].startswith("5.2 ")
    assert rows[1][0].startswith("5.3 ")
    assert page.link(rows[0][0]).endswith(f"/assessments/{assessment_id}/descriptors/5.2")
    assert "this check is the toolkit's, not the guide's" in page.text
    assert "Signing off closes the workshop still open: Family voice open round." in page.text

    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "signed_off"
        workshop = db.session.query(Workshop).filter_by(assessment_id=assessment_id).one()
        assert workshop.closed_at is not None
    history = lead.get(f"/assessments/{assessment_id}/history", expect=200).page
    assert any("closed at sign-off" in row[2] for row in history.table_rows())
    # Signed off: the confirmation page is gone, back to the assessment.
    lead.get(f"/assessments/{assessment_id}/sign-off", expect=302)
    # ...and the workshop stays closed: it cannot be reopened or changed until the assessment is.
    coordinator = people[Role.COORDINATOR]
    base = f"/assessments/{assessment_id}/workshops/{workshop.id}"
    assert "Reopen the workshop" not in coordinator.get(base, expect=200).page.buttons
    coordinator.post(base + "/reopen", expect=302)
    told = coordinator.get(base, expect=200).page
    assert any("has been signed off, so this workshop cannot be reopened" in n for n in told.notifications)
    assert coordinator.get(base + "/edit", expect=302).headers["Location"].endswith(base)
    with app.app_context():
        assert db.session.get(Workshop, workshop.id).closed_at is not None


def test_an_assessment_not_ready_sends_the_lead_back_to_what_is_missing(people, app):  # noqa: F811
    lead = people[Role.STRATEGIC_LEAD]
    assessment_id = factories.assessment(app, COORDINATOR)
    sent = lead.get(f"/assessments/{assessment_id}/sign-off", expect=302)
    assert sent.headers["Location"].endswith(f"/assessments/{assessment_id}/check-answers")
