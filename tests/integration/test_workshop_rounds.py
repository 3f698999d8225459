"""Rounds that mean something (issue 13): showing the results closes a round, as many rounds as
the room needs side by side, who has answered, anonymous answers that cannot be linked to one
another, and the words a room reads."""

from __future__ import annotations

import io
import json
import re
import threading

from openpyxl import load_workbook

from app.data import workshops as workshop_data
from app.data.models import WorkshopAnswer
from app.extensions import db
from tests.integration.test_concurrency import at_once, postgres_only
from tests.integration.workshop_helpers import answer, facilitated, join

REVEALED = "The results are showing. Wait for the next round."


def _base(assessment_id: int, workshop_id: int) -> str:
    return f"/assessments/{assessment_id}/workshops/{workshop_id}"


def _page(client, url: str):
    return client.get(url, expect=200).page


# --- Showing the results closes the round ---------------------------------------------------


def test_an_answer_sent_after_the_reveal_is_refused_and_the_figures_stay(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    priya, dan, aisha = join(app, code, "health"), join(app, code, "police"), join(app, code, "education")
    answer(priya, code, "5.1", 2)
    answer(dan, code, "5.1", 3)
    facilitator.post(f"{base}/descriptors/5.1/reveal", expect=302)
    assert _page(facilitator, f"{base}/descriptors/5.1").summary_list(".app-figures")["Median"] == "2.5"

    changed = answer(priya, code, "5.1", 5, round_number="1")  # from the page loaded before the reveal
    assert changed.status_code == 409
    assert REVEALED in changed.page.text
    late = answer(aisha, code, "5.1", 5, round_number="1")
    assert late.status_code == 409

    page = _page(facilitator, f"{base}/descriptors/5.1")
    assert page.summary_list(".app-figures")["Median"] == "2.5"
    assert page.text_of(".app-round-closed") == ("Round 1 is closed: its results are showing, so no answer in it "
                                                 "can change. Start round 2 to let people score again.")
    phone = _page(priya, f"/join/{code}/questions/5.1")
    assert REVEALED in phone.texts(".govuk-inset-text")
    assert "Save my answer" not in phone.buttons
    with app.app_context():
        assert sorted(a.score for a in db.session.query(WorkshopAnswer)) == [2, 3]


def test_the_answer_that_completes_the_room_closes_the_round(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    devices = [join(app, code, group) for group in ("health", "police", "housing")]
    for device, score in zip(devices, (1, 2, 4), strict=True):
        answer(device, code, "5.2", score)
    # Everyone answered, so the results show by themselves; changing one's mind now is refused.
    refused = answer(devices[0], code, "5.2", 5, round_number="1")
    assert refused.status_code == 409 and REVEALED in refused.page.text
    later = join(app, code, "education")  # joining later does not hide them again
    assert REVEALED in _page(later, f"/join/{code}/questions/5.2").texts(".govuk-inset-text")
    page = _page(facilitator, f"{_base(assessment_id, workshop_id)}/descriptors/5.2")
    assert page.summary_list(".app-figures")["Median"] == "2"


# --- As many rounds as the room needs -------------------------------------------------------


def test_three_rounds_and_their_figures_side_by_side(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    priya, dan = join(app, code, "health"), join(app, code, "police")
    for number, scores in enumerate(((1, 5), (2, 4), (3, 3)), start=1):
        for device, score in zip((priya, dan), scores, strict=True):
            answer(device, code, "5.1", score)
        facilitator.post(f"{base}/descriptors/5.1/reveal", expect=302)
        page = _page(facilitator, f"{base}/descriptors/5.1")
        assert f"Start round {number + 1}" in page.buttons
        if number < 3:
            facilitator.post(f"{base}/descriptors/5.1/next-round", expect=302)
    assert page.table_rows("Round by round") == [
        ["Round 1", "2", "3", "1 to 5", "4", "Yes"],
        ["Round 2", "2", "3", "2 to 4", "2", "No"],
        ["Round 3", "2", "3", "3", "0", "No"],
    ]
    question = _page(priya, f"/join/{code}/questions/5.1")
    assert "What the group scored in round 3" not in question.text  # round 3 is still the current one


# --- Who has answered ---------------------------------------------------------------------


def test_before_the_reveal_the_facilitator_sees_who_has_answered_by_name(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="facilitator_only")
    priya = join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust")
    join(app, code, "police", "Dan Reilly", "Merseyside Police")
    answer(priya, code, "5.1", 3)
    page = _page(facilitator, f"{_base(assessment_id, workshop_id)}/descriptors/5.1")
    assert page.summary_list(".app-attendance") == {
        "Answered (1)": "Priya Shah, Mersey Care NHS Trust",
        "Not answered yet (1)": "Dan Reilly, Merseyside Police",
    }


def test_in_an_anonymous_workshop_who_has_answered_is_by_group_and_count(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="anonymous")
    health = [join(app, code, "health") for _ in range(2)]
    join(app, code, "police")
    answer(health[0], code, "5.1", 3)
    page = _page(facilitator, f"{_base(assessment_id, workshop_id)}/descriptors/5.1")
    assert page.table_rows("Who has answered, by stakeholder group") == [["Health", "1", "2"], ["Police", "0", "1"]]


# --- Anonymous means unlinkable -----------------------------------------------------------


def _facilitator_pages(client, base: str, descriptors) -> dict[str, str]:
    pages = {"": client.get(base, expect=200).get_data(as_text=True)}
    for d in descriptors:
        for path in (f"/descriptors/{d}", f"/descriptors/{d}/agree"):
            pages[path] = client.get(base + path, expect=200).get_data(as_text=True)
        pages[f"/descriptors/{d}/live"] = client.get(f"{base}/descriptors/{d}/live").get_json()["html"]
    pages["/present"] = client.get(f"{base}/present", expect=200).get_data(as_text=True)
    return pages


def test_nothing_on_a_facilitators_page_links_two_anonymous_answers(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="anonymous")
    base = _base(assessment_id, workshop_id)
    descriptors = ("5.1", "5.2", "5.3")
    people = [join(app, code, "health") for _ in range(3)]
    # Each person answers every descriptor in turn, in the same order, so ids would give them away.
    for who, device in enumerate(people):
        for d in descriptors:
            answer(device, code, d, who + 1, f"Person {who} on {d}")
    for d in descriptors:
        facilitator.post(f"{base}/descriptors/{d}/reveal", expect=302)
    pages = _facilitator_pages(facilitator, base, descriptors)
    with app.app_context():
        ids = {str(a.id) for a in db.session.query(WorkshopAnswer)}
    attributes = re.compile(r'\b(?:value|id|name|for|href|data-[a-z-]+)="([^"]*)"')
    seen: dict[str, set[str]] = {}
    for path, html in pages.items():
        for value in attributes.findall(html):
            seen.setdefault(value, set()).add(path.split("/")[2] if path.startswith("/descriptors/") else path)
    tokens = {}
    for d in descriptors:
        agree = pages[f"/descriptors/{d}/agree"]
        values = re.findall(r'name="evidence"[^>]*value="([^"]*)"', agree)
        assert len(values) == 3
        assert not set(values) & ids, "a checkbox value is an answer id"
        tokens[d] = values
        # Listed in an order of their own, the same on every page that lists them.
        comments = re.findall(r"Person (\d) on " + re.escape(d), agree)
        assert values == sorted(values) and len(comments) == 3
    every = [v for values in tokens.values() for v in values]
    assert len(set(every)) == len(every), "a token repeats across descriptors"
    for value in every:
        assert len(seen[value]) == 1, f"{value} appears on the pages of more than one descriptor"


# --- Words a room reads -------------------------------------------------------------------


def test_the_group_table_says_what_its_columns_hold(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    room = [(join(app, code, group), score) for group, score in
            (("health", 2), ("health", 4), ("police", 3), ("housing", None), ("housing", None))]
    for device, score in room:
        answer(device, code, "5.3", score)
    page = _page(facilitator, f"{_base(assessment_id, workshop_id)}/descriptors/5.3")
    table = page.soup.find("caption", string=re.compile("Round 1 scores by stakeholder group")).find_parent("table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Group", "People who scored", "Median", "Lowest to highest score",
                       "People who said “I don't know”"]
    assert page.table_rows("Round 1 scores by stakeholder group") == [
        ["Health", "2", "3", "2 to 4", "0"], ["Police", "1", "3", "3", "0"]]
    silent = page.texts(".app-silent-groups li")
    assert "Everyone from Housing who answered said “I don't know” (2 people)" in silent
    assert not any("No one from Housing" in line for line in silent)


def test_a_single_score_reads_as_a_value(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    answer(join(app, code, "health"), code, "5.1", 3)
    facilitator.post(f"{base}/descriptors/5.1/reveal", expect=302)
    assert _page(facilitator, f"{base}/descriptors/5.1").summary_list(".app-figures")["Range"] == "3"


def test_a_participants_pages_have_no_sign_in_link_and_a_short_scale_caveat(app, signed_in, make_user):
    _, _, _, code = facilitated(app, signed_in, make_user)
    assert not app.test_client().get(f"/join/{code}", expect=200).page.has_link("Sign in")
    device = join(app, code)
    question = _page(device, f"/join/{code}/questions/5.1")
    assert not question.has_link("Sign in")
    assert question.text_of("#score-hint") == "These descriptions are this toolkit's wording, not the guide's."
    assert app.test_client().get("/", expect=200).page.has_link("Sign in")  # elsewhere it is still there


# --- Rounds in the return -----------------------------------------------------------------


def test_every_rounds_median_goes_into_the_return(app, client, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    priya, dan = join(app, code, "health"), join(app, code, "police")
    for number, scores in enumerate(((1, 4), (2, 4), (3, 4)), start=1):
        for device, score in zip((priya, dan), scores, strict=True):
            answer(device, code, "5.1", score)
        facilitator.post(f"{base}/descriptors/5.1/reveal", expect=302)
        if number < 3:
            facilitator.post(f"{base}/descriptors/5.1/next-round", expect=302)
    agree = facilitator.get(f"{base}/descriptors/5.1/agree", expect=200).page
    facilitator.post(f"{base}/descriptors/5.1/agree", expect=302,
                     data={"score": "3", "rationale": "Closer each round.", "version": agree.value("version")})
    exported = json.loads(client.get(f"/assessments/{assessment_id}/export/json").data)
    workshop = next(a for a in exported["answers"] if a["descriptor"] == "5.1")["workshop"]
    assert (workshop["count"], workshop["median"]) == (2, 3.5)  # the agreed (last) round's figures
    assert [(r["round"], r["median"]) for r in workshop["rounds"]] == [(1, 2.5), (2, 3.0), (3, 3.5)]
    sheet = load_workbook(io.BytesIO(client.get(f"/assessments/{assessment_id}/export/xlsx").data))["Workshops"]
    rows = list(sheet.iter_rows(values_only=True))
    everyone = next(r for r in rows if r[0] == "5.1" and r[3] == "Everyone")
    assert everyone[rows[0].index("Median round by round")] == "round 1: 2.5 → round 2: 3 → round 3: 3.5"


# --- An answer and the reveal at the same moment (PostgreSQL) -----------------------------


@postgres_only
def test_an_answer_sent_while_the_results_are_being_revealed_is_refused(app, signed_in, make_user, monkeypatch):
    """The reveal has taken the round but not yet committed when the answer checks it: the answer
    waits for the reveal, then is refused, so the figures the room saw are the figures kept."""
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    devices = [join(app, code, group) for group in ("health", "police", "education", "housing")]
    answer(devices[0], code, "5.1", 2)
    answer(devices[1], code, "5.1", 3)
    original = workshop_data.lock_round
    revealing = threading.local()
    taken = threading.Event()

    def lock_round(item_id: int) -> bool:
        if getattr(revealing, "yes", False):
            result = original(item_id)
            taken.set()  # the reveal holds the round; its commit comes after
            return result
        assert taken.wait(30)
        return original(item_id)

    monkeypatch.setattr(workshop_data, "lock_round", lock_round)

    def reveal():
        revealing.yes = True
        return facilitator.post(f"{base}/descriptors/5.1/reveal")

    sent, revealed = at_once(lambda: answer(devices[2], code, "5.1", 5, round_number="1"), reveal)
    assert revealed.status_code == 302
    assert sent.status_code == 409 and REVEALED in sent.get_data(as_text=True)
    with app.app_context():
        assert sorted(a.score for a in db.session.query(WorkshopAnswer)) == [2, 3]
    assert _page(facilitator, f"{base}/descriptors/5.1").summary_list(".app-figures")["Median"] == "2.5"
