"""The proof that a live workshop holds up in the room (issue 13): a facilitator, the projector
at 1920×1080 and six participants in Chromium (two without JavaScript, two phones at 390×844,
two ordinary browsers) go through three descriptors, with three rounds on the first.

Phones with JavaScript follow the facilitator by themselves within 2 seconds; those without it
follow by their page's refresh or its link. After a reveal the projector's figures stay as they
are when a phone answers late, and that phone is told to wait for the next round. The QR code on
the projector, read from a screenshot as a phone's camera would, is the join link. axe-core checks
every kind of page visited, at both sizes.

The workshop itself is set up through the services in the live server's process: the pages
under test are the room's, not the set-up form (test_workshop_flow.py covers that)."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from browser_support import LiveServer, PageProblems, assert_no_axe_violations

DESCRIPTORS = ("5.1", "5.2", "5.3")
FOLLOW_MS = 2_000  # the budget for a phone with JavaScript to follow the room
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LATE_MESSAGE = "The results are showing. Wait for the next round."
# What the projector says of 5.1's earlier rounds, given the scores the test gives: round 1
# 2, 3, 3, 3 (two late answers refused), round 2 2, 2, 3, 3, 3, 3 (round 3: 3, 3, 4, 4, 4, 4).
ROUND_LINES = {1: "median 3, scores from 2 to 3.", 2: "median 3, scores from 2 to 3."}


@dataclass
class Participant:
    group: str
    javascript: bool
    viewport: dict[str, int]
    context: Any = None
    page: Any = None
    problems: PageProblems | None = None


def _six() -> list[Participant]:
    return [
        Participant("Health", False, DESKTOP),
        Participant("Police", False, DESKTOP),
        Participant("Education", True, PHONE),
        Participant("Housing", True, PHONE),
        Participant("Family or lived experience", True, DESKTOP),
        Participant("Adult services", True, DESKTOP),
    ]


def _live_workshop(live_server: LiveServer) -> tuple[int, int, str]:
    """A live, anonymous workshop on the demo's assessment for this year: (assessment id, workshop id, code)."""
    from sqlalchemy import select

    from app.data import Assessment, User
    from app.domain.workshops import NameHandling, WorkshopMode, format_code
    from app.extensions import db
    from app.frameworks import framework
    from app.services import workshop_setup as setup

    with live_server.app.app_context():
        facilitator = db.session.scalar(select(User).where(User.email == live_server.logins["facilitator"].email))
        # The year the demo is working on: other tests add later years and sign them off.
        assessment = db.session.scalars(
            select(Assessment).where(Assessment.year == date.today().year).order_by(Assessment.id)).first()
        assert facilitator is not None and assessment is not None
        workshop = setup.create_workshop(
            assessment,
            setup.WorkshopDetails(title="Room proof workshop", held_on=date.today(), mode=WorkshopMode.LIVE,
                                  names=NameHandling.ANONYMOUS, closes_on=None, descriptor_ids=DESCRIPTORS),
            facilitator, framework(assessment.edition_id))
        return assessment.id, workshop.id, format_code(workshop.join_code)


def _click_and_wait(page: Any, locator: Any) -> Any:
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def _join(browser: Any, live_server: LiveServer, person: Participant, code: str) -> None:
    person.context = browser.new_context(base_url=live_server.url, viewport=person.viewport, locale="en-GB",
                                         timezone_id="Europe/London", java_script_enabled=person.javascript)
    person.context.set_default_timeout(15_000)
    person.page = person.context.new_page()
    person.problems = PageProblems.attach(person.page)
    person.page.goto(f"/join/{code}")
    person.page.get_by_label(person.group, exact=True).check()
    _click_and_wait(person.page, person.page.get_by_role("button", name="Join the workshop"))


def _answer(person: Participant, score: int) -> None:
    page = person.page
    page.locator(f"input[name='score'][value='{score}']").check()
    _click_and_wait(page, page.get_by_role("button", name="Save my answer"))
    assert page.url.endswith("/questions"), f"{person.group}: after answering, on {page.url}"


def _heading_starts(page: Any, descriptor_id: str) -> bool:
    return page.locator("h1").inner_text().startswith(descriptor_id)


