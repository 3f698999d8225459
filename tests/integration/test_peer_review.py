"""Peer review: a coordinator invites someone from another partnership to one assessment; they
read it and challenge descriptors until it ends; the partnership reads the challenges beside each
descriptor; every view is in the history; nothing of it reaches the return."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document

from app.domain.roles import Role
from tests import factories
from tests.integration.conftest import sign_in

WIRRAL = "Wirral Early Help Partnership"
COORDINATOR = "coordinator@sefton.example.gov.uk"
VIEWER = "viewer@sefton.example.gov.uk"
REVIEWER = "reviewer@wirral.example.gov.uk"
OUTSIDER = "someone@knowsley.example.gov.uk"


@pytest.fixture
def world(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR, name="Cara Coordinator")
    make_user(VIEWER, Role.VIEWER, name="Vic Viewer")
    make_user(REVIEWER, Role.COORDINATOR, partnership=WIRRAL, name="Rhys Reviewer")
    make_user(OUTSIDER, Role.COORDINATOR, partnership="Knowsley Early Help Partnership", name="Olu Outsider")
    assessment_id = factories.assessment(app, COORDINATOR, year=2026)
    factories.answer(app, assessment_id, COORDINATOR, "5.1", 3)
    return assessment_id


def _client(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def _invite(app, assessment_id, email=REVIEWER, days="28", expect=302):
    """The coordinator's client, and the page after sending the invitation form (the list of
    reviews when it was made, the form with its errors when not)."""
    coordinator = _client(app, COORDINATOR)
    response = coordinator.post(f"/assessments/{assessment_id}/peer-reviews/invite",
                                data={"email": email, "days": days}, expect=expect)
    if expect == 302:
        response = coordinator.get(response.location, expect=200)
    return coordinator, response.page


def _review_id(app, email=REVIEWER) -> int:
    page = _client(app, email).get("/peer-reviews", expect=200).page
    href = page.link("Sefton Early Help Partnership, 2026 assessment")
    return int(href.rsplit("/", 1)[1])


def test_a_coordinator_invites_a_reviewer_who_reads_and_challenges_and_the_partnership_sees_it(app, world):
    coordinator, listing = _invite(app, world)
    assert listing.notifications == ["Rhys Reviewer can now review this assessment. Tell them to sign in and choose Peer reviews."]
    rows = listing.table_rows("Reviewers of this assessment")
    assert rows[0][0].startswith("Rhys Reviewer") and rows[0][3] == "Open" and rows[0][4] == "0"
    assert "The toolkit's choice, not the guide's" in listing.text_of("#peer-review-rule")

    review_id = _review_id(app)
    reviewer = _client(app, REVIEWER)
    page = reviewer.get(f"/peer-reviews/{review_id}", expect=200).page
    assert page.h1 == "Peer review of Sefton Early Help Partnership, 2026 assessment"
    assert "3 – " in page.summary_list("#summary-5\\.1 + p + .govuk-summary-list")["Score"]
    assert not page.has_link("Change 5.1 score")  # read-only

    challenge = reviewer.get(f"/peer-reviews/{review_id}/descriptors/5.1", expect=200).page
    assert challenge.h1 == "Challenge 5.1"
    reviewer.post(f"/peer-reviews/{review_id}/descriptors/5.1",
                  data={"text": "What tells you the front door works for schools?"}, expect=302)
    page = reviewer.get(f"/peer-reviews/{review_id}", expect=200).page
    assert page.notifications == ["Your challenge on 5.1 is saved."]
    assert "What tells you the front door works for schools?" in page.text_of("#challenge-5\\.1")

    # The partnership reads it beside the descriptor: every member, the viewer too.
    descriptor = _client(app, VIEWER).get(f"/assessments/{world}/descriptors/5.1", expect=200).page
    beside = descriptor.text_of("#peer-challenges")
    assert "Rhys Reviewer" in beside and "What tells you the front door works for schools?" in beside
    assert "not part of the return" in beside

    history = coordinator.get(f"/assessments/{world}/history", expect=200).page.table_rows()
    what = [row[2] for row in history]
    assert "invited a peer reviewer" in what
    assert what.count("viewed as peer reviewer") == 2 and "5.1: viewed as peer reviewer" in what
    assert "5.1: peer reviewer changed challenge" in what


def test_the_challenges_never_reach_the_return(app, world):
    _invite(app, world)
    review_id = _review_id(app)
    _client(app, REVIEWER).post(f"/peer-reviews/{review_id}/descriptors/5.1", data={"text": "PEER-CHALLENGE-TEXT"},
                                expect=302)
    coordinator = _client(app, COORDINATOR)
    exported = coordinator.get(f"/assessments/{world}/export/json", expect=200).data.decode()
    assert "PEER-CHALLENGE-TEXT" not in exported and "Rhys" not in exported
    word = Document(io.BytesIO(coordinator.get(f"/assessments/{world}/export/docx", expect=200).data))
    text = "\n".join(p.text for p in word.paragraphs) + "".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "PEER-CHALLENGE-TEXT" not in text
    assert json.loads(exported)  # still a whole return


def test_only_the_invited_reviewer_may_open_the_review_and_only_while_it_is_open(app, world, time_machine):
    coordinator, _ = _invite(app, world, days="3")
    review_id = _review_id(app)
    _client(app, OUTSIDER).get(f"/peer-reviews/{review_id}", expect=404)
    _client(app, COORDINATOR).get(f"/peer-reviews/{review_id}", expect=404)  # a member uses the assessment's own pages
    _client(app, REVIEWER).get(f"/assessments/{world}", expect=404)  # not a member: the review only
    _client(app, REVIEWER).post(f"/assessments/{world}/descriptors/5.1", data={"score": "5"}, expect=404)

    time_machine.move_to(datetime.now(UTC) + timedelta(days=3, minutes=1), tick=False)
    reviewer = _client(app, REVIEWER)
    reviewer.get(f"/peer-reviews/{review_id}", expect=404)
    reviewer.post(f"/peer-reviews/{review_id}/descriptors/5.1", data={"text": "late"}, expect=404)
    mine = reviewer.get("/peer-reviews", expect=200).page
    assert "Expired" in mine.text_of("#my-reviews")


def test_a_coordinator_ends_a_review_and_the_reviewer_can_no_longer_open_it(app, world):
    coordinator, _ = _invite(app, world)
    review_id = _review_id(app)
    _client(app, VIEWER).post(f"/assessments/{world}/peer-reviews/{review_id}/end", expect=403)
    coordinator.post(f"/assessments/{world}/peer-reviews/{review_id}/end", expect=302)
    listing = coordinator.get(f"/assessments/{world}/peer-reviews", expect=200).page
    assert listing.notifications == ["Rhys Reviewer's review has ended. They can no longer open this assessment."]
    assert listing.table_rows("Reviewers of this assessment")[0][3] == "Ended"
    _client(app, REVIEWER).get(f"/peer-reviews/{review_id}", expect=404)
    assert "ended a peer review" in [row[2] for row in coordinator.get(f"/assessments/{world}/history").page.table_rows()]


@pytest.mark.parametrize(("email", "days", "field", "message"), [
    ("nobody@example.gov.uk", "28", "email", "Nobody with that email address signs in to this service"),
    (VIEWER, "28", "email", "That person is a member of your own partnership"),
    (COORDINATOR, "28", "email", "You cannot review your own partnership's assessment"),
    ("not an address", "28", "email", "Enter an email address in the correct format"),
    (REVIEWER, "0", "days", "The number of days must be between 1 and 90"),
    (REVIEWER, "two", "days", "Enter the number of days as a whole number, like 28"),
])
def test_an_invitation_that_cannot_be_made_says_why(app, world, email, days, field, message):
    coordinator, page = _invite(app, world, email=email, days=days, expect=200)
    assert page.field_error(field).startswith(message)
    assert "Nobody has been invited" in coordinator.get(f"/assessments/{world}/peer-reviews").page.text


def test_inviting_twice_makes_one_review(app, world):
    coordinator, _ = _invite(app, world)
    coordinator.post(f"/assessments/{world}/peer-reviews/invite", data={"email": REVIEWER, "days": "28"}, expect=302)
    listing = coordinator.get(f"/assessments/{world}/peer-reviews").page
    assert listing.notifications == ["Rhys Reviewer already has an open review of this assessment."]
    assert len(listing.table_rows("Reviewers of this assessment")) == 1


def test_only_a_coordinator_invites(app, world):
    viewer = _client(app, VIEWER)
    viewer.get(f"/assessments/{world}/peer-reviews", expect=200)
    viewer.get(f"/assessments/{world}/peer-reviews/invite", expect=403)
    viewer.post(f"/assessments/{world}/peer-reviews/invite", data={"email": REVIEWER, "days": "28"}, expect=403)
    assert not viewer.get(f"/assessments/{world}/peer-reviews").page.has_link("Invite a reviewer")


def test_a_challenge_over_its_limit_is_refused_and_an_empty_one_removes_it(app, world):
    _invite(app, world)
    review_id = _review_id(app)
    reviewer = _client(app, REVIEWER)
    page = reviewer.post(f"/peer-reviews/{review_id}/descriptors/5.1", data={"text": "x" * 5001}, expect=200).page
    assert page.field_error("text").startswith("Your challenge must be 5,000 characters or fewer")
    reviewer.post(f"/peer-reviews/{review_id}/descriptors/5.1", data={"text": "A question"}, expect=302)
    reviewer.post(f"/peer-reviews/{review_id}/descriptors/5.1", data={"text": "  "}, expect=302)
    page = reviewer.get(f"/peer-reviews/{review_id}").page
    assert page.notifications[-1] == "You have no challenge on 5.1."
    assert page.text_of("#challenge-5\\.1") == "Write a challenge on 5.1"
    _client(app, COORDINATOR).get(f"/assessments/{world}/descriptors/5.1", expect=200)
    assert "peer-challenges" not in _client(app, VIEWER).get(f"/assessments/{world}/descriptors/5.1").data.decode()
    reviewer.get(f"/peer-reviews/{review_id}/descriptors/99.9", expect=404)
