"""The trends' writers: a chart per section cached by its figures, the JSON, the text, and the
optional appendix in the Word return."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document
from PIL import Image

from app.domain.trends import trends
from exports import trends_charts
from exports.docx_writer import write_docx
from exports.trends_report import trends_figures, trends_text


def _four(full_return, last_year, framework):
    y2023 = replace(full_return, year=2023, answers=tuple(replace(a, score=min(5, (a.score or 0) + 1))
                                                          for a in full_return.answers))
    y2024 = replace(y2023, year=2024, answers=tuple(replace(a, score=None) if a.descriptor_id == "5.1" else a
                                                    for a in y2023.answers))
    return trends([last_year, full_return, y2023, y2024], {framework.id: framework})


def test_a_section_chart_is_a_png_cached_by_its_figures(full_return, last_year, framework):
    t = _four(full_return, last_year, framework)
    trends_charts.clear_cache()
    first = trends_charts.section_chart(t, t.sections[0])
    with Image.open(io.BytesIO(first)) as im:
        assert im.format == "PNG" and im.size[0] > 500
    renamed = replace(t, area="Elsewhere")  # the same figures under another name: not drawn again
    assert trends_charts.section_chart(renamed, renamed.sections[0]) is first
    info = trends_charts._render.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert trends_charts.section_chart(t, t.sections[1]) != first


def test_the_alt_text_says_the_years_scores_and_median(full_return, last_year, framework):
    t = _four(full_return, last_year, framework)
    alt = trends_charts.section_alt_text(t, t.sections[0])
    assert alt.startswith("Line chart of Sefton's scores for section 5 Family voice and experience, 2021 to 2024")
    assert "5.1: " in alt and "not scored" in alt and "Median by year:" in alt


def test_the_json_figures(full_return, last_year, framework):
    figures = trends_figures(_four(full_return, last_year, framework))
    assert list(figures) == ["partnership", "years", "descriptors", "sections", "earned_autonomy", "priorities"]
    assert figures["years"] == [2021, 2022, 2023, 2024]
    assert figures["descriptors"]["5.1"]["2024"] is None
    assert figures["descriptors"]["5.1"]["2023"] == figures["descriptors"]["5.1"]["2022"] + 1
    assert set(figures["sections"]) == {s.id for s in framework.sections}
    assert figures["earned_autonomy"]["2022"]["required"] == 9
    assert figures["priorities"]["2022"] == list(full_return.priority_ids)
    assert "Distance travelled is the toolkit's measure" in trends_text(_four(full_return, last_year, framework))


def test_the_word_return_has_the_appendix_only_when_asked(full_return, last_year, framework):
    t = _four(full_return, last_year, framework)
    plain = Document(io.BytesIO(write_docx(full_return, framework, last_year)))
    assert not any("Appendix: trends" in p.text for p in plain.paragraphs)
    doc = Document(io.BytesIO(write_docx(full_return, framework, last_year, trends=t)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Appendix: trends across the years" in headings
    assert "Priorities and whether they rose" in headings
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert len(alts) == 3 + len(framework.sections)
    assert trends_charts.section_alt_text(t, t.sections[0]) in alts