def _follow_without_javascript(person: Participant, code: str, descriptor_id: str, *, by_refresh: bool) -> None:
    """Back on the waiting page, the person follows the link to where the room is: after the
    page's own refresh (every 5 seconds), or by opening the page again."""
    page = person.page
    link = page.get_by_role("link", name=re.compile(rf"^(Answer {re.escape(descriptor_id)} now|"
                                                    rf"See or change your answer to {re.escape(descriptor_id)})$"))
    if by_refresh:
        assert page.url.endswith(f"/join/{code}/questions"), page.url
        link.wait_for(timeout=8_000)
    else:
        page.goto(f"/join/{code}/questions")
    _click_and_wait(page, link)
    assert page.url.endswith(f"/questions/{descriptor_id}"), page.url


class Budget:
    """One 2-second budget shared by every phone that must follow the same change: each waits
    only for what is left of it, so the last phone checked gets no extra time."""

    def __init__(self) -> None:
        self.ends = time.monotonic() + FOLLOW_MS / 1000

    def left_ms(self) -> float:
        return max(1.0, (self.ends - time.monotonic()) * 1000)


def _js_phones_arrive(people: list[Participant], code: str, descriptor_id: str) -> None:
    budget = Budget()
    for person in people:
        if person.javascript:
            person.page.wait_for_url(f"**/join/{code}/questions/{descriptor_id}", timeout=budget.left_ms())
            assert _heading_starts(person.page, descriptor_id)


def _js_phones_see(people: list[Participant], text: str) -> None:
    budget = Budget()
    for person in people:
        if person.javascript:
            person.page.get_by_text(text).first.wait_for(timeout=budget.left_ms())


def _projector_results(projector: Any) -> str:
    projector.reload()
    return projector.locator(".app-projector__results").inner_text()


