"""The team's history: invitations, acceptances, role changes and removals, for the coordinators
(issue 17, hole 10)."""

from app.data.models import Membership, User
from app.domain.roles import Role
from app.domain.team import TeamEventKind
from app.extensions import db
from app.services import accounts
from tests.integration.conftest import PASSWORD


def _membership_id(app, email):
    with app.app_context():
        return db.session.query(Membership).join(User).filter(User.email == email).one().id


def _history(coordinator) -> list[list[str]]:
    team = coordinator.get("/team", expect=200).page
    return coordinator.get(team.link("Team history"), expect=200).page.table_rows()


def test_each_change_to_the_team_is_in_its_history_newest_first(app, signed_in, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    coordinator = signed_in(Role.COORDINATOR, "cora@example.gov.uk")
    with app.app_context():
        db.session.query(User).filter_by(email="cora@example.gov.uk").one().name = "Cora Coordinator"
        db.session.commit()
    invite = {"name": "Nia New", "email": "nia@example.gov.uk", "role": "viewer"}
    coordinator.post("/team/invite", data=invite, expect=302)
    time_machine.shift(60)
    coordinator.post("/team/invite", data={**invite, "role": "facilitator"}, expect=302)
    link = coordinator.get("/team", expect=200).page.text_of("#invitation-link").removeprefix("http://localhost")
    time_machine.shift(60)
    app.test_client().post(link, data={"name": "Nia New", "password": "a long enough passphrase"}, expect=302)
    nia = _membership_id(app, "nia@example.gov.uk")
    time_machine.shift(60)
    coordinator.post(f"/team/{nia}/role", data={"role": "strategic_lead"}, expect=302)
    time_machine.shift(60)
    coordinator.post(f"/team/{nia}/remove", data={}, expect=302)

    who = "Nia New (nia@example.gov.uk)"
    assert _history(coordinator) == [
        ["2 Mar 2026 09:04", "Cora Coordinator", "Removed from the partnership", who],
        ["2 Mar 2026 09:03", "Cora Coordinator", "Role changed from workshop facilitator to strategic lead", who],
        ["2 Mar 2026 09:02", "Nia New", "Accepted the invitation and joined as workshop facilitator", who],
        ["2 Mar 2026 09:01", "Cora Coordinator",
         "Invited again as workshop facilitator: the earlier link stopped working", who],
        ["2 Mar 2026 09:00", "Cora Coordinator", "Invited as viewer", who],
    ]


def test_a_refused_change_is_not_in_the_history(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    own = _membership_id(app, "coordinator@example.gov.uk")
    page = coordinator.post(f"/team/{own}/role", data={"role": "viewer"}, expect=200).page
    assert page.field_error("role") == ("A partnership needs at least one coordinator. "
                                        "Make someone else a coordinator first")
    coordinator.post(f"/team/{own}/remove", data={}, expect=200)
    history = coordinator.get("/team/history", expect=200).page
    assert "No changes yet." in history.text


def test_a_password_reset_is_written_into_each_of_the_persons_partnerships(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("multi@example.gov.uk", Role.VIEWER, name="Mo Multi")
    make_user("multi@example.gov.uk", Role.VIEWER, partnership="Knowsley Early Help Partnership", name="Mo Multi")
    with app.app_context():
        accounts.record_team_event(TeamEventKind.PASSWORD_RESET, "Mo Multi", "multi@example.gov.uk", actor=None)
    rows = _history(coordinator)
    assert [row[1:] for row in rows] == [["Not signed in", "Password reset", "Mo Multi (multi@example.gov.uk)"]]
    knowsley = app.test_client()
    make_user("k-coordinator@example.gov.uk", Role.COORDINATOR, partnership="Knowsley Early Help Partnership")
    knowsley.post("/login", data={"email": "k-coordinator@example.gov.uk", "password": PASSWORD}, expect=302)
    assert [row[2] for row in _history(knowsley)] == ["Password reset"]
