"""Changing your password, and resetting a forgotten one by an emailed link (single use, 1 hour,
the same answer whether or not the address has an account)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.passwords import TOO_COMMON, TOO_PERSONAL
from app.domain.roles import Role
from tests.integration.conftest import PASSWORD, sign_in
from tests.integration.mail_helpers import link_in

EMAIL = "vic.viewer@example.gov.uk"
NEW_PASSWORD = "a brand new passphrase for vic"
SENT = ("If there is an account for that email address, we have sent a link to reset its password. "
        "The link works for 1 hour.")


@pytest.fixture
def vic(make_user):
    return make_user(EMAIL, Role.VIEWER, name="Vic Viewer")


def _signed_in(app, email=EMAIL, password=PASSWORD):
    browser = app.test_client()
    sign_in(browser, email, password).close()
    browser.get("/partnerships", expect=200)
    return browser


def _signs_in(app, password: str) -> bool:
    response = sign_in(app.test_client(), EMAIL, password)
    return response.status_code == 302


# --- Changing your password ---------------------------------------------------------------


def test_changing_your_password_ends_your_other_sessions_and_keeps_this_one(app, vic, caplog):
    here, elsewhere = _signed_in(app), _signed_in(app)
    page = here.get("/partnerships", expect=200).page
    assert page.link("Change your password") == "/account/password"
    with caplog.at_level(logging.INFO, logger="ehsg.security"):
        here.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                  expect=302)
    page = here.get("/partnerships", expect=200).page
    assert page.notifications == ["Your password has been changed. You have been signed out on every other device"]
    elsewhere.get("/partnerships", expect=302)  # sent to sign in
    assert _signs_in(app, NEW_PASSWORD) and not _signs_in(app, PASSWORD)
    assert [(r.getMessage(), r.fields["sessions_ended"]) for r in caplog.records] == [("password_changed", 1)]


def test_changing_your_password_needs_the_current_one(app, vic, caplog):
    here = _signed_in(app)
    with caplog.at_level(logging.INFO, logger="ehsg.security"):
        page = here.post("/account/password", data={"current_password": "not my password at all",
                                                    "new_password": NEW_PASSWORD}, expect=200).page
    assert [r.getMessage() for r in caplog.records] == ["password_change_refused"]
    assert page.title.startswith("Error: ")
    assert page.field_error("current_password") == "Enter your current password. The password you entered is not right"
    assert _signs_in(app, PASSWORD)


def test_guessing_the_current_password_is_slowed_like_signing_in(app, vic, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    here = _signed_in(app)
    for _ in range(app.config["LOGIN_SLOW_AFTER"]):
        here.post("/account/password", data={"current_password": "a wrong guess at it",
                                             "new_password": NEW_PASSWORD}, expect=200)
    # Even the right password waits now, as it would at sign-in.
    page = here.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                     expect=429).page
    assert page.field_error("current_password").startswith("Too many failed attempts to sign in. Wait ")
    time_machine.move_to(datetime(2026, 3, 2, 10, 5, tzinfo=UTC), tick=False)
    here.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD}, expect=302)


def test_a_reset_ends_a_lock_that_others_caused_on_the_address(app, vic, mailbox, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        sign_in(app.test_client(), EMAIL, "somebody guessing at it").close()
    assert not _signs_in(app, PASSWORD)  # locked
    _ask(app.test_client(), EMAIL)
    link = link_in(mailbox.only_message(EMAIL), "/reset-password/")
    app.test_client().post(link, data={"new_password": NEW_PASSWORD}, expect=302)
    assert _signs_in(app, NEW_PASSWORD)


@pytest.mark.parametrize(("new", "message"), [
    ("short", "Password must be 12 characters or more. A few words you will remember work well"),
    ("iloveyou2024!", TOO_COMMON),
    (EMAIL.upper(), TOO_PERSONAL),
    ("Vic Viewer 1999", TOO_PERSONAL),
])
def test_a_new_password_must_meet_the_policy(app, vic, new, message):
    here = _signed_in(app)
    page = here.post("/account/password", data={"current_password": PASSWORD, "new_password": new}, expect=200).page
    assert page.errors == [message]
    assert page.field_error("new_password") == message
    assert _signs_in(app, PASSWORD)


# --- A forgotten password -----------------------------------------------------------------


def _ask(client, email):
    return client.post("/forgotten-password", data={"email": email}, expect=200).page


def test_the_sign_in_page_offers_a_reset(client):
    assert client.get("/login", expect=200).page.link("Forgotten your password?") == "/forgotten-password"


def test_a_reset_link_works_once_and_ends_every_session(app, client, vic, mailbox, caplog):
    elsewhere = _signed_in(app)
    with caplog.at_level(logging.INFO, logger="ehsg.security"):
        page = _ask(client, "Vic.Viewer@example.gov.uk")
        assert (page.h1, page.text_of("#reset-sent")) == ("Check your email", SENT)
        message = mailbox.only_message(EMAIL)
        assert message["Subject"] == "Reset your password"
        link = link_in(message, "/reset-password/")
        page = client.get(link, expect=200).page
        assert page.h1 == "Choose a new password"
        client.post(link, data={"new_password": NEW_PASSWORD}, expect=302)
    assert client.get("/login", expect=200).page.notifications == [
        "Your password has been changed. Sign in with your new password"]
    elsewhere.get("/partnerships", expect=302)
    assert _signs_in(app, NEW_PASSWORD) and not _signs_in(app, PASSWORD)
    # Not twice.
    assert client.get(link, expect=404).page.h1 == "This link has already been used"
    client.post(link, data={"new_password": "yet another passphrase here"}, expect=404)
    assert _signs_in(app, NEW_PASSWORD)
    events = [r.getMessage() for r in caplog.records]
    assert events == ["password_reset_requested", "password_reset_completed"]
    assert all(EMAIL not in repr(r.__dict__) and link not in repr(r.__dict__) for r in caplog.records)


def test_a_known_and_an_unknown_address_get_the_same_page_and_only_the_known_one_an_email(client, vic, mailbox):
    unknown = _ask(client, "nobody@example.gov.uk")
    known = _ask(client, EMAIL)
    assert (unknown.h1, unknown.text) == (known.h1, known.text)
    assert [m["To"] for m in mailbox.messages()] == [EMAIL]


def test_a_reset_link_expires_after_an_hour(client, vic, mailbox, time_machine):
    start = datetime.now(UTC)
    time_machine.move_to(start, tick=False)
    _ask(client, EMAIL)
    link = link_in(mailbox.only_message(EMAIL), "/reset-password/")
    time_machine.move_to(start + timedelta(minutes=59), tick=False)
    assert client.get(link, expect=200).page.h1 == "Choose a new password"
    time_machine.move_to(start + timedelta(minutes=61), tick=False)
    page = client.get(link, expect=404).page
    assert page.h1 == "This link has expired"
    assert page.link("Ask for a new link to reset your password") == "/forgotten-password"
    client.post(link, data={"new_password": NEW_PASSWORD}, expect=404)


def test_a_wrong_link_says_so(client):
    page = client.get("/reset-password/not-a-real-token", expect=404).page
    assert page.h1 == "This link does not work"
    assert page.has_link("Ask for a new link to reset your password")


def test_at_most_three_emails_an_hour_to_one_address_and_the_page_does_not_say(client, vic, mailbox, time_machine):
    start = datetime.now(UTC)
    time_machine.move_to(start, tick=False)
    pages = [_ask(client, EMAIL).text for _ in range(5)]
    assert len(set(pages)) == 1
    assert len(mailbox.messages()) == 3
    time_machine.move_to(start + timedelta(minutes=61), tick=False)
    _ask(client, EMAIL)
    assert len(mailbox.messages()) == 4


def test_the_new_password_meets_the_policy(client, vic, mailbox, app):
    _ask(client, EMAIL)
    link = link_in(mailbox.only_message(EMAIL), "/reset-password/")
    page = client.post(link, data={"new_password": "vic.viewer@example.gov.uk"}, expect=200).page
    assert page.errors == [TOO_PERSONAL]
    client.post(link, data={"new_password": NEW_PASSWORD}, expect=302)  # the link still works after a refusal
    assert _signs_in(app, NEW_PASSWORD)


def test_every_link_sent_stops_working_when_one_is_used(client, vic, mailbox):
    _ask(client, EMAIL)
    _ask(client, EMAIL)
    first, second = (link_in(m, "/reset-password/") for m in mailbox.messages())
    client.post(second, data={"new_password": NEW_PASSWORD}, expect=302)
    assert client.get(first, expect=404).page.h1 == "This link has already been used"


# --- The policy wherever a password is set ------------------------------------------------


def test_an_invitation_refuses_a_common_password_or_the_invited_address(signed_in, app):
    coordinator = signed_in(Role.COORDINATOR)
    coordinator.post("/team/invite", data={"name": "Nia New", "email": "nia.new@example.gov.uk", "role": "viewer"},
                     expect=302)
    link = coordinator.get("/team", expect=200).page.text_of("#invitation-link").removeprefix("http://localhost")
    invitee = app.test_client()
    for password, message in (("password2024!!", TOO_COMMON), ("nia.new@example.gov.uk", TOO_PERSONAL),
                              ("NiaNew123456", TOO_PERSONAL)):
        page = invitee.post(link, data={"name": "Nia New", "password": password}, expect=200).page
        # One page whether or not the address has an account, so the reason says both.
        assert page.field_error("password") == f"{message}. If you already have an account for this service, enter its password"


def test_create_user_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "a@example.gov.uk", "--name", "Ann", "--partnership", "P", "--role", "viewer",
              "--password", "qwerty123456"],
    )
    assert result.exit_code == 1
    assert TOO_COMMON in result.output
