"""The department's views in Chromium (issue 16): an analyst lands on /department, every section's
chart loads with its alternative text, the downloads are there; another department's officer sees
the scores table; a coordinator withdraws and gives back a permission on the consent page, with the
keyboard. axe clean, no CSP refusals or missing files."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, sign_in

PASSWORD = "a long department test password"
ANALYST, OFFICER = "analyst@department.example.gov.uk", "officer@department.example.gov.uk"
COORDINATOR = "coordinator@wirral.example.gov.uk"
AREAS = ("Wirral Browser Early Help Partnership", "Halton Browser Early Help Partnership")


@pytest.fixture(scope="module")
def loaded(live_server: Any) -> dict[str, int]:
    from app.domain.roles import Role
    from app.domain.sharing import Audience
    from app.frameworks import framework
    from app.services import accounts, loading
    from app.services.demo import SEFTON_2022

    ids = {}
    with live_server.app.app_context():
        guide = framework("ehsg-2022")
        for name in AREAS:
            done = loading.load_sent([(SEFTON_2022.name, SEFTON_2022.read_bytes())], {guide.id: guide}, partnership_name=name,
                                     year=2023)[0]  # a year no other browser test sends for
            assert done.assessment is not None, done.problems
            ids[name] = done.assessment.id
        accounts.create_outside_user(ANALYST, "Ada Analyst", PASSWORD, Audience.DEPARTMENT)
        accounts.create_outside_user(OFFICER, "Otto Officer", PASSWORD, Audience.OTHER_DEPARTMENT)
        accounts.create_user(COORDINATOR, "Cora Wirral", PASSWORD, AREAS[0], Role.COORDINATOR)
    return ids


def test_the_department_view(page: Any, page_problems: PageProblems, loaded: dict[str, int]) -> None:
    response = sign_in(page, ANALYST, PASSWORD)
    assert response is not None and response.ok
    assert page.url.endswith("/department")
    page.goto("/department?year=2023")
    assert page.locator("h1").inner_text() == "Returns sent to the department, 2023"
    assert page.locator(".govuk-service-navigation__item").all_inner_texts()[0] == "Returns sent"
    charts = page.locator("img.app-chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "every chart loads"
        assert chart.get_attribute("alt").startswith("Chart of the median and range of scores")
    assert page.locator("#areas li").all_inner_texts() == sorted(AREAS)
    assert "7.3" in page.locator("#action-learning-sets").inner_text()
    assert_no_axe_violations(page)
    page_problems.assert_none()
    page.goto("/department?year=nonsense")
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)


def test_the_other_departments_view(page: Any, page_problems: PageProblems, loaded: dict[str, int]) -> None:
    sign_in(page, OFFICER, PASSWORD)
    assert page.url.endswith("/other-departments")
    page.goto("/other-departments?year=2023")
    assert page.locator("#scores tbody tr").count() == 2
    page.locator(".app-table-scroll").focus()  # the wide table scrolls from the keyboard
    assert_no_axe_violations(page)
    page_problems.assert_none()


def test_a_coordinator_withdraws_and_gives_back_consent(page: Any, page_problems: PageProblems,
                                                        loaded: dict[str, int]) -> None:
    sign_in(page, COORDINATOR, PASSWORD)
    page.goto(f"/assessments/{loaded[AREAS[0]]}/send")
    page.get_by_role("link", name="Who can see the return sent").click()
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
    withdraw = page.get_by_role("button", name="Withdraw permission to share with the department")
    withdraw.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "can no longer see" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#permissions tbody tr").first.locator("td").nth(1).inner_text().startswith("No (changed")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Give permission to share with the department").click()
    assert page.locator("#permissions tbody tr").first.locator("td").nth(1).inner_text().startswith("Yes")
    page_problems.assert_none()
