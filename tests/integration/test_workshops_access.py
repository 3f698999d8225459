"""Who sees what in a workshop, and what a code opens: the three ways of handling names (and
an anonymous workshop's database holding no link from answer to person), codes that stop
working when the workshop closes, the limit on wrong codes, other partnerships kept out, and
pages whose cost does not grow with the number of participants."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, inspect

from app.data.models import JoinThrottle, Workshop, WorkshopAnswer, WorkshopParticipant
from app.domain.roles import Role
from app.domain.workshops import secret_hash
from app.extensions import db
from app.services.workshop_participation import join_limits
from tests.integration.assessment_helpers import create_assessment
from tests.integration.conftest import sign_in
from tests.integration.workshop_helpers import (
    answer,
    create_workshop,
    facilitated,
    facilitator_page,
    join,
    join_code,
    sign_in_as,
    wrong_code,
)

# --- Names --------------------------------------------------------------------------------


def test_an_anonymous_workshop_stores_no_link_from_answer_to_person(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="anonymous")
    devices = []
    room = (("health", 2, "Referrals vanish"), ("police", 4, ""), ("health", 3, "Better lately"))
    for group, _, _ in room:
        device = app.test_client()
        # Even if a name and organisation are sent, an anonymous workshop does not keep them.
        response = device.post(f"/join/{code}", data={"name": "Priya Shah", "organisation": "Mersey Care", "group": group})
        assert response.status_code == 302
        devices.append(device)
    for device, (_, score, comment) in zip(devices, room, strict=True):
        answer(device, code, "5.1", score, comment)
        if device is devices[1]:
            answer(devices[0], code, "5.1", 1, "Referrals vanish, often")  # changing an answer finds it again
    with app.app_context():
        participants = db.session.query(WorkshopParticipant).all()
        answers = db.session.query(WorkshopAnswer).all()
        assert len(participants) == 3 and len(answers) == 3
        assert all(p.name is None and p.organisation is None for p in participants)
        assert sorted((a.score, a.comment) for a in answers) == [
            (1, "Referrals vanish, often"), (3, "Better lately"), (4, "")]
        # No column of an answer row leads to a participant: no participant id, and nothing
        # that equals any participant's id or stored token hash.
        person_values = {str(p.id) for p in participants} | {p.token_hash for p in participants}
        columns = [c.key for c in inspect(WorkshopAnswer).mapper.column_attrs]
        for a in answers:
            assert a.participant_id is None
            for column in columns:
                if column in ("id", "workshop_descriptor_id", "round", "score"):
                    continue  # the answer's own id, the descriptor, the round and the score
                assert str(getattr(a, column)) not in person_values, column
            assert a.answer_key not in {secret_hash(str(v)) for v in person_values}
        assert "Priya" not in str([(p.name, p.organisation) for p in participants])
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Round 1: 3 of 3 people who joined have answered." in page
    assert "Referrals vanish, often" in page and "Priya" not in page and "Mersey Care" not in page
    assert "nobody, including you, can see who gave which answer" in page
    join_page = app.test_client().get(f"/join/{code}").get_data(as_text=True)
    assert "Your name" not in join_page and "Your organisation" not in join_page


def test_names_seen_by_the_facilitator_only_stay_on_the_facilitators_pages(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="facilitator_only")
    priya = join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust")
    dan = join(app, code, "police", "Dan Reilly", "Merseyside Police")
    answer(priya, code, "5.1", 2, "Health visitors do not hear back")
    answer(dan, code, "5.1", 4, "Every referral gets a plan")
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/reveal")
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/next-round")
    assert "Priya Shah, Mersey Care NHS Trust" in facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    presenter = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/present").get_data(as_text=True)
    assert "Priya" not in presenter and "Dan Reilly" not in presenter
    live = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/present/live").get_json()
    assert "Priya" not in live["html"]
    # What participants see never shows anyone else's name or comment.
    for path in (f"/join/{code}/questions", f"/join/{code}/questions/5.1", f"/join/{code}/questions/5.2"):
        html = dan.get(path).get_data(as_text=True)
        assert "Priya" not in html and "Health visitors do not hear back" not in html, path
    assert "Only the facilitator sees your name with your comment" in dan.get(f"/join/{code}/questions/5.1").get_data(as_text=True)


# --- Codes that stop working ---------------------------------------------------------------


def test_a_closed_workshops_code_no_longer_works(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    device = join(app, code)
    answer(device, code, "5.1", 3)
    response = facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/close")
    assert response.status_code == 302
    board = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    assert "The workshop is closed. Its code no longer works" in board and "Close the workshop" not in board

    refused = app.test_client().get(f"/join/{code}")
    assert refused.status_code == 410 and "This workshop has closed" in refused.get_data(as_text=True)
    assert app.test_client().post(f"/join/{code}", data={"name": "Late", "organisation": "X", "group": "police"}).status_code == 410
    late = device.post(f"/join/{code}/questions/5.1", data={"score": "5", "round": "1"})
    assert late.status_code == 410
    assert device.get(f"/join/{code}/questions").status_code == 410
    with app.app_context():
        assert [a.score for a in db.session.query(WorkshopAnswer)] == [3]
        assert db.session.query(WorkshopParticipant).count() == 1
    # The facilitator still sees the results and can agree afterwards.
    assert "Answers are closed" in facilitator_page(facilitator, assessment_id, workshop_id, "5.1")


def test_an_open_round_closes_after_its_closing_date(app, signed_in, make_user, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 9, 0, tzinfo=UTC), tick=False)
    facilitator, assessment_id, workshop_id, code = facilitated(
        app, signed_in, make_user, mode="open", closes_on=date(2026, 6, 13))
    device = join(app, code)
    # The closing day is the last day answers are taken: late on it they still are.
    time_machine.move_to(datetime(2026, 6, 13, 22, 0, tzinfo=UTC), tick=False)  # 23:00 in London
    assert app.test_client().get(f"/join/{code}").status_code == 200
    time_machine.move_to(datetime(2026, 6, 14, 8, 0, tzinfo=UTC), tick=False)
    assert app.test_client().get(f"/join/{code}").status_code == 410
    assert answer(device, code, "5.1", 2, round_number="1").status_code == 410
    with app.app_context():
        assert db.session.query(WorkshopAnswer).count() == 0
    # Days later the facilitator's session has ended: they sign in again and see the round closed.
    sign_in(facilitator, "facilitator@example.gov.uk")
    rows = facilitator.get(f"/assessments/{assessment_id}/workshops", expect=200).page.text
    assert "Closed" in rows


def test_wrong_codes_are_limited_per_browser(app, signed_in, make_user):
    """A browser that tries too many wrong codes waits, whatever it types; nobody else on the same
    address is held up by it: another phone joins with the code or the link."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    already_in = join(app, code)
    lock_after = join_limits(app.config).browser.lock_after
    guesser = app.test_client()
    guesser.get("/join", expect=200)
    for attempt in range(lock_after):
        page = guesser.post("/join", data={"code": wrong_code(attempt)}, expect=200).page
        assert page.field_error("code") == "There is no workshop with that code. Check the code and try again"
    refused = guesser.post("/join", data={"code": code}, expect=429)  # even a right code, once locked
    assert refused.page.h1 == "Too many attempts"
    assert "Too many wrong workshop codes have been tried on this device in a short time. Wait 15 minutes" in refused.page.text
    assert int(refused.headers["Retry-After"]) > 0
    guesser.get(f"/join/{code}", expect=429)
    # Everyone else on the same address carries on: someone already in, a new phone typing the
    # code, and one following the link (or the QR code, the same link).
    already_in.get(f"/join/{code}/questions/5.1", expect=200)
    typing = app.test_client()
    typing.get("/join", expect=200)
    assert typing.post("/join", data={"code": code}, expect=302).headers["Location"].endswith(f"/join/{code}")
    app.test_client().get(f"/join/{code}", expect=200)
    join(app, code, "police", "Dan Reilly", "Merseyside Police")
    with app.app_context():
        rows = {row.failures: row for row in db.session.query(JoinThrottle)}
        assert set(rows) == {lock_after}  # the browser's row and the address's, each counting 10
        assert all("127.0.0.1" not in row.client for row in rows.values())  # keyed hashes, not the address


