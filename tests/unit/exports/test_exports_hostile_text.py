"""A return full of hostile text is exported safely.

Every text field of the return holds markup, control characters, lone surrogates and
non-characters, text a spreadsheet would read as a formula, emoji and right-to-left text, and
one narrative of 100,000 characters. The Word file opens in python-docx and holds the words
(without what XML cannot hold); the workbook opens in openpyxl with no formula in it, while
scores, counts and a negative "Change since last year" stay numbers; the CSV neutralises the
same cells and keeps the numbers; the JSON reads back equal, character for character.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from app.domain.returns import (
    DataModelStatement,
    Evidence,
    EvidenceKind,
    GroupFigures,
    PriorityChoice,
    Return,
    SignOff,
    WorkshopSummary,
)
from app.domain.text import clean_text
from exports._text import CELL_LIMIT, cell_text, xml_safe
from exports.csv_writer import write_csv
from exports.docx_writer import write_docx
from exports.json_format import to_json
from exports.json_reader import from_json
from exports.xlsx_writer import write_xlsx

MARKUP = '<script>alert(1)</script> "><img src=x onerror=alert(1)> &amp; ]]>'
CONTROLS = "bell\x07 nul\x00 esc\x1b vtab\x0b ff\x0c del\x7f c1\x85 lone\ud800 surrogate\udfff nonchars\ufffe\uffff end"
FORMULA = '=HYPERLINK("http://evil.example","Click")'
WORLD = "مرحبا 👨\u200d👩\u200d👧 שלום \u202eRTL override\u202c"
LONG = ("A hundred thousand characters. " * 3300)[:100_000]
#: Text starting with each character a spreadsheet may read as a formula (OWASP).
FORMULA_STARTS = ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1")


def _text(i: int) -> str:
    """A different hostile text for each field, each holding every kind."""
    start = FORMULA_STARTS[i % len(FORMULA_STARTS)]
    return f"{start} {MARKUP} {CONTROLS} {WORLD} field {i}"


@pytest.fixture(scope="module")
def hostile(full_return: Return) -> Return:
    n = iter(range(1000))
    answers = []
    for i, a in enumerate(full_return.answers):
        workshop = None
        if i == 0:
            workshop = WorkshopSummary(_text(next(n)), date(2022, 5, 10), 3, 2.0, 1, 3, (0, 1, 1, 1, 0, 0), 1, 2,
                                       _text(next(n)), (GroupFigures(_text(next(n)), 3, 2.0, 1, 3),))
        answers.append(replace(
            a,
            working_well=LONG if i == 1 else FORMULA if i == 2 else _text(next(n)),
            prioritising_next=_text(next(n)),
            evidence=(Evidence(_text(next(n)), EvidenceKind.AUDIT, _text(next(n)), date(2022, 3, 1), _text(next(n))),),
            workshop=workshop,
        ))
    return replace(
        full_return,
        area=_text(next(n)),
        local_authority=_text(next(n)),
        answers=tuple(answers),
        data_model=DataModelStatement(3, date(2021, 9, 1), True, 4, _text(next(n))),
        priorities=tuple(PriorityChoice(p.descriptor_id, _text(next(n))) for p in full_return.priorities),
        sign_off=SignOff(_text(next(n)), datetime(2022, 7, 12, 14, 30)),
    )


@pytest.fixture(scope="module")
def last_year_higher(full_return: Return) -> Return:
    """Last year's return, one point higher on 5.1, so the change there is -1."""
    first = replace(full_return.answers[0], score=full_return.answers[0].score + 1)
    return replace(full_return, year=2021, answers=(first,) + full_return.answers[1:])


# -- the one cleaning rule -----------------------------------------------------------------


def test_the_writers_clean_with_the_applications_rule():
    assert xml_safe(CONTROLS) == clean_text(CONTROLS) == "bell nul esc vtab ff del c1 lone surrogate nonchars end"
    kept = "tab\tnewline\ncr\r" + MARKUP + WORLD
    assert xml_safe(kept) == kept


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(start):
    assert cell_text(start + " and more") == "'" + start + " and more"


@pytest.mark.parametrize("text", ["1", "2.5", "Score -1", " =not at the start", "", "'=already quoted"])
def test_other_cells_are_left_alone(text):
    assert cell_text(text) == text


def test_control_characters_are_removed_before_the_check():
    assert cell_text("\x00\x07=1+1") == "'=1+1"


# -- Word ------------------------------------------------------------------------------------


