"""Helpers for the browser suite: the live server, Chromium, axe-core and page checks.

The fixtures that use these live in conftest.py beside this file. Tests import the helpers:

    from browser_support import assert_no_axe_violations, assert_skip_link_first
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from werkzeug.serving import BaseWSGIServer, make_server

REPO_ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium (apt-get install chromium; `make system-deps`). Never a downloaded build.
CHROMIUM = os.environ.get("EHSG_CHROMIUM", "/usr/bin/chromium")

# Flags this closed network needs: without the background-networking ones Chromium keeps
# trying to reach Google's hosts and the machine refuses the connections.
# (No --user-data-dir: Playwright gives every launch a fresh temporary profile itself.)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--metrics-recording-only",
    "--no-default-browser-check",
]

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_executable() -> str:
    path = shutil.which(CHROMIUM) or CHROMIUM
    if not Path(path).is_file():
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}. Install Debian's package: `make system-deps` "
            "(apt-get install chromium chromium-driver). Never `playwright install`."
        )
    return path


# --------------------------------------------------------------------------- live server


@dataclass
class LiveServer:
    """The application served on 127.0.0.1 from a background thread."""

    url: str
    logins: dict[str, Any]
    app: Any
    _server: BaseWSGIServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


def _read_whole_response(app: Any) -> Any:
    """The app with each response read in full and closed before the server sends it.

    Werkzeug's development server closes a response (a static file, say) only after it has
    drained the socket; when Chromium drops a connection it no longer needs (a favicon on a page
    it has left), that drain fails, the file is never closed, and its ResourceWarning surfaces
    later in whichever test is running. Production (gunicorn) is not affected."""

    def wsgi(environ: dict, start_response: Any) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@contextmanager
def served_app(db_folder: Path, *, demo: bool = True, prepare: Callable[[Any], None] | None = None,
               **settings: Any) -> Iterator[LiveServer]:
    """The application served on a free loopback port while the ``with`` lasts: SQLite in a file
    in ``db_folder`` (the server's threads share it), CSRF on, migrated; the demo partnership
    seeded unless ``demo=False`` (its logins in ``.logins``); ``prepare(app)`` run before serving;
    ``settings`` added to the test configuration (DESCRIPTORS_DIR, ROOM_FRESH_SECONDS...)."""
    import flask_migrate

    from app.config import TestConfig
    from app.factory import create_app

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{db_folder / 'browser.db'}"
        WTF_CSRF_ENABLED = True  # real users have CSRF protection; so do these tests
        SQLALCHEMY_RECORD_QUERIES = False

    for name, value in settings.items():
        setattr(Config, name, value)
    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade()
        from app.services.demo import seed_demo

        logins = {login.role: login for login in seed_demo()} if demo else {}
    if prepare is not None:
        prepare(app)
    server = start_live_server(app, logins)
    try:
        yield server
    finally:
        server.stop()
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()


def start_live_server(app: Any, logins: dict[str, Any]) -> LiveServer:
    server = make_server("127.0.0.1", 0, _read_whole_response(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(
        url=f"http://127.0.0.1:{server.server_port}",
        logins=logins,
        app=app,
        _server=server,
        _thread=thread,
    )


# --------------------------------------------------------------------------- axe-core


_axe_source: str | None = None


def _axe() -> str:
    global _axe_source
    if _axe_source is None:
        if not AXE_JS.is_file():
            raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (or `make install`).")
        _axe_source = AXE_JS.read_text(encoding="utf-8")
    return _axe_source


_RUN_AXE = """
async (options) => {
  const results = await window.axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(', '),
      summary: n.failureSummary || '',
    })),
  }));
}
"""


def axe_violations(page: Any, *, disable_rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its violations (WCAG 2.x A and AA).

    axe is put into the page with page.evaluate, which the DevTools protocol runs outside the
    page's Content-Security-Policy, so the page's own CSP is left exactly as it is served.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe())
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    return page.evaluate(_RUN_AXE, options)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}")
            for summary_line in node["summary"].splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, *, disable_rules: tuple[str, ...] = ()) -> None:
    """Fail listing every axe violation: id, impact, help and the failing nodes."""
    violations = axe_violations(page, disable_rules=disable_rules)
    assert not violations, (
        f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


# --------------------------------------------------------------------------- page problems


@dataclass
class PageProblems:
    """Console errors (CSP refusals among them), script errors, failed requests and responses
    with status >= 400 seen by one page since it was attached."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[tuple[int, str, str]] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Any) -> PageProblems:
        problems = cls()
        page.on("console", problems._on_console)
        page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
        page.on("response", problems._on_response)
        page.on("requestfailed", problems._on_request_failed)
        return problems

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} (at {location.get('url', '?')})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.bad_responses.append(
                (response.status, response.url, response.request.resource_type)
            )

    def _on_request_failed(self, request: Any) -> None:
        # ERR_ABORTED is a request the browser cancelled itself, for instance a favicon
        # still loading when the test navigated on. Anything refused shows up elsewhere too.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.failed_requests.append(f"{request.url} ({request.failure})")

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.bad_responses.clear()
        self.failed_requests.clear()

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.console_errors if "Content Security Policy" in e or e.startswith("Refused to")]

    def assert_none(
        self,
        *,
        expected_document: tuple[int, str] | None = None,
        ignore_paths: tuple[str, ...] = (),
    ) -> None:
        """Fail if anything went wrong. `expected_document=(404, url)` allows that one
        document response (a deliberate error page) and Chromium's console line about it;
        `ignore_paths` allows failures of those URL paths (e.g. "/favicon.ico")."""
        bad = [r for r in self.bad_responses if urlsplit(r[1]).path not in ignore_paths]
        console = [
            c for c in self.console_errors
            if not any(c.endswith(f"{path})") and "Failed to load resource" in c for path in ignore_paths)
        ]
        if expected_document is not None:
            status, url = expected_document
            bad = [r for r in bad if not (r[0] == status and r[1] == url and r[2] == "document")]
            console = [
                c
                for c in console
                if not (
                    c.startswith(f"Failed to load resource: the server responded with a status of {status}")
                    and c.endswith(f"(at {url})")
                )
            ]
        report = []
        if console:
            report.append("console errors:\n  " + "\n  ".join(console))
        if self.page_errors:
            report.append("uncaught script errors:\n  " + "\n  ".join(self.page_errors))
        if bad:
            report.append(
                "responses >= 400:\n  " + "\n  ".join(f"{s} {u} ({t})" for s, u, t in bad)
            )
        if self.failed_requests:
            report.append("failed requests:\n  " + "\n  ".join(self.failed_requests))
        assert not report, "problems while the page loaded:\n" + "\n".join(report)


