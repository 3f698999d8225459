"""Real data for the tests that walk the whole route table (test_access_table, test_csrf_everywhere).

Two partnerships, built through the pages as people would build them: Sefton, with an assessment
(a descriptor with evidence), a workshop a participant has answered in, a spare workshop to close,
a closed one, an invitation and two members for the coordinator to change and remove; and Knowsley,
with its own assessment and workshop. Every Sefton name contains "Sefton" and every Knowsley name
"Knowsley", so a page that shows one partnership's data to the other is easy to spot.

The people, by the names the tests use for them:
  stranger         not signed in (a new browser for every request)
  coordinator, facilitator, strategic_lead, viewer   Sefton's four roles
  other            Knowsley's coordinator: another partnership's most powerful role
  dual             a viewer in Sefton who is a coordinator in Knowsley, working in Knowsley
  cross            a coordinator in Sefton who is a viewer in Knowsley, working in Knowsley: on
                   Sefton's things a coordinator, on Knowsley's pages a viewer
  analyst          a department analyst, outside every partnership (issue 16)
  officer          a person from another government department, outside every partnership

A third area's return (Sefton's 2022 return, for a partnership called Wirral) is loaded as sent, so
the department's views have something to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Flask, url_for
from sqlalchemy import select

from app.data.models import DescriptorResponse, Membership, PeerReview, PlanAction, User
from app.domain.roles import Role
from app.domain.sharing import Audience
from app.extensions import db
from app.frameworks import framework
from app.services import accounts, loading
from app.services.demo import SEFTON_2022
from tests.integration.assessment_helpers import create_assessment, new_assessment_form, save
from tests.integration.conftest import PASSWORD, csrf_token_from
from tests.integration.workshop_helpers import answer, create_workshop, join, join_code, workshop_form

SEFTON = "Sefton Early Help Partnership"
KNOWSLEY = "Knowsley Early Help Partnership"
ACTORS = ("stranger", "coordinator", "facilitator", "strategic_lead", "viewer", "other", "dual", "cross", "analyst",
          "officer")
SIGNED_IN = ACTORS[1:]
COOKIE = "ehsg_session"

# Whose text may never reach whom: a Sefton person never sees "Knowsley", Knowsley's never "Sefton".
MUST_NOT_SEE = {
    "coordinator": "knowsley", "facilitator": "knowsley", "strategic_lead": "knowsley", "viewer": "knowsley",
    "other": "sefton", "analyst": "knowsley", "officer": "knowsley",
}

_PEOPLE = {
    # actor: (email, name, [(partnership, role), ...])
    "coordinator": ("coordinator@sefton.example.gov.uk", "Cora Sefton", [(SEFTON, Role.COORDINATOR)]),
    "facilitator": ("facilitator@sefton.example.gov.uk", "Fay Sefton", [(SEFTON, Role.FACILITATOR)]),
    "strategic_lead": ("lead@sefton.example.gov.uk", "Lee Sefton", [(SEFTON, Role.STRATEGIC_LEAD)]),
    "viewer": ("viewer@sefton.example.gov.uk", "Vic Sefton", [(SEFTON, Role.VIEWER)]),
    # Kit is Sefton's peer reviewer too: Sefton's pages name them (and their address), so neither says Knowsley.
    "other": ("kit.kay@example.gov.uk", "Kit Kay", [(KNOWSLEY, Role.COORDINATOR)]),
    "dual": ("dual@example.gov.uk", "Dee Dual", [(SEFTON, Role.VIEWER), (KNOWSLEY, Role.COORDINATOR)]),
    "cross": ("cross@example.gov.uk", "Cass Cross", [(SEFTON, Role.COORDINATOR), (KNOWSLEY, Role.VIEWER)]),
}
# The people outside every partnership (app.domain.sharing.Audience).
_OUTSIDE = {"analyst": ("analyst@education.example.gov.uk", "Ada Analyst", Audience.DEPARTMENT),
            "officer": ("officer@health.example.gov.uk", "Otto Officer", Audience.OTHER_DEPARTMENT)}
# The page a person's CSRF token is read from: one that every signed-in person may open.
TOKEN_PAGE = "/account/password"
# The people who work in Knowsley although they belong to Sefton too.
WORKING_IN_KNOWSLEY = ("dual", "cross")


@dataclass
class World:
    app: Flask
    partnership: int = 0
    other_partnership: int = 0
    assessment: int = 0
    other_assessment: int = 0
    workshop: int = 0
    code: str = ""
    spare_workshop: int = 0
    closed_workshop: int = 0
    closed_code: str = ""
    other_workshop: int = 0
    other_code: str = ""
    invitation_token: str = ""
    role_target: int = 0
    removal_target: int = 0
    cross_removal_target: int = 0
    review: int = 0  # Kit Kay's open peer review of Sefton's assessment
    spare_review: int = 0  # another reviewer's, for ending
    plan_action: int = 0
    spare_actions: dict[str, int] = field(default_factory=dict)  # one for each person who may remove one
    emails: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    csrf_tokens: dict[str, str] = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    # --- Browsers ---------------------------------------------------------------------------

    def browser(self, actor: str):
        """A new browser for this person: their signed-in cookie (or none), and a CSRF token for it.

        Each request gets its own browser, so whatever one request puts in the cookie session
        (a workshop joined, a partnership chosen) does not carry over to the next.
        """
        client = self.app.test_client()
        if actor == "stranger":
            return client, csrf_token_from(client.get("/login").get_data(as_text=True))
        client.set_cookie(COOKIE, self.cookies[actor])
        return client, self.csrf_tokens[actor]

    def fresh_session(self, actor: str):
        """A second, separate sign-in for this person (for signing out without ending the first)."""
        client = self.app.test_client()
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"email": self.emails[actor], "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        if actor in WORKING_IN_KNOWSLEY:
            token = csrf_token_from(client.get("/partnerships").get_data(as_text=True))
            client.post("/partnerships", data={"partnership_id": str(self.other_partnership), "csrf_token": token})
        return client, csrf_token_from(client.get(TOKEN_PAGE).get_data(as_text=True))

    # --- What goes into the addresses and forms ----------------------------------------------

    def url_values(self, endpoint: str, method: str, actor: str = "") -> dict[str, object]:
        """Real ids for every kind of URL parameter, so each address names something that exists."""
        values = {
            "assessment_id": self.assessment,
            "workshop_id": self.workshop,
            "descriptor_id": "5.1",
            "section_id": "5",
            "format_key": "json",
            "membership_id": self.role_target,
            "token": self.invitation_token,
            "code": self.code,
            "filename": "application.css",
            "review_id": self.review,
            "version": 1,
            "action_id": self.plan_action,
        }
        if endpoint == "plans.export":
            values["format_key"] = "docx"  # the plan's own exports are Word and a spreadsheet
        # The requests that would spoil the data for the others act on their own spare things.
        if (method, endpoint) == ("POST", "workshops.close"):
            values["workshop_id"] = self.spare_workshop
        if (method, endpoint) == ("POST", "peers.end"):
            values["review_id"] = self.spare_review
        if (method, endpoint) == ("POST", "plans.remove_action"):
            values["action_id"] = self.spare_actions.get(actor, self.plan_action)
        if (method, endpoint) == ("POST", "team.remove"):
            # The two who may remove someone each remove their own; the others try one who is still there.
            values["membership_id"] = {"coordinator": self.removal_target,
                                       "cross": self.cross_removal_target}.get(actor, self.role_target)
        return values

    def form_for(self, endpoint: str, actor: str) -> dict:
        """A form that would do what the page is for, if the person is allowed to."""
        n = ACTORS.index(actor)
        forms = {
            "auth.login": lambda: {"email": self.emails["viewer"], "password": PASSWORD},
            "auth.logout": dict,
            "auth.partnerships": lambda: {"partnership_id": str(self.partnership)},
            "auth.invitation": dict,  # no name or password: the form comes back with its errors
            "participate.enter": lambda: {"code": self.code},
            "participate.join": lambda: {"group": "health", "name": "Sefton Late Joiner", "organisation": "Sefton Trust"},
            "participate.question": lambda: {"score": "3", "comment": "", "round": "1"},
            "assessments.new": lambda: new_assessment_form(year=2030 + n),
            "returns.upload": dict,  # no file: the form comes back asking for one
            "assessments.data_model": lambda: {"data_model_submitted": "3", "survey_date": ["30", "9", "2025"],
                                               "data_model_changed": "no"},
            "assessments.permissions": lambda: {"dfe": "yes", "coordinators": "yes", "other_departments": "no"},
            "assessments.descriptor": lambda: {"score": "3", "working_well": f"Sefton text by {actor}",
                                               "prioritising_next": "", "version": self.version("5.1"),
                                               "action": "overview"},
            "readiness.priorities": lambda: {"entries-0-descriptor": "5.1", "entries-0-rationale": "Sefton reason"},
            "assessments.reopen": lambda: {"reason": "Sefton needs to change a score"},
            "assessments.sign_off": dict,
            "workshops.new": lambda: workshop_form(title=f"Sefton workshop {n}"),
            "workshops.close": dict,
            "workshops.room": lambda: {"step": "1"},
            "workshops.reveal": dict,
            "workshops.next_round": dict,
            "workshops.agree": lambda: {"score": "3", "rationale": "Sefton agreed", "version": self.version("5.1")},
            # return helper: a reopen of the open workshop changes nothing; a change renames it, Sefton still
            "workshops.reopen": dict,
            "workshops.edit": lambda: {"title": f"Sefton workshop renamed {n}"},
            "team.invite": lambda: {"name": f"Invitee {n}", "email": f"invitee-{n}@example.gov.uk", "role": "viewer"},
            "team.change_role": lambda: {"role": "facilitator"},
            "team.remove": dict,
            # email-and-passwords: no passwords (the form comes back with its errors); an address with no account
            "passwords.change": dict,
            "passwords.forgotten": lambda: {"email": "nobody@example.gov.uk"},
            "passwords.reset": dict,
            # peer review: Kit Kay is invited already (inviting again changes nothing); ending acts on a spare
            "peers.invite": lambda: {"email": self.emails["other"], "days": "28"},
            "peers.end": dict,
            "peers.challenge": lambda: {"text": f"Challenge by {actor}"},
            "sending.send": dict,
            "sending.change_sharing": lambda: {"permission": "dfe", "given": "no"},
            # action plans: 5.1 has no prioritising-next text, so drafting adds nothing and says why
            "plans.draft": dict,
            "plans.new_action": lambda: {"descriptor": "5.1", "title": f"Sefton action {n}", "status": "not_started"},
            "plans.edit_action": lambda: {"descriptor": "5.1", "title": f"Sefton action renamed {n}",
                                          "status": "on_track"},
            "plans.mid_year": lambda: {f"note-{self.plan_action}": f"Sefton mid-year {n}"},
            "plans.progress": lambda: {"status": "on_track", "note": f"Sefton progress {n}"},
            "plans.remove_action": dict,
            "comparison.contact": lambda: {"contact": f"Contact {n}, contact-{n}@example.gov.uk"},
        }
        if endpoint not in forms:
            raise AssertionError(f"No form to send to {endpoint}: add one to World.form_for in {__file__}")
        return forms[endpoint]()

    def path(self, route: Route, actor: str = "") -> str:
        values = self.url_values(route.endpoint, route.method, actor)
        missing = [a for a in route.arguments if a not in values]
        if missing:
            raise AssertionError(f"{route.key}: no real value for {missing}: add one to World.url_values in {__file__}")
        with self.app.test_request_context():
            return url_for(route.endpoint, **{a: values[a] for a in route.arguments})

    def browser_for(self, route: Route, actor: str):
        if route.endpoint == "auth.logout" and actor != "stranger":
            return self.fresh_session(actor)  # signing out here must not end their main session
        return self.browser(actor)

    def send(self, route: Route, actor: str, *, with_token: bool = True, browser=None):
        """The request this person's browser would make: for a POST, a form that would do what the
        page is for, with the CSRF token of their session unless ``with_token`` is False."""
        client, token = browser or self.browser_for(route, actor)
        if route.method == "GET":
            return client.get(self.path(route, actor))
        data = self.form_for(route.endpoint, actor)
        if with_token:
            data["csrf_token"] = token
        return client.open(self.path(route, actor), method=route.method, data=data)

    def version(self, descriptor_id: str) -> str:
        with self.app.app_context():
            found = db.session.scalar(select(DescriptorResponse.version).where(
                DescriptorResponse.assessment_id == self.assessment, DescriptorResponse.descriptor_id == descriptor_id))
            db.session.remove()
        return str(found)


def _sign_in(app: Flask, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client


def invite_reviewer(coordinator, assessment_id: int, email: str) -> int:
    """A peer review of the assessment for the person with this email address; its id."""
    invited = coordinator.post(f"/assessments/{assessment_id}/peer-reviews/invite", data={"email": email, "days": "28"})
    assert invited.status_code == 302, invited.get_data(as_text=True)[:2000]
    listing = coordinator.get(f"/assessments/{assessment_id}/peer-reviews").get_data(as_text=True)
    with coordinator.application.app_context():
        found = db.session.scalar(select(PeerReview.id).join(User, PeerReview.reviewer_id == User.id)
                                  .where(User.email == email, PeerReview.assessment_id == assessment_id))
        db.session.remove()
    assert found is not None and email in listing
    return found


def build_world(app: Flask) -> World:
    """Everything the route table needs, made through the pages (CSRF off while building, as in
    the other integration tests); then CSRF on, and each person's cookie and token recorded.
    If building fails, the tables are emptied again, so the next test module starts clean."""
    try:
        return _build(app)
    except BaseException:
        destroy_world(app)
        raise


def _build(app: Flask) -> World:
    world = World(app=app)
    with app.app_context():
        for actor, (email, name, roles) in _PEOPLE.items():
            world.emails[actor] = email
            for partnership, role in roles:
                accounts.create_user(email, name, PASSWORD, partnership, role, local_authority=partnership.split()[0])
        for email, name in (("role-target@sefton.example.gov.uk", "Rory Sefton"),
                            ("removal-target@sefton.example.gov.uk", "Remy Sefton"),
                            ("cross-removal-target@sefton.example.gov.uk", "Rhea Sefton")):
            accounts.create_user(email, name, PASSWORD, SEFTON, Role.VIEWER)
        accounts.create_user("spare-reviewer@example.gov.uk", "Sam Spare", PASSWORD, KNOWSLEY, Role.VIEWER)
        for actor, (email, name, audience) in _OUTSIDE.items():
            world.emails[actor] = email
            accounts.create_outside_user(email, name, PASSWORD, audience)
        guide = framework("ehsg-2022")
        loaded = loading.load_sent([(SEFTON_2022.name, SEFTON_2022.read_bytes())], {guide.id: guide},
                                   partnership_name="Wirral Early Help Partnership", year=2022)
        assert loaded[0].assessment is not None, loaded[0].problems
        memberships = {(m.user.email, m.partnership.name): m for m in db.session.scalars(select(Membership).join(User))}
        world.partnership = memberships[(world.emails["coordinator"], SEFTON)].partnership_id
        world.other_partnership = memberships[(world.emails["other"], KNOWSLEY)].partnership_id
        world.role_target = memberships[("role-target@sefton.example.gov.uk", SEFTON)].id
        world.removal_target = memberships[("removal-target@sefton.example.gov.uk", SEFTON)].id
        world.cross_removal_target = memberships[("cross-removal-target@sefton.example.gov.uk", SEFTON)].id
        db.session.remove()

    clients = {actor: _sign_in(app, world.emails[actor]) for actor in SIGNED_IN}
    for actor in WORKING_IN_KNOWSLEY:
        clients[actor].post("/partnerships", data={"partnership_id": str(world.other_partnership)})
    world.clients = clients

    # Sefton: an assessment with evidence, workshops (one answered in, one spare, one closed), an invitation.
    coordinator, facilitator = clients["coordinator"], clients["facilitator"]
    world.assessment = create_assessment(coordinator)
    saved = save(coordinator, world.assessment, "5.2", score=3, working_well="Sefton works well",
                 action="add_evidence", evidence_description="Sefton family survey, 212 responses",
                 evidence_kind="family_feedback", evidence_agency="Sefton Council early help")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    world.workshop = create_workshop(facilitator, world.assessment, title="Sefton family voice workshop")
    added = coordinator.post(f"/assessments/{world.assessment}/plan/actions/new",
                             data={"descriptor": "5.1", "title": "Sefton action", "status": "not_started"})
    assert added.status_code == 302, added.get_data(as_text=True)[:2000]
    for remover in ("coordinator", "strategic_lead", "cross"):
        spare = coordinator.post(f"/assessments/{world.assessment}/plan/actions/new",
                                 data={"descriptor": "5.1", "title": f"Sefton spare action for {remover}",
                                       "status": "not_started"})
        assert spare.status_code == 302, spare.get_data(as_text=True)[:2000]
    with app.app_context():
        rows = db.session.execute(select(PlanAction.id, PlanAction.title).order_by(PlanAction.id)).all()
        world.plan_action = rows[0].id
        world.spare_actions = {r.title.rsplit(" ", 1)[1]: r.id for r in rows[1:]}
        db.session.remove()
    world.code = join_code(facilitator, world.assessment, world.workshop)
    answer(join(app, world.code, "health", "Sefton Participant", "Sefton NHS Trust"), world.code, "5.1", 2,
           "Sefton health visitors do not hear back")
    world.spare_workshop = create_workshop(facilitator, world.assessment, title="Sefton spare workshop")
    world.closed_workshop = create_workshop(facilitator, world.assessment, title="Sefton closed workshop")
    world.closed_code = join_code(facilitator, world.assessment, world.closed_workshop)
    closed = facilitator.post(f"/assessments/{world.assessment}/workshops/{world.closed_workshop}/close")
    assert closed.status_code == 302
    invited = coordinator.post("/team/invite", data={"name": "Ivy Sefton", "email": "ivy@sefton.example.gov.uk",
                                                     "role": "viewer"})
    assert invited.status_code == 302, invited.get_data(as_text=True)[:2000]
    team_page = coordinator.get("/team").get_data(as_text=True)
    world.invitation_token = re.search(r"/invitations/([A-Za-z0-9_-]+)", team_page).group(1)
    world.review = invite_reviewer(coordinator, world.assessment, world.emails["other"])
    world.spare_review = invite_reviewer(coordinator, world.assessment, "spare-reviewer@example.gov.uk")

    # Knowsley: its own assessment and a workshop on a different section, with an answer.
    other = clients["other"]
    world.other_assessment = create_assessment(other)
    world.other_workshop = create_workshop(other, world.other_assessment, title="Knowsley workshop", sections=("6",))
    world.other_code = join_code(other, world.other_assessment, world.other_workshop)
    answer(join(app, world.other_code, "police", "Knowsley Participant", "Knowsley Police"), world.other_code, "6.1",
           4, "Knowsley comment")

    app.config["WTF_CSRF_ENABLED"] = True
    for actor, client in clients.items():
        world.csrf_tokens[actor] = csrf_token_from(client.get(TOKEN_PAGE).get_data(as_text=True))
        world.cookies[actor] = client.get_cookie(COOKIE).value
    return world


def destroy_world(app: Flask) -> None:
    """Back to empty tables and CSRF off, as the next test module expects."""
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


# Values that change on any request by a signed-in person, without changing anything they did.
_VOLATILE = {("user_session", "last_seen_at")}


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table (except the session's last-seen time), to compare before and after."""
    state = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in _VOLATILE]
            state[table.name] = sorted(repr(tuple(row)) for row in db.session.execute(select(*columns)))
        db.session.remove()
    return state


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    endpoint: str
    arguments: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.method} {self.rule}"


def routes(app: Flask | None = None) -> list[Route]:
    """Every method of every route the application has (HEAD and OPTIONS aside), but `static`."""
    if app is None:
        from app.config import TestConfig
        from app.factory import create_app

        app = create_app(TestConfig)
    found = [
        Route(method, rule.rule, rule.endpoint, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    return sorted(found, key=lambda r: (r.rule, r.method))
