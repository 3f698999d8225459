"""The action plan's pages: drafting from the text, adding an action with an owner, the owner's
update, filters and My actions, what a viewer sees, and a refused change that saves nothing."""

from __future__ import annotations

import pytest

from app.domain.roles import Role
from tests import factories
from tests.integration.conftest import sign_in

COORDINATOR = "coordinator@sefton.example.gov.uk"
OWNER = "owner@sefton.example.gov.uk"
VIEWER = "viewer@sefton.example.gov.uk"
TEXT = "- Recruit two data analysts\n- Publish the dashboard"
CAPTION = "Actions, at risk and overdue first"


@pytest.fixture
def year(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    make_user(OWNER, Role.FACILITATOR, name="Olu Owner")
    make_user(VIEWER, Role.VIEWER)
    assessment_id = factories.assessment(app, COORDINATOR, model=3)
    factories.answer(app, assessment_id, COORDINATOR, "9.4", 2, prioritising_next=TEXT)
    factories.priorities(app, assessment_id, COORDINATOR, "9.4", "6.4", "7.3")
    return assessment_id


def _rows(page) -> list[tuple[str, str, str]]:
    """(action, owner, status) for each row of the plan."""
    return [(row[1], row[2], row[4]) for row in page.table_rows(CAPTION)]


def test_a_coordinator_drafts_actions_assigns_one_and_the_owner_updates_it(client, year):
    sign_in(client, COORDINATOR)
    plan = f"/assessments/{year}/plan"
    client.post(f"{plan}/descriptors/9.4/draft", expect=302)
    page = client.get(plan, expect=200).page
    assert "2 draft actions added from descriptor 9.4's text" in page.notifications
    assert _rows(page) == [("Publish the dashboard", "Not assigned", "Not started"),
                           ("Recruit two data analysts", "Not assigned", "Not started")]
    edit = page.link("Change Publish the dashboard")
    form = client.get(edit, expect=200).page
    owner_id = next(o["value"] for o in form.soup.select("#owner option") if o.get_text() == "Olu Owner")
    client.post(edit, data={"descriptor": "9.4", "title": "Publish the dashboard", "owner": owner_id,
                            "due": ["31", "3", "2027"], "status": "on_track",
                            "done_looks_like": "The board reads it monthly"}, expect=302)
    client.post("/logout", expect=302)

    sign_in(client, OWNER)
    mine = client.get(f"{plan}?mine=1", expect=200).page
    assert mine.h1 == "My actions"
    assert [r[0] for r in _rows(mine)] == ["Publish the dashboard Done looks like: The board reads it monthly"]
    update = mine.link("Update Publish the dashboard")
    client.post(update, data={"status": "at_risk", "note": "Analyst post not filled"}, expect=302)
    page = client.get(f"{plan}?status=at_risk", expect=200).page
    (row,) = page.table_rows(CAPTION)
    assert row[4] == "At risk" and "Analyst post not filled" in row[5]
    # Not the owner of the other one, and not a planner: no way to update it.
    assert client.get(f"{plan}?status=not_started", expect=200).page.table_rows(CAPTION)[0][6] == ""


def test_a_viewer_reads_the_plan_and_changes_nothing(client, app, year):
    sign_in(client, COORDINATOR)
    client.post(f"/assessments/{year}/plan/descriptors/9.4/draft", expect=302)
    client.post("/logout", expect=302)
    sign_in(client, VIEWER)
    page = client.get(f"/assessments/{year}/plan", expect=200).page
    assert len(page.table_rows(CAPTION)) == 2
    assert not page.soup.select("main form[method=post]")  # no drafting buttons
    assert not [a for a in page.soup.select("#plan-table a")]  # no Update or Change links
    client.post(f"/assessments/{year}/plan/descriptors/9.4/draft", expect=403)


def test_an_action_without_a_title_is_refused_with_a_message_and_nothing_saved(client, year):
    sign_in(client, COORDINATOR)
    page = client.post(f"/assessments/{year}/plan/actions/new", data={"descriptor": "9.4", "title": " ",
                                                                       "status": "not_started"}, expect=200).page
    assert page.errors == ["Enter the action"]
    assert "There are no actions yet." in client.get(f"/assessments/{year}/plan", expect=200).page.soup.get_text()


def test_the_mid_year_review_keeps_its_scores_apart_from_the_return(client, year):
    sign_in(client, COORDINATOR)
    client.post(f"/assessments/{year}/plan/descriptors/9.4/draft", expect=302)
    page = client.get(f"/assessments/{year}/plan/mid-year", expect=200).page
    notes = [t["name"] for t in page.soup.select("textarea")]
    assert len(notes) == 2
    client.post(f"/assessments/{year}/plan/mid-year", data={notes[0]: "Half way", "score-9.4": "3"}, expect=302)
    again = client.get(f"/assessments/{year}/plan/mid-year", expect=200).page
    assert again.soup.select_one("#score-9\\.4 option[selected]").get_text().startswith("3")
    assert "(return's score: 2)" in again.soup.select_one("label[for='score-9.4']").get_text()
    plan = client.get(f"/assessments/{year}/plan", expect=200).page
    assert any("Half way" in row[5] for row in plan.table_rows(CAPTION))
    # The return keeps its own score.
    descriptor = client.get(f"/assessments/{year}/descriptors/9.4", expect=200).page
    assert descriptor.soup.select_one("input[name=score][checked]")["value"] == "2"


def test_a_mid_year_note_over_the_limit_is_refused_and_nothing_saved(client, year):
    sign_in(client, COORDINATOR)
    client.post(f"/assessments/{year}/plan/descriptors/9.4/draft", expect=302)
    page = client.get(f"/assessments/{year}/plan/mid-year", expect=200).page
    first = page.soup.select("textarea")[0]["name"]
    refused = client.post(f"/assessments/{year}/plan/mid-year", data={first: "x" * 2001, "score-9.4": "3"},
                          expect=200).page
    assert refused.errors == ["Progress note must be 2,000 characters or fewer"]
    assert refused.soup.select_one(f"textarea[name={first}]").get_text() == "x" * 2001  # nothing typed is lost
    again = client.get(f"/assessments/{year}/plan/mid-year", expect=200).page
    assert again.soup.select_one("#score-9\\.4 option[selected]") is None  # still "No mid-year score"
    assert "x" * 10 not in " ".join(row[5] for row in client.get(f"/assessments/{year}/plan", expect=200).page.table_rows(CAPTION))


def test_the_plan_downloads_as_a_word_action_plan_and_a_spreadsheet(client, year):
    import io

    from docx import Document
    from openpyxl import load_workbook

    sign_in(client, COORDINATOR)
    client.post(f"/assessments/{year}/plan/descriptors/9.4/draft", expect=302)
    page = client.get(f"/assessments/{year}/plan", expect=200).page
    word = client.get(page.link("Download the action plan (Word)"), expect=200)
    assert word.headers["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(word.data))
    assert doc.paragraphs[0].text == "Action plan: Sefton Early Help Partnership, 2026"
    titles = [row.cells[1].text for row in doc.tables[0].rows[1:]]
    assert titles == ["Publish the dashboard", "Recruit two data analysts"]
    sheet = client.get(page.link("Download the action plan (spreadsheet)"), expect=200)
    rows = list(load_workbook(io.BytesIO(sheet.data))["Action plan"].values)
    assert rows[2][:2] == ("Descriptor", "Action")
    assert [r[1] for r in rows[3:]] == ["Publish the dashboard", "Recruit two data analysts"]
    client.get(f"/assessments/{year}/plan/export/pdf", expect=404)


def test_a_coordinator_removes_an_action_from_its_page_and_the_history_says_so(client, year):
    sign_in(client, COORDINATOR)
    plan = f"/assessments/{year}/plan"
    client.post(f"{plan}/descriptors/9.4/draft", expect=302)
    page = client.get(plan, expect=200).page
    edit = page.link("Change Publish the dashboard") if page.has_link("Change Publish the dashboard") else None
    assert edit is not None, page.text
    form_page = client.get(edit, expect=200).page
    assert "Remove action" in form_page.buttons
    action_id = edit.rstrip("/").split("/")[-2]
    client.post(f"{plan}/actions/{action_id}/remove", expect=302)
    page = client.get(plan, expect=200).page
    assert page.notifications[-1] == "Removed the action \u201cPublish the dashboard\u201d from the plan"
    assert [r[0] for r in _rows(page)] == ["Recruit two data analysts"]
    history = client.get(f"/assessments/{year}/history", expect=200).page.table_rows()
    assert any(r[2] == "9.4: removed from the action plan action" and "Publish the dashboard" in r[3] for r in history)
    client.post(f"{plan}/actions/{action_id}/remove", expect=404)  # gone: sent twice, removed once


def test_a_plan_before_any_priority_is_chosen_says_where_they_are_chosen(client, app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR, model=3)
    sign_in(client, COORDINATOR)
    page = client.get(f"/assessments/{assessment_id}/plan", expect=200).page
    assert "No priority descriptors are chosen yet." in page.text
    assert page.link("The priorities page") == f"/assessments/{assessment_id}/priorities"
    assert "Draft actions from what you are prioritising next" not in page.texts("h2")
