"""Who may use which page: every route of the application, for every kind of person, against one table.

The cases come from the application's own route table (``app.url_map``), so a new route that is
not in EXPECTED fails here, by name, until someone writes down who may use it. Each address is
filled with real ids (a Sefton assessment, workshop, member, invitation, join code; see
access_world.py), POSTs carry a valid CSRF token and a form that would do what the page is for.

What each cell means:
  ok       allowed: 200
  go       allowed: sent on elsewhere (a redirect, not to sign in)
  in       a stranger: sent to sign in (302 to /login), and nothing in the database changes
  out      signed out (302 to /login); the server-side session ends
  403      refused: a role in this partnership that may not do this; nothing changes
  404      another partnership's thing: not found, as if it did not exist; nothing changes

Besides the status: no response is a 5xx; no GET changes anything in the database; a page that
Sefton's people are allowed to see never mentions Knowsley, and the other way round (except what
a link or code opens, which is for whoever holds it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event

from app.data.models import WorkshopAnswer, WorkshopParticipant
from app.extensions import db
from tests.integration.access_world import (
    ACTORS,
    MUST_NOT_SEE,
    Route,
    build_world,
    changed_tables,
    destroy_world,
    routes,
    snapshot,
)
from tests.integration.conftest import csrf_token_from

ROUTES = routes()

#                                                                     stranger  coord  facil  lead   viewer other  dual   cross  analyst officer
EXPECTED: dict[str, tuple[str, ...]] = {
    # Pages anyone may read
    "GET /":                                                            ("ok",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "GET /accessibility":                                               ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /cookies":                                                     ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /privacy":                                                     ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /favicon.ico":                                                 ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "GET /health":                                                      ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /assets/<path:filename>":                                      ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    # Signing in and out, choosing a partnership
    "GET /login":                                                       ("ok",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "POST /login":                                                      ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "POST /logout":                                                     ("out",  "out", "out", "out", "out", "out", "out", "out", "out", "out"),
    "GET /partnerships":                                                ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "404", "404"),
    "POST /partnerships":                                               ("in",   "go",  "go",  "go",  "go",  "404", "go",  "go", "404", "404"),
    # Passwords (email-and-passwords): your own password when signed in; a forgotten one for anyone.
    # The reset link the table opens is not one (an invitation's token): it does not work, for anyone.
    "GET /account/password":                                            ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "POST /account/password":                                           ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /forgotten-password":                                          ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "POST /forgotten-password":                                         ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /reset-password/<token>":                                      ("404",  "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "POST /reset-password/<token>":                                     ("404",  "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    # An invitation link: the link is the permission
    "GET /invitations/<token>":                                         ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "POST /invitations/<token>":                                        ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    # Taking part in a workshop: the code is the permission; not yet joined, so sent to join
    "GET /join":                                                        ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "POST /join":                                                       ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "GET /join/<code>":                                                 ("ok",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "POST /join/<code>":                                                ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "GET /join/<code>/questions":                                       ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "GET /join/<code>/questions/<descriptor_id>":                       ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    "POST /join/<code>/questions/<descriptor_id>":                      ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    # Live workshop (issue 13, live helper): where the room is, for a phone's script; only for
    # a browser that has joined: nobody here has, so each is sent to join
    "GET /join/<code>/room":                                            ("go",   "go",  "go",  "go",  "go",  "go",  "go",  "go", "go", "go"),
    # The partnership's own lists and forms: "other", "dual" and "cross" see Knowsley's, where they work
    # (and "cross" is only a viewer there)
    "GET /assessments":                                                 ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "404", "404"),
    "GET /assessments/new":                                             ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "POST /assessments/new":                                            ("in",   "go",  "403", "403", "403", "go",  "go",  "403", "404", "404"),
    "GET /assessments/import":                                          ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "POST /assessments/import":                                         ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "GET /team":                                                        ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "GET /team/invite":                                                 ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "POST /team/invite":                                                ("in",   "go",  "403", "403", "403", "go",  "go",  "403", "404", "404"),
    # The team's history (sign-in helper): the current partnership's, for its coordinators
    "GET /team/history":                                                ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    # A Sefton member: the role that counts is the one held in Sefton ("dual" is a viewer there, "cross" a coordinator)
    "GET /team/<int:membership_id>/role":                               ("in",   "ok",  "403", "403", "403", "404", "403", "ok", "404", "404"),
    "POST /team/<int:membership_id>/role":                              ("in",   "go",  "403", "403", "403", "404", "403", "go", "404", "404"),
    "GET /team/<int:membership_id>/remove":                             ("in",   "ok",  "403", "403", "403", "404", "403", "ok", "404", "404"),
    "POST /team/<int:membership_id>/remove":                            ("in",   "go",  "403", "403", "403", "404", "403", "go", "404", "404"),
    # A Sefton assessment
    "GET /assessments/<int:assessment_id>":                             ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/check-answers":               ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/sections/<section_id>":       ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/history":                     ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/descriptors/<descriptor_id>": ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/descriptors/<descriptor_id>": ("in", "go", "go", "go", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/descriptors/<descriptor_id>/history":
                                                                        ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/data-model":                  ("in",   "ok",  "403", "ok",  "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/data-model":                 ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/permissions":                 ("in",   "ok",  "403", "ok",  "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/permissions":                ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/earned-autonomy":             ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/earned-autonomy/chart.png":   ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/priorities":                  ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/priorities":                 ("in",   "403", "403", "ok",  "403", "404", "403", "403", "404", "404"),
    # Only a strategic lead signs off
    "POST /assessments/<int:assessment_id>/sign-off":                   ("in",   "403", "403", "go",  "403", "404", "403", "403", "404", "404"),
    "GET /assessments/<int:assessment_id>/reopen":                      ("in",   "ok",  "403", "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/reopen":                     ("in",   "ok",  "403", "403", "403", "404", "403", "ok", "404", "404"),
    # What viewers see (issue 17): every member downloads the return and sees the list of workshops
    "GET /assessments/<int:assessment_id>/export":                      ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/export/<format_key>":         ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops":                   ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    # A Sefton workshop's own pages: facilitators and coordinators only
    "GET /assessments/<int:assessment_id>/workshops/new":               ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/new":              ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>": ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/close":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/room":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/present":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/present/live":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/live":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/reveal":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/next-round":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/agree":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/agree":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    # From the room to the return (return helper): the sign-off confirmation page; the world's
    # assessment is not ready to sign off, so the strategic lead is sent to check answers.
    "GET /assessments/<int:assessment_id>/sign-off":                    ("in",   "403", "403", "go",  "403", "404", "403", "403", "404", "404"),
    # ...and workshops changed after set-up, closed with a confirmation, reopened (return helper)
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/close":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/reopen":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/workshops/<int:workshop_id>/edit":
                                                                        ("in",   "ok",  "ok",  "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/workshops/<int:workshop_id>/edit":
                                                                        ("in",   "go",  "go",  "403", "403", "404", "403", "go", "404", "404"),
    # Trends across the years (issue 15, trends helper): every member sees their partnership's trends and
    # downloads the Word return with a trends appendix
    "GET /trends":                                                      ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "404", "404"),
    "GET /trends/sections/<section_id>/chart.png":                      ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/export-with-trends":          ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    # Peer review (issue 16): every member sees the reviews of their assessment; a coordinator invites
    # and ends them; only the invited reviewer (Kit Kay, of Knowsley) opens and challenges the assessment
    "GET /assessments/<int:assessment_id>/peer-reviews":                ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/peer-reviews/invite":         ("in",   "ok",  "403", "403", "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/peer-reviews/invite":        ("in",   "go",  "403", "403", "403", "404", "403", "go", "404", "404"),
    "POST /assessments/<int:assessment_id>/peer-reviews/<int:review_id>/end":
                                                                        ("in",   "go",  "403", "403", "403", "404", "403", "go", "404", "404"),
    "GET /peer-reviews":                                                ("in",   "ok",  "ok",  "ok",  "ok",  "ok",  "ok",  "ok", "ok", "ok"),
    "GET /peer-reviews/<int:review_id>":                                ("in",   "404", "404", "404", "404", "ok",  "404", "404", "404", "404"),
    "GET /peer-reviews/<int:review_id>/descriptors/<descriptor_id>":    ("in",   "404", "404", "404", "404", "ok",  "404", "404", "404", "404"),
    "POST /peer-reviews/<int:review_id>/descriptors/<descriptor_id>":   ("in",   "404", "404", "404", "404", "go",  "404", "404", "404", "404"),
    # Sending the return (issue 16): every member sees what was sent; a coordinator sends. Sefton's
    # assessment is not signed off, so sending is refused on the page (and nothing was sent: version 1 is
    # not found; tests/integration/test_sending.py opens one that was)
    "GET /assessments/<int:assessment_id>/send":                        ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/send":                       ("in",   "go",  "403", "403", "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/sent/<int:version>":          ("in",   "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    # Sending the return (issue 16): who can see the return sent, as answered and now: every member reads
    # it; a coordinator withdraws or gives a permission (Sefton's assessment is not sent: it says so)
    "GET /assessments/<int:assessment_id>/sharing":                     ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok",  "404", "404"),
    "POST /assessments/<int:assessment_id>/sharing":                    ("in",   "go",  "403", "403", "403", "404", "403", "go",  "404", "404"),
    # People outside every partnership (issue 16): a department analyst sees the returns sent that permit the
    # department (the world holds one, loaded as sent); another department's officer, the scores shared with them
    "GET /department":                                                  ("in",   "404", "404", "404", "404", "404", "404", "404", "ok",  "404"),
    "GET /department/sections/<section_id>/chart.png":                  ("in",   "404", "404", "404", "404", "404", "404", "404", "ok",  "404"),
    "GET /department/returns.<format_key>":                             ("in",   "404", "404", "404", "404", "404", "404", "404", "ok",  "404"),
    "GET /other-departments":                                           ("in",   "404", "404", "404", "404", "404", "404", "404", "404", "ok"),
    # Action plans (issue 15): every member reads the plan; coordinators and strategic leads shape it;
    # an action's owner updates it (the world's action has no owner, so only the planners may)
    "GET /assessments/<int:assessment_id>/plan":                        ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/plan/descriptors/<descriptor_id>/draft":
                                                                        ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/plan/actions/new":            ("in",   "ok",  "403", "ok",  "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/plan/actions/new":           ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/plan/actions/<int:action_id>/edit":
                                                                        ("in",   "ok",  "403", "ok",  "403", "404", "403", "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/plan/actions/<int:action_id>/edit":
                                                                        ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "GET /assessments/<int:assessment_id>/plan/actions/<int:action_id>/progress":
                                                                        ("in",   "ok",  "403", "ok",  "403", "404", "403", "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/plan/export/<format_key>":    ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "GET /assessments/<int:assessment_id>/plan/mid-year":               ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok", "404", "404"),
    "POST /assessments/<int:assessment_id>/plan/mid-year":              ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    "POST /assessments/<int:assessment_id>/plan/actions/<int:action_id>/progress":
                                                                        ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    # each planner removes a spare action of their own; the others try the world's action, which stays
    "POST /assessments/<int:assessment_id>/plan/actions/<int:action_id>/remove":
                                                                        ("in",   "go",  "403", "go",  "403", "404", "403", "go", "404", "404"),
    # Areas learning from each other (issue 16): every member sees the comparison (which says, here, that
    # the assessment does not permit it); a coordinator chooses the contact shown to other areas
    "GET /assessments/<int:assessment_id>/compare":                     ("in",   "ok",  "ok",  "ok",  "ok",  "404", "ok",  "ok",  "404", "404"),
    "GET /team/contact-for-other-areas":                                ("in",   "ok",  "403", "403", "403", "ok",  "ok",  "403", "404", "404"),
    "POST /team/contact-for-other-areas":                               ("in",   "go",  "403", "403", "403", "go",  "go",  "403", "404", "404"),
}

# A link or a code is the permission: whoever holds it may see what it opens, whichever partnership;
# and a peer review opens one assessment of another partnership to its reviewer.
OPENED_BY_LINK_OR_CODE = ("auth.invitation", "participate.", "peers.review", "peers.challenge", "peers.mine")
# The pages whose every view goes in the assessment's history (a peer reviewer's).
RECORDS_A_VIEW = ("peers.review", "peers.challenge")

# What a cell says → (what the response must be, which tables may change).
ANY = None
_MEANING = {
    "ok": ("ok", ANY), "go": ("go", ANY), "out": ("in", ANY),
    "in": ("in", set()), "403": ("403", set()), "404": ("404", set()),
}


@pytest.fixture
def clean_database():
    """This module's data is built once (the `world` fixture) and emptied when the module ends."""
    yield


