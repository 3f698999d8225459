"""Text typed when the session ended is kept for the person who typed it, for a page they may
edit, and no more of it than the form takes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.data.models import Draft, UserSession
from app.domain import limits
from app.domain.roles import Role
from app.extensions import db
from tests import factories
from tests.integration.assessment_helpers import save, version_on
from tests.integration.conftest import PASSWORD

COORDINATOR = "coordinator@example.gov.uk"
FACILITATOR = "facilitator@example.gov.uk"


@pytest.fixture
def expired(app, make_user, time_machine):
    """A facilitator's browser whose session has just gone idle, on a page of an assessment they may edit."""
    make_user(COORDINATOR, Role.COORDINATOR, name="Chris Coordinator")
    make_user(FACILITATOR, Role.FACILITATOR, name="Fola Facilitator")
    assessment_id = factories.assessment(app, COORDINATOR)
    browser = app.test_client()
    browser.post("/login", data={"email": FACILITATOR, "password": PASSWORD}, expect=302)
    version = version_on(browser, assessment_id, "8.2")
    time_machine.move_to(datetime.now(UTC) + timedelta(hours=3), tick=False)
    return browser, assessment_id, version


def drafts(app) -> list[dict]:
    with app.app_context():
        return [json.loads(d.payload) for d in db.session.query(Draft)]


def test_someone_else_signing_in_on_the_same_browser_does_not_see_the_text(app, expired):
    browser, assessment_id, version = expired
    typed = save(browser, assessment_id, "8.2", score=3, working_well="Fola's unsaved notes on the family panel",
                 version=version, expect=302)
    # Fola walks away; Chris signs in on the same computer and lands on the same page.
    signed_in = browser.post(typed.headers["Location"], data={"email": COORDINATOR, "password": PASSWORD}, expect=302)
    page = browser.get(signed_in.headers["Location"], expect=200).page
    assert not any("We kept what you wrote" in n for n in page.notifications)
    assert page.value("working_well").strip() == ""
    assert page.checked("score") == []
    assert drafts(app) == []  # and it is not waiting for anyone else either


def test_the_person_who_typed_it_gets_it_back(app, expired):
    browser, assessment_id, version = expired
    typed = save(browser, assessment_id, "8.2", score=3, working_well="Fola's unsaved notes", version=version,
                 expect=302)
    signed_in = browser.post(typed.headers["Location"], data={"email": FACILITATOR, "password": PASSWORD}, expect=302)
    page = browser.get(signed_in.headers["Location"], expect=200).page
    assert any(n.startswith("We kept what you wrote before your session ended") for n in page.notifications)
    assert page.value("working_well").strip() == "Fola's unsaved notes"


@pytest.mark.parametrize("address", [
    "/assessments/999999/descriptors/8.2",  # no such assessment
    "/assessments/{id}/descriptors/99.9",  # no such descriptor
    "/assessments/{other}/descriptors/8.2",  # another partnership's assessment
])
def test_a_made_up_address_keeps_no_draft(app, expired, address):
    browser, assessment_id, version = expired
    with app.app_context():
        other = factories.assessment(app, factories.user(app, "them@example.gov.uk", Role.COORDINATOR,
                                                         "Knowsley Early Help Partnership"))
    url = address.format(id=assessment_id, other=other)
    response = browser.post(url, data={"score": "3", "working_well": "x" * 5000, "version": version}, expect=302)
    assert response.headers["Location"].startswith("/login")
    assert drafts(app) == []
    login = browser.get(response.headers["Location"], expect=200).page
    assert "what you wrote will be put back" not in login.text


def test_someone_who_may_not_edit_keeps_no_draft(app, expired, make_user):
    _browser, assessment_id, version = expired
    make_user("viewer@example.gov.uk", Role.VIEWER)
    viewer = app.test_client()
    viewer.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD}, expect=302)
    viewer.get(f"/assessments/{assessment_id}/descriptors/8.2", expect=200)
    with app.app_context():  # the viewer's session ends on the server (as when it idles out)
        db.session.query(UserSession).delete()
        db.session.commit()
    response = viewer.post(f"/assessments/{assessment_id}/descriptors/8.2",
                           data={"score": "3", "working_well": "Not mine to write", "version": version}, expect=302)
    assert response.headers["Location"].startswith("/login")
    assert drafts(app) == []


def test_a_draft_over_the_limits_is_not_kept_whole(app, expired):
    browser, assessment_id, version = expired
    too_long = "Far too much. " * (limits.NARRATIVE // 10)
    assert len(too_long) > limits.NARRATIVE
    save(browser, assessment_id, "8.2", score=3, working_well=too_long, prioritising_next=too_long, version=version,
         expect=302, padding="z" * 100_000)
    [kept] = drafts(app)
    assert set(kept) == {"score", "working_well", "prioritising_next", "version"}  # nothing else it was sent
    assert len(kept["working_well"]) == limits.NARRATIVE and len(kept["prioritising_next"]) == limits.NARRATIVE
    assert kept["working_well"] == too_long[:limits.NARRATIVE]


def test_a_person_keeps_one_draft_at_a_time(app, expired):
    """Typing on after the session ended keeps only the latest text, whichever page it was on."""
    browser, assessment_id, version = expired
    for descriptor_id, text in (("8.2", "First try"), ("8.2", "Second try"), ("8.3", "Third try")):
        save(browser, assessment_id, descriptor_id, score=3, working_well=text, version=version, expect=302)
    assert [d["working_well"] for d in drafts(app)] == ["Third try"]
    # A browser that was never signed in keeps none.
    stranger = app.test_client()
    response = save(stranger, assessment_id, "8.2", score=3, working_well="From nowhere", version=version, expect=302)
    assert response.headers["Location"].startswith("/login")
    assert [d["working_well"] for d in drafts(app)] == ["Third try"]
