"""The whole return as an editable Word document, laid out like the guide's return.

:func:`write_docx` gives the bytes of a ``.docx``:

- a cover: the area, the year, the edition, the data model, who signed it off (or "Not
  signed off"), the Earned Autonomy result and the priorities in one line each;
- scores at a glance: the profile chart, a table of every score (with last year's when
  ``previous`` is given, and a chart of the change) and the scale, with the plain statement
  that its wording is the toolkit's where the framework file says so;
- the descriptor pages (:mod:`exports.docx_descriptors`): per section a Heading 1, per
  descriptor a Heading 2, the guide's table, the evidence, what is prioritised next and the
  workshop's figures;
- the closing sections (:mod:`exports.docx_closing`): Earned Autonomy Stage 1, Selection of
  Descriptors, Permission to Share.

This module writes the cover and the scores at a glance and puts the parts in order; the
document and its building blocks are :class:`exports.docx_document.DocxBuilder`.

Real Word heading styles (the navigation pane works), table header rows marked to repeat
on every page (``w:tblHeader``), charts as inline pictures with alternative text (the
``descr`` of ``wp:docPr``), A4 pages, British English as the document language. All text is
made XML-safe (control characters removed) and narratives keep their paragraphs.

The document reads back with :func:`exports.importers.read_guide_docx`: the descriptor
blocks, the data model sentences, the priority lines and the permission answers use the
guide's own wording.
"""

from __future__ import annotations

from app.domain.framework import Framework
from app.domain.returns import Return
from app.domain.trends import Trends
from exports import charts
from exports._summary import month_year, scale_scores, score_label
from exports.docx_closing import write_closing
from exports.docx_descriptors import write_descriptors
from exports.docx_document import DocxBuilder, day, descriptor_heading
from exports.docx_trends import write_trends

__all__ = ["write_docx"]


def write_docx(ret: Return, framework: Framework, previous: Return | None = None, trends: Trends | None = None) -> bytes:
    """The whole return as a Word document (``.docx`` bytes).

    ``previous`` (last year's return) adds last year's scores to the summary table and a
    chart of the change; ``trends`` adds the optional trends appendix. Descriptors the return does not answer appear as not scored; the
    return's own answers for ids this edition does not have are left out.
    """
    b = DocxBuilder(ret, framework, previous)
    _cover(b)
    _at_a_glance(b)
    write_descriptors(b)
    write_closing(b)
    write_trends(b, trends)
    return b.save()


def _cover(b: DocxBuilder) -> None:
    ret, fw = b.ret, b.fw
    b.heading("Early Help System Guide self-assessment", 0)
    subtitle = ret.area.strip() or "Area not recorded"
    if ret.year is not None:
        subtitle += f", {ret.year}"
    b.para(subtitle, style="Subtitle")
    b.field("Area", ret.area.strip() or "Not recorded")
    if ret.local_authority.strip() and ret.local_authority.strip() != ret.area.strip():
        b.field("Local authority", ret.local_authority.strip())
    b.field("Year", str(ret.year) if ret.year is not None else "Not recorded")
    e = fw.edition
    b.field("Edition", f"{e.title}, {e.label} ({e.year}; edition id {ret.edition_id or e.id})")
    b.field("Data model", _data_model_summary(b))
    if ret.sign_off is not None:
        b.field("Sign-off", f"Signed off by {ret.sign_off.signed_off_by} on {day(ret.sign_off.signed_off_at)}")
    else:
        b.field("Sign-off", "Not signed off")
    b.field("Earned Autonomy Stage 1", f"{b.ea.summary} ({b.ea.year} prospectus)")
    b.field("Priority descriptors", ", ".join(ret.priority_ids) or "None chosen")
    scored = sum(1 for d in fw.descriptors if b.scores.get(d.id) is not None)
    b.field("Descriptors scored", f"{scored} of {len(fw.descriptors)}")


def _data_model_summary(b: DocxBuilder) -> str:
    dm = b.ret.data_model
    if dm.submitted is None:
        return "Not recorded"
    text = b.model_name(dm.submitted)
    when = f"the {month_year(dm.survey_date)} data survey" if dm.survey_date else "the data survey"
    text += f" (as submitted in {when})"
    if dm.changed is True:
        now = b.model_name(dm.current) if dm.current is not None else "not recorded"
        text += f"; the area thinks it has changed since: now {now}"
    elif dm.changed is False:
        text += "; not changed since"
    return text


def _at_a_glance(b: DocxBuilder) -> None:
    fw, ret = b.fw, b.ret
    b.heading("Scores at a glance", 1)
    b.picture(charts.profile_chart(ret, fw), charts.profile_alt_text(ret, fw), "Scores by descriptor, grouped by section")
    minimums = fw.thresholds(b.ea.year)
    positions: dict[str, int] = {}
    for i, pid in enumerate(ret.priority_ids, start=1):
        positions.setdefault(pid, i)
    before = scale_scores(b.previous, fw) if b.previous is not None else None
    headers = ["Descriptor", "Score"] + (["Last year"] if before is not None else []) + ["Earned Autonomy minimum", "Priority"]
    rows = []
    for d in fw.descriptors:
        row: list[object] = [descriptor_heading(d), score_label(fw, b.scores.get(d.id))]
        if before is not None:
            last = before.get(d.id)
            row.append("Not scored" if last is None else last)
        row += [minimums.get(d.id, ""), positions.get(d.id, "")]
        rows.append(row)
    b.table(headers, rows, [3.0, 1.5, 0.8, 0.9, 0.7] if before is not None else [3.6, 1.6, 0.9, 0.8])
    if b.previous is not None:
        b.heading("Change since last year", 2)
        b.picture(
            charts.comparison_chart(ret, b.previous, fw),
            charts.comparison_alt_text(ret, b.previous, fw),
            "This year's scores against last year's",
        )
    b.heading("The scoring scale", 2)
    scale = fw.scale
    if scale.source == "toolkit":
        b.para("The labels and meanings below are the toolkit's wording, not the guide's. " + scale.note, italic=True)
    elif scale.note:
        b.para(scale.note, italic=True)
    b.table(["Score", "Label", "Meaning"], [(lv.score, lv.label, lv.meaning) for lv in scale.levels], [0.6, 1.6, 4.7])
