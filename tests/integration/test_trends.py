"""The trends page, its charts, `ehsg trends` and the Word return with a trends appendix, for a
partnership holding four years: three imported returns and this year's assessment in progress."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager

import pytest
from docx import Document
from sqlalchemy import event

from app.data import returns as trend_data
from app.domain.returns import DescriptorAnswer, PriorityChoice, Return
from app.domain.roles import Role
from app.extensions import db
from app.frameworks import framework
from app.services import returns as return_service
from tests import factories
from tests.integration.conftest import sign_in

SEFTON = factories.SEFTON


def _imported(app, year: int, scores: dict[str, int | None], priorities: tuple[str, ...]) -> None:
    ret = Return(area=SEFTON, year=year, edition_id="ehsg-2022",
                 answers=tuple(DescriptorAnswer(d, s) for d, s in scores.items()),
                 priorities=tuple(PriorityChoice(p) for p in priorities))
    with app.app_context():
        return_service.import_return(ret, framework("ehsg-2022"), partnership_name=SEFTON, source=f"{year}.json")
        db.session.commit()


@pytest.fixture
def four_years(app, make_user):
    lead = make_user("lead@sefton.example.gov.uk", Role.STRATEGIC_LEAD)
    base = dict(factories.SEFTON_2022)
    _imported(app, 2022, base, ("7.3", "6.4", "9.4"))
    _imported(app, 2023, {**base, "7.3": 3, "9.4": 1}, ("9.4", "5.1", "8.1"))
    _imported(app, 2024, {**base, "7.3": 3, "9.4": 3, "5.1": None}, ("5.1", "8.1", "9.4"))
    this_year = factories.assessment(app, lead, year=2025)
    for descriptor_id, score in (("5.1", 5), ("7.3", 4), ("9.4", 4)):
        factories.answer(app, this_year, lead, descriptor_id, score)
    return {"lead": lead, "assessment": this_year}


@contextmanager
def counted():
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_assessments_list_links_to_the_trends_page(client, four_years):
    sign_in(client, make_viewer(client))
    page = client.get("/assessments", expect=200).page
    assert page.link("Trends across the years") == "/trends"


def make_viewer(client) -> str:
    return factories.user(client.application, "viewer@sefton.example.gov.uk", Role.VIEWER)


def test_the_trends_page_shows_four_years_distance_readiness_and_priorities(client, four_years):
    sign_in(client, make_viewer(client))  # a viewer: every member may see the trends
    page = client.get("/trends", expect=200).page
    assert page.h1 == "Trends across the years"
    years = page.table_rows("Years held and Earned Autonomy readiness")
    assert [row[0] for row in years] == ["2022", "2023", "2024", "2025"]
    assert years[3][2] == "Not signed off" and years[3][3] == "3"
    assert years[0][4] == "1 of 9 met (the Earned Autonomy prospectus)"
    family = page.table_rows("Scores in Family voice and experience by year")
    assert family[0][:5] == ["5.1", "3", "3", "Not scored", "5"]
    assert family[0][5] == "Up 2 (2022 to 2025)"
    priorities = page.table_rows("Each year's priority descriptors and what became of them the following year")
    first = {row[1]: row for row in priorities if row[0] == "2022"}
    assert first["7.3"][2:] == ["Rose", "In 2023: rose (2 to 3)"]
    assert first["9.4"][2] == "Did not rise"
    last = {row[1]: row for row in priorities if row[0] == "2024"}
    assert last["9.4"][3] == "In 2025: rose (3 to 4)"
    img = page.soup.find("img", src="/trends/sections/5/chart.png")
    assert img is not None and img["alt"].startswith("Line chart of Sefton Early Help Partnership's scores for section 5")


def test_a_section_chart_is_a_png_and_an_unknown_section_is_not_found(client, four_years):
    sign_in(client, four_years["lead"])
    response = client.get("/trends/sections/9/chart.png", expect=200)
    assert response.mimetype == "image/png" and response.data[:8] == b"\x89PNG\r\n\x1a\n"
    client.get("/trends/sections/99/chart.png", expect=404)


def test_the_years_load_in_a_fixed_number_of_queries(app, four_years):
    with app.test_request_context():
        partnership_id = db.session.execute(db.text("select id from partnership")).scalar_one()
        with counted() as seen:
            held = trend_data.returns_of_partnership(partnership_id)
        assert [r.year for r in held] == [2022, 2023, 2024, 2025]
        assert len(seen) == trend_data.QUERIES


def test_ehsg_trends_prints_the_figures_as_json_and_as_text(app, four_years):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["trends", "--partnership", SEFTON, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["partnership"] == SEFTON and figures["years"] == [2022, 2023, 2024, 2025]
    assert figures["descriptors"]["5.1"] == {"2022": 3, "2023": 3, "2024": None, "2025": 5}
    assert figures["sections"]["7"]["2022"] == 2
    assert figures["earned_autonomy"]["2022"] == {"met": 1, "required": 9}
    assert figures["priorities"]["2023"] == ["9.4", "5.1", "8.1"] and figures["priorities"]["2025"] == []
    text = runner.invoke(args=["trends", "--partnership", SEFTON])
    assert text.exit_code == 0 and "4 years held (2022, 2023, 2024, 2025)" in text.output
    assert "2022 7.3: in 2023: rose (2 to 3)" in text.output
    missing = runner.invoke(args=["trends", "--partnership", "Nowhere"])
    assert missing.exit_code == 1 and "There is no partnership called Nowhere" in missing.output


def test_the_word_return_with_a_trends_appendix_is_a_choice_on_the_export_page(client, four_years):
    sign_in(client, four_years["lead"])
    page = client.get(f"/assessments/{four_years['assessment']}/export", expect=200).page
    href = page.link("Download DOCX with a trends appendix file of the 2025 return")
    response = client.get(href, expect=200)
    assert "with-trends.docx" in response.headers["Content-Disposition"]
    doc = Document(io.BytesIO(response.data))
    assert any(p.text == "Appendix: trends across the years" for p in doc.paragraphs)
    plain = client.get(f"/assessments/{four_years['assessment']}/export/docx", expect=200)
    assert not any("Appendix: trends" in p.text for p in Document(io.BytesIO(plain.data)).paragraphs)