@pytest.fixture(scope="module")
def world(app):
    built = build_world(app)
    yield built
    destroy_world(app)


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return "in" if urlsplit(response.headers["Location"]).path == "/login" else "go"
    return "ok" if response.status_code == 200 else str(response.status_code)


def test_every_entry_in_the_table_is_a_route():
    stale = sorted(set(EXPECTED) - {r.key for r in ROUTES})
    assert not stale, f"EXPECTED has rows for routes the application no longer has: {stale}"
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())


@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_who_may_use_each_route(app, world, route: Route):
    if route.key not in EXPECTED:
        pytest.fail(f"{route.key} ({route.endpoint}) is not in the access table: add a row to EXPECTED in "
                    f"{__file__} saying what a stranger, each role, another partnership and a person in two "
                    "partnerships get", pytrace=False)
    problems = []
    for actor, cell in zip(ACTORS, EXPECTED[route.key], strict=True):
        wanted, may_change = _MEANING[cell]
        if route.method == "GET":
            # reading a page never changes anything (but the history of what a peer reviewer read)
            may_change = {"audit_entry"} if route.endpoint in RECORDS_A_VIEW and cell == "ok" else set()
        browser = world.browser_for(route, actor)
        before = snapshot(app)
        response = world.send(route, actor, browser=browser)
        body = response.get_data().lower()
        response.close()  # a file sent from disk is closed here, not left for the garbage collector
        after = snapshot(app)
        got = outcome(response)
        if response.status_code >= 500:
            problems.append(f"{actor}: {response.status_code} server error")
            continue
        if got != wanted:
            problems.append(f"{actor}: expected {cell}, got {response.status_code} {response.headers.get('Location', '')}")
        changed = changed_tables(before, after)
        if may_change is not ANY and changed - may_change:
            problems.append(f"{actor}: refused or read-only, yet changed {sorted(changed - may_change)}")
        hidden = MUST_NOT_SEE.get(actor)
        if (hidden and got in ("ok", "go") and not route.endpoint.startswith(OPENED_BY_LINK_OR_CODE)
                and hidden.encode() in body):
            problems.append(f"{actor}: the response mentions {hidden.title()}, another partnership")
    assert not problems, f"{route.key}:\n  " + "\n  ".join(problems)


