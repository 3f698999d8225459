"""The trends page in Chromium for a partnership holding four years (three imported returns and
one in progress): every section's chart loads with its alternative text beside its table, the
distance travelled, readiness and priorities are there; axe clean, no CSP refusals or missing files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from browser_support import PageProblems, assert_no_axe_violations, sign_in

PARTNERSHIP = "Trends Test Early Help Partnership"
EMAIL = "lead@trends.example.gov.uk"
PASSWORD = "a long trends test password"


@pytest.fixture(scope="module")
def four_years(live_server: Any) -> str:
    from app.domain.returns import DescriptorAnswer, PriorityChoice, Return, SignOff
    from app.domain.roles import Role
    from app.extensions import db
    from app.frameworks import framework
    from app.services import accounts, returns
    from tests.factories import SEFTON_2022

    with live_server.app.app_context():
        guide = framework("ehsg-2022")
        accounts.create_user(EMAIL, "Lee Trends", PASSWORD, PARTNERSHIP, Role.STRATEGIC_LEAD, local_authority="Trends")
        for year, bump in ((2021, 0), (2022, 1), (2023, 1), (2024, 2)):
            scores = {d: min(5, s + bump) for d, s in SEFTON_2022.items()}
            if year == 2023:
                scores["5.1"] = None  # a year missing a score
            ret = Return(area=PARTNERSHIP, year=year, edition_id=guide.id,
                         answers=tuple(DescriptorAnswer(d, s) for d, s in scores.items()),
                         priorities=tuple(PriorityChoice(p) for p in ("7.3", "6.4", "9.4")),
                         sign_off=None if year == 2024 else SignOff("Lee Trends", datetime(year, 7, 1)))
            returns.import_return(ret, guide, partnership_name=PARTNERSHIP, source=f"{year}.json")
        db.session.commit()
    return EMAIL


def test_the_trends_page_with_four_years(page: Any, page_problems: PageProblems, four_years: str) -> None:
    response = sign_in(page, four_years, PASSWORD)
    assert response is not None and response.ok
    page.goto("/assessments")
    page_problems.clear()
    page.get_by_role("link", name="Trends across the years", exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Trends across the years"
    years = page.locator("#years-table tbody th").all_inner_texts()
    assert years == ["2021", "2022", "2023", "2024"]
    charts = page.locator("img.app-chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "every chart loads"
        assert chart.get_attribute("alt").startswith("Line chart of")
    assert "Up 2 (2021 to 2024)" in page.locator("#section-6-table").inner_text()
    assert page.locator("#priorities-table tbody tr").count() == 12
    assert_no_axe_violations(page)
    page_problems.assert_none()
