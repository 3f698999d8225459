"""The whole return as an editable Word document, laid out like the guide's return.

:func:`write_docx` gives the bytes of a ``.docx``:

First the guide's form, nothing of the toolkit's inside it:

- a cover: the area, the year and the edition;
- the scoring system: the scale, with one short sentence saying its labels are the
  toolkit's wording where the framework file says so;
- the descriptor pages (:mod:`exports.docx_descriptors`): per section a Heading 1, per
  descriptor a Heading 2 with its whole statement, the guide's table, the evidence (where
  there is any), what is prioritised next and the workshop's figures;
- the closing sections (:mod:`exports.docx_closing`): Earned Autonomy Criteria, Selection of
  Descriptors, Permission to Share.

Then the toolkit's own checks, in one part titled as the toolkit's
(:mod:`exports.docx_toolkit`): sign-off, scores at a glance with the charts, Earned Autonomy
readiness and whether the priorities follow the rule; and the optional trends appendix.

This module writes the cover and the scoring system and puts the parts in order; the
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
from exports._summary import toolkit_wording
from exports.docx_closing import write_closing
from exports.docx_descriptors import write_descriptors
from exports.docx_document import DocxBuilder
from exports.docx_toolkit import TOOLKIT_HEADING, write_toolkit_checks
from exports.docx_trends import write_trends

__all__ = ["write_docx"]


def write_docx(ret: Return, framework: Framework, previous: Return | None = None, trends: Trends | None = None,
               previous_framework: Framework | None = None) -> bytes:
    """The whole return as a Word document (``.docx`` bytes).

    ``previous`` (last year's return) adds last year's scores to the summary table and a
    chart of the change, each descriptor paired with last year's through the edition's crosswalk
    (``previous_framework``: last year's edition, when it is another); ``trends`` adds the optional trends appendix. Descriptors the return does not answer appear as not scored; the
    return's own answers for ids this edition does not have are left out.
    """
    b = DocxBuilder(ret, framework, previous, previous_framework)
    _cover(b)
    _scoring_system(b)
    write_descriptors(b)
    write_closing(b)
    write_toolkit_checks(b)
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
    b.para(
        f"The guide's form comes first; the toolkit's own checks are in the last part, \"{TOOLKIT_HEADING}\".",
        italic=True,
    )


def _scoring_system(b: DocxBuilder) -> None:
    """The guide's "Scoring system" with the scale, saying whose wording it is."""
    scale = b.fw.scale
    b.heading("Scoring system", 1)
    wording = toolkit_wording(b.fw)
    if wording:
        b.para(wording + " " + scale.note, italic=True)
    elif scale.note:
        b.para(scale.note, italic=True)
    b.table(["Score", "Label", "Meaning"], [(lv.score, lv.label, lv.meaning) for lv in scale.levels], [0.6, 1.6, 4.7])
