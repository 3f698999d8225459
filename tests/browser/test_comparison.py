"""Areas learning from each other in Chromium: two other areas sent permitting 2022 returns (and a
third sent one that does not permit), the demo's coordinator opens the comparison from the demo's
2022 assessment (Sefton's return, which says yes to sharing with coordinators), sees the spread and
the areas to learn from (and, on this year's assessment, which has not answered that permission,
why there is nothing to compare), and chooses the contact shown to other areas (a refused one first).
Every page axe clean, no CSP refusals or missing files."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, demo_assessment_path

ASHBY = "Ashby Early Help Partnership"
BRAMPTON = "Brampton Early Help Partnership"
CARLOW = "Carlow Early Help Partnership"  # sent, but does not permit: never named
ASHBY_CONTACT = "Ash Ashby, early.help@ashby.example.gov.uk"


@pytest.fixture(scope="module")
def assessment_path(live_server: Any) -> str:
    from sqlalchemy import select

    from app.data.models import Assessment, Partnership
    from app.extensions import db
    from app.services.demo import DEMO_PARTNERSHIP
    from tests import factories

    app = live_server.app
    base = dict(factories.SEFTON_2022)
    factories.sent_return(app, ASHBY, year=2022, given={**base, "7.3": 5, "5.1": 4}, contact=ASHBY_CONTACT)
    factories.sent_return(app, BRAMPTON, year=2022, given={**base, "7.3": 4, "5.1": 2})
    factories.sent_return(app, CARLOW, year=2022, given={**base, "7.3": 5}, coordinators=False,
                          contact="Cal Carlow, 01234 567890")
    with app.app_context():
        found = db.session.scalar(select(Assessment.id).join(Partnership)
                                  .where(Partnership.name == DEMO_PARTNERSHIP, Assessment.year == 2022))
        db.session.remove()
    assert found is not None
    return f"/assessments/{found}"


def test_the_coordinator_compares_with_other_areas_and_chooses_a_contact(
        page: Any, page_problems: PageProblems, login: Any, assessment_path: str) -> None:
    login(page, "coordinator")
    page.goto(assessment_path)
    page.get_by_role("link", name="Compare with other areas", exact=True).click()
    assert page.locator("h1").inner_text() == "Compare with other areas"
    assert page.locator("#compared-with").inner_text().startswith("Compared with 2 other areas.")
    row = page.locator("#spread-row-5\\.1").inner_text()
    assert "\t3\t2\t3\t2\t4\tAt the median: 1 of 2 other areas score lower, 1 higher" in row  # Sefton 3; Ashby 4, Brampton 2
    learn = page.locator("#learn-from").inner_text()
    assert ASHBY in learn and ASHBY_CONTACT in learn and BRAMPTON in learn and "No contact chosen" in learn
    assert "Carlow" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # This year's assessment has not answered the second permission: nothing to compare, and how to change it.
    page.goto(demo_assessment_path(page) + "/compare")
    assert "answer yes to the permission to share with Supporting Families coordinators in other areas" in page.locator("#nothing-to-compare").inner_text()
    assert_no_axe_violations(page)

    page.goto("/team")
    page.get_by_role("link", name="Contact for other areas", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Contact for other areas").fill("Casey Coordinator")
    page.get_by_role("button", name="Save contact").click()
    assert page.title().startswith("Error: ")
    assert "Enter a name with an email address or phone number" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Contact for other areas").fill("Casey Coordinator, coordinator@demo.example")
    page.get_by_role("button", name="Save contact").click()
    assert "now saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "Casey Coordinator, coordinator@demo.example" in page.locator("#contact-now").inner_text()
    page_problems.assert_none()
