"""Roles, partnerships and invitations: who may see and change what."""

import pytest

from app.data.models import Membership, User
from app.domain.roles import Role
from app.extensions import db
from tests.integration.conftest import PASSWORD, sign_in


def _membership_id(app, email):
    with app.app_context():
        return db.session.query(Membership).join(User).filter(User.email == email).one().id


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.STRATEGIC_LEAD, Role.VIEWER])
def test_only_coordinators_manage_the_team(signed_in, role):
    client = signed_in(role)
    client.get("/team", expect=403)
    client.get("/team/invite", expect=403)
    assert not client.get("/assessments", expect=200).page.has_link("Team")


def test_a_coordinator_sees_the_team(signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("lead@example.gov.uk", Role.STRATEGIC_LEAD, name="Lee Lead")
    rows = client.get("/team", expect=200).page.table_rows("Members")
    assert ["Lee Lead", "lead@example.gov.uk", "Strategic lead"] in [row[:3] for row in rows]


def test_another_partnerships_member_is_not_found(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("other@knowsley.example", Role.VIEWER, partnership="Knowsley Early Help Partnership", name="Olu Other")
    other = _membership_id(app, "other@knowsley.example")
    client.get(f"/team/{other}/role", expect=404)
    client.post(f"/team/{other}/remove", expect=404)
    assert "Olu Other" not in client.get("/team", expect=200).page.text
    with app.app_context():
        assert db.session.get(Membership, other) is not None


def test_a_coordinator_changes_a_role(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER, name="Vic Viewer")
    member = _membership_id(app, "viewer@example.gov.uk")
    client.post(f"/team/{member}/role", data={"role": "facilitator"}, expect=302)
    page = client.get("/team", expect=200).page
    assert page.notifications == ["Vic Viewer is now workshop facilitator"]
    assert ["Vic Viewer", "viewer@example.gov.uk", "Workshop facilitator"] in [r[:3] for r in page.table_rows("Members")]
    with app.app_context():
        assert db.session.get(Membership, member).role == Role.FACILITATOR


def test_a_role_must_be_chosen_from_the_list(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER)
    member = _membership_id(app, "viewer@example.gov.uk")
    page = client.post(f"/team/{member}/role", data={"role": "emperor"}, expect=200).page
    assert page.title.startswith("Error: ")
    assert page.errors == ["Not a valid choice."]
    with app.app_context():
        assert db.session.get(Membership, member).role == Role.VIEWER


def test_the_last_coordinator_cannot_be_removed_or_demoted(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    me = _membership_id(app, "coordinator@example.gov.uk")
    for response in (client.post(f"/team/{me}/role", data={"role": "viewer"}), client.post(f"/team/{me}/remove")):
        assert response.status_code == 200, response.describe()
        assert any("needs at least one coordinator" in e for e in response.page.errors), response.page.errors
    with app.app_context():
        assert db.session.get(Membership, me).role == Role.COORDINATOR


def test_a_removed_member_loses_access(app, client, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER, name="Vic Viewer")
    member = _membership_id(app, "viewer@example.gov.uk")
    coordinator.post(f"/team/{member}/remove", expect=302)
    page = coordinator.get("/team", expect=200).page
    assert any("Vic Viewer has been removed" in n for n in page.notifications), page.notifications
    assert "Vic Viewer" not in [row[0] for row in page.table_rows("Members")]
    other = app.test_client()
    sign_in(other, "viewer@example.gov.uk")
    assert other.get("/assessments", expect=302).headers["Location"].startswith("/partnerships")
    assert "not a member of any Early Help partnership" in other.get("/partnerships", expect=200).page.text


def _invite(client, email="new@example.gov.uk", role="facilitator", name="Nia New"):
    client.post("/team/invite", data={"name": name, "email": email, "role": role}, expect=302)
    page = client.get("/team", expect=200).page
    return page.text_of("#invitation-link").removeprefix("http://localhost"), page


def test_an_invitation_link_is_shown_once_and_lets_a_new_person_join(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    link, page = _invite(coordinator)
    assert page.notifications[0].startswith("Invitation created for Nia New")
    again = coordinator.get("/team", expect=200).page
    assert link not in again.text and not again.soup.select("#invitation-link")  # shown once
    assert "Invitations not yet accepted" in again.table_captions

    newcomer = app.test_client()
    page = newcomer.get(link, expect=200).page
    assert page.h1 == "Join Sefton Early Help Partnership" and "workshop facilitator" in page.text
    short = newcomer.post(link, data={"name": "Nia New", "password": "too short"}, expect=200).page
    assert short.field_error("password").startswith("Password must be 12 characters or more")
    newcomer.post(link, data={"name": "Nia New", "password": "a long enough passphrase"}, expect=302)
    welcome = newcomer.get("/assessments", expect=200).page
    assert any("You have joined Sefton Early Help Partnership" in n for n in welcome.notifications), welcome.notifications

    # The link works once.
    reused = app.test_client().get(link, expect=404).page
    assert reused.h1 == "This invitation link does not work"
    with app.app_context():
        user = db.session.query(User).filter_by(email="new@example.gov.uk").one()
        assert user.memberships[0].role == Role.FACILITATOR
        assert user.password_hash.startswith("$argon2")


def test_an_existing_user_joins_a_second_partnership_and_chooses_between_them(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("multi@example.gov.uk", Role.VIEWER, partnership="Knowsley Early Help Partnership")
    link, _ = _invite(coordinator, email="multi@example.gov.uk", role="strategic_lead", name="Mo Multi")
    person = app.test_client()
    assert "enter its password" in person.get(link, expect=200).page.text
    wrong = person.post(link, data={"name": "Mo Multi", "password": "not my password at all"}, expect=200).page
    assert any("Enter the password for your existing account" in e for e in wrong.errors), wrong.errors
    person.post(link, data={"name": "Mo Multi", "password": PASSWORD}, expect=302)
    assert "Sefton Early Help Partnership" in person.get("/assessments", expect=200).page.text

    # Signing in again, they choose which partnership to work in.
    person.post("/logout", expect=302)
    sign_in(person, "multi@example.gov.uk")
    assert person.get("/assessments", expect=302).headers["Location"].startswith("/partnerships")
    choose = person.get("/partnerships", expect=200).page
    assert {"Knowsley Early Help Partnership", "Sefton Early Help Partnership"} <= set(choose.buttons)
    with app.app_context():
        from app.data.models import Partnership

        knowsley = db.session.query(Partnership).filter_by(name="Knowsley Early Help Partnership").one().id
        sefton = db.session.query(Partnership).filter_by(name="Sefton Early Help Partnership").one().id
    person.post("/partnerships", data={"partnership_id": knowsley}, expect=302)
    assert "Knowsley Early Help Partnership" in person.get("/assessments", expect=200).page.text
    person.post("/partnerships", data={"partnership_id": sefton}, expect=302)
    assert "Knowsley Early Help Partnership" not in person.get("/assessments", expect=200).page.text
    # A partnership they do not belong to cannot be chosen.
    outsider = app.test_client()
    sign_in(outsider, "coordinator@example.gov.uk")
    outsider.post("/partnerships", data={"partnership_id": knowsley}, expect=404)


def test_inviting_someone_already_in_the_partnership_says_so(signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER)
    page = coordinator.post("/team/invite", data={"name": "V", "email": "viewer@example.gov.uk", "role": "viewer"},
                            expect=200).page
    assert any("viewer@example.gov.uk is already a member of Sefton Early Help Partnership" in e for e in page.errors)


def test_invitation_form_errors(signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    page = coordinator.post("/team/invite", data={"name": "", "email": "not-an-email", "role": ""}, expect=200).page
    assert page.title.startswith("Error: Invite someone")
    assert page.error_links == {
        "#name": "Enter the person's full name",
        "#email": "Enter an email address in the correct format, like name@example.gov.uk",
        "#role": "Select a role",
    }
    assert page.field_error("name") == "Enter the person's full name"
