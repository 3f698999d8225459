"""Signed-in sessions, beyond what test_login covers (a replayed cookie after signing out, a
planted cookie replaced at sign-in, a session idle for two hours).

Here: the cookie holds only a random session id that the server keeps, a new one at every sign-in;
a cookie or CSRF token from before signing in is worth nothing after it; signing out ends that one
session on the server (a stolen cookie with its token cannot change anything), and only that one;
and the idle limit is the configured one, counted from the last request, not from signing in.
Time is moved by a frozen clock (time-machine), never by waiting or by rewriting stored times.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.data.models import Assessment, UserSession
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import new_assessment_form
from tests.integration.conftest import PASSWORD

COOKIE = "ehsg_session"


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def cookie_session(app, client) -> dict:
    """What the browser's cookie carries, read the way the application reads it."""
    cookie = client.get_cookie(COOKIE)
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def stored_session_hashes(app) -> set[str]:
    with app.app_context():
        hashes = set(db.session.scalars(select(UserSession.token_hash)))
        db.session.remove()
    return hashes


def sign_in_with_token(client, email: str):
    token = client.get("/login", expect=200).page.value("csrf_token")
    return client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token}, expect=302)


def sign_out(client):
    token = client.get("/assessments", expect=200).page.value("csrf_token")
    response = client.post("/logout", data={"csrf_token": token}, expect=302)
    assert response.headers["Location"] == "/login"


def test_the_cookie_holds_only_a_random_session_id_that_changes_at_every_sign_in(app, client, make_user, csrf_on):
    make_user("viewer@example.gov.uk")
    ids = []
    for _ in range(2):
        sign_in_with_token(client, "viewer@example.gov.uk")
        carried = cookie_session(app, client)
        session_id = carried["_user_id"]
        # Not the user's number or email: a long random value, kept on the server only as a hash.
        assert len(session_id) >= 40 and "@" not in session_id and not session_id.isdigit()
        assert "viewer@example.gov.uk" not in str(carried)
        assert hashlib.sha256(session_id.encode()).hexdigest() in stored_session_hashes(app)
        ids.append(session_id)
        sign_out(client)
    assert ids[0] != ids[1]
    assert stored_session_hashes(app) == set()


def test_a_cookie_and_token_from_before_signing_in_are_worth_nothing_after(app, client, make_user, csrf_on):
    """Someone who planted or copied the cookie of a browser before its owner signed in gains nothing."""
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    token_before = client.get("/login", expect=200).page.value("csrf_token")
    cookie_before = client.get_cookie(COOKIE).value
    assert "_user_id" not in cookie_session(app, client)

    sign_in_with_token(client, "coordinator@example.gov.uk")
    assert client.get_cookie(COOKIE).value != cookie_before
    client.get("/assessments", expect=200)

    attacker = app.test_client()
    attacker.set_cookie(COOKIE, cookie_before)
    assert attacker.get("/assessments", expect=302).headers["Location"].startswith("/login")
    # The token from the page before signing in does not work in the signed-in session either.
    refused = client.post("/assessments/new", data={**new_assessment_form(), "csrf_token": token_before}, expect=400)
    assert refused.page.h1 == "Your form could not be sent"
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


def test_after_signing_out_a_copied_cookie_and_token_cannot_change_anything(app, client, make_user, csrf_on):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    sign_in_with_token(client, "coordinator@example.gov.uk")
    token = client.get("/assessments/new", expect=200).page.value("csrf_token")
    copied_cookie = client.get_cookie(COOKIE).value
    sign_out(client)

    thief = app.test_client()
    thief.set_cookie(COOKIE, copied_cookie)
    response = thief.post("/assessments/new", data={**new_assessment_form(), "csrf_token": token}, expect=302)
    assert response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.query(Assessment).count() == 0
    # and the person's own browser, now signed out, is asked to sign in too
    assert client.get("/assessments", expect=302).headers["Location"].startswith("/login")


def test_signing_out_ends_that_session_only(app, make_user, csrf_on):
    """Signed in on a laptop and a phone: signing out on the laptop leaves the phone signed in."""
    make_user("viewer@example.gov.uk")
    laptop, phone = app.test_client(), app.test_client()
    sign_in_with_token(laptop, "viewer@example.gov.uk")
    sign_in_with_token(phone, "viewer@example.gov.uk")
    assert cookie_session(app, laptop)["_user_id"] != cookie_session(app, phone)["_user_id"]
    assert len(stored_session_hashes(app)) == 2

    laptop_cookie = laptop.get_cookie(COOKIE).value
    sign_out(laptop)
    replay = app.test_client()
    replay.set_cookie(COOKIE, laptop_cookie)
    replay.get("/assessments", expect=302)
    phone.get("/assessments", expect=200)
    assert stored_session_hashes(app) == {hashlib.sha256(cookie_session(app, phone)["_user_id"].encode()).hexdigest()}


def test_the_idle_limit_counts_from_the_last_request(app, client, make_user, time_machine):
    limit = app.config["SESSION_IDLE_TIMEOUT"]
    assert timedelta(minutes=5) < limit <= timedelta(hours=12)
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD}, expect=302)

    # Idle for a little less than the limit, twice over: still signed in, since each request
    # starts the clock again (so a session in use all day does not time out).
    for _ in range(2):
        time_machine.shift(limit - timedelta(minutes=2))
        client.get("/assessments", expect=200)

    # A little more than the limit since the last request: signed out, asked to sign in again.
    time_machine.shift(limit + timedelta(minutes=1))
    response = client.get("/assessments", expect=302)
    assert response.headers["Location"] == "/login?next=%2Fassessments"
    assert "Sign in to continue" in client.get(response.headers["Location"], expect=200).page.text
    with app.app_context():
        assert db.session.query(UserSession).count() == 0  # the session is gone from the server
    client.get("/assessments", expect=302)


def test_a_session_in_constant_use_still_ends_after_its_lifetime(app, client, make_user, time_machine):
    """However busy, a session ends PERMANENT_SESSION_LIFETIME after signing in: a stolen
    cookie kept alive by a script does not work for ever."""
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD}, expect=302)
    used_for = timedelta(0)
    while used_for + idle / 2 < lifetime - timedelta(minutes=5):  # a request every half idle limit
        time_machine.shift(idle / 2)
        used_for += idle / 2
        client.get("/assessments", expect=200)
    time_machine.shift(lifetime - used_for + timedelta(minutes=1))
    response = client.get("/assessments", expect=302)
    assert response.headers["Location"] == "/login?next=%2Fassessments"
    with app.app_context():
        assert db.session.query(UserSession).count() == 0
