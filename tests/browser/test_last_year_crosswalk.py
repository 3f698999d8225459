"""Last year beside this year across two editions, in Chromium: last year's assessment in the
2022 edition, this year's in a made-up later edition whose crosswalk rewords 5.1, makes 5.2 new
and merges 5.3 and 5.4 (tests/later_edition.py). Each descriptor page says how it pairs, in the
toolkit's words, and is axe clean; last year's text is offered only where one descriptor pairs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import LiveServer, PageProblems, assert_no_axe_violations, served_app, sign_in

COORDINATOR = "wirral-coordinator@example.gov.uk"


def _two_years(app: Any) -> None:
    """Wirral's 2025 assessment in the 2022 edition, scored on 5.1 to 5.4, and its 2026 one in the later edition."""
    from app.domain.roles import Role
    from tests import factories

    factories.user(app, COORDINATOR, Role.COORDINATOR, "Wirral Early Help Partnership")
    last = factories.assessment(app, COORDINATOR, year=2025)
    factories.answer(app, last, COORDINATOR, "5.1", 2, working_well="Heard in 2025", prioritising_next="Listen more")
    factories.answer(app, last, COORDINATOR, "5.2", 4, working_well="The old 5.2's evidence")
    factories.answer(app, last, COORDINATOR, "5.3", 3, working_well="Plans in 2025")
    factories.answer(app, last, COORDINATOR, "5.4", 1, working_well="Records in 2025")
    factories.assessment(app, COORDINATOR, year=2026, edition="ehsg-2026")


@pytest.fixture(scope="module")
def crosswalk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from tests.later_edition import write_later_edition

    folder = write_later_edition(tmp_path_factory.mktemp("editions"))
    with served_app(tmp_path_factory.mktemp("crosswalk-db"), demo=False, prepare=_two_years,
                    DESCRIPTORS_DIR=str(folder)) as server:
        yield server


def test_each_descriptor_page_says_how_it_pairs_with_last_year(browser: Any, crosswalk_server: LiveServer) -> None:
    from tests import factories

    server = crosswalk_server
    context = browser.new_context(base_url=server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = PageProblems.attach(page)
    assert sign_in(page, COORDINATOR, factories.PASSWORD).ok
    page.goto("/assessments")
    page.get_by_role("link", name="2026 assessment").click()
    page.wait_for_load_state("load")
    overview = page.url.rstrip("/")

    page.goto(f"{overview}/descriptors/5.1")
    box = page.locator(".app-last-year").inner_text()
    assert "Score: 2" in box and "Heard in 2025" in box
    assert page.locator("#last-year-note").inner_text().startswith("Reworded since the second iteration (2022) (was 5.1).")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start from last year's text").click()
    assert page.get_by_label("What is working well and what evidence do you have?").input_value().strip() == "Heard in 2025"

    page.goto(f"{overview}/descriptors/5.2")
    box = page.locator(".app-last-year").inner_text()
    assert "Not comparable" in box and "The old 5.2's evidence" not in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Start from last year's text").count() == 0
    assert_no_axe_violations(page)

    page.goto(f"{overview}/descriptors/5.3")
    box = page.locator(".app-last-year").inner_text()
    assert "Plans in 2025" in box and "Records in 2025" in box
    assert page.locator("#last-year-note").inner_text().startswith("Merged from 5.3, 5.4 in the second iteration (2022)")
    assert page.get_by_role("link", name="Start from last year's text").count() == 0
    assert_no_axe_violations(page)
    problems.assert_none()
    context.close()
