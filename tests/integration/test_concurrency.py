"""Nothing is lost when two people act at the same moment, and a form sent twice makes one record.

The "at the same moment" tests need PostgreSQL: each request runs in a thread of its own with its
own test client, app context and database connection. A barrier makes both requests reach the
write they race on before either makes it (each thread's first call of that data-layer function
waits for the other's, then the real function runs), so the race is the one two people clicking
Save together would run, every time, not by luck. On SQLite, which takes one writer at a time,
they are skipped; the "sent twice, one after the other" tests run on both databases.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.data import accounts as account_data
from app.data import assessments as assessment_data
from app.data import workshops as workshop_data
from app.data.models import (
    Assessment,
    AuditEntry,
    DescriptorResponse,
    EvidenceItem,
    Invitation,
    WorkshopAnswer,
    WorkshopDescriptor,
    WorkshopParticipant,
)
from app.domain.roles import Role
from app.extensions import db
from app.services import descriptor_edits as edits
from app.services import workshop_setup
from tests.integration.assessment_helpers import create_assessment, new_assessment_form, save, version_on
from tests.integration.conftest import PASSWORD
from tests.integration.workshop_helpers import answer, facilitated, join, sign_in_as

ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="Two requests writing at the same moment need PostgreSQL (SQLite takes one writer at a time); "
           "set TEST_DATABASE_URL to run them",
)


# --- Running requests at the same moment -------------------------------------------------


def at_once(*requests: Callable[[], object]) -> list:
    """Run each request in a thread of its own; their results in order (the first error re-raised)."""
    results: list = [None] * len(requests)
    errors: list[BaseException] = []

    def run(index: int, request: Callable[[], object]) -> None:
        try:
            results[index] = request()
        except BaseException as error:  # handed to the test's thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    if errors:
        raise errors[0]
    return results


def meet_before(monkeypatch, module, name: str, parties: int = 2) -> None:
    """Make the first call of ``module.name`` in each of ``parties`` threads wait until all of
    them have made it; then the real function runs in each. Later calls go straight through."""
    barrier = threading.Barrier(parties, timeout=60)
    original = getattr(module, name)
    local = threading.local()
    lock = threading.Lock()
    waiting = [parties]

    def meeting(*args, **kwargs):
        with lock:
            meets = not getattr(local, "met", False) and waiting[0] > 0
            if meets:
                local.met = True
                waiting[0] -= 1
        if meets:
            barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, meeting)


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def form_token(html: str) -> str:
    found = re.search(r'name="form_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="form_token"', html)
    assert found, "the form carries no form token"
    return found.group(1)


def signed_in_client(app, email: str):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def two_facilitators(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    farah = sign_in_as(app, make_user, Role.FACILITATOR, "farah@example.gov.uk", "Farah Facilitator")
    femi = sign_in_as(app, make_user, Role.FACILITATOR, "femi@example.gov.uk", "Femi Facilitator")
    return coordinator, assessment_id, {"Farah Facilitator": farah, "Femi Facilitator": femi}


# --- Two facilitators, one descriptor ----------------------------------------------------------


@postgres_only
def test_two_facilitators_saving_one_descriptor_at_once_one_wins_and_the_other_keeps_their_text(
        app, two_facilitators, monkeypatch):
    _, assessment_id, people = two_facilitators
    texts = {name: f"{name}'s account of family voice" for name in people}
    scores = {"Farah Facilitator": 2, "Femi Facilitator": 4}
    versions = {name: version_on(client, assessment_id, "5.1") for name, client in people.items()}
    assert set(versions.values()) == {"1"}  # both loaded the same version

    meet_before(monkeypatch, assessment_data, "update_response_if_version")
    names = list(people)
    responses = dict(zip(names, at_once(*(
        (lambda n=n: save(people[n], assessment_id, "5.1", score=scores[n], working_well=texts[n], version=versions[n]))
        for n in names
    )), strict=True))

    assert sorted(r.status_code for r in responses.values()) == [302, 409]
    winner = next(n for n, r in responses.items() if r.status_code == 302)
    loser = next(n for n in names if n != winner)
    with app.app_context():
        saved = db.session.scalar(select(DescriptorResponse).where(DescriptorResponse.descriptor_id == "5.1"))
        assert (saved.score, saved.working_well, saved.version) == (scores[winner], texts[winner], 2)
        changes = db.session.scalars(select(AuditEntry).where(AuditEntry.field == "working_well")).all()
        assert [(c.user_name, c.after) for c in changes] == [(winner, texts[winner])]

    page = responses[loser].get_data(as_text=True)
    assert f"{winner} saved this descriptor while you were editing it" in page
    assert "Your changes have not been saved" in page
    assert texts[winner].replace("'", "&#39;") in page  # theirs, shown
    textarea = re.search(r'<textarea[^>]*name="working_well"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert texts[loser].replace("'", "&#39;") in textarea  # yours, offered back in the form

    # Nothing lost: the loser keeps their text by saving again from the conflict page.
    newer = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    combined = f"{texts[winner]}\n\n{texts[loser]}"
    again = save(people[loser], assessment_id, "5.1", score=3, working_well=combined, version=newer)
    assert again.status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(DescriptorResponse).where(DescriptorResponse.descriptor_id == "5.1"))
        assert (saved.score, saved.working_well, saved.version) == (3, combined, 3)


@postgres_only
def test_two_facilitators_agreeing_one_workshop_descriptor_at_once_one_wins(app, signed_in, make_user, monkeypatch):
    farah, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    femi = sign_in_as(app, make_user, Role.FACILITATOR, "femi@example.gov.uk", "Femi Facilitator")
    people = {"Farah Facilitator": farah, "Femi Facilitator": femi}
    for group, name, score in (("health", "Priya Shah", 2), ("police", "Dan Reilly", 3), ("family", "Jo Green", 4)):
        answer(join(app, code, group, name, "Somewhere"), code, "5.1", score, f"{name} thinks {score}")
    path = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree"
    versions = {}
    for name, client in people.items():
        html = client.get(path).get_data(as_text=True)
        versions[name] = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    assert set(versions.values()) == {"1"}
    scores = {"Farah Facilitator": "3", "Femi Facilitator": "2"}
    rationales = {name: f"{name}: the room settled on {scores[name]}" for name in people}

    meet_before(monkeypatch, assessment_data, "update_response_if_version")
    names = list(people)
    responses = dict(zip(names, at_once(*(
        (lambda n=n: people[n].post(path, data={"score": scores[n], "rationale": rationales[n], "version": versions[n]}))
        for n in names
    )), strict=True))

    assert sorted(r.status_code for r in responses.values()) == [302, 409]
    winner = next(n for n, r in responses.items() if r.status_code == 302)
    loser = next(n for n in names if n != winner)
    with app.app_context():
        item = db.session.scalar(select(WorkshopDescriptor).where(WorkshopDescriptor.descriptor_id == "5.1"))
        on_assessment = db.session.scalar(select(DescriptorResponse).where(DescriptorResponse.descriptor_id == "5.1"))
        assert (item.agreed_score, item.agreed_rationale) == (int(scores[winner]), rationales[winner])
        assert (on_assessment.score, on_assessment.agreed_in_id, on_assessment.version) == (int(scores[winner]), item.id, 2)
        agreed = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "agreed in workshop")).all()
        assert [a.user_name for a in agreed] == [winner]

    page = responses[loser].get_data(as_text=True)
    assert f"{winner} saved 5.1 on the assessment while you were agreeing" in page
    assert f"Its score there is now {scores[winner]}" in page and "The agreed score has not been saved" in page
    textarea = re.search(r'<textarea[^>]*name="rationale"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert rationales[loser] in textarea  # their rationale, offered back


# --- A form sent twice makes one record --------------------------------------------------------


def test_creating_the_same_year_twice_makes_one_assessment(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    first = coordinator.post("/assessments/new", data=new_assessment_form(year=2026))
    second = coordinator.post("/assessments/new", data=new_assessment_form(year=2026))
    assert first.status_code == 302
    assert second.status_code == 200
    assert "Sefton Early Help Partnership already has an assessment for 2026" in second.get_data(as_text=True)
    assert count(app, Assessment) == 1


@postgres_only
def test_creating_the_same_year_twice_at_once_makes_one_assessment(app, make_user, monkeypatch):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    tabs = [signed_in_client(app, "coordinator@example.gov.uk") for _ in range(2)]
    meet_before(monkeypatch, assessment_data, "add_assessment")
    responses = at_once(*((lambda c=c: c.post("/assessments/new", data=new_assessment_form(year=2026))) for c in tabs))
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).get_data(as_text=True)
    assert "already has an assessment for 2026. Open it from the list of assessments" in refused
    assert count(app, Assessment) == 1
    assert count(app, DescriptorResponse) == 31


EVIDENCE = {
    "action": "add_evidence",
    "evidence_description": "Family feedback survey, 212 responses",
    "evidence_kind": "family_feedback",
    "evidence_agency": "Council early help",
    "evidence_date": ["27", "3", "2026"],
    "evidence_link": "https://example.gov.uk/survey",
}


def test_the_same_evidence_sent_twice_is_listed_once(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    version = version_on(client, assessment_id, "5.1")
    first = save(client, assessment_id, "5.1", version=version, **EVIDENCE)
    second = save(client, assessment_id, "5.1", version=version, **EVIDENCE)
    assert first.status_code == 302 and second.status_code == 302
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "This evidence is already listed, so it was not added again" in page
    assert page.count('name="remove_evidence"') == 1  # one item listed, with its Remove box
    assert count(app, EvidenceItem) == 1
    assert count(app, AuditEntry, AuditEntry.action == "added evidence") == 1
    # Different evidence is still added.
    other = {**EVIDENCE, "evidence_description": "Parent panel minutes, March"}
    assert save(client, assessment_id, "5.1", version=version, **other).status_code == 302
    assert count(app, EvidenceItem) == 2


@postgres_only
def test_the_same_evidence_and_text_sent_twice_at_once_is_saved_once(app, make_user, monkeypatch):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    tabs = [signed_in_client(app, "coordinator@example.gov.uk") for _ in range(2)]
    assessment_id = create_assessment(tabs[0])
    version = version_on(tabs[0], assessment_id, "5.1")
    meet_before(monkeypatch, assessment_data, "update_response_if_version")
    responses = at_once(*(
        (lambda c=c: save(c, assessment_id, "5.1", score=3, working_well="Typed, then Add evidence twice",
                          version=version, **EVIDENCE))
        for c in tabs
    ))
    # Neither sees a conflict: the second found exactly what it was sending already saved.
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, EvidenceItem) == 1
    assert count(app, AuditEntry, AuditEntry.action == "added evidence") == 1
    assert count(app, AuditEntry, AuditEntry.field == "working_well") == 1
    with app.app_context():
        saved = db.session.scalar(select(DescriptorResponse).where(DescriptorResponse.descriptor_id == "5.1"))
        assert (saved.score, saved.working_well, saved.version) == (3, "Typed, then Add evidence twice", 2)


@postgres_only
def test_the_same_evidence_sent_twice_at_once_is_listed_once(app, make_user, monkeypatch):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    tabs = [signed_in_client(app, "coordinator@example.gov.uk") for _ in range(2)]
    assessment_id = create_assessment(tabs[0])
    version = version_on(tabs[0], assessment_id, "5.1")
    # Both have read the descriptor and start saving together (no text changed, evidence only).
    meet_before(monkeypatch, edits, "utcnow")
    responses = at_once(*((lambda c=c: save(c, assessment_id, "5.1", version=version, **EVIDENCE)) for c in tabs))
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, EvidenceItem) == 1


def _join_page(app, code: str):
    """A new device opens the join page: (the form's token, the device)."""
    device = app.test_client()
    return form_token(device.get(f"/join/{code}").get_data(as_text=True)), device


def test_joining_twice_from_one_device_is_one_participant(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    token, device = _join_page(app, code)
    details = {"name": "Priya Shah", "organisation": "Mersey Care NHS Trust", "group": "health", "form_token": token}
    # A double click: the second request leaves before the first's answer sets the cookie, so it
    # carries none; it is sent here from a copy of the device without cookies.
    resent = app.test_client()
    first = device.post(f"/join/{code}", data=details)
    second = resent.post(f"/join/{code}", data=details)
    assert first.status_code == 302 and second.status_code == 302
    assert count(app, WorkshopParticipant) == 1
    # Whichever answer the browser kept, it is the same participant.
    answer(device, code, "5.1", 2, "From the first")
    answer(resent, code, "5.1", 3, "From the second")
    with app.app_context():
        answers = db.session.scalars(select(WorkshopAnswer)).all()
        assert [(a.score, a.comment) for a in answers] == [(3, "From the second")]
    dashboard = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    assert re.search(r"Joined</dt><dd[^>]*>1: Health 1</dd>", dashboard)
    # Someone else on another device is someone else.
    other_token, other = _join_page(app, code)
    assert other_token != token
    other.post(f"/join/{code}", data={**details, "name": "Dan Reilly", "form_token": other_token})
    assert count(app, WorkshopParticipant) == 2


@postgres_only
def test_joining_twice_at_once_from_one_device_is_one_participant(app, signed_in, make_user, monkeypatch):
    _, _, _, code = facilitated(app, signed_in, make_user, names="anonymous")
    token, device = _join_page(app, code)
    resent = app.test_client()
    meet_before(monkeypatch, workshop_data, "add_participant")
    responses = at_once(*((lambda d=d: d.post(f"/join/{code}", data={"group": "family", "form_token": token}))
                          for d in (device, resent)))
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, WorkshopParticipant) == 1
    answer(device, code, "5.1", 4)
    answer(resent, code, "5.1", 5)
    with app.app_context():
        assert [a.score for a in db.session.scalars(select(WorkshopAnswer))] == [5]


def _invitation_link(client) -> str:
    html = client.get("/team").get_data(as_text=True)
    return re.search(r'id="invitation-link">http://localhost(/invitations/[^<]+)<', html).group(1)


def test_inviting_the_same_person_twice_with_one_form_makes_one_invitation(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    token = form_token(coordinator.get("/team/invite").get_data(as_text=True))
    details = {"name": "Nia New", "email": "nia@example.gov.uk", "role": "facilitator", "form_token": token}
    assert coordinator.post("/team/invite", data=details).status_code == 302
    first_link = _invitation_link(coordinator)
    assert coordinator.post("/team/invite", data=details).status_code == 302
    second_link = _invitation_link(coordinator)
    assert first_link == second_link  # whichever answer the browser shows, its link works
    assert count(app, Invitation) == 1
    team = coordinator.get("/team").get_data(as_text=True)
    assert team.count("nia@example.gov.uk") == 1
    newcomer = app.test_client()
    accepted = newcomer.post(first_link, data={"name": "Nia New", "password": PASSWORD})
    assert accepted.status_code == 302, accepted.get_data(as_text=True)[:2000]


def test_inviting_someone_again_replaces_the_invitation_waiting(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    details = {"name": "Nia New", "email": "nia@example.gov.uk", "role": "viewer"}
    coordinator.post("/team/invite", data={**details, "form_token": form_token(
        coordinator.get("/team/invite").get_data(as_text=True))})
    old_link = _invitation_link(coordinator)
    coordinator.post("/team/invite", data={**details, "role": "facilitator", "form_token": form_token(
        coordinator.get("/team/invite").get_data(as_text=True))})
    html = coordinator.get("/team").get_data(as_text=True)
    assert "The link in their earlier invitation no longer works: send them this one instead." in html
    new_link = re.search(r'id="invitation-link">http://localhost(/invitations/[^<]+)<', html).group(1)
    assert new_link != old_link
    assert count(app, Invitation) == 1
    assert "This invitation link does not work" in app.test_client().get(old_link).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Invitation)).role == Role.FACILITATOR


@postgres_only
def test_inviting_the_same_person_twice_at_once_makes_one_invitation(app, make_user, monkeypatch):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    tabs = [signed_in_client(app, "coordinator@example.gov.uk") for _ in range(2)]
    token = form_token(tabs[0].get("/team/invite").get_data(as_text=True))
    details = {"name": "Nia New", "email": "nia@example.gov.uk", "role": "facilitator", "form_token": token}
    meet_before(monkeypatch, account_data, "add_invitation")
    responses = at_once(*((lambda c=c: c.post("/team/invite", data=details)) for c in tabs))
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, Invitation) == 1
    links = {_invitation_link(tab) for tab in tabs}
    assert len(links) == 1
    with app.app_context():
        from app.services import accounts

        assert accounts.open_invitation(links.pop().rsplit("/", 1)[-1]) is not None


