"""The pages as a person meets them in Chromium: accessible (axe-core, WCAG 2.2 AA rules),
no Content-Security-Policy refusals or script errors, nothing missing (no response >= 400),
usable from the keyboard."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from browser_support import (
    LiveServer,
    PageProblems,
    assert_no_axe_violations,
    assert_skip_link_first,
    focused_element,
    tab_to,
)

# path -> what its h1 must say (a regular expression, matched case-insensitively)
PUBLIC_PAGES = {
    "/login": r"^Sign in$",
    "/accessibility": r"accessibility statement",
    "/cookies": r"cookies",
    "/privacy": r"privacy",
}


def h1_text(page: Any) -> str:
    headings = page.locator("h1")
    assert headings.count() == 1, f"{page.url} has {headings.count()} h1 elements"
    return headings.inner_text().strip()


def assert_govuk_frontend_loaded(page: Any) -> None:
    """GOV.UK Frontend's CSS applied and its template's inline script ran (it needs the CSP nonce)."""
    skip_link_position = page.evaluate(
        "() => getComputedStyle(document.querySelector('.govuk-skip-link')).position"
    )
    assert skip_link_position == "absolute", "GOV.UK Frontend's CSS (application.css) did not apply"
    body_classes = page.evaluate("() => document.body.className")
    assert "govuk-frontend-supported" in body_classes, f"body classes: {body_classes!r}"


@pytest.mark.parametrize("path", list(PUBLIC_PAGES))
def test_public_page(page: Any, page_problems: PageProblems, live_server: LiveServer, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    assert re.search(PUBLIC_PAGES[path], h1_text(page), re.IGNORECASE), h1_text(page)
    assert page.title().strip(), "the page has no title"
    assert_govuk_frontend_loaded(page)
    assert_no_axe_violations(page)
    page_problems.assert_none()


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page"])
def test_first_tab_focuses_the_skip_link(page: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    assert_skip_link_first(page)


def test_not_found_page(page: Any, page_problems: PageProblems, live_server: LiveServer) -> None:
    url = f"{live_server.url}/no-such-page"
    response = page.goto(url)
    assert response is not None and response.status == 404
    page.wait_for_load_state("load")
    assert re.search(r"not found", h1_text(page), re.IGNORECASE), h1_text(page)
    assert_govuk_frontend_loaded(page)
    assert_no_axe_violations(page)
    page_problems.assert_none(expected_document=(404, url))


def test_health_is_json(page: Any, page_problems: PageProblems) -> None:
    response = page.goto("/health")
    assert response is not None and response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.text())
    assert body["status"] == "ok"
    # Chromium asks for /favicon.ico itself when a document (here JSON) names no icon;
    # whether that is answered is no concern of the health check.
    page_problems.assert_none(ignore_paths=("/favicon.ico",))


def test_sign_in_with_nothing_entered_shows_the_error_summary(page: Any, page_problems: PageProblems) -> None:
    page.goto("/login")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert summary.is_visible()
    # Each message links to its field, and the fields carry their own messages.
    links = summary.locator("a")
    assert links.count() >= 1
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        assert href.startswith("#") and page.locator(href).count() == 1, href
    assert page.locator(".govuk-error-message").count() >= 1
    # GOV.UK Frontend's JS moves focus to the summary so screen readers announce it.
    assert "govuk-error-summary" in focused_element(page).get("className", "")
    assert h1_text(page) == "Sign in"
    assert_no_axe_violations(page)
    page_problems.assert_none()


def test_wrong_password_shows_an_error(
    page: Any, page_problems: PageProblems, live_server: LiveServer
) -> None:
    user = live_server.logins["viewer"]
    page.goto("/login")
    page.get_by_label("Email address", exact=True).fill(user.email)
    page.get_by_label("Password", exact=True).fill(user.password + "-wrong")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("/login")
    assert page.title().startswith("Error: "), page.title()
    assert page.locator(".govuk-error-summary").is_visible()
    # The password is never sent back into the page.
    assert page.get_by_label("Password", exact=True).input_value() == ""
    assert_no_axe_violations(page)
    page_problems.assert_none()


def test_sign_in_with_the_keyboard_only(page: Any, page_problems: PageProblems, live_server: LiveServer) -> None:
    user = live_server.logins["coordinator"]
    page.goto("/login")
    page.wait_for_load_state("load")
    tab_to(page, lambda el: el.get("tag") == "input" and "Email address" in el.get("labels", []))
    page.keyboard.type(user.email)
    tab_to(page, lambda el: el.get("tag") == "input" and "Password" in el.get("labels", []), limit=3)
    page.keyboard.type(user.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert not page.url.rstrip("/").endswith("/login"), page.url
    assert page.get_by_role("button", name="Sign out").or_(page.get_by_role("link", name="Sign out")).count() >= 1
    page_problems.assert_none()


def test_assessments_list_after_sign_in(
    page: Any, page_problems: PageProblems, login: Callable[[Any, str], Any]
) -> None:
    login(page, "coordinator")
    page_problems.clear()
    response = page.goto("/assessments")
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    assert h1_text(page)
    assert_govuk_frontend_loaded(page)
    assert_no_axe_violations(page)
    page_problems.assert_none()
    page.reload()
    page.wait_for_load_state("load")
    assert_skip_link_first(page)
