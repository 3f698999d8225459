"""The Word document: opened with python-docx and checked for content and accessibility,
read back by the guide importer, written safely whatever the text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import exports_testkit as kit
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings

from app.domain.returns import DescriptorAnswer, Return
from exports import charts
from exports._layout import NONE_RECORDED, SCORE_PROMPT
from exports.docx_toolkit import TOOLKIT_HEADING
from exports.docx_writer import write_docx
from exports.guide_reader import read_guide_docx
from exports.importers import read_return


def _open(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


def _all_text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_every_descriptor_id_and_score_is_there(full_return, framework):
    doc = _open(write_docx(full_return, framework))
    headings2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for d in framework.descriptors:
        assert any(h.startswith(f"{d.id} ") for h in headings2), d.id
    answer_tables = [t for t in doc.tables if t.rows[0].cells[0].text == SCORE_PROMPT]
    assert len(answer_tables) == len(framework.descriptors)
    for d, t in zip(framework.descriptors, answer_tables, strict=True):
        assert t.rows[1].cells[0].text.startswith(f"{full_return.answer(d.id).score} – ")  # type: ignore[union-attr]
        assert t.rows[1].cells[1].text.startswith(f"Working well for {d.id}")


def test_heading_styles_make_the_navigation_pane_work(full_return, framework):
    doc = _open(write_docx(full_return, framework))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for s in framework.sections:
        assert f"{s.id} {s.name}" in h1
    for expected in ("Scoring system", "Selection of Descriptors", "Permission to Share", TOOLKIT_HEADING):
        assert expected in h1
    assert "Scores at a glance" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert any(h.startswith("Earned Autonomy") for h in h1)
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Early Help System Guide self-assessment"]
    h3 = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert h3.count("What are you prioritising next?") == len(framework.descriptors)


def test_every_table_has_a_repeating_header_row(full_return, framework, last_year):
    doc = _open(write_docx(full_return, framework, previous=last_year))
    assert len(doc.tables) > 60
    for t in doc.tables:
        tr_pr = t.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert all(r.bold for c in t.rows[0].cells for p in c.paragraphs for r in p.runs)
        for row in t.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_charts_are_pictures_with_alternative_text(full_return, framework, last_year):
    doc = _open(write_docx(full_return, framework, previous=last_year))
    shapes = doc.inline_shapes
    assert len(shapes) == 3
    alts = [s._inline.docPr.get("descr") for s in shapes]
    assert all(alt and len(alt) > 40 for alt in alts)
    assert alts[0] == charts.profile_alt_text(full_return, framework)
    assert alts[1] == charts.comparison_alt_text(full_return, last_year, framework)
    assert alts[2] == charts.earned_autonomy_alt_text(full_return, framework)
    with zipfile.ZipFile(io.BytesIO(write_docx(full_return, framework))) as zf:
        pngs = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(pngs) == 2  # no comparison chart without last year's return


def test_cover_evidence_workshops_priorities_permissions(full_return, framework):
    doc = _open(write_docx(full_return, framework))
    text = _all_text(doc)
    for expected in (
        "Area: Sefton",
        "Year: 2022",
        "Edition: The Early Help System Guide, Second iteration",
        "Signed off by Chair of the Early Help Partnership Board on 12 July 2022.",
        "Sefton's data model (as submitted in the September 2021 data survey): 3",
        "Do you think that Sefton's data model has changed since you submitted the data survey in September 2021? No.",
        "Descriptor one: 7.3 – Communities",
        "Descriptor two: 6.4 – Workforce",
        "Descriptor three: 9.4 – Data",
        "Rationale: Community capacity grew in the pandemic",
        "The priority descriptors follow the rule.",
        "Case file audit, 5.1",
        "Voluntary and community sector",
        "14 people scored this descriptor and 2 said they did not know. Median 2.5. Range 1 to 5.",
        "1 of 9 thresholds met",
        "the toolkit's wording, not the guide's",
    ):
        assert expected in text, expected
    for p in framework.permissions:
        assert p.question in text
    assert "shared with Other Government Departments: No." in text
    assert doc.core_properties.language == "en-GB"
    assert round(doc.sections[0].page_width.mm) == 210  # A4


def test_not_signed_off_and_empty_narratives(framework):
    ret = Return("Knowsley", None, "ehsg-2022", answers=(DescriptorAnswer("5.1", None),))
    doc = _open(write_docx(ret, framework))
    text = _all_text(doc)
    assert "Not signed off." in text
    assert "Year: Not recorded" in text
    assert NONE_RECORDED in text
    assert "Not scored" in text


def test_narratives_keep_their_paragraphs(full_return, framework):
    doc = _open(write_docx(full_return, framework))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == SCORE_PROMPT)
    cell = table.rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == [
        "Working well for 5.1: partners agree on the approach.",
        "Audits of 20 cases show progress.\nFamily feedback confirms it.",
        "A third paragraph for 5.1.",
    ]


def test_the_document_reads_back(full_return, framework):
    """What the toolkit writes, its importer reads: scores, narratives, evidence, data model,
    priorities with their rationale, permissions, area and year."""
    back = read_return("sefton.docx", write_docx(full_return, framework), framework)
    assert back.area == "Sefton" and back.year == 2022
    assert back.scores == full_return.scores
    for a, b in zip(full_return.answers, back.answers, strict=True):
        assert (b.working_well, b.prioritising_next, b.evidence) == (a.working_well, a.prioritising_next, a.evidence)
    assert back.data_model == full_return.data_model
    assert back.priorities == full_return.priorities
    assert back.permissions == full_return.permissions


def test_a_changed_data_model_reads_back(full_return, framework):
    dm = replace(full_return.data_model, changed=True, current=4, change_reason="A data warehouse went live in March.")
    ret = replace(full_return, data_model=dm, priorities=tuple(kit.PriorityChoice(i) for i in ("5.1", "6.4", "7.3")))
    back = read_guide_docx(write_docx(ret, framework), framework)
    assert back.data_model == dm
    assert back.data_model.effective == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit.returns(ids=kit.st.sampled_from([d for d in kit.SEFTON_2022]), edition=kit.st.just("ehsg-2022")))
def test_any_text_makes_a_valid_document(framework, ret: Return):
    data = write_docx(ret, framework)
    doc = _open(data)  # parses: nothing XML cannot hold got in
    assert any(p.style.name == "Heading 1" for p in doc.paragraphs)


def test_control_characters_are_removed_and_text_kept(framework):
    ret = Return("Sef\x00ton", 2022, "ehsg-2022", answers=(DescriptorAnswer("5.1", 3, "Good\x01 work\x1b — مرحبا 👍\ufffe"),))
    text = _all_text(_open(write_docx(ret, framework)))
    assert "Good work — مرحبا 👍" in text and "Area: Sefton" in text


def test_another_edition_is_written_and_read_in_its_own_terms():
    """A made-up edition (sections A-C, a 0-3 scale, its own prompts): the writer and the
    importer take everything from the framework file."""
    from pathlib import Path

    from app.domain.editions import load_framework
    from app.domain.returns import DataModelStatement, PriorityChoice

    mini = load_framework(Path(__file__).resolve().parents[1] / "fixtures" / "mini-edition.yaml")
    ret = Return(
        "Testshire", 2030, "mini-2030",
        answers=tuple(DescriptorAnswer(d.id, i % 4, f"Well {d.id}.", f"Next {d.id}.") for i, d in enumerate(mini.descriptors)),
        data_model=DataModelStatement(2, None, False),
        priorities=(PriorityChoice("C.1"), PriorityChoice("A.2")),
    )  # fmt: skip
    data = write_docx(ret, mini)
    doc = _open(data)
    assert any(t.rows[0].cells[0].text == "Self-Assessment Score – Answer 0 to 3 – see scale above" for t in doc.tables)
    assert any(t.rows[0].cells[1].text == "What works?" for t in doc.tables)
    assert read_guide_docx(data, mini) == ret