@postgres_only
def test_two_facilitators_adding_one_descriptor_to_a_workshop_at_once_one_wins_and_the_other_is_told(
        app, signed_in, make_user, monkeypatch):
    facilitator, assessment_id, workshop_id, _ = facilitated(app, signed_in, make_user, sections=(),
                                                             descriptors=("5.1",))
    other = sign_in_as(app, make_user, Role.FACILITATOR, "femi@example.gov.uk", "Femi Facilitator")
    edit = f"/assessments/{assessment_id}/workshops/{workshop_id}/edit"
    # Both have read the workshop (6.1 not in it yet) before either writes anything.
    meet_before(monkeypatch, workshop_setup, "_check_changes")
    responses = at_once(*((lambda c=c, t=t: c.post(edit, data={"title": t, "add_ids": ["6.1"]}))
                          for c, t in ((facilitator, "Renamed by one"), (other, "Renamed by the other"))))
    assert sorted(r.status_code for r in responses) == [200, 302]  # never a 500
    told = next(r for r in responses if r.status_code == 200).page
    assert told.field_error("add_ids").startswith("Someone else changed this workshop's descriptors at the same moment")
    assert count(app, WorkshopDescriptor, WorkshopDescriptor.workshop_id == workshop_id) == 2  # 5.1 and 6.1, once