# --------------------------------------------------------------------------- keyboard


def focused_element(page: Any) -> dict[str, Any]:
    """What has focus now: tag, id, classes, text and the text of its label(s)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return {tag: el ? 'body' : null};
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id || '',
            type: el.getAttribute('type') || '',
            className: typeof el.className === 'string' ? el.className : '',
            text: (el.innerText || el.value || '').trim(),
            href: el.getAttribute('href') || '',
            labels: el.labels ? Array.from(el.labels).map((l) => l.innerText.trim()) : [],
          };
        }"""
    )


def assert_skip_link_first(page: Any) -> None:
    """From page load, the first Tab lands on GOV.UK's "Skip to main content" link."""
    page.keyboard.press("Tab")
    focused = focused_element(page)
    assert focused.get("text") == "Skip to main content", f"first Tab focused {focused}"
    assert "govuk-skip-link" in focused.get("className", ""), focused
    target = focused.get("href", "")
    assert target.startswith("#"), focused
    assert page.locator(target).count() == 1, f"skip link target {target} is not on the page"


def tab_to(page: Any, predicate: Any, *, limit: int = 40) -> dict[str, Any]:
    """Press Tab until predicate(focused_element) is true; fail after `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if predicate(focused):
            return focused
        seen.append(focused)
    raise AssertionError(f"never reached the element after {limit} Tabs; focused in turn: {json.dumps(seen)}")


# --------------------------------------------------------------------------- sign in


def sign_in(page: Any, email: str, password: str) -> Any:
    """Fill the sign-in form by its labels and press "Sign in"; wait for the next page.
    Returns the navigation's response."""
    page.goto("/login")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in", exact=True).click()
    return navigation.value


# --------------------------------------------------------------------------- the demo's assessments


def demo_assessment_path(page: Any, year: int | None = None) -> str:
    """The overview URL of one of the demo partnership's assessments, found on the list page by
    its link text. By default the year the demo is working on (this calendar year): other tests
    add later years, so "the newest" is not a stable choice."""
    chosen = year if year is not None else date.today().year
    page.goto("/assessments")
    href = page.get_by_role("link", name=f"{chosen} assessment", exact=True).get_attribute("href")
    assert href, f"the assessments list has no link to the {chosen} assessment"
    return href
