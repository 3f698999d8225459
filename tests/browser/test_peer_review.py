"""Peer review in Chromium: a coordinator invites someone from another partnership (a wrong
address first), the reviewer finds the review, reads the assessment and challenges a descriptor,
and the partnership reads the challenge beside it; then the coordinator ends the review and the
reviewer can no longer open it. Every page axe clean, no CSP refusals or missing files."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, sign_in

HOME = "Peer Home Early Help Partnership"
AWAY = "Peer Away Early Help Partnership"
COORDINATOR = "coordinator@peer-home.example.gov.uk"
REVIEWER = "reviewer@peer-away.example.gov.uk"
PASSWORD = "a long peer review test password"
CHALLENGE = "What do families say about the front door? The evidence is from one agency only."


@pytest.fixture(scope="module")
def assessment_path(live_server: Any) -> str:
    from app.domain.roles import Role
    from app.services import accounts
    from tests import factories

    with live_server.app.app_context():
        accounts.create_user(COORDINATOR, "Cleo Home", PASSWORD, HOME, Role.COORDINATOR, local_authority="Home")
        accounts.create_user(REVIEWER, "Rafi Away", PASSWORD, AWAY, Role.COORDINATOR, local_authority="Away")
    assessment_id = factories.assessment(live_server.app, COORDINATOR, year=2026)
    factories.answer(live_server.app, assessment_id, COORDINATOR, "5.1", 3)
    return f"/assessments/{assessment_id}"


def _sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out", exact=True).click()


def test_a_peer_review_from_invitation_to_its_end(page: Any, page_problems: PageProblems, assessment_path: str) -> None:
    assert sign_in(page, COORDINATOR, PASSWORD).ok
    page.goto(assessment_path)
    page.get_by_role("link", name="Peer reviews", exact=True).last.click()
    assert page.locator("h1").inner_text() == "Peer reviews"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Invite a reviewer").click()
    page.get_by_label("Reviewer's email address").fill("nobody@example.gov.uk")
    page.get_by_role("button", name="Invite reviewer").click()
    assert "Nobody with that email address" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Reviewer's email address").fill(REVIEWER)
    page.get_by_label("For how many days may they review it?").fill("14")
    page.get_by_role("button", name="Invite reviewer").click()
    assert "Rafi Away can now review this assessment" in page.locator(".govuk-notification-banner").inner_text()
    assert "Open" in page.locator("#peer-reviews").inner_text()
    _sign_out(page)

    assert sign_in(page, REVIEWER, PASSWORD).ok
    page.get_by_role("link", name="Peer reviews", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"{HOME}, 2026 assessment").click()
    assert page.locator("h1").inner_text() == f"Peer review of {HOME}, 2026 assessment"
    assert page.get_by_role("link", name="Change 5.1 score").count() == 0
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write a challenge on 5.1").click()
    assert_no_axe_violations(page)
    page.get_by_label("Your challenge").fill(CHALLENGE)
    page.get_by_role("button", name="Save challenge").click()
    assert CHALLENGE in page.locator("#challenge-5\\.1").inner_text()
    _sign_out(page)

    assert sign_in(page, COORDINATOR, PASSWORD).ok
    page.goto(f"{assessment_path}/descriptors/5.1")
    beside = page.locator("#peer-challenges").inner_text()
    assert "Rafi Away" in beside and CHALLENGE in beside
    assert_no_axe_violations(page)
    page.goto(f"{assessment_path}/peer-reviews")
    page.get_by_role("button", name="End review by Rafi Away").click()
    assert "Ended" in page.locator("#peer-reviews").inner_text()
    _sign_out(page)

    assert sign_in(page, REVIEWER, PASSWORD).ok
    page.get_by_role("link", name="Peer reviews", exact=True).click()
    assert "Ended" in page.locator("#my-reviews").inner_text()
    assert page.get_by_role("link", name=f"{HOME}, 2026 assessment").count() == 0
    page_problems.assert_none()
