"""Signing in and out, server-side sessions, and the slowing of repeated failures."""

from datetime import timedelta

from sqlalchemy import update

from app.data.base import utcnow
from app.data.models import LoginThrottle, UserSession
from app.domain.roles import Role
from app.extensions import db
from tests.integration.conftest import PASSWORD, sign_in


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get("/assessments")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fassessments"


def test_signing_in_goes_to_where_the_person_was_going(client, make_user):
    make_user("viewer@example.gov.uk")
    response = client.post("/login?next=%2Fassessments", data={"email": "Viewer@Example.gov.uk ", "password": PASSWORD})
    assert response.headers["Location"] == "/assessments"
    page = client.get("/assessments").get_data(as_text=True)
    assert "Sefton Early Help Partnership" in page
    assert "viewer" in page


def test_next_cannot_send_people_to_another_site(client, make_user):
    make_user("viewer@example.gov.uk")
    response = client.post("/login?next=https://evil.example/", data={"email": "viewer@example.gov.uk", "password": PASSWORD})
    assert response.headers["Location"] == "/assessments"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/", data={"email": "viewer@example.gov.uk", "password": PASSWORD})
    assert response.headers["Location"] == "/assessments"


def test_empty_form_shows_each_problem(client):
    response = client.post("/login", data={"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert "<title>Error: Sign in" in html
    assert 'href="#email">Enter your email address' in html
    assert 'href="#password">Enter your password' in html


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    make_user("viewer@example.gov.uk")
    wrong = sign_in(client, "viewer@example.gov.uk", "not the right password")
    unknown = sign_in(client, "nobody@example.gov.uk", "not the right password")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "The details you entered are not right" in response.get_data(as_text=True)
    assert client.get("/assessments").status_code == 302


def test_signing_out_ends_the_session_on_the_server(app, client, make_user):
    make_user("viewer@example.gov.uk")
    sign_in(client, "viewer@example.gov.uk")
    stolen_cookie = client.get_cookie("ehsg_session").value
    client.post("/logout")
    with app.app_context():
        assert db.session.query(UserSession).count() == 0
    # Replaying the cookie from before signing out does not get in.
    replay = app.test_client()
    replay.set_cookie("ehsg_session", stolen_cookie)
    assert replay.get("/assessments").status_code == 302


def test_the_session_changes_at_sign_in(client, make_user):
    make_user("viewer@example.gov.uk")
    client.get("/login")
    client.set_cookie("ehsg_session", "planted-by-an-attacker")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get_cookie("ehsg_session").value != "planted-by-an-attacker"
    first = client.get_cookie("ehsg_session").value
    client.post("/logout")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get_cookie("ehsg_session").value != first


def test_an_idle_session_expires(app, client, make_user):
    make_user("viewer@example.gov.uk")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get("/assessments").status_code == 200
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
    response = client.get("/assessments")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def _fail(client, times, email="viewer@example.gov.uk"):
    for _ in range(times):
        response = sign_in(client, email, "not the right password")
    return response


def _age_failures(app, seconds):
    with app.app_context():
        for throttle in db.session.query(LoginThrottle):
            throttle.last_failure_at -= timedelta(seconds=seconds)
        db.session.commit()


def test_repeated_failures_are_slowed_then_refused(app, client, make_user):
    make_user("viewer@example.gov.uk")
    slow_after, lock_after = app.config["LOGIN_SLOW_AFTER"], app.config["LOGIN_LOCK_AFTER"]
    _fail(client, slow_after)
    # Slowed: even the right password has to wait.
    response = sign_in(client, "viewer@example.gov.uk")
    assert response.status_code == 429
    assert "Wait 5 seconds and try again" in response.get_data(as_text=True)
    for _ in range(lock_after - slow_after):
        _age_failures(app, 120)
        _fail(client, 1)
    response = sign_in(client, "viewer@example.gov.uk")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "too many failed attempts to sign in with this email address" in html
    assert "Wait 15 minutes" in html
    assert client.get("/assessments").status_code == 302


def test_a_refusal_ends_after_its_time(app, client, make_user):
    make_user("viewer@example.gov.uk")
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        _age_failures(app, 120)
        _fail(client, 1)
    assert sign_in(client, "viewer@example.gov.uk").status_code == 429
    with app.app_context():
        db.session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert sign_in(client, "viewer@example.gov.uk").status_code == 302


def test_a_good_sign_in_clears_earlier_failures(app, client, make_user):
    make_user("viewer@example.gov.uk")
    _fail(client, app.config["LOGIN_SLOW_AFTER"] - 1)
    assert sign_in(client, "viewer@example.gov.uk").status_code == 302
    with app.app_context():
        assert db.session.query(LoginThrottle).count() == 0


def test_failures_for_one_address_do_not_slow_another(app, client, make_user):
    make_user("viewer@example.gov.uk")
    make_user("lead@example.gov.uk", Role.STRATEGIC_LEAD)
    _fail(client, app.config["LOGIN_LOCK_AFTER"], email="viewer@example.gov.uk")
    assert sign_in(client, "lead@example.gov.uk").status_code == 302
