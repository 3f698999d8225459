"""The service works with JavaScript switched off: sign in, score a descriptor, add evidence."""

from __future__ import annotations

from typing import Any

from browser_support import PageProblems, demo_assessment_path, sign_in


def test_scoring_a_descriptor_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        problems = PageProblems.attach(page)
        user = live_server.logins["facilitator"]
        sign_in(page, user.email, user.password)
        current = demo_assessment_path(page)
        page.goto(current + "/descriptors/7.4")
        page.get_by_label("2 – Developing").check()
        page.get_by_label("What is working well and what evidence do you have?").fill("Written with no JavaScript")
        page.get_by_text("Add a piece of evidence").click()  # a native <details>: opens without script
        page.get_by_label("What is the evidence?").fill("Voluntary sector mapping, 2026")
        page.get_by_label("Partner report").check()
        page.get_by_role("button", name="Add evidence").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("cell", name="Voluntary sector mapping, 2026", exact=True).count() == 1
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().startswith("7.5")
        page.goto(current)
        item = page.locator("#descriptor-7\\.4")
        assert "Scored" in item.inner_text() and "Score: 2" in item.inner_text()
        problems.assert_none()
    finally:
        context.close()
