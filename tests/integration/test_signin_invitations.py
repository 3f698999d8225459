"""The invitation page for an existing account: throttled as signing in is, and the same page
whether or not the invited address has an account (issue 17, holes 1 and 3's plain message)."""

from datetime import timedelta

from app.domain.roles import Role
from tests.integration.conftest import PASSWORD, sign_in

KNOWSLEY = "Knowsley Early Help Partnership"


def _invite(client, email, name="Mo Multi", role="viewer") -> str:
    client.post("/team/invite", data={"name": name, "email": email, "role": role}, expect=302)
    page = client.get("/team", expect=200).page
    return page.text_of("#invitation-link").removeprefix("http://localhost")


def test_guessing_the_password_on_the_invitation_page_is_slowed_as_signing_in_is(app, signed_in, make_user,
                                                                                 time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("victim@example.gov.uk", Role.COORDINATOR, partnership=KNOWSLEY)
    coordinator = signed_in(Role.COORDINATOR)
    link = _invite(coordinator, "victim@example.gov.uk")
    guesser = app.test_client()
    for _ in range(app.config["LOGIN_SLOW_AFTER"]):
        guesser.post(link, data={"name": "Mo Multi", "password": "a wrong guess of some length"}, expect=200)
    # Even the right password now has to wait, on this page and on the sign-in page.
    slowed = guesser.post(link, data={"name": "Mo Multi", "password": PASSWORD}, expect=429).page
    assert "Wait 5 seconds and try again" in slowed.field_error("password")
    assert sign_in(app.test_client(), "victim@example.gov.uk").status_code == 429
    guesser.get("/assessments", expect=302)


def test_guesses_on_the_invitation_page_lock_the_address_as_signing_in_does(app, signed_in, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("victim@example.gov.uk", Role.COORDINATOR, partnership=KNOWSLEY)
    coordinator = signed_in(Role.COORDINATOR)
    link = _invite(coordinator, "victim@example.gov.uk")
    guesser = app.test_client()
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        time_machine.shift(timedelta(minutes=2))
        guesser.post(link, data={"name": "Mo Multi", "password": "a wrong guess of some length"}, expect=200)
    locked = guesser.post(link, data={"name": "Mo Multi", "password": PASSWORD}, expect=429).page
    assert "too many failed attempts to sign in with this email address" in locked.field_error("password")


def _what_the_page_shows(page, email: str) -> tuple:
    form = page.forms[0]
    fields = sorted((f.get("name"), f.get("type")) for f in form.select("input"))
    return page.h1, page.text.replace(email, "EMAIL"), fields, page.buttons


def test_the_invitation_page_does_not_tell_whether_the_address_has_an_account(app, signed_in, make_user):
    make_user("has-account@example.gov.uk", Role.VIEWER, partnership=KNOWSLEY)
    coordinator = signed_in(Role.COORDINATOR)
    existing = _invite(coordinator, "has-account@example.gov.uk")
    new = _invite(coordinator, "no-account@example.gov.uk")
    reader = app.test_client()
    assert _what_the_page_shows(reader.get(existing, expect=200).page, "has-account@example.gov.uk") == \
        _what_the_page_shows(reader.get(new, expect=200).page, "no-account@example.gov.uk")
    # A password too short for a new account is refused in the same words either way.
    short = [reader.post(link, data={"name": "Mo Multi", "password": "short"}, expect=200).page.field_error("password")
             for link in (existing, new)]
    assert short[0] == short[1] and short[0].startswith("Password must be 12 characters or more")
