"""An assessment from creation to sign-off, using only the keyboard: Tab to move, arrow keys and
Space for radios, typing for text, Enter to press buttons."""

from __future__ import annotations

import re
from typing import Any

from browser_support import PageProblems, assert_no_axe_violations, focused_element, tab_to

SCORES = {
    **{f"5.{i}": 3 for i in range(1, 8)}, **{f"6.{i}": 2 for i in range(1, 5)}, **{f"6.{i}": 3 for i in range(5, 8)},
    "7.1": 3, "7.2": 3, "7.3": 2, "7.4": 2, "7.5": 2, **{f"8.{i}": 2 for i in range(1, 6)},
    "9.1": 3, "9.2": 2, "9.3": 3, "9.4": 2, "9.5": 3, "9.6": 3, "9.7": 3,
}


def _press_enter_on(page: Any, name: str, limit: int = 120) -> None:
    tab_to(page, lambda f: f.get("text", "").startswith(name), limit=limit)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _focused_name(page: Any) -> str:
    return page.evaluate("() => document.activeElement.name || ''")


def _choose_radio(page: Any, group: str, label: str) -> None:
    """Tab into the radio group, then arrow down to the option (arrow keys select as they move)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if focused_element(page).get("type") == "radio" and _focused_name(page) == group:
            break
    else:
        raise AssertionError(f"never reached the {group} radios")
    focused = focused_element(page)
    for _ in range(12):
        if label in " ".join(focused.get("labels", [])):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        focused = focused_element(page)
    raise AssertionError(f"no radio labelled {label!r}")


def test_an_assessment_from_creation_to_sign_off_with_the_keyboard(browser: Any, live_server: Any, login: Any) -> None:
    coordinator_context = browser.new_context(base_url=live_server.url)
    lead_context = browser.new_context(base_url=live_server.url)
    try:
        coordinator, lead = coordinator_context.new_page(), lead_context.new_page()
        problems = PageProblems.attach(coordinator)
        login(coordinator, "coordinator")
        login(lead, "strategic_lead")

        # Create the assessment.
        coordinator.goto("/assessments/new")
        tab_to(coordinator, lambda f: "Which year is this assessment for?" in " ".join(f.get("labels", [])), limit=60)
        coordinator.keyboard.type("2031")
        _choose_radio(coordinator, "data_model_submitted", "3 – Building blocks")
        tab_to(coordinator, lambda f: f.get("labels") == ["Day"])
        coordinator.keyboard.type("30")
        coordinator.keyboard.press("Tab")
        coordinator.keyboard.type("9")
        coordinator.keyboard.press("Tab")
        coordinator.keyboard.type("2030")
        _choose_radio(coordinator, "data_model_changed", "No")
        _press_enter_on(coordinator, "Start assessment")
        assert coordinator.locator("h1").inner_text() == "2031 assessment"
        assert_no_axe_violations(coordinator)
        overview_url = coordinator.url

        # Score every descriptor: "Save and continue" moves to the next one.
        tab_to(coordinator, lambda f: f.get("text", "").startswith("5.1"), limit=80)
        with coordinator.expect_navigation():
            coordinator.keyboard.press("Enter")
        for descriptor_id, score in SCORES.items():
            assert coordinator.locator("h1").inner_text().startswith(descriptor_id)
            _choose_radio(coordinator, "score", f"{score} – ")
            tab_to(coordinator, lambda f: f.get("tag") == "textarea")
            coordinator.keyboard.type(f"What works for {descriptor_id}, with its evidence.")
            _press_enter_on(coordinator, "Save and continue")
        assert coordinator.locator("h1").inner_text() == "Check your answers"

        # Permissions, from the check-your-answers page.
        coordinator.goto(overview_url + "/permissions")
        for group in ("dfe", "coordinators", "other_departments"):
            _choose_radio(coordinator, group, "Yes")
        _press_enter_on(coordinator, "Save answers")
        assert "Permissions to share saved" in coordinator.content()

        # The strategic lead chooses the priorities and signs off.
        lead.goto(overview_url + "/priorities")
        for ordinal, descriptor_id in (("First", "7.3"), ("Second", "6.4"), ("Third", "9.4")):
            tab_to(lead, lambda f, o=ordinal: f"{o} priority descriptor" in " ".join(f.get("labels", [])), limit=80)
            lead.keyboard.type(descriptor_id)  # a select jumps to the option its typed text starts
            lead.keyboard.press("Tab")
            lead.keyboard.type(f"Rationale for {descriptor_id}")
        _press_enter_on(lead, "Save priorities")
        assert lead.locator("h1").inner_text() == "Check your answers"
        assert_no_axe_violations(lead)
        _press_enter_on(lead, "Continue to sign off", limit=400)  # past every "Change" link
        assert lead.locator("h1").inner_text() == "Sign off the 2031 assessment"
        assert_no_axe_violations(lead)
        _press_enter_on(lead, "Confirm and sign off", limit=200)  # past the links to each descriptor with a gap
        assert re.search(r"signed off", lead.locator(".govuk-notification-banner").inner_text(), re.I)
        assert "Signed off by" in lead.content()
        problems.assert_none()
    finally:
        coordinator_context.close()
        lead_context.close()
