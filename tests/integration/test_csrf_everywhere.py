"""With CSRF protection on, as in production: every route that changes something (POST, PUT, PATCH,
DELETE, taken from the application's route table) refuses a form sent without its token, for
everyone, with the service's own "Your form could not be sent" page, and changes nothing.

The forms sent are the ones test_access_table sends, which the people allowed to use each page
get accepted there: here the only thing missing is the token.
"""

from __future__ import annotations

import pytest

from tests.integration.access_world import ACTORS, Route, build_world, changed_tables, destroy_world, routes, snapshot

CHANGING = [r for r in routes() if r.method in {"POST", "PUT", "PATCH", "DELETE"}]


@pytest.fixture
def clean_database():
    """This module's data is built once (the `world` fixture) and emptied when the module ends."""
    yield


@pytest.fixture(scope="module")
def world(app):
    built = build_world(app)  # switches CSRF protection on
    yield built
    destroy_world(app)


def test_every_route_that_changes_something_is_checked():
    assert CHANGING, "the route table has no POST routes?"
    assert {"POST /login", "POST /logout", "POST /join/<code>"} <= {r.key for r in CHANGING}


@pytest.mark.parametrize("route", CHANGING, ids=[r.key for r in CHANGING])
def test_a_form_without_its_token_is_refused_and_changes_nothing(app, world, route: Route):
    assert app.config["WTF_CSRF_ENABLED"]
    problems = []
    for actor in ACTORS:
        browser = world.browser_for(route, actor)
        before = snapshot(app)
        response = world.send(route, actor, with_token=False, browser=browser)
        html = response.get_data(as_text=True)
        changed = changed_tables(before, snapshot(app))
        if response.status_code != 400:
            problems.append(f"{actor}: expected 400, got {response.status_code}")
        elif response.page.h1 != "Your form could not be sent" or "Nothing was saved" not in response.page.text:
            problems.append(f"{actor}: the 400 is not the service's page saying the form could not be sent")
        if "Traceback" in html or "werkzeug" in html.lower():  # anywhere in the response, not only its text
            problems.append(f"{actor}: the page shows a stack trace")
        if changed:
            problems.append(f"{actor}: changed {sorted(changed)}")
    assert not problems, f"{route.key}:\n  " + "\n  ".join(problems)


def test_a_wrong_token_is_refused_too(app, world):
    """Not only a missing token: another session's token does not do either."""
    stolen = world.csrf_tokens["viewer"]
    client, _ = world.browser("coordinator")
    before = snapshot(app)
    response = client.post("/team/invite", data={"name": "Mallory", "email": "mallory@example.com", "role": "coordinator",
                                                 "csrf_token": stolen}, expect=400)
    assert response.page.h1 == "Your form could not be sent"
    assert changed_tables(before, snapshot(app)) == set()
