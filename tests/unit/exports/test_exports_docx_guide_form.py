"""The Word return as a department analyst reads it (issue 14): the guide's form first, in
the guide's words, and the toolkit's own checks apart, in one part titled as the toolkit's."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from app.domain.framework import Framework
from app.domain.returns import DescriptorAnswer, PriorityChoice, Return
from exports._layout import SCORE_PROMPT
from exports.csv_writer import write_csv
from exports.docx_toolkit import TOOLKIT_HEADING
from exports.docx_writer import write_docx
from exports.guide_reader import read_guide_docx
from exports.xlsx_writer import write_xlsx

TOOLKIT_WORDING = "The score labels are the toolkit's wording, not the guide's."


def _blocks(data: bytes) -> list[tuple[str, str, str]]:
    """The document's body in order: (``"p"``, style, text) for a paragraph (style
    ``"picture"`` for a chart), (``"t"``, "", every cell's text) for a table."""
    doc = Document(io.BytesIO(data))
    out = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, doc)
            style = "picture" if child.xpath(".//w:drawing") else p.style.name
            out.append(("p", style, p.text))
        elif tag == "tbl":
            t = Table(child, doc)
            out.append(("t", "", "\n".join(c.text for row in t.rows for c in row.cells)))
    return out


def _texts(blocks: list[tuple[str, str, str]]) -> list[str]:
    return [text for _, _, text in blocks]