def _qr_text(projector: Any) -> list[str]:
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(projector.locator(".app-projector__qr").screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _answer_late(person: Participant) -> None:
    page = person.page
    if person.javascript:
        assert page.locator("input[name='score']:checked").count() == 1
    else:
        page.locator("input[name='score'][value='0']").check()
    response = _click_and_wait(page, page.get_by_role("button", name="Save my answer"))
    assert response.status == 409, f"{person.group}: a late answer answered {response.status}"
    assert page.title().startswith("Error: ")
    assert LATE_MESSAGE in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_role("button", name="Save my answer").count() == 0


def _three_rounds_on_the_first(facilitator: Any, projector: Any, people: list[Participant], code: str,
                               descriptor_url: str) -> None:
    first = DESCRIPTORS[0]
    # Two people are still deciding when the results show: one without JavaScript (the question
    # stays in front of them), one on a phone who has picked a score (the page keeps it and says
    # what happened instead of moving on).
    late = [people[0], people[3]]
    on_time = [person for person in people if person not in late]
    # Round 1: four answer; the facilitator shows the results before the other two do.
    for person in on_time:
        _answer(person, 3 if person.javascript else 2)
    people[3].page.locator("input[name='score'][value='1']").check()
    facilitator.goto(descriptor_url)
    facilitator.locator("#answered-status").get_by_text("4 of 6").wait_for()
    assert_no_axe_violations(facilitator)
    _click_and_wait(facilitator, facilitator.get_by_role("button", name="Show the results"))
    _js_phones_see(on_time, LATE_MESSAGE)
    people[3].page.locator("#room-notice").get_by_text("The results are showing.").wait_for(timeout=1_000)
    assert people[3].page.locator("input[name='score'][value='1']").is_checked()
    before = _projector_results(projector)
    # Four answers: 2 (without JavaScript), 3, 3, 3.
    assert "Round 1" in before and "by 4 people" in before and "Scores run from 2 to 3" in before, before

    # The late answers: refused, and said so; the projector's figures do not move.
    for person in late:
        assert person.problems is not None
        _answer_late(person)
        assert _projector_results(projector) == before
        person.problems.assert_none(expected_document=(409, person.page.url))
        person.problems.clear()
    assert_no_axe_violations(people[3].page)  # the refusal, on a phone
    assert_no_axe_violations(people[4].page)  # the results showing, in an ordinary browser

    # Rounds 2 and 3: the facilitator starts each; phones come back to the question by themselves;
    # everyone answers, which shows the round's results by itself.
    for number in (2, 3):
        facilitator.goto(descriptor_url)
        _click_and_wait(facilitator, facilitator.get_by_role("button", name=f"Start round {number}"))
        budget = Budget()
        for person in people:
            if person.javascript:
                caption = person.page.locator(".govuk-caption-l").get_by_text(f"round {number}")
                caption.wait_for(timeout=budget.left_ms())
        for person in people:
            if not person.javascript:
                _follow_without_javascript(person, code, first, by_refresh=False)
            assert _heading_starts(person.page, first)
            _answer(person, number + (1 if person.javascript else 0))
        # The last answer showed the results: everyone else's page goes to them.
        _js_phones_see(people[:-1], LATE_MESSAGE)
        # Each round on the projector, the earlier ones as they were when they closed.
        shown = _projector_results(projector)
        assert f"Round {number}" in shown and "by 6 people" in shown, shown
        for earlier, line in list(ROUND_LINES.items())[:number - 1]:
            assert f"Round {earlier}: {line}" in shown, shown
    facilitator.goto(descriptor_url)
    assert facilitator.locator("#live-region").get_by_text("Round 3 results").count() == 1
    assert_no_axe_violations(facilitator)


def test_a_facilitator_a_projector_and_six_participants_through_three_descriptors(
    page: Any, page_problems: PageProblems, browser: Any, live_server: LiveServer,
    login: Callable[[Any, str], Any],
) -> None:
    assessment_id, workshop_id, code = _live_workshop(live_server)
    workshop_url = f"/assessments/{assessment_id}/workshops/{workshop_id}"
    facilitator = page
    login(facilitator, "facilitator")
    projector = facilitator.context.new_page()
    projector_problems = PageProblems.attach(projector)
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(workshop_url + "/present")
    assert _qr_text(projector) == [f"{live_server.url}/join/{code}"]

    people = _six()
    try:
        for person in people:
            _join(browser, live_server, person, code)
            assert _heading_starts(person.page, DESCRIPTORS[0]), person.page.url
        assert_no_axe_violations(people[2].page)  # the question, on a phone
        assert_no_axe_violations(people[4].page)  # and in an ordinary browser

        _three_rounds_on_the_first(facilitator, projector, people, code, f"{workshop_url}/descriptors/5.1")
        for person in (people[2], people[4]):  # the waiting page at both sizes
            person.page.goto(f"/join/{code}/questions")
            assert_no_axe_violations(person.page)

        # The projector after three rounds, the fullest it gets: one screen, no scrolling.
        projector.reload()
        assert "Median 4" in projector.locator(".app-projector__median").inner_text()
        height = projector.evaluate("() => document.documentElement.scrollHeight")
        assert height <= 1080, f"the projector scrolls at 1920×1080: {height}px"
        assert_no_axe_violations(projector)

        # 5.2: the facilitator moves the room from the descriptor's page.
        facilitator.goto(f"{workshop_url}/descriptors/5.2")
        _click_and_wait(facilitator, facilitator.get_by_role("button", name="Move the room to 5.2"))
        _js_phones_arrive(people, code, "5.2")
        _follow_without_javascript(people[0], code, "5.2", by_refresh=False)
        _follow_without_javascript(people[1], code, "5.2", by_refresh=True)
        for person in people:
            _answer(person, 4)
        _js_phones_see(people[:-1], LATE_MESSAGE)

        # 5.3: from the projector's own button.
        projector.reload()
        assert _heading_starts(projector, "5.2")
        _click_and_wait(projector, projector.get_by_role("button", name="Next descriptor"))
        assert _heading_starts(projector, "5.3")
        _js_phones_arrive(people, code, "5.3")
        for person in people[:2]:
            _follow_without_javascript(person, code, "5.3", by_refresh=False)
            assert _heading_starts(person.page, "5.3")
        assert _qr_text(projector) == [f"{live_server.url}/join/{code}"]

        for person in people:
            assert person.problems is not None
            person.problems.assert_none()
    finally:
        for person in people:
            if person.context is not None:
                person.context.close()
    projector_problems.assert_none()
    page_problems.assert_none()
