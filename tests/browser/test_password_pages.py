"""The password pages in Chromium: a forgotten password reset by the emailed link, and changing
your password; each page and each error state accessible (axe-core), no CSP refusals."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import LiveServer, PageProblems, assert_no_axe_violations

from app.domain.roles import Role
from app.services import accounts
from app.services.demo import DEMO_PARTNERSHIP
from tests.integration.mail_helpers import SMTP_SETTINGS, SmtpServer

EMAIL = "rea.set@example.gov.uk"
FIRST_PASSWORD = "a first long passphrase"
NEW_PASSWORD = "a second long passphrase"


@pytest.fixture
def mailbox(live_server: LiveServer):
    app = live_server.app
    saved = {key: app.config[key] for key in SMTP_SETTINGS}
    with SmtpServer() as server:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.controller.port, SMTP_STARTTLS=False)
        try:
            yield server.mailbox
        finally:
            app.config.update(saved)


@pytest.fixture(scope="module")
def person(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        accounts.create_user(EMAIL, "Rea Set", FIRST_PASSWORD, DEMO_PARTNERSHIP, Role.VIEWER)
    return EMAIL


def _submit(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")


def test_a_forgotten_password_is_reset_by_the_emailed_link(page: Any, page_problems: PageProblems,
                                                           live_server: LiveServer, person: str, mailbox) -> None:
    page.goto("/login")
    with page.expect_navigation():
        page.get_by_role("link", name="Forgotten your password?").click()
    assert page.locator("h1").inner_text() == "Reset your password"
    assert_no_axe_violations(page)
    _submit(page, "Send me a link")
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.get_by_label("Email address", exact=True).fill(person)
    _submit(page, "Send me a link")
    assert page.locator("h1").inner_text() == "Check your email"
    assert_no_axe_violations(page)

    [message] = mailbox.messages()
    link = re.search(r"http://\S+/reset-password/[A-Za-z0-9_-]+", message.get_content()).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Choose a new password"
    assert_no_axe_violations(page)
    page.get_by_label("New password", exact=True).fill("password2024!")
    _submit(page, "Save new password")
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    _submit(page, "Save new password")
    assert page.locator("h1").inner_text() == "Sign in"

    response = page.goto(link)
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "This link has already been used"
    assert_no_axe_violations(page)
    page_problems.assert_none(expected_document=(404, link))


def test_changing_your_password(page: Any, page_problems: PageProblems, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        accounts.create_user("cha.nge@example.gov.uk", "Cha Nge", FIRST_PASSWORD, DEMO_PARTNERSHIP, Role.VIEWER)
    page.goto("/login")
    page.get_by_label("Email address", exact=True).fill("cha.nge@example.gov.uk")
    page.get_by_label("Password", exact=True).fill(FIRST_PASSWORD)
    _submit(page, "Sign in")
    page.goto("/partnerships")
    with page.expect_navigation():
        page.get_by_role("link", name="Change your password").click()
    assert page.locator("h1").inner_text() == "Change your password"
    assert_no_axe_violations(page)
    page.get_by_label("Current password", exact=True).fill("not the password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    _submit(page, "Change password")
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.get_by_label("Current password", exact=True).fill(FIRST_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    _submit(page, "Change password")
    assert "Your password has been changed" in page.locator(".govuk-notification-banner").inner_text()
    page_problems.assert_none()
