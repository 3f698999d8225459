"""Multi-agency workshops through the pages: setting one up, joining with a code, answering,
the facilitator's view with the reveal rules, second rounds, the presenter view and the live
updates."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.data.models import WorkshopAnswer, WorkshopParticipant
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import create_assessment
from tests.integration.workshop_helpers import (
    answer,
    create_workshop,
    facilitated,
    facilitator_page,
    join,
    join_code,
    sign_in_as,
    workshop_form,
)

# --- Setting one up --------------------------------------------------------------------


def test_a_facilitator_sets_up_a_live_workshop_from_the_assessment(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    facilitator = sign_in_as(app, make_user, Role.FACILITATOR, "facilitator@example.gov.uk")
    overview = facilitator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f'href="/assessments/{assessment_id}/workshops"' in overview
    listing = facilitator.get(f"/assessments/{assessment_id}/workshops").get_data(as_text=True)
    assert "There are no workshops for this assessment yet" in listing and "Set up a workshop" in listing

    workshop_id = create_workshop(facilitator, assessment_id, sections=("5",), descriptors=("9.1",))
    page = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    assert "The workshop is set up. Its join code is" in page
    code = join_code(facilitator, assessment_id, workshop_id)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert f"http://localhost/join/{code}" in page
    for descriptor in ("5.1 Family engagement", "5.7", "9.1"):
        assert descriptor in page
    assert "6.1" not in page
    assert "Live workshop" in page and "Named" in page and "Open" in page
    listing = facilitator.get(f"/assessments/{assessment_id}/workshops").get_data(as_text=True)
    assert "Family voice workshop" in listing and "0 of 8" in listing


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "Enter a title for the workshop"),
        ({"held_on": ["", "", ""]}, "Enter the date of the workshop"),
        ({"mode": ""}, "Select whether it is a live workshop or an open round"),
        ({"names": ""}, "Select how names are handled"),
        ({"sections": [], "descriptor_ids": []}, "Select the sections or descriptors the workshop covers"),
        ({"mode": "open"}, "Enter the closing date of the open round"),
        ({"mode": "open", "closes_on": ["1", "1", "2020"]}, "The closing date must be today or in the future"),
        ({"held_on": ["1", "1", "2020"]}, "The date of a live workshop must be today or in the future"),
    ],
)
def test_a_wrong_workshop_form_says_what_is_wrong(app, signed_in, change, message):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client)
    response = client.post(f"/assessments/{assessment_id}/workshops/new", data={**workshop_form(), **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Set up a workshop" in html
    assert message in html
    assert "There are no workshops" in client.get(f"/assessments/{assessment_id}/workshops").get_data(as_text=True)


def test_an_open_round_runs_until_its_closing_date(app, signed_in, make_user):
    closing = date.today() + timedelta(days=14)
    facilitator, assessment_id, workshop_id, code = facilitated(
        app, signed_in, make_user, mode="open", names="facilitator_only", closes_on=closing)
    page = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    assert f"until the end of {closing.strftime('%-d %B %Y')}" in page
    join_page = app.test_client().get(f"/join/{code}").get_data(as_text=True)
    assert f"by the end of {closing.strftime('%-d %B %Y')}" in join_page
    device = join(app, code)
    # An open round goes straight on to the next descriptor after each answer.
    assert answer(device, code, "5.1", 3).headers["Location"].endswith(f"/join/{code}/questions/5.2")


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.VIEWER])
def test_only_facilitators_and_coordinators_run_workshops(app, signed_in, make_user, role):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    workshop_id = create_workshop(coordinator, assessment_id)
    other = sign_in_as(app, make_user, role, f"{role.value}@example.gov.uk")
    # They see the list of workshops (tests/integration/test_viewers.py), not a workshop's own pages.
    assert f"/workshops/{workshop_id}" not in other.get(f"/assessments/{assessment_id}/workshops").get_data(as_text=True)
    assert other.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").status_code == 403
    assert other.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1").status_code == 403


# --- Joining ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, promise, asks_name",
    [
        ("named", "This workshop is named", True),
        ("facilitator_only", "Only the facilitator sees your name", True),
        ("anonymous", "This workshop is anonymous", False),
    ],
)
def test_the_join_page_says_how_names_are_handled_before_anyone_answers(app, signed_in, make_user, names, promise,
                                                                         asks_name):
    _, _, _, code = facilitated(app, signed_in, make_user, names=names)
    page = app.test_client().get(f"/join/{code}").get_data(as_text=True)
    assert promise in page
    assert ("Your name" in page) is asks_name
    assert ("Your organisation" in page) is asks_name
    for group in ("Health", "Police", "Education", "Local authority early help", "Children&#39;s social care",
                  "Housing", "Adult services", "Voluntary, community and faith sector", "Family or lived experience",
                  "Other"):
        assert group in page


def test_joining_needs_a_name_organisation_and_group(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    response = app.test_client().post(f"/join/{code}", data={"name": "", "organisation": "", "group": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Family voice workshop" in html
    for message in ("Enter your name", "Enter your organisation", "Select the group you are speaking for"):
        assert message in html
    with app.app_context():
        assert db.session.query(WorkshopParticipant).count() == 0


@pytest.mark.parametrize("typed", ["lower", "nohyphen", "spaces"])
def test_the_code_is_accepted_in_any_case_with_or_without_the_hyphen(app, signed_in, make_user, typed):
    _, _, _, code = facilitated(app, signed_in, make_user)
    variant = {"lower": code.lower(), "nohyphen": code.replace("-", ""), "spaces": " " + code.replace("-", " ") + " "}[typed]
    device = app.test_client()
    response = device.post("/join", data={"code": variant})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/join/{code}")
    assert "Which group are you speaking for?" in device.get(f"/join/{code.replace('-', '').lower()}").get_data(as_text=True)


def test_a_wrong_code_says_so(app, signed_in, make_user):
    facilitated(app, signed_in, make_user)
    device = app.test_client()
    html = device.post("/join", data={"code": "AAAA-AAAA"}).get_data(as_text=True)
    assert "<title>Error: Join a workshop" in html and "There is no workshop with that code" in html
    assert "Enter the workshop code" in device.post("/join", data={"code": ""}).get_data(as_text=True)
    response = device.get("/join/AAAA-AAAA")
    assert response.status_code == 404 and "There is no workshop with this code" in response.get_data(as_text=True)


def test_a_participant_sees_the_statement_and_the_scale_and_answers(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    device = app.test_client()
    response = device.post(f"/join/{code}", data={"name": "Priya Shah", "organisation": "NHS", "group": "health"})
    # A live workshop takes them straight to the descriptor the room is on.
    assert response.headers["Location"].endswith(f"/join/{code}/questions/5.1")
    page = device.get(f"/join/{code}/questions/5.1").get_data(as_text=True)
    assert "We have well established mechanisms to gather and act on feedback from families" in page
    assert "3 – Established in places" in page and "I don&#39;t know" in page
    assert "These descriptions are this toolkit&#39;s wording, not the guide&#39;s." in page
    assert "The facilitator sees your name with your comment" in page

    missing = device.post(f"/join/{code}/questions/5.1", data={"score": "", "comment": "Kept", "round": "1"})
    assert "Select a score, or select I don&#39;t know" in missing.get_data(as_text=True)
    assert "Kept" in missing.get_data(as_text=True)

    saved = answer(device, code, "5.1", 3, "Feedback is gathered but not acted on everywhere")
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/join/{code}/questions")
    listing = device.get(f"/join/{code}/questions").get_data(as_text=True)
    assert "Your answer to 5.1 is saved. You can change it until the round closes" in listing
    assert "The room is on" in listing and "See or change your answer to 5.1" in listing

    answer(device, code, "5.1", None, "On reflection I cannot judge this")
    page = device.get(f"/join/{code}/questions/5.1").get_data(as_text=True)
    assert "Your saved answer: <strong>I don't know</strong>" in page
    assert "On reflection I cannot judge this" in page
    with app.app_context():
        rows = db.session.query(WorkshopAnswer).all()
        assert [(r.score, r.comment) for r in rows] == [(None, "On reflection I cannot judge this")]


def test_a_participant_comes_back_to_where_they_were(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    device = join(app, code)
    device.get(f"/join/{code}/questions/5.4")
    response = device.get(f"/join/{code}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/join/{code}/questions/5.4")
    assert device.post("/join", data={"code": code}).headers["Location"].endswith(f"/join/{code}")


def test_participant_pages_open_only_with_the_participants_own_token(app, signed_in, make_user):
    facilitator, assessment_id, _, code = facilitated(app, signed_in, make_user)
    other_workshop = create_workshop(facilitator, assessment_id, title="Workforce workshop", sections=("6",))
    other_code = join_code(facilitator, assessment_id, other_workshop)
    device = join(app, code)
    # Joined one workshop: the other's questions need joining it first.
    assert device.get(f"/join/{other_code}/questions/6.1").headers["Location"].endswith(f"/join/{other_code}")
    # A code opens only its own workshop's descriptors.
    assert device.get(f"/join/{code}/questions/6.1").status_code == 404
    stranger = app.test_client()
    assert stranger.get(f"/join/{code}/questions").headers["Location"].endswith(f"/join/{code}")
    assert stranger.post(f"/join/{code}/questions/5.1", data={"score": "3", "round": "1"}).status_code == 302
    with app.app_context():
        assert db.session.query(WorkshopAnswer).count() == 0


# --- Facilitating: counts and the reveal rules ---------------------------------------------


def test_results_stay_hidden_until_the_facilitator_shows_them(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    priya = join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust")
    dan = join(app, code, "police", "Dan Reilly", "Merseyside Police")
    join(app, code, "education", "Aisha Begum", "Hope Street Primary")
    answer(priya, code, "5.1", 2, "Health visitors do not hear back from the hub")
    answer(dan, code, "5.1", 4, "Every referral gets a plan")

    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Round 1: 2 of 3 people who joined have answered." in page
    assert "Scores given in round 1" not in page and "Health visitors do not hear back" not in page
    assert "The results are hidden until you show them" in page
    presenter = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/present").get_data(as_text=True)
    assert "Results will show when the facilitator reveals them" in presenter
    assert "Health visitors do not hear back" not in presenter
    board = facilitator.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    assert "2 of 3" in board and "Hidden" in board

    response = facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/reveal")
    assert response.status_code == 302
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Scores given in round 1" in page
    assert re.search(r"Median</dt><dd[^>]*>3</dd>", page)
    assert re.search(r"Mean</dt><dd[^>]*>3</dd>", page)
    assert "2 to 4" in page
    assert "No one from Education has scored this (1 joined)" in page
    assert "No one from Housing has scored this" in page
    assert "Health visitors do not hear back from the hub" in page
    assert "Priya Shah, Mersey Care NHS Trust" in page  # named: the facilitator sees who said it
    # Bars are classes (a share of the scores in steps of 5 per cent), never inline styles.
    assert "app-bar--50" in page and "style=" not in page


def test_results_show_by_themselves_once_everyone_who_joined_has_answered(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    devices = [join(app, code, group, f"Person {group}", "Org") for group in ("health", "police", "housing")]
    for device, score in zip(devices[:2], (1, 5), strict=True):
        answer(device, code, "5.2", score)
    assert "Scores given in round 1" not in facilitator_page(facilitator, assessment_id, workshop_id, "5.2")
    answer(devices[2], code, "5.2", None)
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.2")
    assert "Round 1: 3 of 3 people who joined have answered (1 don&#39;t know)." in page
    assert "Scores given in round 1" in page
    assert "The group disagrees: scores run from 1 to 5" in page
    assert "Everyone from Housing who answered said “I don't know” (1 person)" in page  # not a score
    # The reveal closed the round: someone joining later neither hides the results nor changes them.
    late = join(app, code, "education")
    assert "Scores given in round 1" in facilitator_page(facilitator, assessment_id, workshop_id, "5.2")
    waiting = late.get(f"/join/{code}/questions/5.2", expect=200).page
    assert "The results are showing. Wait for the next round." in waiting.texts(".govuk-inset-text")
    assert "Save my answer" not in waiting.buttons
    refused = answer(late, code, "5.2", 3, round_number="1")  # from a page loaded before the reveal
    assert refused.status_code == 409 and "The results are showing. Wait for the next round." in refused.get_data(as_text=True)
    assert "Round 1: 3 of 4 people who joined have answered" in facilitator_page(facilitator, assessment_id, workshop_id, "5.2")


def test_one_early_arrival_does_not_reveal_their_own_score(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    answer(join(app, code), code, "5.1", 4, "First in the room")
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Round 1: 1 of 1 person who joined has answered." in page
    assert "Scores given in round 1" not in page and "First in the room" not in page


def test_figures_per_stakeholder_group(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    room = [(join(app, code, group, "Someone", "Somewhere"), score)
            for group, score in (("health", 2), ("health", 4), ("police", 3), ("family", 1))]
    for device, score in room:
        answer(device, code, "5.3", score)
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.3")
    table = re.search(r"Round 1 scores by stakeholder group.*?</table>", page, re.S).group(0)
    rows = [re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)][1:]
    assert rows == [["Health", "2", "3", "2", "to", "4", "0"], ["Police", "1", "3", "3", "0"],
                    ["Family", "or", "lived", "experience", "1", "1", "1", "0"]]


def test_the_live_region_updates_as_answers_arrive(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    devices = [join(app, code, group) for group in ("health", "police", "housing")]
    url = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/live"
    before = facilitator.get(url).get_json()
    assert before["status"] == "Round 1: 0 of 3 people who joined have answered."
    assert "The results are hidden" in before["html"]
    answer(devices[0], code, "5.1", 4, "Strong")
    one = facilitator.get(url).get_json()
    # The count changes, and so does the list of who has answered in the hidden region.
    assert one["status"] == "Round 1: 1 of 3 people who joined have answered." and one["key"] != before["key"]
    assert "Answered (1)" in one["html"] and "Strong" not in one["html"]
    answer(devices[1], code, "5.1", 3)
    answer(devices[2], code, "5.1", 3)
    after = facilitator.get(url).get_json()
    assert after["status"] == "Round 1: 3 of 3 people who joined have answered."
    assert after["key"] != before["key"] and "Scores given in round 1" in after["html"]
    assert facilitator.get(url).get_json()["key"] == after["key"]  # nothing changed, same key
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert f'data-live-key="{after["key"]}"' in page
    assert 'aria-live="polite"' in page and "js/workshop-live.js" in page
    assert 'type="module"' in page


# --- Second round ----------------------------------------------------------------------


def test_a_second_round_shows_the_spread_and_keeps_both_rounds(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    priya, dan = join(app, code, "health", "Priya"), join(app, code, "police", "Dan")
    answer(priya, code, "5.1", 1, "Not in health")
    answer(dan, code, "5.1", 5, "Everywhere")
    base = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1"
    assert "Start round 2" not in facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    facilitator.post(f"{base}/reveal")
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Start round 2" in page
    stale_round = "1"
    assert facilitator.post(f"{base}/next-round").status_code == 302
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Round 2 has started for 5.1" in page
    assert "Round 2: 0 of 2 people who joined have answered." in page
    assert "Round 1 results" in page and "Not in health" in page  # the first round stays on view
    assert "Start round 2" not in page

    question = priya.get(f"/join/{code}/questions/5.1").get_data(as_text=True)
    assert "What the group scored in round 1" in question
    assert "Your score in round 1: <strong>1 – Early thinking</strong>" in question
    assert re.search(r'value="1" checked', question)  # their first score, to keep or change
    # An answer sent from the first round's page is not saved into the wrong round.
    late = answer(dan, code, "5.1", 4, round_number=stale_round)
    assert late.status_code == 409 and "The facilitator has started round 2 for 5.1" in late.get_data(as_text=True)

    answer(priya, code, "5.1", 3, "Heard the police view")
    answer(dan, code, "5.1", 4)
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Round 2: 2 of 2 people who joined have answered." in page
    assert "Scores given in round 2" not in page  # a new round is hidden until shown
    facilitator.post(f"{base}/reveal")
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Scores given in round 2" in page and "Scores given in round 1" in page
    with app.app_context():
        rows = db.session.query(WorkshopAnswer).order_by(WorkshopAnswer.round, WorkshopAnswer.id).all()
        assert [(r.round, r.score) for r in rows] == [(1, 1), (1, 5), (2, 3), (2, 4)]


def test_a_second_round_needs_the_results_shown_first(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    join(app, code)
    facilitator.post(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/next-round")
    page = facilitator_page(facilitator, assessment_id, workshop_id, "5.1")
    assert "Show the results of this round first" in page and "Round 1:" in page


# --- Presenter view and moving the room --------------------------------------------------


def test_the_presenter_view_shows_the_room_one_descriptor_without_names(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    priya = join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust")
    answer(priya, code, "5.1", 2, "Health visitors do not hear back from the hub")
    base = f"/assessments/{assessment_id}/workshops/{workshop_id}"
    facilitator.post(f"{base}/descriptors/5.1/reveal")
    presenter = facilitator.get(f"{base}/present").get_data(as_text=True)
    assert "<h1 class=\"govuk-heading-xl app-projector__heading\">5.1 Family engagement</h1>" in presenter
    assert code in presenter and "localhost/join" in presenter
    assert "Round 1: 1 of 1 person who joined has answered." in presenter
    assert "Scores given in round 1 by 1 person" in presenter
    assert "Health visitors do not hear back from the hub" not in presenter  # the projector shows figures only
    assert "Priya" not in presenter and "Mersey Care" not in presenter  # never names

    moved = facilitator.post(f"{base}/room", data={"step": "1", "back": "present"})
    assert moved.headers["Location"].endswith(f"{base}/present")
    assert "5.2 One Lead Practitioner" in facilitator.get(f"{base}/present").get_data(as_text=True)
    live = facilitator.get(f"{base}/present/live").get_json()
    assert live["title"].startswith("5.2 ") and "5.2" in live["html"]
    # Participants are pointed at the descriptor the room is on.
    assert "The room is on <strong>5.2" in priya.get(f"/join/{code}/questions").get_data(as_text=True)
    facilitator.post(f"{base}/room", data={"step": "-1", "back": "present"})
    facilitator.post(f"{base}/room", data={"step": "-1", "back": "present"})  # already first: stays
    assert "5.1 Family engagement" in facilitator.get(f"{base}/present").get_data(as_text=True)
    to = facilitator.post(f"{base}/room", data={"descriptor": "5.5"})
    assert to.headers["Location"].endswith(f"{base}/descriptors/5.5")
    assert "The room is on this descriptor" in facilitator_page(facilitator, assessment_id, workshop_id, "5.5")
