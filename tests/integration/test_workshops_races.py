"""The same thing sent twice at once, on any database: the request that loses the race to insert
reads back what the other one made and carries on, instead of failing or undoing its own work.

A lost race is staged by making the first look-up miss the row the other request has just made;
the insert then meets the unique key, exactly as the slower of two requests does on PostgreSQL
(tests/integration/test_concurrency.py runs them truly at once there).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.data import workshops as workshop_data
from app.data.models import WorkshopAnswer, WorkshopParticipant
from app.extensions import db
from tests.integration.workshop_helpers import answer, facilitated, join, wrong_code


def _miss_once(monkeypatch, name: str, missed: tuple[int, ...] = (1,)) -> None:
    """The first call (or the calls numbered ``missed``) of ``app.data.workshops.<name>`` finds
    nothing; other calls are real."""
    original = getattr(workshop_data, name)
    calls = []

    def missing(*args, **kwargs):
        calls.append(args)
        return None if len(calls) in missed else original(*args, **kwargs)

    monkeypatch.setattr(workshop_data, name, missing)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _form_token(html: str) -> str:
    found = re.search(r'name="form_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="form_token"', html)
    assert found, "the join form carries no form token"
    return found.group(1)


def test_an_answer_that_loses_the_race_to_its_twin_changes_it(app, signed_in, make_user, monkeypatch):
    _, _, _, code = facilitated(app, signed_in, make_user)
    device = join(app, code)
    assert answer(device, code, "5.1", 2, "First thoughts").status_code == 302
    _miss_once(monkeypatch, "answer_by_key")
    saved = answer(device, code, "5.1", 3, "On reflection")
    assert saved.status_code == 302
    with app.app_context():
        assert [(a.score, a.comment) for a in db.session.scalars(select(WorkshopAnswer))] == [(3, "On reflection")]
    page = device.get(f"/join/{code}/questions/5.1").get_data(as_text=True)
    assert "On reflection" in page


def test_a_join_that_loses_the_race_to_its_twin_is_the_same_participant(app, signed_in, make_user, monkeypatch):
    _, _, _, code = facilitated(app, signed_in, make_user, names="anonymous")
    device = app.test_client()
    token = _form_token(device.get(f"/join/{code}").get_data(as_text=True))
    assert device.post(f"/join/{code}", data={"group": "family", "form_token": token}).status_code == 302
    _miss_once(monkeypatch, "participant_by_token_hash")
    twin = app.test_client()  # the same form sent again, before the first answer set the cookie
    assert twin.post(f"/join/{code}", data={"group": "family", "form_token": token}).status_code == 302
    assert _count(app, WorkshopParticipant) == 1
    assert answer(twin, code, "5.1", 4).status_code == 302
    assert answer(device, code, "5.1", 1).status_code == 302
    with app.app_context():
        assert [a.score for a in db.session.scalars(select(WorkshopAnswer))] == [1]


def test_a_wrong_code_counted_at_the_same_moment_as_another_still_counts(app, signed_in, make_user, monkeypatch):
    _, _, _, code = facilitated(app, signed_in, make_user)
    monkeypatch.setitem(app.config, "WORKSHOP_JOIN_LOCK_AFTER", 2)
    guesser = app.test_client()
    assert guesser.get("/join").status_code == 200  # the browser's id: its wrong codes count as its own
    assert guesser.get(f"/join/{wrong_code(1)}").status_code == 404
    # The second wrong code reads the browser's row, the address's row (twice) and the browser's
    # again, to count on it: that last read misses, as if another request were counting at once.
    _miss_once(monkeypatch, "throttle_for", missed=(1, 4))
    assert guesser.get(f"/join/{wrong_code(2)}").status_code == 404
    refused = guesser.get(f"/join/{code}")
    assert refused.status_code == 429
    assert "Wait 15 minutes" in refused.get_data(as_text=True)
