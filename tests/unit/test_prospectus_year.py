"""One Earned Autonomy prospectus year for an assessment year, wherever the thresholds are
shown: an assessment of 2031, between the 2030 and 2032 prospectuses, is held to 2030's
minimums in the rule, the Word file, the CSV file and the chart the pages show."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from docx import Document

from app.domain.earned_autonomy import prospectus_year
from app.domain.editions import load_framework
from app.domain.framework import Framework
from app.domain.returns import DataModelStatement, DescriptorAnswer, PriorityChoice, Return
from exports import charts
from exports.csv_writer import write_csv
from exports.docx_writer import write_docx

TWO_PROSPECTUSES = Path(__file__).resolve().parent / "fixtures" / "two-prospectuses.yaml"


@pytest.fixture(scope="module")
def two_prospectuses() -> Framework:
    return load_framework(TWO_PROSPECTUSES)


@pytest.fixture(scope="module")
def return_2031(two_prospectuses: Framework) -> Return:
    return Return(
        "Testshire", 2031, two_prospectuses.id,
        answers=tuple(DescriptorAnswer(d.id, 2, f"Well {d.id}.", f"Next {d.id}.") for d in two_prospectuses.descriptors),
        data_model=DataModelStatement(2, None, False),
        priorities=(PriorityChoice("C.1"), PriorityChoice("C.2")),
    )  # fmt: skip


def test_the_rule_picks_the_earlier_prospectus(two_prospectuses: Framework) -> None:
    assert prospectus_year(two_prospectuses, 2031) == 2030


def test_the_word_file_names_and_applies_that_prospectus(two_prospectuses: Framework, return_2031: Return) -> None:
    doc = Document(io.BytesIO(write_docx(return_2031, two_prospectuses)))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "(Stage 1, the Earned Autonomy prospectus of 2030)" in text
    assert "2032" not in text
    ea_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Minimum score")
    assert [row.cells[0].text.split()[0] for row in ea_table.rows[1:]] == ["A.1", "C.1"]


def test_the_csv_file_shows_that_prospectus_minimums(two_prospectuses: Framework, return_2031: Return) -> None:
    rows = list(csv.DictReader(io.StringIO(write_csv(return_2031, two_prospectuses).decode("utf-8-sig"))))
    minimums = {row["Descriptor"]: row["Earned Autonomy minimum"] for row in rows}
    assert {d: m for d, m in minimums.items() if m} == {"A.1": "2", "C.1": "3"}


def test_the_chart_the_pages_show_uses_that_prospectus(two_prospectuses: Framework, return_2031: Return) -> None:
    alt = charts.earned_autonomy_alt_text(return_2031, two_prospectuses)
    assert "(the Earned Autonomy prospectus of 2030)" in alt
    assert alt == charts.earned_autonomy_alt_text(return_2031, two_prospectuses, prospectus_year(two_prospectuses, 2031))


def test_thresholds_whose_file_names_no_source_are_called_the_prospectus_never_a_year(tmp_path: Path) -> None:
    text = TWO_PROSPECTUSES.read_text(encoding="utf-8")
    path = tmp_path / "no-sources.yaml"
    path.write_text(text[:text.index("earned_autonomy_sources:")] + text[text.index("\ndata_models:"):], encoding="utf-8")
    unnamed = load_framework(path)
    assert unnamed.threshold_source(2030) == "the Earned Autonomy prospectus"
    ret = Return("Testshire", 2031, unnamed.id, answers=(), data_model=DataModelStatement(2, None, False))
    alt = charts.earned_autonomy_alt_text(ret, unnamed)
    assert "(the Earned Autonomy prospectus)" in alt and "2030" not in alt
