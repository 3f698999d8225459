"""The department's downloads across areas (exports.national): one row per area, descriptors as
columns, no cell a formula; the returns as sent, unchanged, in one JSON list; the charts' words."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from app.domain.national import national_figures
from app.domain.sharing import SentFigures
from exports.national import (
    areas_table,
    spread_alt_text,
    spread_chart,
    write_areas_csv,
    write_areas_xlsx,
    write_returns_json,
)


def _areas() -> list[SentFigures]:
    return [SentFigures(area="=HYPERLINK(\"http://x\")", year=2026, edition_id="ehsg-2022", scores={"5.1": 4},
                        priorities=("7.3", "9.4"), data_model=3, earned_autonomy_eligible=False),
            SentFigures(area="Wirral", year=2026, edition_id="ehsg-2022", scores={"5.1": 2, "5.2": 3})]


def test_one_row_per_area_with_every_descriptor(ehsg):
    table = areas_table(_areas(), ehsg)
    assert table[0][:4] == ["Area", "Year", "Edition", "5.1"] and len(table[0]) == 3 + 31 + 3
    assert table[1][3] == 4 and table[1][-3:] == [3, "not eligible", "7.3, 9.4"]
    assert table[2][4] == 3 and table[2][-1] == ""
    scores_only = areas_table(_areas(), ehsg, scores_only=True)
    assert len(scores_only[0]) == 3 + 31


def test_no_cell_is_a_formula(ehsg):
    table = areas_table(_areas(), ehsg)
    rows = list(csv.reader(io.StringIO(write_areas_csv(table).decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    sheet = load_workbook(io.BytesIO(write_areas_xlsx(table)))["Areas"]
    assert sheet["A2"].value.startswith("'=") and sheet["D2"].value == 4 and sheet["D3"].value == 2


def test_the_returns_as_sent_in_one_list():
    sent = ['{"area": "Sefton", "year": 2026}', '{"area": "Wirral", "year": 2026}']
    assert json.loads(write_returns_json(sent)) == [{"area": "Sefton", "year": 2026}, {"area": "Wirral", "year": 2026}]
    assert json.loads(write_returns_json([])) == []


def test_a_sections_chart_and_its_words(ehsg):
    n = national_figures(2026, _areas(), 0, ehsg)
    section = ehsg.section("5")
    assert spread_chart(n, section, ehsg).startswith(b"\x89PNG")
    words = spread_alt_text(n, section)
    assert words.startswith("Chart of the median and range of scores across 2 areas for section 5")
    assert "5.1 median 3, 2 to 4" in words and "5.3 no scores" in words
