"""Browser suite: the app served on 127.0.0.1, driven in Debian's Chromium through Playwright.

Fixtures
  live_server   (session) the app on a free loopback port, SQLite file in a temp dir, CSRF on,
                demo partnership seeded; .url and .logins (role -> login with .email/.password)
  browser       (session) Chromium from /usr/bin/chromium, headless
  context/page  (per test) a fresh browser context, base_url = live_server.url
  page_problems (per test) console errors (CSP refusals), script errors, failed requests and
                responses >= 400 seen by `page`: page_problems.assert_none()
  login         (per test) login(page, role) signs in as the demo login for that role

Uses Playwright's sync API directly (no pytest-playwright), which works with
filterwarnings = error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    LiveServer,
    PageProblems,
    chromium_executable,
    served_app,
    sign_in,
)

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Phones follow the room as they do in production: from what the process read of it last.
    with served_app(tmp_path_factory.mktemp("browser-db"), ROOM_FRESH_SECONDS=0.5) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    ctx = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    ctx.set_default_timeout(DEFAULT_TIMEOUT_MS)
    ctx.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def page_problems(page: Any) -> PageProblems:
    return PageProblems.attach(page)


@pytest.fixture
def login(live_server: LiveServer) -> Callable[[Any, str], Any]:
    def _login(page: Any, role: str) -> Any:
        user = live_server.logins[role]
        response = sign_in(page, user.email, user.password)
        assert response is not None and response.ok, f"sign-in as {role} answered {response and response.status}"
        assert not page.url.rstrip("/").endswith("/login"), f"still on the sign-in page after signing in as {role}"
        return response

    return _login