def test_codes_guessed_in_the_address_are_limited_too(app, signed_in, make_user):
    """A script trying addresses (/join/<guess>) with its cookie is locked like one typing into the
    form, and the lock is for that browser only: people on the same address still get in."""
    _, _, _, code = facilitated(app, signed_in, make_user)
    lock_after = join_limits(app.config).browser.lock_after
    guesser = app.test_client()
    guesser.get("/join", expect=200)
    paths = ("/join/{}", "/join/{}/questions", "/join/{}/questions/5.1")
    for attempt in range(lock_after):
        guess = wrong_code(attempt)
        response = guesser.get(paths[attempt % len(paths)].format(guess), expect=404)
        assert "There is no workshop with this code" in response.page.text
    for path in paths:
        refused = guesser.get(path.format(code), expect=429)
        assert refused.page.h1 == "Too many attempts", path
    neighbour = app.test_client()
    neighbour.get(f"/join/{code}", expect=200)
    neighbour.post(f"/join/{code}", data={"name": "Dan Reilly", "organisation": "Merseyside Police", "group": "police"},
                   expect=302)


# --- Other partnerships -------------------------------------------------------------------


def test_another_partnerships_facilitator_gets_not_found_everywhere(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    answer(join(app, code), code, "5.1", 3, "Ours")
    join(app, code, "police")
    outsider = sign_in_as(app, make_user, Role.FACILITATOR, "other@knowsley.example",
                          partnership="Knowsley Early Help Partnership")
    base = f"/assessments/{assessment_id}/workshops"
    for path in ("", "/new", f"/{workshop_id}", f"/{workshop_id}/descriptors/5.1", f"/{workshop_id}/descriptors/5.1/live",
                 f"/{workshop_id}/descriptors/5.1/agree", f"/{workshop_id}/present", f"/{workshop_id}/present/live"):
        assert outsider.get(base + path).status_code == 404, path
    for path in (f"/{workshop_id}/close", f"/{workshop_id}/room", f"/{workshop_id}/descriptors/5.1/reveal",
                 f"/{workshop_id}/descriptors/5.1/next-round", f"/{workshop_id}/descriptors/5.1/agree"):
        assert outsider.post(base + path, data={"score": "1", "rationale": "x", "version": "1", "step": "1"}).status_code == 404, path
    # Their own assessment's id with our workshop's id is not found either.
    own_coordinator = sign_in_as(app, make_user, Role.COORDINATOR, "coord@knowsley.example",
                                 partnership="Knowsley Early Help Partnership")
    own_assessment = create_assessment(own_coordinator)
    assert outsider.get(f"/assessments/{own_assessment}/workshops/{workshop_id}").status_code == 404
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop.closed_at is None and not workshop.descriptors[0].revealed
    assert facilitator.get(f"{base}/{workshop_id}/descriptors/9.9").status_code == 404
    assert facilitator.get(f"{base}/999999").status_code == 404


# --- Cost per page ------------------------------------------------------------------------


def count_queries(app, client, url: str) -> int:
    """How many SQL statements one page costs."""
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def _revealed_workshop(app, facilitator, assessment_id: int, people: int) -> int:
    """A named workshop where ``people`` have joined and answered 5.1 with a comment, then revealed."""
    workshop_id = create_workshop(facilitator, assessment_id, names="named", title=f"Workshop of {people}")
    code = join_code(facilitator, assessment_id, workshop_id)
    groups = ("health", "police", "education", "housing")
    devices = [join(app, code, groups[i % 4], f"Person {i}", "Org") for i in range(people)]
    for i, device in enumerate(devices):
        answer(device, code, "5.1", i % 6, f"Comment {i}")
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/reveal")
    return workshop_id


@pytest.mark.parametrize("path", ["/descriptors/5.1", "/descriptors/5.1/live", "", "/present", "/present/live"])
def test_facilitator_pages_cost_the_same_with_more_participants(app, signed_in, make_user, path):
    facilitator, assessment_id, _, _ = facilitated(app, signed_in, make_user, names="named")
    few = _revealed_workshop(app, facilitator, assessment_id, 3)
    many = _revealed_workshop(app, facilitator, assessment_id, 12)
    base = f"/assessments/{assessment_id}/workshops"
    assert count_queries(app, facilitator, f"{base}/{many}{path}") == count_queries(app, facilitator, f"{base}/{few}{path}")


def test_participants_pages_cost_the_same_with_more_participants(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    me = join(app, code)
    answer(me, code, "5.1", 3)
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/reveal")
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/next-round")
    paths = (f"/join/{code}/questions", f"/join/{code}/questions/5.1")
    few = [count_queries(app, me, path) for path in paths]
    for i in range(8):
        answer(join(app, code, "police", f"Person {i}", "Org"), code, "5.1", i % 6, round_number="2")
    assert [count_queries(app, me, path) for path in paths] == few


# --- The demo -----------------------------------------------------------------------------


def test_the_demo_has_a_workshop_with_results_to_show(app):
    output = app.test_cli_runner().invoke(args=["demo"]).output
    facilitator_login = next(line.split() for line in output.splitlines() if "facilitator@demo.example" in line)
    client = app.test_client()
    client.post("/login", data={"email": facilitator_login[-2], "password": facilitator_login[-1]})
    with app.app_context():
        workshop = db.session.query(Workshop).one()
        assessment_id, workshop_id = workshop.assessment_id, workshop.id
    listing = client.get(f"/assessments/{assessment_id}/workshops").get_data(as_text=True)
    assert "Family voice: scores before the workshop" in listing
    page = facilitator_page(client, assessment_id, workshop_id, "5.2")
    assert "Round 1: 7 of 7 people who joined have answered (1 don&#39;t know)." in page
    assert "Scores given in round 1" in page and "By stakeholder group" in page
    assert "Priya Shah, Demo NHS Foundation Trust" in page  # names, seen by the facilitator only
    assert "No one from Housing has scored this" in page
    assert "The results are hidden" in facilitator_page(client, assessment_id, workshop_id, "5.4")
    assert "Agreed score: 2 – Developing" in facilitator_page(client, assessment_id, workshop_id, "5.3")
