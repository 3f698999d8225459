"""Sign-in and the team when many requests arrive at the same moment (issue 17, holes 2, 3 and 6).

Each request runs in a thread of its own with its own test client (tests/integration/test_concurrency.py
has the pattern). On SQLite, which takes one writer at a time, the threads still interleave their reads
and writes, so the counting must be atomic there too; on PostgreSQL (TEST_DATABASE_URL) they truly run at
once, and the tests marked ``postgres_only`` need that.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.data.models import Invitation, Membership, User
from app.domain.roles import Role
from app.extensions import db
from app.services import accounts
from tests.integration.conftest import PASSWORD
from tests.integration.test_concurrency import at_once, count, postgres_only

CHEAP = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


class CountingHasher(PasswordHasher):
    """The test suite's cheap hasher, counting the passwords it checks."""

    def __init__(self) -> None:
        super().__init__(**CHEAP)
        self.checked = 0

    def verify(self, hash, password):
        self.checked += 1
        return super().verify(hash, password)


@pytest.fixture
def counting_hasher():
    hasher = CountingHasher()
    accounts.use_password_hasher(hasher)
    yield hasher
    accounts.use_password_hasher(PasswordHasher(**CHEAP))


def _wrong_guess(app, email: str):
    return lambda: app.test_client().post("/login", data={"email": email, "password": "a wrong guess"})


def test_wrong_passwords_sent_at_once_check_no_more_than_the_limit(app, make_user, counting_hasher):
    make_user("victim@example.gov.uk", Role.COORDINATOR)
    counting_hasher.checked = 0
    responses = at_once(*(_wrong_guess(app, "victim@example.gov.uk") for _ in range(40)))
    statuses = sorted({r.status_code for r in responses})
    assert statuses in ([200, 429], [429], [200]), statuses  # never a 500
    assert 1 <= counting_hasher.checked <= app.config["LOGIN_LOCK_AFTER"]
    # The owner, signing in right afterwards from a new browser, is slowed or refused, not let through.
    late = app.test_client().post("/login", data={"email": "victim@example.gov.uk", "password": PASSWORD})
    assert late.status_code == 429


@postgres_only
def test_wrong_passwords_sent_at_once_from_many_workers_check_no_more_than_the_limit(
        app, make_user, counting_hasher):
    make_user("victim@example.gov.uk", Role.COORDINATOR)
    counting_hasher.checked = 0
    for _ in range(3):  # waves of requests on a warm pool of connections
        responses = at_once(*(_wrong_guess(app, "victim@example.gov.uk") for _ in range(40)))
        assert all(r.status_code in (200, 429) for r in responses), sorted(r.status_code for r in responses)
    assert counting_hasher.checked <= app.config["LOGIN_LOCK_AFTER"]


def _invitation_link(coordinator) -> str:
    coordinator.post("/team/invite", data={"name": "Nia New", "email": "new@example.gov.uk", "role": "facilitator"},
                     expect=302)
    page = coordinator.get("/team", expect=200).page
    return page.text_of("#invitation-link").removeprefix("http://localhost")


def test_one_invitation_accepted_in_six_tabs_at_once_makes_one_account(app, signed_in):
    link = _invitation_link(signed_in(Role.COORDINATOR))
    tabs = [app.test_client() for _ in range(6)]
    for tab in tabs:
        tab.get(link, expect=200)
    responses = at_once(*(
        (lambda tab=tab: tab.post(link, data={"name": "Nia New", "password": "a long enough passphrase"}))
        for tab in tabs
    ))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(302) == 1 and all(s in (409, 429) for s in statuses if s != 302), statuses
    for response in responses:
        if response.status_code == 409:
            assert response.page.h1 == "This invitation has been accepted already"
        elif response.status_code == 429:
            assert "Wait" in response.page.field_error("password")
    assert count(app, User, User.email == "new@example.gov.uk") == 1
    assert count(app, Membership, Membership.role == Role.FACILITATOR) == 1
    with app.app_context():
        assert db.session.scalar(select(Invitation)).accepted_at is not None


def _coordinators(app, make_user, signed_in):
    signed_in(Role.COORDINATOR, "ada@example.gov.uk")
    make_user("bo@example.gov.uk", Role.COORDINATOR)
    with app.app_context():
        ids = {u.email: m.id for m, u in db.session.execute(select(Membership, User).join(User))}
    ada = app.test_client()
    ada.post("/login", data={"email": "ada@example.gov.uk", "password": PASSWORD}, expect=302)
    bo = app.test_client()
    bo.post("/login", data={"email": "bo@example.gov.uk", "password": PASSWORD}, expect=302)
    return ada, bo, ids


def _each_other(ada, bo, ids, page: str, form: dict) -> list:
    """Ada and Bo, at the same moment, each change or remove the other (``page``: role or remove)."""
    return at_once(
        lambda: ada.post(f"/team/{ids['bo@example.gov.uk']}/{page}", data=form),
        lambda: bo.post(f"/team/{ids['ada@example.gov.uk']}/{page}", data=form),
    )


def test_two_coordinators_demoting_each_other_at_once_leave_one(app, make_user, signed_in):
    ada, bo, ids = _coordinators(app, make_user, signed_in)
    responses = _each_other(ada, bo, ids, "role", {"role": "viewer"})
    assert all(r.status_code in (200, 302, 403) for r in responses), [r.status_code for r in responses]
    assert count(app, Membership, Membership.role == Role.COORDINATOR) == 1


@postgres_only
def test_two_coordinators_demoting_or_removing_each_other_at_once_always_leave_one(app, make_user, signed_in):
    for attempt in range(12):
        ada, bo, ids = _coordinators(app, make_user, signed_in)
        page, form = ("role", {"role": "viewer"}) if attempt % 2 else ("remove", {})
        responses = _each_other(ada, bo, ids, page, form)
        assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
        assert count(app, Membership, Membership.role == Role.COORDINATOR) == 1, f"try {attempt + 1}"
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
