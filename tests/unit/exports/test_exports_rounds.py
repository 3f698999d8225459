"""A workshop's rounds in the return: every round's figures in the JSON (read back, and old files
without them still read), a round-by-round table in the Word document and each round's median
in the workbook."""

from __future__ import annotations

import io
import json

from docx import Document
from openpyxl import load_workbook

from app.domain.returns import RoundFigures
from exports.docx_writer import write_docx
from exports.json_format import to_json
from exports.json_reader import from_json
from exports.xlsx_writer import write_xlsx


def _with_rounds(ret):
    return next(a for a in ret.answers if a.workshop and a.workshop.rounds)


def test_every_rounds_figures_are_written_and_read_back(full_return):
    answer = _with_rounds(full_return)
    data = json.loads(to_json(full_return))
    written = next(a for a in data["answers"] if a["descriptor"] == answer.descriptor_id)["workshop"]["rounds"]
    assert [(r["round"], r["median"]) for r in written] == [(1, 2.0), (2, 2.5), (3, answer.workshop.rounds[2].median)]
    back = from_json(to_json(full_return))
    assert _with_rounds(back).workshop.rounds == answer.workshop.rounds
    assert back.answers[0].workshop.rounds[0] == RoundFigures(1, 12, 2.0, 0, 5)


def test_a_file_written_before_rounds_were_kept_still_reads(full_return):
    data = json.loads(to_json(full_return))
    for a in data["answers"]:
        if a.get("workshop"):
            del a["workshop"]["rounds"]
    back = from_json(json.dumps(data).encode())
    assert all(not a.workshop.rounds for a in back.answers if a.workshop)


def test_the_word_document_shows_the_rounds_side_by_side(full_return, framework):
    document = Document(io.BytesIO(write_docx(full_return, framework)))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Round"]
    assert tables
    assert [[c.text for c in row.cells] for row in tables[0].rows][1:] == [
        ["Round 1", "12", "2", "0 to 5"], ["Round 2", "13", "2.5", "1 to 5"], ["Round 3", "14", "2.5", "1 to 5"]]


def test_the_workbook_gives_each_rounds_median(full_return, framework):
    sheet = load_workbook(io.BytesIO(write_xlsx(full_return, framework)))["Workshops"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Median round by round")
    answer = _with_rounds(full_return)
    everyone = next(r for r in rows if r[0] == answer.descriptor_id and r[3] == "Everyone")
    assert everyone[column] == "round 1: 2 → round 2: 2.5 → round 3: 2.5"
