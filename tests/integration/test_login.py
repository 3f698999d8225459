"""Signing in and out, server-side sessions, and the slowing of repeated failures."""

from datetime import timedelta

from app.data.models import LoginThrottle, UserSession
from app.domain.roles import Role
from app.extensions import db
from tests.integration.conftest import PASSWORD, sign_in


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get("/assessments", expect=302)
    assert response.headers["Location"] == "/login?next=%2Fassessments"


def test_signing_in_goes_to_where_the_person_was_going(client, make_user):
    make_user("viewer@example.gov.uk")
    response = client.post("/login?next=%2Fassessments", data={"email": "Viewer@Example.gov.uk ", "password": PASSWORD},
                           expect=302)
    assert response.headers["Location"] == "/assessments"
    page = client.get("/assessments", expect=200).page
    assert "Sefton Early Help Partnership" in page.text
    assert "Sign out" in page.buttons


def test_next_cannot_send_people_to_another_site(client, make_user):
    make_user("viewer@example.gov.uk")
    response = client.post("/login?next=https://evil.example/", data={"email": "viewer@example.gov.uk", "password": PASSWORD},
                           expect=302)
    assert response.headers["Location"] == "/assessments"
    client.post("/logout", expect=302)
    response = client.post("/login?next=//evil.example/", data={"email": "viewer@example.gov.uk", "password": PASSWORD},
                           expect=302)
    assert response.headers["Location"] == "/assessments"


def test_empty_form_shows_each_problem(client):
    page = client.post("/login", data={"email": "", "password": ""}, expect=200).page
    assert page.title.startswith("Error: Sign in")
    assert page.error_links == {"#email": "Enter your email address", "#password": "Enter your password"}
    assert (page.field_error("email"), page.field_error("password")) == ("Enter your email address", "Enter your password")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    make_user("viewer@example.gov.uk")
    wrong = sign_in(client, "viewer@example.gov.uk", "not the right password")
    unknown = sign_in(client, "nobody@example.gov.uk", "not the right password")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.page.errors == unknown.page.errors
    assert len(wrong.page.errors) == 1 and "The details you entered are not right" in wrong.page.errors[0]
    client.get("/assessments", expect=302)


def test_signing_out_ends_the_session_on_the_server(app, client, make_user):
    make_user("viewer@example.gov.uk")
    sign_in(client, "viewer@example.gov.uk")
    stolen_cookie = client.get_cookie("ehsg_session").value
    client.post("/logout", expect=302)
    with app.app_context():
        assert db.session.query(UserSession).count() == 0
    # Replaying the cookie from before signing out does not get in.
    replay = app.test_client()
    replay.set_cookie("ehsg_session", stolen_cookie)
    replay.get("/assessments", expect=302)


def test_the_session_changes_at_sign_in(client, make_user):
    make_user("viewer@example.gov.uk")
    client.get("/login", expect=200)
    client.set_cookie("ehsg_session", "planted-by-an-attacker")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get_cookie("ehsg_session").value != "planted-by-an-attacker"
    first = client.get_cookie("ehsg_session").value
    client.post("/logout")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get_cookie("ehsg_session").value != first


def test_an_idle_session_expires(app, client, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    sign_in(client, "viewer@example.gov.uk")
    client.get("/assessments", expect=200)
    time_machine.shift(timedelta(hours=2))
    assert client.get("/assessments", expect=302).headers["Location"].startswith("/login")


def _fail(client, times, email="viewer@example.gov.uk"):
    for _ in range(times):
        response = sign_in(client, email, "not the right password")
    return response


def test_repeated_failures_are_slowed_then_refused(app, client, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    slow_after, lock_after = app.config["LOGIN_SLOW_AFTER"], app.config["LOGIN_LOCK_AFTER"]
    _fail(client, slow_after)
    # Slowed: even the right password has to wait.
    slowed = sign_in(client, "viewer@example.gov.uk")
    assert slowed.status_code == 429, slowed.describe()
    assert "Wait 5 seconds and try again" in slowed.page.text
    for _ in range(lock_after - slow_after):
        time_machine.shift(timedelta(seconds=120))
        _fail(client, 1)
    refused = sign_in(client, "viewer@example.gov.uk")
    assert refused.status_code == 429, refused.describe()
    assert "too many failed attempts to sign in with this email address" in refused.page.text
    assert "Wait 15 minutes" in refused.page.text
    client.get("/assessments", expect=302)


def test_a_refusal_ends_after_its_time(app, client, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        time_machine.shift(timedelta(seconds=120))
        _fail(client, 1)
    assert sign_in(client, "viewer@example.gov.uk").status_code == 429
    time_machine.shift(timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"]) - timedelta(seconds=1))
    assert sign_in(client, "viewer@example.gov.uk").status_code == 429  # a second early
    time_machine.shift(timedelta(seconds=2))
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
