"""Guessing someone's email address cannot keep them out of a browser they have signed in from
before (issue 17, hole 4; the rule is in docs/security.md)."""

from datetime import timedelta

from app.domain.roles import Role
from tests.integration.conftest import PASSWORD

DEVICE = "ehsg_device"


def sign_in(client, email: str, password: str = PASSWORD, expect: int | None = None):
    return client.post("/login", data={"email": email, "password": password}, expect=expect)


def _lock_out(app, time_machine, email="owner@example.gov.uk", client=None):
    stranger = client or app.test_client()
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        time_machine.shift(timedelta(minutes=2))
        sign_in(stranger, email, "a stranger's guess")
    return stranger


def _laptop(app, make_user):
    make_user("owner@example.gov.uk", Role.COORDINATOR)
    laptop = app.test_client()
    sign_in(laptop, "owner@example.gov.uk", expect=302)
    assert laptop.get_cookie(DEVICE) is not None
    laptop.post("/logout", expect=302)
    return laptop


def test_strangers_guessing_do_not_lock_the_owner_out_of_a_browser_they_signed_in_from(app, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    laptop = _laptop(app, make_user)
    stranger = _lock_out(app, time_machine)
    locked = sign_in(stranger, "owner@example.gov.uk", expect=429)
    assert "too many failed attempts" in locked.page.field_error("password")
    # A new browser, even with the right password, waits; the owner's own browser goes in.
    sign_in(app.test_client(), "owner@example.gov.uk", expect=429)
    sign_in(laptop, "owner@example.gov.uk", expect=302)
    laptop.get("/assessments", expect=200)
    # And the strangers are still locked out afterwards.
    sign_in(stranger, "owner@example.gov.uk", expect=429)


def test_a_known_browser_is_still_slowed_and_locked_for_its_own_wrong_passwords(app, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    laptop = _laptop(app, make_user)
    for _ in range(app.config["LOGIN_SLOW_AFTER"]):
        sign_in(laptop, "owner@example.gov.uk", "not my password", expect=200)
    assert "Wait 5 seconds" in sign_in(laptop, "owner@example.gov.uk", expect=429).page.field_error("password")
    _lock_out(app, time_machine, client=laptop)
    locked = sign_in(laptop, "owner@example.gov.uk", expect=429).page.field_error("password")
    assert "too many failed attempts to sign in from this browser" in locked
    # Its guesses were its own: a new browser is not held up by them.
    sign_in(app.test_client(), "owner@example.gov.uk", expect=302)


def test_a_made_up_or_borrowed_device_cookie_counts_as_a_new_browser(app, make_user, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    laptop = _laptop(app, make_user)
    real = laptop.get_cookie(DEVICE).value
    make_user("other@example.gov.uk", Role.VIEWER)
    other = app.test_client()
    sign_in(other, "other@example.gov.uk", expect=302)
    borrowed = other.get_cookie(DEVICE).value  # a real cookie, but another person's
    _lock_out(app, time_machine)
    user_id, random_part, _ = real.split(".")
    for forged in (f"{user_id}.{random_part}.{'0' * 64}", f"{user_id}.made-up.{'0' * 64}", borrowed, "rubbish"):
        attacker = app.test_client()
        attacker.set_cookie(DEVICE, forged)
        sign_in(attacker, "owner@example.gov.uk", expect=429)


def test_the_device_cookie_is_kept_safe_and_listed_on_the_cookies_page(app, client, make_user):
    make_user("owner@example.gov.uk", Role.VIEWER)
    response = sign_in(client, "owner@example.gov.uk", expect=302)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(DEVICE + "="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=31536000" in header
    assert "owner@example.gov.uk" not in header
    assert DEVICE in client.get("/cookies", expect=200).page.table_rows()[1][0]
