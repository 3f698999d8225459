"""The room in Chromium (issue 13): a phone follows the facilitator within 2 seconds, the
facilitator's buttons follow the results, and the projector view fits its screen.

The workshops are set up through the services, in the live server's own process: the pages
under test are the phone's, the facilitator's descriptor page and the projector, not set-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from browser_support import LiveServer, PageProblems, assert_no_axe_violations

# One answer from each of the ten stakeholder groups, spread over the scale, and a don't know.
TEN_GROUPS = (("health", 0), ("police", 1), ("education", 2), ("la_early_help", 3),
              ("childrens_social_care", 4), ("housing", 5), ("adult_services", 2),
              ("voluntary_sector", 3), ("family", 1), ("other", None))


def _live_workshop(live_server: LiveServer, descriptor_ids: tuple[str, ...], answers=()) -> tuple[int, int, str]:
    """A live, anonymous workshop on the demo assessment, with answers: (assessment id, workshop id, code)."""
    from sqlalchemy import select

    from app.data import Assessment, AssessmentStatus, User
    from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode, format_code
    from app.extensions import db
    from app.frameworks import framework
    from app.services import workshop_participation as taking_part
    from app.services import workshop_setup as setup

    with live_server.app.app_context():
        facilitator = db.session.scalar(select(User).where(User.email == live_server.logins["facilitator"].email))
        # The demo's assessment in progress: other tests add later years and sign them off.
        assessment = db.session.scalars(
            select(Assessment).where(Assessment.status == AssessmentStatus.IN_PROGRESS).order_by(Assessment.year)
        ).first()
        guide = framework(assessment.edition_id)
        workshop = setup.create_workshop(
            assessment,
            setup.WorkshopDetails(title="Room workshop", held_on=date.today(), mode=WorkshopMode.LIVE,
                                  names=NameHandling.ANONYMOUS, closes_on=None, descriptor_ids=descriptor_ids),
            facilitator, guide)
        # Everyone joins before anyone answers: the round closes once all who joined have answered.
        joined = [(taking_part.join(workshop, taking_part.JoinDetails(StakeholderGroup(group), "", "")), score)
                  for group, score in answers]
        for secret, score in joined:
            person = taking_part.participant(workshop, secret)
            taking_part.save_answer(workshop, person, secret, descriptor_ids[0], 1, score, "")
        return assessment.id, workshop.id, format_code(workshop.join_code)


def _in_the_room(live_server: LiveServer, workshop_id: int, step: str, descriptor_id: str = "") -> None:
    from app.services import workshop_facilitation as facilitating
    from app.services import workshop_setup as setup

    with live_server.app.app_context():
        workshop = setup.workshop(workshop_id)
        if step == "reveal":
            facilitating.reveal(workshop, descriptor_id)
        else:
            facilitating.show_in_room(workshop, descriptor_id)


def test_a_phone_follows_the_facilitator_within_two_seconds(
    page: Any, page_problems: PageProblems, browser: Any, live_server: LiveServer,
    login: Callable[[Any, str], Any],
) -> None:
    assessment_id, workshop_id, code = _live_workshop(live_server, ("5.1", "5.2"))
    phone_context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                        locale="en-GB", timezone_id="Europe/London")
    phone = phone_context.new_page()
    phone_problems = PageProblems.attach(phone)
    phone.goto(f"/join/{code}")
    phone.get_by_label("Health", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Join the workshop").click()
    assert phone.locator("h1").inner_text().startswith("5.1")
    assert_no_axe_violations(phone)

    # The facilitator moves the room on: the phone follows by itself.
    login(page, "facilitator")
    page.goto(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.2")
    with page.expect_navigation():
        page.get_by_role("button", name="Move the room to 5.2").click()
    phone.wait_for_url(f"**/join/{code}/questions/5.2", timeout=2_000)
    assert phone.locator("h1").inner_text().startswith("5.2")

    # The facilitator shows the results: the phone says so.
    with page.expect_navigation():
        page.get_by_role("button", name="Show the results").click()
    phone.get_by_text("The results are showing", exact=True).wait_for(timeout=2_000)
    assert_no_axe_violations(phone)

    # The waiting page follows too: it goes to the descriptor the room moves to.
    phone.goto(f"/join/{code}/questions")
    assert_no_axe_violations(phone)
    _in_the_room(live_server, workshop_id, "move", "5.1")
    phone.wait_for_url(f"**/join/{code}/questions/5.1", timeout=2_000)

    # Someone halfway through an answer is not moved: a notice says where the room went.
    phone.get_by_label("3", exact=False).first.check()
    _in_the_room(live_server, workshop_id, "move", "5.2")
    phone.locator("#room-notice").get_by_role("link", name="Go to 5.2").wait_for(timeout=2_000)
    assert phone.url.endswith("/questions/5.1")
    assert_no_axe_violations(phone)
    phone_problems.assert_none()
    phone_context.close()

    # The facilitator's own page: once results are shown elsewhere, no stale "Show the results".
    page.goto(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1")
    reveal = page.get_by_role("button", name="Show the results")
    assert reveal.count() == 1
    _in_the_room(live_server, workshop_id, "reveal", "5.1")
    reveal.wait_for(state="detached", timeout=5_000)
    page_problems.assert_none()


def _bottom(page: Any, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().bottom + window.scrollY")


def test_the_projector_fits_its_screen(
    page: Any, page_problems: PageProblems, live_server: LiveServer, login: Callable[[Any, str], Any],
) -> None:
    from app.frameworks import newest_framework

    with live_server.app.app_context():
        guide = newest_framework()
        in_order = [d for s in guide.sections for d in s.descriptors]
    # The guide's longest statement, first in the workshop (the projector's hardest case).
    at = max(range(len(in_order)), key=lambda i: len(in_order[i].text))
    covered = tuple(d.id for d in in_order[at:at + 2])
    longest = covered[0]
    assessment_id, workshop_id, code = _live_workshop(live_server, covered, TEN_GROUPS)
    _in_the_room(live_server, workshop_id, "reveal", longest)
    login(page, "facilitator")

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/assessments/{assessment_id}/workshops/{workshop_id}/present")
    assert page.locator("h1").inner_text().startswith(longest)
    main = page.locator("main").inner_text()
    assert "Median" in main and "The group disagrees" in main and "Scores run from 0 to 5" in main
    assert code in main
    # Made for a projector: no service navigation, no "Sign out", no "Previous" on the first.
    assert page.locator("header").count() == 0 and page.get_by_text("Sign out").count() == 0
    assert page.get_by_role("button", name="Previous descriptor").count() == 0
    assert page.get_by_role("button", name="Next descriptor").count() == len(covered) - 1
    assert page.locator(".app-projector__qr svg").is_visible()
    # The statement in large type in the service's font.
    statement = page.locator(".app-projector__statement").first
    font = statement.evaluate("e => getComputedStyle(e).fontFamily")
    assert font == page.locator(".govuk-caption-l").evaluate("e => getComputedStyle(e).fontFamily")
    assert float(statement.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 32
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 1080, f"the projector scrolls at 1920×1080: {height}px"
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 1280, "height": 720})
    page.reload()
    assert _bottom(page, ".app-projector__median") <= 720
    assert _bottom(page, ".app-histogram") <= 720, "the histogram is below the fold at 1280×720"
    page_problems.assert_none()


def test_without_javascript_the_waiting_page_refreshes_itself(browser: Any, live_server: LiveServer) -> None:
    _, workshop_id, code = _live_workshop(live_server, ("5.1", "5.2"))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 390, "height": 844}, locale="en-GB")
    phone = context.new_page()
    problems = PageProblems.attach(phone)
    phone.goto(f"/join/{code}")
    phone.get_by_label("Police", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Join the workshop").click()
    phone.goto(f"/join/{code}/questions")
    assert phone.get_by_role("link", name="Answer 5.1 now").count() == 1
    assert phone.get_by_role("link", name="refresh this page").count() == 1
    _in_the_room(live_server, workshop_id, "move", "5.2")
    # The page's own refresh (every 5 seconds) brings the new descriptor, with its link.
    phone.get_by_role("link", name="Answer 5.2 now").wait_for(timeout=8_000)
    problems.assert_none()
    context.close()


def test_an_answer_sent_while_the_phone_asks_where_the_room_is_is_not_cut_off(
    browser: Any, live_server: LiveServer,
) -> None:
    """The phone's question to /room is on its way when the person sends their answer; the reply
    arrives before the answer's page does. The phone must leave the page to the form: going to
    the room's page instead would abandon the answer. Both requests are held in the browser so
    that they cross in that order every time."""
    _, _, code = _live_workshop(live_server, ("5.1",))
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    phone = context.new_page()
    phone.goto(f"/join/{code}")
    phone.get_by_label("Police", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Join the workshop").click()

    polls: list[Any] = []
    answers: list[Any] = []
    phone.route("**/join/*/room", lambda route: polls.append(route))
    phone.route("**/join/*/questions/5.1",
                lambda route: answers.append(route) if route.request.method == "POST" else route.continue_())
    while not polls:
        phone.wait_for_timeout(100)
    phone.locator("input[name='score'][value='2']").check()
    phone.get_by_role("button", name="Save my answer").click(no_wait_after=True)
    while not answers:
        phone.wait_for_timeout(50)
    phone.unroute("**/join/*/room")
    polls[0].continue_()  # the room's reply arrives first
    phone.wait_for_timeout(500)
    answers[0].continue_()  # then the answer goes on to the server
    phone.wait_for_url(f"**/join/{code}/questions", timeout=5_000)
    assert phone.get_by_role("link", name="See or change your answer to 5.1").count() == 1
    context.close()


def test_a_phone_sent_to_a_page_the_room_has_already_left_follows_on(browser: Any, live_server: LiveServer) -> None:
    """The phone sees the results showing on 5.1 and goes to 5.1's page; before that page is drawn
    the facilitator moves the room on to 5.2, so the page is drawn with the room already there. The
    phone must go on to 5.2, not stay on 5.1 believing it is up to date (seen with two app servers
    under load, tests/browser/test_two_servers.py). The page's request is held in the browser so
    that the move comes between the phone's decision and the page, every time."""
    _, workshop_id, code = _live_workshop(live_server, ("5.1", "5.2"))
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    phone = context.new_page()
    problems = PageProblems.attach(phone)
    phone.goto(f"/join/{code}")
    phone.get_by_label("Housing", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Join the workshop").click()
    phone.goto(f"/join/{code}/questions")

    held: list[Any] = []
    phone.route(f"**/join/{code}/questions/5.1", lambda route: held.append(route))
    _in_the_room(live_server, workshop_id, "reveal", "5.1")
    while not held:
        phone.wait_for_timeout(100)
    _in_the_room(live_server, workshop_id, "move", "5.2")
    held[0].continue_()
    phone.wait_for_url(f"**/join/{code}/questions/5.1")
    phone.wait_for_url(f"**/join/{code}/questions/5.2", timeout=2_000)
    assert phone.locator("h1").inner_text().startswith("5.2")
    problems.assert_none()
    context.close()
