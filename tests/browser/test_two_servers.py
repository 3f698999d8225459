"""Two app servers on one PostgreSQL (issue 16, "One machine is not the limit").

Two gunicorn processes, started as production starts them (`gunicorn run:app`, production
profile), share nothing but SECRET_KEY and DATABASE_URL. A small round-robin proxy (round_robin.py
beside this file) stands in for the load balancer: it sends each request to the other server from
the one before, counts what each answered and marks each answer with the server's name
(X-Served-By). Through it, in Chromium, the demo's coordinator signs in, saves a descriptor's score
and runs a live workshop that a participant joins and answers on their own phone; the answer shows
on the coordinator's page, the room moves on and the phone follows; the coordinator signs out and
the session is ended on both servers. Wrong passwords spread over the two servers are counted
together. Nothing a person's next request needs may live in one process's memory.

Needs PostgreSQL: TEST_DATABASE_URL names a server (scripts/test.sh starts one for the browser
stage), and a database of the test's own is made on it and dropped afterwards.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from browser_support import (
    REPO_ROOT,
    PageProblems,
    assert_no_axe_violations,
    sign_in,
)
from round_robin import BIN, AppServer, RoundRobin
from workshop_steps import click_and_wait, create_live_workshop, join_workshop

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgresql"),
    reason="two app servers need one PostgreSQL database: set TEST_DATABASE_URL to a PostgreSQL server "
           "(scripts/test.sh browser starts one; or eval \"$(scripts/pg-test-cluster.sh start)\")",
)

# --------------------------------------------------------------------------- the database


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh database on the TEST_DATABASE_URL server, migrated as a deploy does it (once, from one
    machine, `ehsg db upgrade`), dropped after the test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ehsg_two_servers_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _environment(secret: str, database_url: str) -> dict[str, str]:
    """What each server process is given: the two shared settings, and the same profile for both.
    Nothing from the caller's shell but PATH (no TEST_DATABASE_URL, no EHSG_*)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO_ROOT),
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "EHSG_ENV": "production",
        # The proxy speaks plain HTTP on 127.0.0.1, where a Secure cookie would not come back.
        "SESSION_COOKIE_SECURE": "false",
        "EHSG_PROXY_HOPS": "1",
    }


def _ehsg(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "ehsg"), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"ehsg {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _demo_logins(printed: str) -> dict[str, str]:
    """email -> password, from the lines `ehsg demo` prints once."""
    logins = {}
    for line in printed.splitlines():
        words = line.split()
        if len(words) >= 2 and words[-2].endswith("@demo.example"):
            logins[words[-2]] = words[-1]
    return logins


@dataclass
class Deployment:
    url: str
    servers: list[AppServer]
    balancer: RoundRobin
    logins: dict[str, str]