def test_word_opens_and_holds_the_words(hostile, framework, last_year_higher):
    data = write_docx(hostile, framework, previous=last_year_higher)
    doc = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    everything = body + "\n" + cells
    assert "<script>alert(1)</script>" in everything  # markup is text in the document
    assert '"><img src=x onerror=alert(1)>' in everything
    assert "مرحبا 👨\u200d👩\u200d👧 שלום" in everything
    assert "bell nul esc vtab ff del c1 lone surrogate nonchars end" in everything
    assert clean_text(everything) == everything  # nothing XML cannot hold
    assert LONG.strip() in cells  # the long narrative, whole
    assert FORMULA in cells
    assert doc.core_properties.title.startswith("=1+1 <script>")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


# -- the workbook ----------------------------------------------------------------------------


def _cells(workbook):  # type: ignore[no-untyped-def]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell


def test_the_workbook_opens_with_no_formula_and_numbers_as_numbers(hostile, framework, last_year_higher):
    workbook = load_workbook(io.BytesIO(write_xlsx(hostile, framework, previous=last_year_higher)))
    texts = []
    for sheet, cell in _cells(workbook):
        assert cell.data_type != "f", (sheet, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            texts.append(cell.value)
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (sheet, cell.coordinate, cell.value[:40])
            assert clean_text(cell.value) == cell.value, (sheet, cell.coordinate)
            assert len(cell.value) <= CELL_LIMIT
    joined = "\n".join(texts)
    assert "'=1+1 <script>alert(1)</script>" in joined and "'-1 <script>" in joined and "'@SUM(A1) <script>" in joined
    assert "'\t=1 <script>" in joined and "'\r=1 <script>" in joined
    assert "'" + FORMULA in joined and WORLD in joined
    rows = list(workbook["Descriptors"].iter_rows(values_only=True))
    header, by_id = rows[0], {r[2]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[-2:] == ("Last year's score", "Change since last year")
    first = by_id["5.1"]
    assert first["Change since last year"] == -1 and first["Score"] == 3 and first["Last year's score"] == 4
    assert first["Workshop n"] == 3 and first["Workshop median"] == 2.0 and first["Evidence items"] == 1
    long_cell = by_id["5.2"]["What is working well and what evidence do you have?"]
    assert len(long_cell) == CELL_LIMIT and long_cell.endswith("see the Word or JSON export for the full text]")


# -- CSV -------------------------------------------------------------------------------------


def test_the_csv_neutralises_formulas_and_keeps_numbers(hostile, framework):
    data = write_csv(hostile, framework)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    for row in body:
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field[:40]
            assert clean_text(field) == field
    first = dict(zip(header, body[0], strict=True))
    assert first["Score"] == "3" and first["Evidence items"] == "1" and first["Workshop n"] == "3"
    assert first["What are you prioritising next?"].startswith("'")
    assert dict(zip(header, body[2], strict=True))["What is working well and what evidence do you have?"] == "'" + FORMULA
    # Text that started with a carriage return keeps its apostrophe after the line endings change.
    assert any(field.startswith("'\n=1 <script>") for row in body for field in row)
    assert LONG.strip() in data.decode("utf-8-sig")  # a CSV field has no cell limit


def test_a_negative_change_stays_a_number_in_the_csv_columns(framework, full_return, last_year_higher):
    """The CSV has the Descriptors columns without last year's; a number such as a score is
    written as digits and never gets the apostrophe that text starting with "-" gets."""
    ret = replace(full_return, answers=(replace(full_return.answers[0], working_well="-1 point since last year"),)
                  + full_return.answers[1:])
    rows = list(csv.reader(io.StringIO(write_csv(ret, framework).decode("utf-8-sig"), newline="")))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["What is working well and what evidence do you have?"] == "'-1 point since last year"
    assert first["Score"] == "3"


# -- JSON ------------------------------------------------------------------------------------


def test_the_json_reads_back_equal_character_for_character(hostile):
    data = to_json(hostile)
    assert from_json(data) == hostile
    # A lone surrogate cannot be UTF-8, so the whole file falls back to ASCII escapes.
    assert data.isascii() and b"\\ud800" in data and b"\\u0000" in data


def test_json_without_lone_surrogates_is_written_as_itself(hostile):
    readable = replace(hostile, area=WORLD + MARKUP + "\x00\x07")
    readable = replace(readable, answers=tuple(
        replace(a, working_well=a.working_well.replace("\ud800", "").replace("\udfff", ""),
                prioritising_next=a.prioritising_next.replace("\ud800", "").replace("\udfff", ""),
                evidence=(), workshop=None)
        for a in hostile.answers
    ), data_model=DataModelStatement(3, date(2021, 9, 1), False), priorities=(), sign_off=None, local_authority="")
    data = to_json(readable)
    assert from_json(data) == readable
    text = data.decode("utf-8")
    assert WORLD in text and "<script>alert(1)</script>" in text and "\\u0000\\u0007" in text
    assert json.loads(data)["area"] == WORLD + MARKUP + "\x00\x07"
