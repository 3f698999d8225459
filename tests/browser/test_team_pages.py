"""The invitation page and the team's history, in Chromium: axe clean, no CSP refusals, in their
normal and error states."""

from __future__ import annotations

import re
import secrets
from typing import Any

from browser_support import PageProblems, assert_no_axe_violations


def _check(page: Any, problems: PageProblems, heading: str) -> None:
    page.wait_for_load_state("load")
    assert re.search(heading, page.locator("h1").inner_text(), re.IGNORECASE), page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    problems.assert_none()


def test_invitation_page_and_its_error_state(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "coordinator")
    page.goto("/team/invite")
    page.get_by_label("Full name").fill("Browser Invitee")
    page.get_by_label("Email address").fill(f"invitee-{secrets.token_hex(4)}@example.gov.uk")
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Create invitation link").click()
    page.wait_for_load_state("load")
    link = page.locator("#invitation-link").inner_text()
    page_problems.clear()
    page.goto(link)
    _check(page, page_problems, "Join ")
    page.get_by_role("button", name="Accept invitation").click()
    page.wait_for_load_state("load")
    assert "Enter a password" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    _check(page, page_problems, "Join ")


def test_team_history_page(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "coordinator")
    page.goto("/team")
    page.get_by_role("link", name="Team history").click()
    _check(page, page_problems, "Team history")
    assert page.locator("tbody tr").count() >= 1  # the invitation made above
