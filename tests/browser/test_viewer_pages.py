"""The pages a viewer gained (issue 17), as a viewer meets them in Chromium: the list of
workshops, with no link into a workshop and no controls, and the return's downloads; axe
clean, no CSP refusals or missing files."""

from __future__ import annotations

from typing import Any

from browser_support import PageProblems, assert_no_axe_violations, demo_assessment_path


def test_a_viewer_sees_the_workshop_list_and_the_downloads(page: Any, page_problems: PageProblems, login: Any) -> None:
    login(page, "viewer")
    current = demo_assessment_path(page)
    page_problems.clear()
    page.goto(current)
    page.get_by_role("link", name="Workshops", exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Workshops")
    assert page.locator("table.govuk-table tbody tr").count() >= 1, "the demo's workshop is listed"
    assert page.locator("main a[href*='/workshops/'], main .govuk-button").count() == 0
    assert_no_axe_violations(page)
    page_problems.assert_none()

    page.goto(current)
    page.get_by_role("link", name="Download the return (Word, spreadsheet, JSON)").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Download the")
    assert_no_axe_violations(page)
    page_problems.assert_none()
