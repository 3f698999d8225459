"""Joining never shuts out the room (issue 13): a whole room on one address, some mistyping the
code, all join; a bulk guesser on that address is paced at its ceiling, while the direct link
(and the QR code, the same link) still opens the workshop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.data import workshops as workshop_data
from app.data.models import JoinThrottle, WorkshopParticipant
from app.extensions import db
from app.services.workshop_participation import join_limits
from tests.integration.test_concurrency import at_once, meet_before, postgres_only
from tests.integration.workshop_helpers import facilitated, join, wrong_code

ROOM = 60
MISTYPED = 20


def _phone(app):
    """A participant's phone opening the code page: it gets its own random id there."""
    phone = app.test_client()
    phone.get("/join", expect=200)
    return phone


def test_a_room_of_60_on_one_address_all_join_with_20_mistyped_codes(app, signed_in, make_user):
    """Twenty people mistype the code first, ten of them twice: 30 wrong codes from one address,
    which used to lock the whole room out for 15 minutes."""
    _, _, workshop_id, code = facilitated(app, signed_in, make_user, names="anonymous")
    phones = [_phone(app) for _ in range(ROOM)]
    for number, phone in enumerate(phones):
        for _ in range(2 if number < MISTYPED // 2 else 1 if number < MISTYPED else 0):  # ten of them twice
            page = phone.post("/join", data={"code": code.replace("-", "")[::-1]}, expect=200).page
            assert page.field_error("code") == "There is no workshop with that code. Check the code and try again"
        phone.post("/join", data={"code": code}, expect=302)
        phone.post(f"/join/{code}", data={"group": "health"}, expect=302)
    # A few more mistakes from people already in, and one person mistyping over and over before
    # they get it right, change nothing for anyone else.
    stuck = _phone(app)
    for attempt in range(join_limits(app.config).browser.lock_after - 1):
        stuck.post("/join", data={"code": wrong_code(5000 + attempt)}, expect=200)
    stuck.post("/join", data={"code": code.lower()}, expect=302)
    stuck.post(f"/join/{code}", data={"group": "police"}, expect=302)
    with app.app_context():
        assert db.session.query(WorkshopParticipant).filter_by(workshop_id=workshop_id).count() == ROOM + 1


def test_the_direct_link_works_while_the_address_is_at_its_ceiling(app, signed_in, make_user, time_machine):
    """A script that keeps no cookie, trying codes in the address, reaches the address's ceiling;
    from then on the address's attempts take turns a few seconds apart: the script is slowed to
    one guess a turn, and a phone following the link (or scanning the QR code) gets in."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    time_machine.move_to(datetime.now(UTC), tick=False)
    rules = join_limits(app.config)
    for attempt in range(rules.address.wrong_codes):
        app.test_client().get(f"/join/{wrong_code(attempt)}", expect=404)  # a new client: no cookie kept
    in_the_room = app.test_client()
    in_the_room.get(f"/join/{code}", expect=200)  # takes the address's turn
    in_the_room.post(f"/join/{code}", data={"name": "Dan Reilly", "organisation": "Merseyside Police",
                                            "group": "police"}, expect=302)
    in_the_room.get(f"/join/{code}/questions", expect=200)  # joined: never waits its turn
    refused = app.test_client().get(f"/join/{wrong_code(9999)}", expect=429)
    assert "Many wrong workshop codes have come from your network in a short time" in refused.page.text
    assert "Wait 3 seconds and try again" in refused.page.text
    assert refused.headers["Retry-After"] == str(rules.address.pace_seconds)
    time_machine.move_to(datetime.now(UTC) + timedelta(seconds=rules.address.pace_seconds), tick=False)
    app.test_client().get(f"/join/{code}", expect=200)  # its turn came: the link opens again
    with app.app_context():
        address = db.session.query(JoinThrottle).one()  # the script kept no cookie: counted by address
        assert address.failures == rules.address.wrong_codes and "127.0.0.1" not in address.client


def test_a_guesser_at_the_ceiling_is_slowed_to_one_guess_a_turn(app, signed_in, make_user, time_machine):
    """Past the ceiling every attempt from the address waits its turn before its code is looked at,
    so how long a guesser waits tells it nothing about whether its guess was right."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    time_machine.move_to(datetime.now(UTC), tick=False)
    rules = join_limits(app.config)
    for attempt in range(rules.address.wrong_codes):
        app.test_client().get(f"/join/{wrong_code(attempt)}", expect=404)
    app.test_client().get(f"/join/{wrong_code(7777)}", expect=404)  # the turn is free: looked at, and wrong
    app.test_client().get(f"/join/{code}", expect=429)  # the next turn has not come, even for the right code
    time_machine.move_to(datetime.now(UTC) + timedelta(seconds=rules.address.pace_seconds), tick=False)
    join(app, code)
    # The window ends 15 minutes after the first wrong code: the address starts afresh.
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=rules.address.window_minutes, seconds=1), tick=False)
    app.test_client().get(f"/join/{wrong_code(8888)}", expect=404)
    app.test_client().get(f"/join/{code}", expect=200)


@postgres_only
def test_attempts_arriving_together_at_the_ceiling_take_one_turn(app, signed_in, make_user, monkeypatch):
    """However many attempts reach the address's turn at the same moment, one takes it: the rest wait."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    monkeypatch.setitem(app.config, "WORKSHOP_JOIN_ADDRESS_CEILING", 3)
    for attempt in range(3):
        app.test_client().get(f"/join/{wrong_code(attempt)}", expect=404)
    meet_before(monkeypatch, workshop_data, "take_turn", parties=3)
    statuses = at_once(*(lambda n=n: app.test_client().get(f"/join/{wrong_code(1000 + n)}").status_code for n in range(3)))
    assert sorted(statuses) == [404, 429, 429]


def test_something_that_cannot_be_a_code_is_not_counted_as_a_guess(app, signed_in, make_user):
    """A code a character short, or with a letter the codes never use, guesses nothing: however
    often it is typed, the browser is not held up."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    phone = _phone(app)
    for attempt in range(join_limits(app.config).browser.lock_after + 2):
        typed = code[:-1] if attempt % 2 else code[:-1] + "O"
        page = phone.post("/join", data={"code": typed}, expect=200).page
        assert page.field_error("code") == "There is no workshop with that code. Check the code and try again"
    phone.post("/join", data={"code": code}, expect=302)
    with app.app_context():
        assert db.session.query(JoinThrottle).count() == 0
