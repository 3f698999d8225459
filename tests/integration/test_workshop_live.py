"""The live workshop follows the room (issue 13): the state a participant's phone polls, the
waiting page that refreshes itself without JavaScript, the facilitator's live buttons, and the
projector view with its QR code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import segno

from tests.integration.workshop_helpers import answer, facilitated, join


def _room(device, code):
    response = device.get(f"/join/{code}/room", expect=200)
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def test_a_phone_learns_where_the_room_is_and_when_the_results_show(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    phone = join(app, code, "health")
    first = _room(phone, code)
    assert first["descriptor"] == "5.1" and first["url"] == f"/join/{code}/questions/5.1"
    assert not first["shown"] and not first["agreed"]
    base = f"/assessments/{assessment_id}/workshops/{workshop_id}"

    facilitator.post(f"{base}/descriptors/5.1/reveal", expect=302)
    revealed = _room(phone, code)
    assert revealed["shown"] and revealed["key"] != first["key"]
    assert _room(phone, code)["key"] == revealed["key"]  # nothing changed, same key
    assert "The results are showing" in phone.get(revealed["url"], expect=200).page.tags()

    facilitator.post(f"{base}/room", data={"step": "1", "back": "present"}, expect=302)
    moved = _room(phone, code)
    assert moved["descriptor"] == "5.2" and moved["url"] == f"/join/{code}/questions/5.2"
    assert not moved["shown"] and moved["key"] != revealed["key"]


def test_the_results_showing_by_themselves_change_the_state_too(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    phones = [join(app, code, group) for group in ("health", "police", "housing")]
    for phone in phones[:2]:
        answer(phone, code, "5.1", 3)
    assert not _room(phones[0], code)["shown"]
    answer(phones[2], code, "5.1", 4)
    assert _room(phones[0], code)["shown"]


def test_only_a_browser_that_joined_learns_where_the_room_is(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    stranger = app.test_client().get(f"/join/{code}/room", expect=302)
    assert stranger.headers["Location"] == f"/join/{code}"


def test_the_pages_of_a_live_workshop_follow_the_room(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    phone = join(app, code, "health")
    state = _room(phone, code)
    question = phone.get(f"/join/{code}/questions/5.1", expect=200).page
    marker = question.one("#room-follow")
    assert marker["data-room-url"] == f"/join/{code}/room" and marker["data-room-key"] == state["key"]
    assert marker["data-room-here"] == "5.1" and "The results are showing" not in question.tags()
    assert question.soup.select_one('script[src$="js/room-follow.js"]')["type"] == "module"

    # The waiting page: with JavaScript it follows the room; without, it refreshes every 5 seconds
    # and always has a link to the descriptor the room is on and one to refresh.
    waiting = phone.get(f"/join/{code}/questions", expect=200).page
    assert waiting.one("#room-follow")["data-room-here"] == ""
    refresh = waiting.soup.select_one("head noscript")
    assert refresh is not None and 'http-equiv="refresh"' in str(refresh) and 'content="5"' in str(refresh)
    assert waiting.link("Answer 5.1 now") == f"/join/{code}/questions/5.1"
    assert waiting.link("refresh this page") == f"/join/{code}/questions"


def test_an_open_round_workshop_has_no_room_to_follow(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user, mode="open",
                                closes_on=(datetime.now(UTC) + timedelta(days=7)).date())
    phone = join(app, code, "health")
    assert _room(phone, code)["descriptor"] is None and _room(phone, code)["url"] is None
    waiting = phone.get(f"/join/{code}/questions", expect=200).page
    assert waiting.soup.select_one("#room-follow") is None and waiting.soup.select_one("head noscript") is None


def test_the_facilitators_buttons_follow_the_results(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    phones = [join(app, code, group) for group in ("health", "police", "housing")]
    url = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/live"
    before = facilitator.get(url, expect=200).get_json()
    assert "Show the results" in before["html"]
    for phone in phones:
        answer(phone, code, "5.1", 3)
    after = facilitator.get(url, expect=200).get_json()
    # The results showed themselves: no stale "Show the results" once the region is replaced.
    assert after["key"] != before["key"]
    assert "Show the results" not in after["html"] and "Start round 2" in after["html"]


def test_the_live_key_does_not_change_when_nothing_has(app, signed_in, make_user, time_machine):
    facilitator, assessment_id, workshop_id, _ = facilitated(app, signed_in, make_user)
    time_machine.move_to(datetime.now(UTC), tick=False)
    base = f"/assessments/{assessment_id}/workshops/{workshop_id}"
    for path in (f"{base}/descriptors/5.1/live", f"{base}/present/live"):
        first = facilitator.get(path, expect=200).get_json()
        time_machine.shift(timedelta(seconds=5))
        again = facilitator.get(path, expect=200).get_json()
        assert again["key"] == first["key"], path  # the forms' fresh CSRF tokens do not count


def _dark_modules(svg) -> set[tuple[int, int]]:
    """The dark squares a QR code's SVG draws: segno's stroked path of h-runs along the rows."""
    path = svg.find("path", stroke=True)["d"]
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for step in range(int(float(a))):
                dark.add((int(y - 0.5), int(x) + step))
            x += float(a)
    return dark


def test_the_projector_shows_the_room_with_a_qr_code_of_the_join_link(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = f"/assessments/{assessment_id}/workshops/{workshop_id}"
    page = facilitator.get(f"{base}/present", expect=200).page
    assert page.h1 == "5.1 Family engagement"
    # Made for a projector: no service navigation, no "Sign out", no footer.
    assert page.soup.select_one(".govuk-service-navigation") is None and page.soup.select_one("header") is None
    assert "Sign out" not in page.text and page.soup.select_one("footer") is None
    assert code in page.text and "localhost/join" in page.text

    svg = page.one(".app-projector__qr svg")
    assert svg.title.get_text() == "QR code of the join link"
    expected = segno.make(f"http://localhost/join/{code}", error="m", boost_error=False)
    wanted = {(r, c) for r, row in enumerate(expected.matrix) for c, v in enumerate(row) if v}
    assert {(r - 2, c - 2) for r, c in _dark_modules(svg)} == wanted

    # The first descriptor has no "Previous"; the last has no "Next".
    assert page.buttons == ["Next descriptor"]
    for _ in range(10):
        facilitator.post(f"{base}/room", data={"step": "1", "back": "present"}, expect=302)
    last = facilitator.get(f"{base}/present", expect=200).page
    assert last.buttons == ["Previous descriptor"]


def test_a_closed_workshop_sends_the_phone_to_the_page_that_says_so(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    phone = join(app, code, "health")
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/close", expect=302)
    # The script reloads on a 410, and the page it is on says the workshop has closed.
    assert phone.get(f"/join/{code}/room", expect=410).page.h1 == "This workshop has closed"
    assert phone.get(f"/join/{code}/questions/5.1", expect=410).page.h1 == "This workshop has closed"



def test_the_room_state_costs_the_same_however_many_have_joined(app, signed_in, make_user):
    from tests.integration.test_workshops_access import count_queries

    _, _, _, code = facilitated(app, signed_in, make_user)
    phone = join(app, code, "health")
    few = count_queries(app, phone, f"/join/{code}/room")
    for i in range(8):
        answer(join(app, code, "police", f"Person {i}", "Org"), code, "5.1", i % 6)
    many = count_queries(app, phone, f"/join/{code}/room")
    assert many == few <= 4, many  # the workshop by its code, the participant, two counts


def test_each_process_answers_a_room_from_what_it_read_of_it_last(app, signed_in, make_user):
    """With ROOM_FRESH_SECONDS on (production: half a second), every phone in a room after the
    first is answered without the database; a browser that did not join is still sent to join;
    once the answer is older than the setting, the room is read afresh and its move is seen."""
    from tests.integration.test_workshops_access import count_queries

    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    phones = [join(app, code, group) for group in ("health", "police")]
    app.config["ROOM_FRESH_SECONDS"] = 60.0  # long enough that this test never sees it expire
    try:
        first = _room(phones[0], code)
        assert count_queries(app, phones[1], f"/join/{code}/room") == 0
        assert _room(phones[1], code) == first
        stranger = app.test_client().get(f"/join/{code}/room", expect=302)
        assert stranger.headers["Location"] == f"/join/{code}"
        facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/room",
                         data={"step": "1", "back": "present"}, expect=302)
        assert _room(phones[0], code)["descriptor"] == "5.1"  # within the setting: as read last
        app.config["ROOM_FRESH_SECONDS"] = 0.001
        import time
        time.sleep(0.01)
        assert _room(phones[0], code)["descriptor"] == "5.2"  # older than the setting: read afresh
    finally:
        app.config["ROOM_FRESH_SECONDS"] = 0.0