def _split(blocks: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The guide's form and the toolkit's part."""
    at = blocks.index(("p", "Heading 1", TOOLKIT_HEADING))
    return blocks[:at], blocks[at:]


def _section(blocks: list[tuple[str, str, str]], heading: str) -> list[str]:
    """The texts under a Heading 1, up to the next one."""
    start = blocks.index(("p", "Heading 1", heading)) + 1
    end = next((i for i in range(start, len(blocks)) if blocks[i][1] == "Heading 1"), len(blocks))
    return _texts(blocks[start:end])


def test_every_descriptor_heading_is_its_whole_statement(full_return: Return, framework: Framework) -> None:
    blocks = _blocks(write_docx(full_return, framework))
    headings = [text for _, style, text in blocks if style == "Heading 2"]
    assert "5.1 Family engagement: " + framework.descriptor("5.1").text in headings
    longest = max(framework.descriptors, key=lambda d: len(d.text))
    assert len(longest.text) > 300
    assert f"{longest.id} {longest.text}" in headings
    for d in framework.descriptors:
        assert any(h.startswith(f"{d.id} ") and h.endswith(d.text) for h in headings), d.id
    assert not any("…" in text for _, style, text in blocks if style.startswith("Heading"))


def test_selection_has_the_guides_methodology_and_data_models(full_return: Return, framework: Framework) -> None:
    under = _section(_blocks(write_docx(full_return, framework)), "Selection of Descriptors")
    assert under[0].startswith("All areas are required through the Supporting Families programme to choose three")
    assert "If the area is data model 2 or below, choose ONLY descriptors from the data section;" in under
    assert "If the area is data model 4 or above, choose ONLY service descriptors." in under
    assert "Sefton's data model (as submitted in the September 2021 data survey): 3" in under
    assert "Here is a reminder of the different data models:" in under
    models = [t for t in under if t.startswith("Data Model ")]
    assert [t.split(":")[0] for t in models] == [f"Data Model {n}" for n in range(1, 7)]
    assert models[3].startswith("Data Model 4: Early maturity – Using a data warehouse or data lake")
    # The text is the edition's, not the exporter's.
    rule = replace(framework.priority_rule, methodology=("Choose two descriptors of your own.",), data_models_intro="")
    other = replace(framework, priority_rule=rule)
    under = _section(_blocks(write_docx(full_return, other)), "Selection of Descriptors")
    assert under[0] == "Choose two descriptors of your own."
    assert not any(t.startswith("If the area is data model") for t in under)
    assert "Here is a reminder of the different data models:" not in under


def test_exactly_the_forms_priority_slots_and_further_ones_apart(full_return: Return, framework: Framework) -> None:
    ret = replace(full_return, priorities=full_return.priorities + (PriorityChoice("5.2", "Families asked for it."), PriorityChoice("8.1")))
    data = write_docx(ret, framework)
    under = _section(_blocks(data), "Selection of Descriptors")
    slots = [t for t in under if t.startswith("Descriptor ")]
    assert slots == ["Descriptor one: 7.3 – Communities", "Descriptor two: 6.4 – Workforce", "Descriptor three: 9.4 – Data"]
    assert not any("Descriptor four" in t for t in under)
    further = under.index("Further priority descriptors (optional)")
    assert further > under.index("Descriptor three: 9.4 – Data")
    assert under[further + 1 :][:3] == [
        "Further priority 1: 5.2 – Family voice and experience",
        "Rationale: Families asked for it.",
        "Further priority 2: 8.1 – Leaders",
    ]
    back = read_guide_docx(data, framework)
    assert [p.descriptor_id for p in back.priorities] == ["7.3", "6.4", "9.4", "5.2", "8.1"]
    assert back.priorities[3].rationale == "Families asked for it."

    one = replace(full_return, priorities=full_return.priorities[:1])
    under = _section(_blocks(write_docx(one, framework)), "Selection of Descriptors")
    assert [t for t in under if t.startswith("Descriptor ")] == [
        "Descriptor one: 7.3 – Communities", "Descriptor two: Not chosen", "Descriptor three: Not chosen",
    ]  # fmt: skip
    assert "Further priority descriptors (optional)" not in under


def test_the_toolkits_checks_are_together_in_their_own_titled_part(full_return: Return, framework: Framework, last_year: Return) -> None:
    blocks = _blocks(write_docx(full_return, framework, previous=last_year))
    form, toolkit = _split(blocks)
    form_text = "\n".join(_texts(form))
    for toolkit_only in ("Signed off by", "thresholds met", "follow the rule", "Scores at a glance", "Not signed off"):
        assert toolkit_only not in form_text, toolkit_only
    assert not any(style == "picture" for _, style, _ in form)
    assert sum(1 for _, style, _ in toolkit if style == "picture") == 3
    toolkit_text = "\n".join(_texts(toolkit))
    assert "It is the toolkit's check of the return above, not part of the guide's form" in toolkit_text
    for expected in (
        "Signed off by Chair of the Early Help Partnership Board on 12 July 2022.",
        "Earned Autonomy Stage 1 readiness",
        "1 of 9 thresholds met",
        "Whether the priority descriptors follow the guide's rule",
        "The priority descriptors follow the rule.",
    ):
        assert expected in toolkit_text, expected
    # The guide's Earned Autonomy table stays in the form: the minimum scores, no verdict.
    ea = _section(form, "Earned Autonomy Criteria and Eligibility – for information only")
    assert len(ea) == 1 and "Minimum score" in ea[0] and "Met" not in ea[0].split("\n")


def test_no_empty_evidence_blocks(full_return: Return, framework: Framework) -> None:
    answers = tuple(a if a.descriptor_id == "6.2" else replace(a, evidence=()) for a in full_return.answers)
    blocks = _blocks(write_docx(replace(full_return, answers=answers), framework))
    assert [text for _, style, text in blocks if style == "Heading 3"].count("Evidence") == 1
    text = "\n".join(_texts(blocks))
    assert "no evidence items" not in text.lower()
    assert "Case file audit, 6.2" in text


def test_every_scale_label_says_it_is_the_toolkits_wording(full_return: Return, framework: Framework) -> None:
    blocks = _blocks(write_docx(full_return, framework))
    answer_cells = [text for kind, _, text in blocks if kind == "t" and text.startswith(SCORE_PROMPT)]
    assert len(answer_cells) == len(framework.descriptors)
    for cell in answer_cells:
        assert f"– {framework.scale.level(3).label}. {TOOLKIT_WORDING}" in cell or TOOLKIT_WORDING in cell
    assert _section(blocks, "Scoring system")[0].startswith(TOOLKIT_WORDING)
    _, toolkit = _split(blocks)
    texts = _texts(toolkit)
    summary_table = next(i for i, (kind, _, text) in enumerate(toolkit) if kind == "t" and text.startswith("Descriptor\nScore"))
    assert texts[summary_table - 1] == TOOLKIT_WORDING
    wb = load_workbook(io.BytesIO(write_xlsx(full_return, framework)))
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True)}
    assert str(summary["Scale wording"]).startswith(TOOLKIT_WORDING)
    header = next(csv.reader(io.StringIO(write_csv(full_return, framework).decode("utf-8-sig"))))
    assert "Score label (the toolkit's wording, not the guide's)" in header


def test_a_guide_worded_scale_is_not_called_the_toolkits(full_return: Return, framework: Framework) -> None:
    guide = replace(framework, scale=replace(framework.scale, source="guide", note="The guide's own scale."))
    blocks = _blocks(write_docx(full_return, guide))
    assert "toolkit's wording" not in "\n".join(_texts(blocks))
    assert _section(blocks, "Scoring system")[0] == "The guide's own scale."
    header = next(csv.reader(io.StringIO(write_csv(full_return, guide).decode("utf-8-sig"))))
    assert "Score label" in header


def test_a_return_without_answers_still_shows_the_form(framework: Framework) -> None:
    ret = Return("Knowsley", 2023, "ehsg-2022", answers=(DescriptorAnswer("5.1", None),))
    blocks = _blocks(write_docx(ret, framework))
    cells = [text for kind, _, text in blocks if kind == "t" and text.startswith(SCORE_PROMPT)]
    assert all("Not scored" in c and TOOLKIT_WORDING not in c for c in cells)
    assert "Descriptor one: Not chosen" in _section(blocks, "Selection of Descriptors")
