"""The action plan in Chromium: a strategic lead drafts actions from a priority's "What are you
prioritising next?" text, assigns one with a due date, its owner updates it from My actions,
the lead records the mid-year review and downloads the Word "Action plan"; axe clean on every
page and on a form's error state, no CSP refusals or missing files."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, sign_in

PARTNERSHIP = "Plan Test Early Help Partnership"
LEAD = "lead@plan.example.gov.uk"
OWNER = "owner@plan.example.gov.uk"
PASSWORD = "a long action plan test password"
TEXT = "- Recruit two data analysts\n- Publish the dashboard\n\nAgree a shared outcomes framework."


@pytest.fixture(scope="module")
def plan_year(live_server: Any) -> int:
    from app.domain.returns import PriorityChoice
    from app.domain.roles import Role
    from app.frameworks import framework
    from app.services import accounts
    from app.services import assessments as service
    from app.services import descriptor_edits as edits
    from app.services import priorities as priority_service

    with live_server.app.app_context():
        guide = framework("ehsg-2022")
        lead = accounts.create_user(LEAD, "Lee Plan", PASSWORD, PARTNERSHIP, Role.STRATEGIC_LEAD, local_authority="Plan")
        accounts.create_user(OWNER, "Olu Owner", PASSWORD, PARTNERSHIP, Role.FACILITATOR, local_authority="Plan")
        details = service.AssessmentDetails(year=date.today().year, edition_id=guide.id, data_model_submitted=3,
                                            survey_date=None, data_model_changed=False)
        created = service.create_assessment(lead.memberships[0].partnership, details, lead, guide)
        found = service.assessment(created.id)
        assert found is not None
        edits.save_descriptor(found, "9.4", edits.DescriptorEdit(2, "", TEXT), 1, lead)
        found = service.assessment(created.id)
        assert found is not None
        check = priority_service.save_priorities(found, [PriorityChoice(d) for d in ("9.4", "6.4", "7.3")], lead, guide)
        assert check.valid
        return created.id


def test_the_action_plan_from_the_text_to_the_word_download(page: Any, page_problems: PageProblems,
                                                            plan_year: int) -> None:
    assert sign_in(page, LEAD, PASSWORD).ok
    page.goto(f"/assessments/{plan_year}")
    page_problems.clear()
    page.get_by_role("link", name="Action plan for the priorities", exact=True).click()
    assert page.locator("h1").inner_text() == "Action plan"
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Draft actions for 9.4 from its text").click()
    page.wait_for_load_state("load")
    assert "3 draft actions added from descriptor 9.4's text" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#plan-table tbody th").all_inner_texts() == [
        "Agree a shared outcomes framework.", "Publish the dashboard", "Recruit two data analysts"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Change Publish the dashboard").click()
    page.get_by_label("Action", exact=True).fill("")
    page.get_by_role("button", name="Save action").click()
    assert page.locator(".govuk-error-summary").inner_text().endswith("Enter the action")
    assert_no_axe_violations(page)  # the form's error state
    page.get_by_label("Action", exact=True).fill("Publish the dashboard")
    page.get_by_label("Owner in the team").select_option(label="Olu Owner")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year", exact=True).fill(str(date.today().year + 1))
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save action").click()
    page.wait_for_load_state("load")
    assert "Olu Owner" in page.locator("#plan-table").inner_text()
    page.context.clear_cookies()

    assert sign_in(page, OWNER, PASSWORD).ok
    page.goto(f"/assessments/{plan_year}/plan")
    page.get_by_role("link", name="My actions", exact=True).click()
    assert page.locator("h1").inner_text() == "My actions"
    assert page.locator("#plan-table tbody tr").count() == 1
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Update Publish the dashboard").click()
    assert_no_axe_violations(page)
    page.get_by_label("At risk").check()
    page.get_by_label("Progress note").fill("The analyst post is not filled yet")
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state("load")
    first = page.locator("#plan-table tbody tr").first.inner_text()
    assert "Publish the dashboard" in first and "At risk" in first  # at risk comes first
    page.context.clear_cookies()

    assert sign_in(page, LEAD, PASSWORD).ok
    page.goto(f"/assessments/{plan_year}/plan")
    page.get_by_role("link", name="Mid-year review", exact=True).click()
    assert_no_axe_violations(page)
    page.locator("#score-9\\.4").select_option("3")
    page.get_by_label("9.4: Publish the dashboard", exact=False).fill("Dashboard drafted, analyst recruited in May")
    page.get_by_role("button", name="Save the mid-year review").click()
    page.wait_for_load_state("load")
    assert "Mid-year review saved" in page.locator(".govuk-notification-banner").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan (Word)", exact=True).click()
    assert download.value.suggested_filename.endswith(f"{date.today().year}.docx")
    page_problems.assert_none()