@pytest.fixture(scope="module")
def deployment(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    env = _environment(secrets.token_hex(32), database_url)
    _ehsg(env, "db", "upgrade")
    logins = _demo_logins(_ehsg(env, "demo"))
    logs = tmp_path_factory.mktemp("two-servers")
    servers = [AppServer("a", env, logs / "a.log"), AppServer("b", env, logs / "b.log")]
    balancer = RoundRobin(servers)
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_ready()
        balancer.start()
        yield Deployment(balancer.url, servers, balancer, logins)
    finally:
        balancer.stop()
        for server in servers:
            server.stop()


# --------------------------------------------------------------------------- the flow


def _new_context(browser: Any, deployment: Deployment, **options: Any) -> Any:
    context = browser.new_context(base_url=deployment.url, locale="en-GB", timezone_id="Europe/London", **options)
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(15_000)
    return context


def _set_up_live_workshop(page: Any, assessment_path: str) -> tuple[str, str]:
    """The coordinator sets up a named live workshop on 6.1 and 6.2: (its page's URL, its code)."""
    page.goto(assessment_path + "/workshops")
    click_and_wait(page, page.get_by_role("link", name="Set up a workshop"))
    return create_live_workshop(page, "Workforce workshop across two servers", re.compile(r"6\.1 The workforce"),
                                re.compile(r"6\.2 "))


def test_two_servers_behind_a_round_robin_serve_the_whole_flow(browser: Any, deployment: Deployment) -> None:
    from app.services.demo import DEMO_PEOPLE

    coordinator_email = DEMO_PEOPLE[0][2]
    context = _new_context(browser, deployment, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = PageProblems.attach(page)

    # Signing in on one server; every later page, on either, knows who this is.
    response = sign_in(page, coordinator_email, deployment.logins[coordinator_email])
    assert response is not None and response.ok
    assert not page.url.rstrip("/").endswith("/login"), "still on the sign-in page after signing in"
    page.goto("/assessments")
    click_and_wait(page, page.get_by_role("link", name=f"{date.today().year} assessment", exact=True))
    assessment_path = page.url.split("#")[0]
    assert re.search(r"/assessments/\d+$", assessment_path), assessment_path

    # A score saved: the form from one server, its CSRF token checked by the other.
    page.goto(assessment_path + "/descriptors/5.1")
    page.get_by_label("4 – Well established").check()
    click_and_wait(page, page.get_by_role("button", name="Save and return to the overview"))
    assert page.locator("#descriptor-5\\.1-hint").inner_text().endswith("Score: 4")
    page.goto(assessment_path + "/descriptors/5.1")
    assert page.get_by_label("4 – Well established").is_checked()

    # A live workshop: a participant joins on their phone and answers.
    workshop_url, code = _set_up_live_workshop(page, assessment_path)
    click_and_wait(page, page.get_by_role("link", name="6.1", exact=True))
    assert "0 of 0" in page.locator("#answered-status").inner_text()

    phone_context = _new_context(browser, deployment, viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone_problems = PageProblems.attach(phone)
    join_workshop(phone, code, "Priya Shah", "Demo NHS Foundation Trust", "Health")
    assert phone.locator("h1").inner_text().startswith("6.1")
    phone.get_by_label("3 – Established in places").check()
    phone.get_by_label("Comment or evidence (optional)").fill("Health visitors rarely hear back.")
    click_and_wait(phone, phone.get_by_role("button", name="Save my answer"))
    assert "Your answer to 6.1 is saved" in phone.locator("main").inner_text()

    # The coordinator's page shows the answer by itself (its updates come from either server).
    page.wait_for_function(
        "() => document.querySelector('#answered-status').textContent.includes("
        "'1 of 1 person who joined has answered')", timeout=10_000)
    live = page.locator("#live-region")
    assert "The results are hidden" in live.inner_text()  # until 3 have joined, or the facilitator shows them
    click_and_wait(page, page.get_by_role("button", name="Show the results"))
    live.get_by_text("Scores given in round 1").wait_for()
    assert "Priya Shah, Demo NHS Foundation Trust" in live.inner_text()
    assert "Health visitors rarely hear back." in live.inner_text()
    assert_no_axe_violations(page)
    phone.get_by_text("The results are showing", exact=True).wait_for(timeout=5_000)

    # While nothing changes, both servers give the region the same key, so the page is left as
    # it is (a focused button stays focused) whichever of them answers its next poll.
    live_url = page.url.split("#")[0] + "/live"
    keys = _from_both(lambda: context.request.get(live_url), lambda answer: answer.json()["key"])
    assert len(set(keys.values())) == 1, f"the region's key differs between the servers: {keys}"

    # The room moves on; the phone, asking either server where the room is, follows.
    page.goto(workshop_url + "/descriptors/6.2")
    click_and_wait(page, page.get_by_role("button", name="Move the room to 6.2"))
    phone.wait_for_url(f"**/join/{code}/questions/6.2", timeout=5_000)
    assert phone.locator("h1").inner_text().startswith("6.2")
    phone_problems.assert_none()
    phone_context.close()

    # Signing out ends the session on both servers: the old cookie opens nothing on either.
    cookies = context.cookies()
    click_and_wait(page, page.get_by_role("button", name="Sign out", exact=True))
    assert "You have signed out" in page.locator("main").inner_text()
    problems.assert_none()
    context.add_cookies(cookies)
    refused = _from_both(lambda: context.request.get("/assessments", max_redirects=0),
                         lambda answer: (answer.status, answer.headers.get("location", "").split("?")[0]))
    assert set(refused.values()) == {(302, "/login")}, f"the signed-out cookie, on each server: {refused}"
    context.close()

    _assert_both_servers_did_the_work(deployment)


def test_wrong_passwords_sent_to_both_servers_count_together(browser: Any, deployment: Deployment) -> None:
    """Signing in slows after 3 wrong passwords for one address (docs/security.md). Sent one by one,
    the 3 reach both servers, neither of which saw 3 itself: the fourth attempt, with the right
    password, is still made to wait. The form's CSRF token comes from one server and is checked
    by both."""
    from bs4 import BeautifulSoup

    from app.services.demo import DEMO_PEOPLE

    viewer_email = DEMO_PEOPLE[3][2]
    context = _new_context(browser, deployment)
    form = BeautifulSoup(context.request.get("/login").text(), "lxml")
    token = form.select_one("input[name=csrf_token]")["value"]

    def attempt(password: str) -> Any:
        return context.request.post("/login", max_redirects=0,
                                    form={"csrf_token": token, "email": viewer_email, "password": password})

    wrong = [attempt("not the password, twelve+") for _ in range(3)]
    assert [a.status for a in wrong] == [200, 200, 200]
    assert {a.headers["x-served-by"] for a in wrong} == {"a", "b"}
    right = attempt(deployment.logins[viewer_email])
    refused = BeautifulSoup(right.text(), "lxml").select_one("#password-error")
    assert right.status == 429, right.status
    assert refused is not None and "Too many failed attempts to sign in. Wait" in refused.get_text(), refused
    context.close()


def _from_both(ask: Any, read: Any, *, tries: int = 20) -> dict[str, Any]:
    """What each server answers to the same request (asked until both have answered)."""
    found: dict[str, Any] = {}
    for _ in range(tries):
        answer = ask()
        found[answer.headers["x-served-by"]] = read(answer)
        if len(found) == 2:
            return found
    raise AssertionError(f"{tries} requests in a row reached only server {set(found)}")


def _assert_both_servers_did_the_work(deployment: Deployment) -> None:
    balancer = deployment.balancer
    assert not balancer.failures, "the proxy could not reach a server:\n" + "\n".join(balancer.failures)
    counts = balancer.counts()
    assert set(counts) == {"a", "b"} and abs(counts["a"] - counts["b"]) <= 1, f"requests answered: {counts}"
    for server in ("a", "b"):
        posts = balancer.by(server, method="POST")
        pages = [a for a in balancer.by(server, method="GET", prefix="/assessments/") if a.status == 200]
        joins = balancer.by(server, prefix="/join/")
        assert posts and pages and joins, (
            f"server {server} answered {len(posts)} forms, {len(pages)} signed-in pages and {len(joins)} "
            "requests of the participant's: the flow did not reach it")
    for server in deployment.servers:
        errors = server.errors_logged()
        assert not errors, f"server {server.name} logged errors:\n" + "\n".join(errors[:20])
