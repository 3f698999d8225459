"""Every assessment page, as each person meets it in Chromium: axe clean (WCAG 2.2 AA rules),
no CSP refusals or missing files, in its normal and its error state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, demo_assessment_path


def _check(page: Any, problems: PageProblems, heading: str | None = None) -> None:
    page.wait_for_load_state("load")
    if heading:
        assert re.search(heading, page.locator("h1").inner_text(), re.IGNORECASE), page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    problems.assert_none()


def _demo_assessment_paths(page: Any) -> tuple[str, str]:
    """The overview URLs of the demo's current assessment and of its imported 2022 year."""
    return demo_assessment_path(page), demo_assessment_path(page, 2022)


COORDINATOR_PAGES = [
    ("", r"\d{4} assessment"),
    ("/descriptors/5.1", r"5\.1 Family engagement"),
    ("/descriptors/6.4", r"6\.4"),
    ("/sections/9", r"9\. Data"),
    ("/check-answers", r"Check your answers"),
    ("/data-model", r"Data model"),
    ("/permissions", r"Permission to share"),
    ("/history", r"History of the"),
    ("/descriptors/5.1/history", r"History of 5\.1"),
    ("/earned-autonomy", r"Earned Autonomy readiness"),
    ("/priorities", r"Priority descriptors"),
    ("/export", r"Download the"),
]


@pytest.mark.parametrize("suffix, heading", COORDINATOR_PAGES)
def test_coordinator_pages(page: Any, page_problems: PageProblems, login: Any, suffix: str, heading: str) -> None:
    login(page, "coordinator")
    current, _ = _demo_assessment_paths(page)
    page_problems.clear()
    page.goto(current + suffix)
    _check(page, page_problems, heading)


@pytest.mark.parametrize("path, heading", [
    ("/assessments", "Assessments"), ("/assessments/new", "Start a new assessment"),
    ("/assessments/import", "Import an earlier return"), ("/team", "Team"), ("/team/invite", "Invite someone"),
    ("/partnerships", "Choose a partnership"),
])
def test_coordinator_list_and_form_pages(page: Any, page_problems: PageProblems, login: Any, path: str, heading: str) -> None:
    login(page, "coordinator")
    page_problems.clear()
    page.goto(path)
    _check(page, page_problems, heading)


def test_last_year_beside_this_year_and_the_earned_autonomy_chart(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "facilitator")
    current, _ = _demo_assessment_paths(page)
    page_problems.clear()
    page.goto(current + "/descriptors/5.1")
    assert page.get_by_role("heading", name="Last year (2022)").is_visible()
    page.goto(current + "/earned-autonomy")
    chart = page.get_by_role("img")
    assert chart.count() == 1 and "minimum" in (chart.get_attribute("alt") or "").lower()
    assert page.evaluate("() => document.querySelector('img.app-chart').naturalWidth") > 100
    _check(page, page_problems)


@pytest.mark.parametrize("role", ["viewer", "strategic_lead", "facilitator"])
def test_read_and_edit_views_for_each_role(page: Any, page_problems: PageProblems, login: Any, role: str) -> None:
    login(page, role)
    current, last = _demo_assessment_paths(page)
    for path in (current, current + "/descriptors/9.1", current + "/priorities", last + "/check-answers"):
        page_problems.clear()
        page.goto(path)
        _check(page, page_problems)


def test_the_imported_year_for_the_coordinator(page: Any, page_problems: PageProblems, login: Any) -> None:
    """The demo's 2022 return, imported (from a file without a sign-off): its overview and check answers."""
    login(page, "coordinator")
    _, last = _demo_assessment_paths(page)
    for path, heading in ((last, r"2022 assessment"), (last + "/check-answers", r"Check your answers")):
        page_problems.clear()
        page.goto(path)
        _check(page, page_problems, heading)


# ---------------------------------------------------------------------- error states


def test_new_assessment_error_state(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "coordinator")
    page.goto("/assessments/new")
    page.get_by_label("Which year is this assessment for?").fill("")
    page.get_by_role("button", name="Start assessment").click()
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the year, for example 2026" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    _check(page, page_problems)


def test_descriptor_evidence_error_state(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "facilitator")
    current, _ = _demo_assessment_paths(page)
    page.goto(current + "/descriptors/7.2")
    page.get_by_text("Add a piece of evidence").click()
    page.get_by_role("button", name="Add evidence").click()
    page.wait_for_load_state("load")
    assert "Enter what the evidence is" in page.locator(".govuk-error-summary").inner_text()
    _check(page, page_problems)


def test_priorities_error_state(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "strategic_lead")
    current, _ = _demo_assessment_paths(page)
    page.goto(current + "/priorities")
    page.get_by_label("First priority descriptor").select_option("9.1")
    page.get_by_label("Second priority descriptor").select_option("9.2")
    page.get_by_label("Third priority descriptor").select_option("9.3")
    page.get_by_role("button", name="Save priorities").click()
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "With data model 3, exactly one of the three must come from the Data section; you chose three" in summary
    _check(page, page_problems)


def test_permissions_and_import_error_states(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "coordinator")
    current, _ = _demo_assessment_paths(page)
    page.goto(current + "/permissions")
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_load_state("load")
    assert "Select yes or no for sharing with DfE" in page.locator(".govuk-error-summary").inner_text()
    _check(page, page_problems)
    page_problems.clear()
    page.goto("/assessments/import")
    page.get_by_role("button", name="Import returns").click()
    page.wait_for_load_state("load")
    assert "Select a file to import" in page.locator(".govuk-error-summary").inner_text()
    _check(page, page_problems)
    page_problems.clear()
    page.goto("/team/invite")
    page.get_by_role("button", name="Create invitation link").click()
    page.wait_for_load_state("load")
    assert "Select a role" in page.locator(".govuk-error-summary").inner_text()
    _check(page, page_problems)


def test_importing_several_files_shows_each_result(page: Any, page_problems: PageProblems, login: Any) -> None:
    """Issue 15: several files in one upload; the good one is imported, the bad one says why."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
    login(page, "coordinator")
    page.goto("/assessments/import")
    page.set_input_files("input[type=file]", files=[
        {"name": "sefton-2019.txt", "mimeType": "text/plain", "buffer": b"Year: 2019\n" + seed.read_bytes()},
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Some notes, not a return"},
    ])
    page.get_by_role("button", name="Import returns").click()
    page.wait_for_load_state("load")
    assert "notes.txt: File: No descriptors were found" in page.locator(".govuk-error-summary").inner_text()
    results = page.locator("#results + .govuk-summary-list").inner_text()
    assert "Imported" in results and "the 2019 return" in results and "Not imported" in results
    _check(page, page_problems)
