"""The service is run by councils, not on GOV.UK: no page asks for GOV.UK's typeface (GDS
Transport) or its crown, the text is set in the system font stack, and the icons the pages
name are the toolkit's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import LiveServer, PageProblems

#: app/static/scss/application.scss's $govuk-font-family, as Chromium reports it.
SYSTEM_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", arial, sans-serif'

#: What a request for one of GOV.UK's own files looks like.
GOVUK_FILES = ("/fonts/", ".woff", "gds", "govuk-crest", "govuk-icon", "govuk-opengraph", "/assets/images/")

_HEAD_ICONS = """() => [...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"], link[rel="mask-icon"]')]
  .map((l) => ({rel: l.rel, href: l.getAttribute('href')}))"""


def _watch_requests(page: Any) -> list[str]:
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def _assert_not_govuk(page: Any, requested: list[str]) -> None:
    govuk = [p for p in requested if any(mark in p.lower() for mark in GOVUK_FILES)]
    assert not govuk, f"{page.url} asked for GOV.UK's own files: {govuk}"
    families = page.evaluate("() => [...document.fonts].map((f) => f.family)")
    assert families == [], f"{page.url} declares web fonts: {families}"
    for selector in ("body", "h1", "p"):
        family = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector)
        assert family == SYSTEM_STACK, f"{page.url}: the {selector} is set in {family}"
    assert page.locator(".govuk-header__logotype, .govuk-header__crown, svg[aria-label='GOV.UK']").count() == 0


def _assert_own_icons(page: Any, live_server: LiveServer) -> None:
    icons = page.evaluate(_HEAD_ICONS)
    assert {i["rel"] for i in icons} == {"icon", "apple-touch-icon", "manifest"}, icons
    for icon in icons:
        href = icon["href"]
        assert href.startswith("/static/") and "govuk" not in href, icon
        response = page.request.get(live_server.url + href)
        assert response.ok, f"{href} answered {response.status}"
        if icon["rel"] == "manifest":
            manifest = response.json()
            assert manifest["name"] == "Early Help System Guide toolkit"
            for entry in manifest["icons"]:
                assert "govuk" not in entry["src"], entry
                assert page.request.get(live_server.url + "/static/" + entry["src"]).ok, entry
        else:
            assert response.headers["content-type"].startswith("image/"), (href, response.headers["content-type"])


@pytest.mark.parametrize("path", ["/login", "/accessibility", "/no-such-page"])
def test_public_pages_are_not_govuk(page: Any, page_problems: PageProblems, live_server: LiveServer, path: str) -> None:
    requested = _watch_requests(page)
    page.goto(path)
    page.wait_for_load_state("load")
    _assert_not_govuk(page, requested)
    _assert_own_icons(page, live_server)


def test_signed_in_pages_are_not_govuk(page: Any, login: Callable[[Any, str], Any], live_server: LiveServer) -> None:
    requested = _watch_requests(page)
    login(page, "coordinator")
    for path in ("/assessments", "/partnerships"):
        requested.clear()
        page.goto(path)
        page.wait_for_load_state("load")
        _assert_not_govuk(page, requested)
    _assert_own_icons(page, live_server)


def test_the_favicon_address_answers_with_the_toolkit_icon(page: Any, live_server: LiveServer) -> None:
    response = page.request.get(live_server.url + "/favicon.ico")
    assert response.ok
    assert urlsplit(response.url).path == "/static/images/favicon.ico"
    assert response.headers["content-type"] in {"image/vnd.microsoft.icon", "image/x-icon"}
