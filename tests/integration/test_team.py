"""Roles, partnerships and invitations: who may see and change what."""

import re

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
    assert client.get("/team").status_code == 403
    assert client.get("/team/invite").status_code == 403
    assert "Team</a>" not in client.get("/assessments").get_data(as_text=True)


def test_a_coordinator_sees_the_team(signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("lead@example.gov.uk", Role.STRATEGIC_LEAD, name="Lee Lead")
    html = client.get("/team").get_data(as_text=True)
    assert "Lee Lead" in html and "Strategic lead" in html


def test_another_partnerships_member_is_not_found(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("other@knowsley.example", Role.VIEWER, partnership="Knowsley Early Help Partnership", name="Olu Other")
    other = _membership_id(app, "other@knowsley.example")
    assert client.get(f"/team/{other}/role").status_code == 404
    assert client.post(f"/team/{other}/remove").status_code == 404
    assert "Olu Other" not in client.get("/team").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Membership, other) is not None


def test_a_coordinator_changes_a_role(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER, name="Vic Viewer")
    member = _membership_id(app, "viewer@example.gov.uk")
    response = client.post(f"/team/{member}/role", data={"role": "facilitator"})
    assert response.status_code == 302
    assert "Vic Viewer is now workshop facilitator" in client.get("/team").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Membership, member).role == Role.FACILITATOR


def test_a_role_must_be_chosen_from_the_list(app, signed_in, make_user):
    client = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER)
    member = _membership_id(app, "viewer@example.gov.uk")
    response = client.post(f"/team/{member}/role", data={"role": "emperor"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True) or "Select a role" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Membership, member).role == Role.VIEWER


def test_the_last_coordinator_cannot_be_removed_or_demoted(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    me = _membership_id(app, "coordinator@example.gov.uk")
    response = client.post(f"/team/{me}/role", data={"role": "viewer"})
    assert "needs at least one coordinator" in response.get_data(as_text=True)
    response = client.post(f"/team/{me}/remove")
    assert "needs at least one coordinator" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Membership, me).role == Role.COORDINATOR


def test_a_removed_member_loses_access(app, client, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER, name="Vic Viewer")
    member = _membership_id(app, "viewer@example.gov.uk")
    assert coordinator.post(f"/team/{member}/remove").status_code == 302
    assert "Vic Viewer has been removed" in coordinator.get("/team").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, "viewer@example.gov.uk")
    response = other.get("/assessments")
    assert response.status_code == 302 and response.headers["Location"].startswith("/partnerships")
    assert "not a member of any Early Help partnership" in other.get("/partnerships").get_data(as_text=True)


def _invite(client, email="new@example.gov.uk", role="facilitator", name="Nia New"):
    response = client.post("/team/invite", data={"name": name, "email": email, "role": role})
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get("/team").get_data(as_text=True)
    return re.search(r'id="invitation-link">http://localhost(/invitations/[^<]+)<', html).group(1), html


def test_an_invitation_link_is_shown_once_and_lets_a_new_person_join(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    link, html = _invite(coordinator)
    assert "Invitation created for Nia New" in html
    assert link not in coordinator.get("/team").get_data(as_text=True)  # shown once
    assert "Invitations not yet accepted" in coordinator.get("/team").get_data(as_text=True)

    newcomer = app.test_client()
    page = newcomer.get(link).get_data(as_text=True)
    assert "Join Sefton Early Help Partnership" in page and "workshop facilitator" in page
    short = newcomer.post(link, data={"name": "Nia New", "password": "too short"})
    assert "Password must be 12 characters or more" in short.get_data(as_text=True)
    joined = newcomer.post(link, data={"name": "Nia New", "password": "a long enough passphrase"})
    assert joined.status_code == 302
    assert "You have joined Sefton Early Help Partnership" in newcomer.get("/assessments").get_data(as_text=True)

    # The link works once.
    reused = app.test_client().get(link)
    assert reused.status_code == 404
    assert "This invitation link does not work" in reused.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).filter_by(email="new@example.gov.uk").one()
        assert user.memberships[0].role == Role.FACILITATOR
        assert user.password_hash.startswith("$argon2")


def test_an_existing_user_joins_a_second_partnership_and_chooses_between_them(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("multi@example.gov.uk", Role.VIEWER, partnership="Knowsley Early Help Partnership")
    link, _ = _invite(coordinator, email="multi@example.gov.uk", role="strategic_lead", name="Mo Multi")
    person = app.test_client()
    assert "Enter its password" in person.get(link).get_data(as_text=True)
    wrong = person.post(link, data={"password": "not my password at all"})
    assert "Enter the password for your existing account" in wrong.get_data(as_text=True)
    assert person.post(link, data={"password": PASSWORD}).status_code == 302
    assert "Sefton Early Help Partnership" in person.get("/assessments").get_data(as_text=True)

    # Signing in again, they choose which partnership to work in.
    person.post("/logout")
    sign_in(person, "multi@example.gov.uk")
    response = person.get("/assessments")
    assert response.headers["Location"].startswith("/partnerships")
    choose = person.get("/partnerships").get_data(as_text=True)
    assert "Knowsley Early Help Partnership" in choose and "Sefton Early Help Partnership" in choose
    with app.app_context():
        from app.data.models import Partnership

        knowsley = db.session.query(Partnership).filter_by(name="Knowsley Early Help Partnership").one().id
        sefton = db.session.query(Partnership).filter_by(name="Sefton Early Help Partnership").one().id
    person.post("/partnerships", data={"partnership_id": knowsley})
    assert "Knowsley Early Help Partnership" in person.get("/assessments").get_data(as_text=True)
    # A partnership they do not belong to cannot be chosen.
    outsider = app.test_client()
    sign_in(outsider, "coordinator@example.gov.uk")
    assert outsider.post("/partnerships", data={"partnership_id": knowsley}).status_code == 404
    assert sefton


def test_inviting_someone_already_in_the_partnership_says_so(signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER)
    response = coordinator.post("/team/invite", data={"name": "V", "email": "viewer@example.gov.uk", "role": "viewer"})
    assert "viewer@example.gov.uk is already a member of Sefton Early Help Partnership" in response.get_data(as_text=True)


def test_invitation_form_errors(signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    response = coordinator.post("/team/invite", data={"name": "", "email": "not-an-email", "role": ""})
    html = response.get_data(as_text=True)
    assert "<title>Error: Invite someone" in html
    for message in ("Enter the person&#39;s full name", "Enter an email address in the correct format", "Select a role"):
        assert message in html