# --- Participants: what a join code opens -----------------------------------------------------


def _answers_and_people(app):
    with app.app_context():
        counts = db.session.query(WorkshopAnswer).count(), db.session.query(WorkshopParticipant).count()
        db.session.remove()
    return counts


def test_a_workshops_code_opens_only_that_workshops_questions(app, world):
    """Sefton's workshop covers section 5, Knowsley's section 6. Someone who joined Sefton's
    cannot use Sefton's code to reach Knowsley's questions, nor Knowsley's code without joining it."""
    device = app.test_client()
    token = csrf_token_from(device.get(f"/join/{world.code}").get_data(as_text=True))
    joined = device.post(f"/join/{world.code}", data={"group": "education", "name": "Sefton Teacher",
                                                      "organisation": "Sefton School", "csrf_token": token})
    assert joined.status_code == 302
    assert device.get(f"/join/{world.code}/questions/5.1").status_code == 200
    before = _answers_and_people(app)

    # Sefton's code with one of Knowsley's descriptors: not found, and no answer can be given to it.
    for method in ("GET", "POST"):
        response = device.open(f"/join/{world.code}/questions/6.1", method=method,
                               data={"score": "1", "round": "1", "csrf_token": token})
        assert response.status_code == 404, method
        assert "Knowsley" not in response.get_data(as_text=True)
    # Knowsley's code: this browser has not joined it, so it is sent to the join page, which
    # shows nobody's answers.
    for path in (f"/join/{world.other_code}/questions", f"/join/{world.other_code}/questions/6.1"):
        response = device.get(path)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == f"/join/{world.other_code}"
    join_page = device.get(f"/join/{world.other_code}").get_data(as_text=True)
    assert "Knowsley comment" not in join_page and "Knowsley Participant" not in join_page
    refused = device.post(f"/join/{world.other_code}/questions/6.1",
                          data={"score": "1", "round": "1", "csrf_token": token})
    assert refused.status_code == 302
    assert _answers_and_people(app) == before
    # Its own list shows its own workshop's questions and nobody else's answers.
    mine = device.get(f"/join/{world.code}/questions").get_data(as_text=True)
    assert "5.1" in mine and "6.1" not in mine
    assert "Sefton health visitors do not hear back" not in mine and "Knowsley" not in mine


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.rule.startswith("/join/<code>")], ids=lambda r: r.key)
def test_a_closed_workshops_code_is_refused_with_a_clear_message(app, world, route: Route):
    device = app.test_client()
    token = csrf_token_from(device.get("/login").get_data(as_text=True))
    path = route.rule.replace("<code>", world.closed_code).replace("<descriptor_id>", "5.1")
    before = snapshot(app)
    response = device.open(path, method=route.method, data={"group": "health", "name": "Late", "organisation": "Late",
                                                            "score": "3", "round": "1", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 410, html[:2000]
    assert "This workshop has closed" in html
    assert "Sefton closed workshop is no longer taking answers, so its code no longer works" in html
    assert changed_tables(before, snapshot(app)) == set()


# --- One policy, whichever partnership the person is working in -------------------------------


def _links(response) -> set[str]:
    assert response.status_code == 200
    return {a.get_text(" ", strip=True) for a in BeautifulSoup(response.get_data(as_text=True), "html.parser")("a")}


def test_a_person_sees_the_links_their_role_in_the_things_partnership_allows(world):
    """"cross" is Sefton's coordinator working in Knowsley, where they are a viewer; "dual" the other way round."""
    workshops = f"/assessments/{world.assessment}/workshops"
    cross, _ = world.browser("cross")
    assert {"Workshops", "Download the return (Word, spreadsheet, JSON)"} <= _links(cross.get(f"/assessments/{world.assessment}"))
    assert "Set up a workshop" in _links(cross.get(workshops))
    knowsley = _links(cross.get("/assessments"))
    assert "Start a new assessment" not in knowsley and "Team" not in knowsley
    dual, _ = world.browser("dual")
    # A viewer sees the list of workshops and downloads the return (issue 17), but runs no workshop.
    assert {"Workshops", "Download the return (Word, spreadsheet, JSON)"} <= _links(dual.get(f"/assessments/{world.assessment}"))
    assert "Set up a workshop" not in _links(dual.get(workshops))
    assert {"Start a new assessment", "Team"} <= _links(dual.get("/assessments"))


def test_a_page_of_an_assessment_reads_the_persons_membership_once(app, world):
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement.lower())

    client = world.clients["other"]
    client.get("/assessments")
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(f"/assessments/{world.other_assessment}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len([s for s in seen if "membership" in s]) == 1, seen
