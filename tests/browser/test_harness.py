"""The browser suite's own tools, checked on pages made up here (no app needed):
axe finds a real violation and passes a clean page even under a strict CSP, and the
page-problems collector sees CSP refusals and 4xx responses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, axe_violations

ORIGIN = "http://harness.invalid"
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"

GOOD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harness</title></head>
<body><main><h1>A clean page</h1><p>Nothing wrong here.</p>
<label for="q">Search</label><input id="q" name="q" type="text"></main></body></html>"""

BAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harness</title></head>
<body><main><h1>A bad page</h1><img src="/pic.png"><input type="text" name="nolabel">
<script>document.title = 'inline ran';</script></main></body></html>"""


@pytest.fixture
def harness_page(browser: Any) -> Iterator[Any]:
    """A page whose every request is answered here: `/good`, `/bad` (with a strict CSP), else 404."""
    ctx = browser.new_context()
    ctx.set_default_timeout(15_000)

    def handle(route: Any) -> None:
        path = route.request.url[len(ORIGIN):]
        if path == "/good":
            route.fulfill(status=200, content_type="text/html", body=GOOD, headers={"Content-Security-Policy": STRICT_CSP})
        elif path == "/bad":
            route.fulfill(status=200, content_type="text/html", body=BAD, headers={"Content-Security-Policy": STRICT_CSP})
        else:
            route.fulfill(status=404, content_type="text/plain", body="not found")

    ctx.route(f"{ORIGIN}/**", handle)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def test_axe_passes_a_clean_page_under_a_strict_csp(harness_page: Any) -> None:
    problems = PageProblems.attach(harness_page)
    harness_page.goto(f"{ORIGIN}/good")
    assert_no_axe_violations(harness_page)
    problems.assert_none()


def test_axe_reports_violations_with_their_nodes(harness_page: Any) -> None:
    harness_page.goto(f"{ORIGIN}/bad")
    violations = {v["id"]: v for v in axe_violations(harness_page)}
    assert "image-alt" in violations
    assert any("img" in node["target"] for node in violations["image-alt"]["nodes"])
    assert "label" in violations
    with pytest.raises(AssertionError, match=r"image-alt \[critical\]"):
        assert_no_axe_violations(harness_page)


def test_problems_collector_sees_csp_refusals_and_404s(harness_page: Any) -> None:
    problems = PageProblems.attach(harness_page)
    harness_page.goto(f"{ORIGIN}/bad")
    harness_page.wait_for_load_state("load")
    assert harness_page.title() == "Harness", "the inline script should have been blocked by the CSP"
    assert problems.csp_violations, problems.console_errors
    assert (404, f"{ORIGIN}/pic.png", "image") in problems.bad_responses
    with pytest.raises(AssertionError, match="Content Security Policy"):
        problems.assert_none()


def test_expected_error_document_is_allowed(harness_page: Any) -> None:
    problems = PageProblems.attach(harness_page)
    response = harness_page.goto(f"{ORIGIN}/missing")
    assert response is not None and response.status == 404
    problems.assert_none(expected_document=(404, f"{ORIGIN}/missing"))
