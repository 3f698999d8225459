"""A live workshop in Chromium: a facilitator and three participants, each in their own browser
context (their own cookies, as on their own phones), run one descriptor from joining to the
agreed score. Every participant and facilitator page is checked with axe-core, and the
facilitator's page updates by itself as answers arrive, without a reload."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from browser_support import LiveServer, PageProblems, assert_no_axe_violations
from workshop_steps import click_and_wait, create_live_workshop

PARTICIPANTS = (
    ("Priya Shah", "Demo NHS Foundation Trust", "Health", "2 – Developing",
     "Health visitors rarely hear back once a family is referred."),
    ("Dan Reilly", "Demo Police", "Police", "3 – Established in places", ""),
    ("Jo Green", "Demo Parent Panel", "Family or lived experience", "3 – Established in places",
     "Our lead practitioner knew the whole family."),
)


def _new_page(browser: Any, live_server: LiveServer) -> tuple[Any, Any, PageProblems]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page, PageProblems.attach(page)


def test_a_facilitator_and_three_participants_agree_a_score(
    page: Any, page_problems: PageProblems, browser: Any, live_server: LiveServer,
    login: Callable[[Any, str], Any],
) -> None:
    facilitator = page
    login(facilitator, "facilitator")
    year = date.today().year
    facilitator.goto("/assessments")
    click_and_wait(facilitator, facilitator.get_by_role("link", name=f"{year} assessment"))
    click_and_wait(facilitator, facilitator.get_by_role("link", name="Workshops", exact=True))
    assert_no_axe_violations(facilitator)
    click_and_wait(facilitator, facilitator.get_by_role("link", name="Set up a workshop"))
    assert_no_axe_violations(facilitator)

    # The form's error state, then the real thing.
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Create workshop"))
    assert facilitator.title().startswith("Error: "), facilitator.title()
    assert_no_axe_violations(facilitator)
    workshop_url, code = create_live_workshop(facilitator, "Workforce workshop", re.compile(r"6\.1 The workforce"))
    assert_no_axe_violations(facilitator)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code

    click_and_wait(facilitator, facilitator.get_by_role("link", name="6.1", exact=True))
    status = facilitator.locator("#answered-status")
    assert "0 of 0" in status.inner_text()
    assert "The results are hidden" in facilitator.locator("#live-region").inner_text()
    assert_no_axe_violations(facilitator)

    # Three people join on their own devices: one types the code in lower case.
    devices = []
    for index, (name, organisation, group, score, comment) in enumerate(PARTICIPANTS):
        context, device, problems = _new_page(browser, live_server)
        devices.append((context, device, problems))
        device.goto("/join")
        assert_no_axe_violations(device)
        device.get_by_label("Workshop code").fill(code.lower() if index == 0 else code)
        click_and_wait(device, device.get_by_role("button", name="Continue"))
        assert "This workshop is named" in device.content()
        assert_no_axe_violations(device)
        device.get_by_label("Your name").fill(name)
        device.get_by_label("Your organisation").fill(organisation)
        device.get_by_label(group, exact=True).check()
        click_and_wait(device, device.get_by_role("button", name="Join the workshop"))
        assert device.locator("h1").inner_text().startswith("6.1")
        assert_no_axe_violations(device)
        device.get_by_label(score).check()
        if comment:
            device.get_by_label("Comment or evidence (optional)").fill(comment)
        click_and_wait(device, device.get_by_role("button", name="Save my answer"))
        assert "Your answer to 6.1 is saved" in device.content()
        assert_no_axe_violations(device)

    # The facilitator's page has counted them and shown the results by itself.
    facilitator.wait_for_function(
        "() => document.querySelector('#answered-status').textContent.includes('3 of 3 people who joined have answered')",
        timeout=10_000,
    )
    facilitator.locator("#live-region").get_by_text("Scores given in round 1").wait_for(timeout=10_000)
    assert "Priya Shah, Demo NHS Foundation Trust" in facilitator.locator("#live-region").inner_text()
    assert_no_axe_violations(facilitator)

    # The presenter view: the join code, the results, no names.
    facilitator.goto(workshop_url + "/present")
    assert code in facilitator.content()
    assert "Priya" not in facilitator.locator("main").inner_text()
    assert_no_axe_violations(facilitator)

    facilitator.goto(workshop_url + "/descriptors/6.1")
    click_and_wait(facilitator, facilitator.get_by_role("link", name="Agree a score"))
    assert facilitator.get_by_label("3 – Established in places").is_checked()  # the suggested score
    assert_no_axe_violations(facilitator)
    facilitator.get_by_label("Why did the group settle on this score?").fill(
        "Strong in the council's teams; health and the parent panel see gaps.")
    facilitator.get_by_label("Health visitors rarely hear back once a family is referred.").check()
    # The narratives drafted from the rationale and the ticked comment, to edit (return helper).
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Draft the narratives again"))
    assert "Strong in the council's teams" in facilitator.get_by_label(
        "What is working well and what evidence do you have?").input_value()
    assert_no_axe_violations(facilitator)
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Record the agreed score"))
    assert "Agreed score: 3" in facilitator.content()
    assert_no_axe_violations(facilitator)

    click_and_wait(facilitator, facilitator.get_by_role("link", name="Open 6.1 on the assessment"))
    text = facilitator.locator("main").inner_text()
    assert "Agreed in workshop Workforce workshop" in text and "n = 3, median 3, range 2–3" in text
    assert "Health visitors rarely hear back once a family is referred." in text

    # Participants' phones follow the room to the descriptor, closed, with the agreed score.
    for context, device, problems in devices:
        device.get_by_text("the group has agreed a score of 3").wait_for(timeout=5_000)
        assert_no_axe_violations(device)
        click_and_wait(device, device.get_by_role("link", name="All your answers").first)
        assert "See the score the group agreed for 6.1" in device.content()
        assert_no_axe_violations(device)
        problems.assert_none()
        context.close()

    # Changing the workshop after set-up, closing it after a confirmation, reopening it (return helper).
    facilitator.goto(workshop_url)
    click_and_wait(facilitator, facilitator.get_by_role("link", name="Change the workshop"))
    assert_no_axe_violations(facilitator)
    facilitator.get_by_label("Workshop title").fill("")
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Save changes"))
    assert facilitator.title().startswith("Error: "), facilitator.title()
    assert_no_axe_violations(facilitator)
    facilitator.get_by_label("Workshop title").fill("Workforce workshop, part one")
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Save changes"))
    assert facilitator.locator("h1").inner_text() == "Workforce workshop, part one"
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Close the workshop"))
    assert facilitator.locator("h1").inner_text() == "Close Workforce workshop, part one"
    assert_no_axe_violations(facilitator)
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Close the workshop"))
    assert "The workshop is closed" in facilitator.content()
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Reopen the workshop"))
    assert "The workshop is open again" in facilitator.content()
    assert_no_axe_violations(facilitator)
    page_problems.assert_none()
