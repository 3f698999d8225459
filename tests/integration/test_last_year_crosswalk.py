"""Last year's answer beside this year's follows the edition's crosswalk (issue 14): last year's
assessment in the 2022 edition, this year's in a later edition whose crosswalk says 5.1 was
reworded, 5.2 is new (though the 2022 edition has a 5.2 too) and 5.3 merges 2022's 5.3 and 5.4.
Both editions are read from their files (the later one's ``crosswalk:``); the descriptor page,
the Word and the XLSX returns pair them so, never by number alone."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from app.domain.roles import Role
from app.frameworks import EXTENSION_KEY
from tests import factories
from tests.integration.editions_world import app_with_editions
from tests.later_edition import write_later_edition

COORDINATOR = "coordinator@example.gov.uk"


@pytest.fixture(scope="module")
def crosswalk_app(app, database_url, tmp_path_factory):
    """An application loading the 2022 edition and the made-up 2026 edition from their files,
    on the session's database."""
    with app_with_editions(database_url, write_later_edition(tmp_path_factory.mktemp("editions"))) as application:
        assert application.extensions[EXTENSION_KEY]["ehsg-2026"].crosswalk.entry("5.3").earlier == ("5.3", "5.4")
        yield application


@pytest.fixture
def two_years(crosswalk_app):
    """A coordinator signed in; 2025 in the 2022 edition, 2026 in the later one. Returns (client, 2026's id)."""
    app = crosswalk_app
    factories.user(app, COORDINATOR, Role.COORDINATOR)
    last = factories.assessment(app, COORDINATOR, year=2025)
    factories.answer(app, last, COORDINATOR, "5.1", 2, working_well="Heard in 2025", prioritising_next="Listen more")
    factories.answer(app, last, COORDINATOR, "5.2", 4, working_well="The old 5.2's evidence")
    factories.answer(app, last, COORDINATOR, "5.3", 3, working_well="Plans in 2025")
    factories.answer(app, last, COORDINATOR, "5.4", 1, working_well="Records in 2025")
    this = factories.assessment(app, COORDINATOR, year=2026, edition="ehsg-2026")
    factories.answer(app, this, COORDINATOR, "5.1", 3)
    factories.answer(app, this, COORDINATOR, "5.2", 2)
    factories.answer(app, this, COORDINATOR, "5.3", 4)
    client = app.test_client()
    client.post("/login", data={"email": COORDINATOR, "password": factories.PASSWORD}, expect=302)
    return client, this


def test_a_reworded_descriptor_shows_last_years_answer_with_the_note(two_years):
    client, this = two_years
    page = client.get(f"/assessments/{this}/descriptors/5.1", expect=200).page
    box = page.text_of(".app-last-year")
    assert "Score: 2" in box and "Heard in 2025" in box and "Listen more" in box
    assert page.text_of("#last-year-note") == (
        "Reworded since the second iteration (2022) (was 5.1). This note is the toolkit's wording, not part of the guide.")
    started = client.get(page.link("Start from last year's text"), expect=200).page
    assert started.value("working_well").strip() == "Heard in 2025"


def test_a_new_descriptor_shows_no_last_year_answer_though_a_2022_descriptor_shares_its_number(two_years):
    client, this = two_years
    page = client.get(f"/assessments/{this}/descriptors/5.2", expect=200).page
    box = page.text_of(".app-last-year")
    assert "Not comparable: nothing in last year's assessment is paired with 5.2." in box
    assert "New since" in page.text_of("#last-year-note")
    assert "The old 5.2's evidence" not in page.text and "Score: 4" not in box
    assert "Start from last year's text" not in page.text
    asked = client.get(f"/assessments/{this}/descriptors/5.2?from=last-year", expect=200).page
    assert asked.value("working_well").strip() == ""


def test_a_merged_descriptor_shows_both_earlier_answers_and_copies_neither(two_years):
    client, this = two_years
    page = client.get(f"/assessments/{this}/descriptors/5.3", expect=200).page
    box = page.text_of(".app-last-year")
    assert "5.3 last year" in box and "5.4 last year" in box
    assert "Plans in 2025" in box and "Records in 2025" in box and "Score: 3" in box and "Score: 1" in box
    assert "Merged from 5.3, 5.4" in page.text_of("#last-year-note")
    assert "Start from last year's text" not in page.text
    asked = client.get(f"/assessments/{this}/descriptors/5.3?from=last-year", expect=200).page
    assert asked.value("working_well").strip() == ""


def test_the_xlsx_last_year_columns_follow_the_crosswalk(two_years):
    client, this = two_years
    sheet = load_workbook(io.BytesIO(client.get(f"/assessments/{this}/export/xlsx", expect=200).data))["Descriptors"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    last, change = header.index("Last year's score"), header.index("Change since last year")
    note = next(i for i, h in enumerate(header) if h and "the toolkit's wording, not part of the guide" in h and "changed" in h)
    by_id = {row[header.index("Descriptor")]: row for row in rows[1:]}
    assert (by_id["5.1"][last], by_id["5.1"][change]) == (2, 1)
    assert "Reworded since" in by_id["5.1"][note]
    assert (by_id["5.2"][last], by_id["5.2"][change]) == (None, None)
    assert "New since" in by_id["5.2"][note]
    assert (by_id["5.3"][last], by_id["5.3"][change]) == (None, None)
    assert "Last year: 5.3: 3; 5.4: 1." in by_id["5.3"][note]
    assert by_id["6.1"][note] in (None, "")


def test_the_word_last_year_column_and_chart_follow_the_crosswalk(two_years):
    client, this = two_years
    document = Document(io.BytesIO(client.get(f"/assessments/{this}/export/docx", expect=200).data))
    glance = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["Descriptor", "Score", "Last year"])
    last_year = {row.cells[0].text.split(" ", 1)[0]: row.cells[2].text for row in glance.rows[1:]}
    assert (last_year["5.1"], last_year["5.2"], last_year["5.3"]) == ("2", "Not comparable", "5.3: 3; 5.4: 1")
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("How each descriptor changed since last year's edition") and
               "the toolkit's wording, not part of the guide" in p for p in paragraphs)
    assert any(p.startswith("5.2: New since the second iteration (2022)") for p in paragraphs)
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    comparison = next(d for d in described if d.startswith("Grouped bar chart comparing"))
    assert "2 not compared (new or merged since last year's edition" in comparison


def test_the_trends_page_follows_the_crosswalk_and_says_where_a_descriptor_changed(two_years):
    client, _ = two_years
    page = client.get("/trends", expect=200).page
    family = {row[0].split()[0]: row for row in page.table_rows("Scores in Family voice and experience by year")}
    assert family["5.1"][1:3] == ["2", "3"] and "2026: Reworded since the second iteration (2022) (was 5.1)." in family["5.1"][0]
    assert family["5.2"][1:3] == ["Not scored", "2"] and "2026: New since the second iteration (2022)" in family["5.2"][0]
    assert family["5.3"][1:3] == ["Not scored", "4"] and "2026: Merged from 5.3, 5.4" in family["5.3"][0]
    assert "5.4" not in family  # the later edition has no 5.4
