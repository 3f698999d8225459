"""Steps of a live workshop the browser tests share: clicking through to a page, setting a
workshop up, and joining one as a participant on their own phone."""

from __future__ import annotations

from datetime import date
from typing import Any


def click_and_wait(page: Any, locator: Any) -> Any:
    """Click something that loads a page and wait until it has loaded; the navigation's response."""
    with page.expect_navigation() as navigation:
        locator.click()
    page.wait_for_load_state("load")
    return navigation.value


def create_live_workshop(page: Any, title: str, *descriptor_labels: Any) -> tuple[str, str]:
    """On the set-up page already open, create a named live workshop today on the descriptors
    whose checkbox labels (text or patterns) are given: (the workshop page's URL, its join code)."""
    page.get_by_label("Workshop title").fill(title)
    today = date.today()
    page.get_by_label("Day").first.fill(str(today.day))
    page.get_by_label("Month").first.fill(str(today.month))
    page.get_by_label("Year").first.fill(str(today.year))
    page.get_by_label("Live workshop").check()
    page.get_by_label("Named", exact=True).check()
    page.get_by_text("Choose single descriptors").click()
    for label in descriptor_labels:
        page.get_by_label(label).check()
    click_and_wait(page, page.get_by_role("button", name="Create workshop"))
    assert "The workshop is set up" in page.locator("main").inner_text(), page.locator("main").inner_text()[:600]
    code = page.locator("#join-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-", code
    return page.url, code


def join_workshop(phone: Any, code: str, name: str, organisation: str, group: str) -> None:
    """A participant joins a named workshop with its code, as on their own phone."""
    phone.goto("/join")
    phone.get_by_label("Workshop code").fill(code)
    click_and_wait(phone, phone.get_by_role("button", name="Continue"))
    phone.get_by_label("Your name").fill(name)
    phone.get_by_label("Your organisation").fill(organisation)
    phone.get_by_label(group, exact=True).check()
    click_and_wait(phone, phone.get_by_role("button", name="Join the workshop"))
