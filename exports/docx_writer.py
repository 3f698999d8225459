"""The whole return as an editable Word document, laid out like the guide's return.

:func:`write_docx` gives the bytes of a ``.docx``:

- a cover: the area, the year, the edition, the data model, who signed it off (or "Not
  signed off"), the Earned Autonomy result and the priorities in one line each;
- scores at a glance: the profile chart, a table of every score (with last year's when
  ``previous`` is given, and a chart of the change) and the scale, with the plain statement
  that its wording is the toolkit's where the framework file says so;
- per section a Heading 1, per descriptor a Heading 2 (its id and title), its statement, the
  guide's two-column table (the score with its scale label | "What is working well and what
  evidence do you have?"), the evidence items as a table, "What are you prioritising next?"
  and, where there was one, the workshop's figures (n, median, range, spread of scores and
  the figures per stakeholder group) and the reason for the agreed score;
- Earned Autonomy Stage 1: the thresholds table and chart;
- Selection of Descriptors: the rule for the area's data model, the data model statement in
  the guide's words, the priority descriptors with their rationale;
- Permission to Share: each question and its answer.

Real Word heading styles (the navigation pane works), table header rows marked to repeat
on every page (``w:tblHeader``), charts as inline pictures with alternative text (the
``descr`` of ``wp:docPr``), A4 pages, British English as the document language. All text is
made XML-safe (control characters removed) and narratives keep their paragraphs.

The document reads back with :func:`exports.importers.read_guide_docx`: the descriptor
blocks, the data model sentences, the priority lines and the permission answers use the
guide's own wording.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Mm

from app.domain.framework import Descriptor, Framework
from app.domain.returns import EVIDENCE_KIND_LABELS, DescriptorAnswer, Return, WorkshopSummary
from app.domain.wording import NOT_ANSWERED, plural, short_text, yes_no
from exports import charts
from exports._layout import EVIDENCE_HEADERS, NO_EVIDENCE, NONE_RECORDED, ORDINALS, SCORE_PROMPT
from exports._summary import (
    MONTHS,
    earned_autonomy,
    format_median,
    month_year,
    priority_status,
    scale_scores,
    score_label,
)
from exports._text import paragraphs, xml_safe

__all__ = [
    "EVIDENCE_HEADERS",
    "NONE_RECORDED",
    "NO_EVIDENCE",
    "SCORE_PROMPT",
    "score_prompt",
    "write_docx",
]


def score_prompt(framework: Framework) -> str:
    """The score column's heading for this edition's scale."""
    return f"Self-Assessment Score – Answer {framework.scale.minimum} to {framework.scale.maximum} – see scale above"


_CHART_WIDTH = Inches(6.3)
_ANSWER_WIDTHS = (1.5, 5.0)


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


#: The most characters of a statement in a descriptor's heading, with its "…".
_HEADING_LIMIT = 71


def descriptor_heading(d: Descriptor) -> str:
    """``"5.1 Family engagement"``; a descriptor without a title gets the start of its statement."""
    return f"{d.id} {d.title}" if d.title else f"{d.id} {short_text(d.text, _HEADING_LIMIT)}"


class _Writer:
    """Builds the document body as WordprocessingML text and parses it in a few large pieces:
    python-docx's element-by-element API is several times slower for a document of this
    size. Pictures and the footer go through python-docx."""

    def __init__(self, ret: Return, framework: Framework, previous: Return | None) -> None:
        self.ret, self.fw, self.previous = ret, framework, previous
        self.doc: DocumentObject = Document()
        self.scores = scale_scores(ret, framework)
        self.ea = earned_autonomy(ret, framework)
        self.priorities = priority_status(ret, framework)
        self.area = ret.area.strip() or "The area"
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}
        self.buf: list[str] = []
        self._setup()

    # -- building blocks ----------------------------------------------------------

    def _setup(self) -> None:
        doc = self.doc
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") if defaults is not None else None
        if lang is not None:
            lang.set(qn("w:val"), "en-GB")
            lang.set(qn("w:eastAsia"), "en-GB")
        props = doc.core_properties
        props.title = xml_safe(self._title())
        props.subject = xml_safe(f"{self.fw.edition.title} ({self.fw.edition.label})")
        props.author = "Early Help System Guide toolkit"
        props.last_modified_by = "Early Help System Guide toolkit"
        props.language = "en-GB"
        props.keywords = "Early Help System Guide; self-assessment; Supporting Families"
        footer = section.footer.paragraphs[0]
        footer.text = xml_safe(self._title() + " – page ")
        footer._p.style = self.style_ids["Footer"]
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        footer._p.append(field)

    def _title(self) -> str:
        year = f" {self.ret.year}" if self.ret.year is not None else ""
        return f"{self.ret.area.strip() or 'Early Help System Guide'}{year}: Early Help System Guide self-assessment"

    def flush(self) -> None:
        """Parse the buffered body XML and put it before the section properties."""
        if not self.buf:
            return
        fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.buf)}</w:body>")
        self.buf.clear()
        body = self.doc.element.body
        anchor = body.sectPr
        for element in list(fragment):
            if anchor is not None:
                anchor.addprevious(element)
            else:
                body.append(element)

    def heading(self, text: str, level: int) -> None:
        self.buf.append(_p(_r(text), self.style_ids["Title" if level == 0 else f"Heading {level}"]))

    def para(self, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False) -> None:
        self.buf.append(_p(_r(text, bold, italic) if text else "", self.style_ids[style] if style else None))

    def field(self, label: str, value: str) -> None:
        self.buf.append(_p(_r(label + ": ", bold=True) + _r(value)))

    def labelled(self, label: str, text: str) -> None:
        """A bold label and a narrative run on in one paragraph per paragraph of text."""
        parts = paragraphs(text) or [""]
        self.buf.append(_p(_r(label, bold=True) + _r(parts[0])))
        self.buf.extend(_p(_r(part)) for part in parts[1:])

    def narrative(self, text: str) -> None:
        self.buf.extend(_p(_r(part)) for part in paragraphs(text) or [NONE_RECORDED])

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]) -> None:
        """A bordered table whose first row is the header row, repeated on every page."""
        cells = [[[] if v is None or v == "" else [str(v)] for v in row] for row in rows]
        self.buf.append(_table(self.style_ids["Table Grid"], headers, cells, widths))

    def picture(self, png: bytes, alt: str, caption: str) -> None:
        self.flush()
        shape = self.doc.add_picture(io.BytesIO(png), width=_CHART_WIDTH)
        docpr = shape._inline.docPr
        docpr.set("descr", xml_safe(alt))
        docpr.set("name", xml_safe(caption)[:200])
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para(caption, style="Caption")

    # -- the parts ------------------------------------------------------------------

    def cover(self) -> None:
        ret, fw = self.ret, self.fw
        self.heading("Early Help System Guide self-assessment", 0)
        subtitle = ret.area.strip() or "Area not recorded"
        if ret.year is not None:
            subtitle += f", {ret.year}"
        self.para(subtitle, style="Subtitle")
        self.field("Area", ret.area.strip() or "Not recorded")
        if ret.local_authority.strip() and ret.local_authority.strip() != ret.area.strip():
            self.field("Local authority", ret.local_authority.strip())
        self.field("Year", str(ret.year) if ret.year is not None else "Not recorded")
        e = fw.edition
        self.field("Edition", f"{e.title}, {e.label} ({e.year}; edition id {ret.edition_id or e.id})")
        self.field("Data model", self._data_model_summary())
        if ret.sign_off is not None:
            self.field("Sign-off", f"Signed off by {ret.sign_off.signed_off_by} on {_day(ret.sign_off.signed_off_at)}")
        else:
            self.field("Sign-off", "Not signed off")
        self.field("Earned Autonomy Stage 1", f"{self.ea.summary} ({self.ea.year} prospectus)")
        self.field("Priority descriptors", ", ".join(ret.priority_ids) or "None chosen")
        scored = sum(1 for d in fw.descriptors if self.scores.get(d.id) is not None)
        self.field("Descriptors scored", f"{scored} of {len(fw.descriptors)}")

    def _data_model_summary(self) -> str:
        dm = self.ret.data_model
        if dm.submitted is None:
            return "Not recorded"
        text = self._model_name(dm.submitted)
        when = f"the {month_year(dm.survey_date)} data survey" if dm.survey_date else "the data survey"
        text += f" (as submitted in {when})"
        if dm.changed is True:
            now = self._model_name(dm.current) if dm.current is not None else "not recorded"
            text += f"; the area thinks it has changed since: now {now}"
        elif dm.changed is False:
            text += "; not changed since"
        return text

    def _model_name(self, level: int | None) -> str:
        if level is None:
            return "Not recorded"
        try:
            return f"{level} – {self.fw.data_model(level).name}"
        except KeyError:
            return str(level)

    def at_a_glance(self) -> None:
        fw, ret = self.fw, self.ret
        self.heading("Scores at a glance", 1)
        self.picture(charts.profile_chart(ret, fw), charts.profile_alt_text(ret, fw), "Scores by descriptor, grouped by section")
        minimums = fw.thresholds(self.ea.year)
        positions: dict[str, int] = {}
        for i, pid in enumerate(ret.priority_ids, start=1):
            positions.setdefault(pid, i)
        before = scale_scores(self.previous, fw) if self.previous is not None else None
        headers = ["Descriptor", "Score"] + (["Last year"] if before is not None else []) + ["Earned Autonomy minimum", "Priority"]
        rows = []
        for d in fw.descriptors:
            row: list[object] = [descriptor_heading(d), score_label(fw, self.scores.get(d.id))]
            if before is not None:
                last = before.get(d.id)
                row.append("Not scored" if last is None else last)
            row += [minimums.get(d.id, ""), positions.get(d.id, "")]
            rows.append(row)
        self.table(headers, rows, [3.0, 1.5, 0.8, 0.9, 0.7] if before is not None else [3.6, 1.6, 0.9, 0.8])
        if self.previous is not None:
            self.heading("Change since last year", 2)
            self.picture(
                charts.comparison_chart(ret, self.previous, fw),
                charts.comparison_alt_text(ret, self.previous, fw),
                "This year's scores against last year's",
            )
        self.heading("The scoring scale", 2)
        scale = fw.scale
        if scale.source == "toolkit":
            self.para("The labels and meanings below are the toolkit's wording, not the guide's. " + scale.note, italic=True)
        elif scale.note:
            self.para(scale.note, italic=True)
        self.table(["Score", "Label", "Meaning"], [(lv.score, lv.label, lv.meaning) for lv in scale.levels], [0.6, 1.6, 4.7])

    def descriptors(self) -> None:
        prompts = self.fw.prompts
        grid = self.style_ids["Table Grid"]
        for section in self.fw.sections:
            self.heading(f"{section.id} {section.name}", 1)
            for d in section.descriptors:
                answer = self.ret.answer(d.id) or DescriptorAnswer(d.id)
                self.heading(descriptor_heading(d), 2)
                self.para(d.text, italic=True)
                score = [score_label(self.fw, self.scores.get(d.id))]
                narrative = paragraphs(answer.working_well) or [NONE_RECORDED]
                self.buf.append(_table(grid, [score_prompt(self.fw), prompts[0]], [[score, narrative]], _ANSWER_WIDTHS))
                self.heading("Evidence", 3)
                if answer.evidence:
                    self.table(
                        EVIDENCE_HEADERS,
                        [
                            (e.description, EVIDENCE_KIND_LABELS.get(e.kind, str(e.kind)), e.agency,
                             _day(e.dated) if e.dated else "", e.link)
                            for e in answer.evidence
                        ],  # fmt: skip
                        [2.7, 1.4, 1.1, 0.9, 0.8],
                    )
                else:
                    self.para(NO_EVIDENCE)
                self.heading(prompts[1], 3)
                self.narrative(answer.prioritising_next)
                if answer.workshop is not None:
                    self.workshop(answer.workshop)

    def workshop(self, ws: WorkshopSummary) -> None:
        self.heading(f"Workshop: {ws.workshop_title}" if ws.workshop_title.strip() else "Workshop", 3)
        facts = []
        if ws.held_on:
            facts.append(f"Held on {_day(ws.held_on)}.")
        line = f"{plural(ws.count, 'person', 'people')} scored this descriptor"
        if ws.dont_know:
            line += f" and {ws.dont_know} said they did not know"
        facts.append(line + ".")
        if ws.median is not None:
            facts.append(f"Median {format_median(ws.median)}.")
        if ws.minimum is not None and ws.maximum is not None:
            facts.append(f"Range {ws.minimum} to {ws.maximum}.")
        if ws.agreed_score is not None:
            facts.append(f"Agreed score: {ws.agreed_score}.")
        self.para(" ".join(facts))
        if ws.histogram:
            headers = ["Score"] + [str(i) for i in range(len(ws.histogram))] + (["Don't know"] if ws.dont_know else [])
            row = ["Number of people"] + list(ws.histogram) + ([ws.dont_know] if ws.dont_know else [])
            rest = 5.0 / (len(headers) - 1)
            self.table(headers, [row], [1.9] + [rest] * (len(headers) - 1))
        if ws.by_group:
            self.para("By stakeholder group:")
            self.table(
                ["Stakeholder group", "n", "Median", "Range"],
                [
                    (g.group, g.count, format_median(g.median),
                     f"{g.minimum} to {g.maximum}" if g.minimum is not None and g.maximum is not None else "")
                    for g in ws.by_group
                ],  # fmt: skip
                [3.4, 0.9, 1.1, 1.5],
            )
        if ws.rationale.strip():
            self.labelled("Why the group settled on this score: ", ws.rationale)

    def earned_autonomy(self) -> None:
        fw, ea = self.fw, self.ea
        self.heading("Earned Autonomy Criteria and Eligibility – for information only", 1)
        self.para(
            f"The minimum score on each of these {ea.required} descriptors before the national team may invite "
            f"an area to apply for Earned Autonomy status (Stage 1, {ea.year} prospectus). Every minimum must be met."
        )
        self.para(ea.summary + ".", bold=True)
        rows = []
        for r in ea.descriptors:
            met = "Not scored" if r.missing else ("Yes" if r.met else f"No ({r.gap} below)")
            score = "Not scored" if r.score is None else r.score
            rows.append((descriptor_heading(fw.descriptor(r.descriptor_id)), r.minimum, score, met))
        self.table(["Descriptor", "Minimum score", "Score", "Met"], rows, [3.9, 1.0, 0.9, 1.1])
        self.picture(
            charts.earned_autonomy_chart(self.ret, fw, ea.year),
            charts.earned_autonomy_alt_text(self.ret, fw, ea.year),
            "Score against the Earned Autonomy Stage 1 minimum",
        )

    def selection(self) -> None:
        ret, fw, area = self.ret, self.fw, self.area
        self.heading("Selection of Descriptors", 1)
        status = self.priorities
        if status.rule:
            self.para(status.rule)
        self.heading("Data model", 2)
        dm = ret.data_model
        when = f"the {month_year(dm.survey_date)} data survey" if dm.survey_date else "the data survey"
        model = "Not recorded" if dm.submitted is None else self._model_name(dm.submitted)
        self.para(f"{area}'s data model (as submitted in {when}): {model}")
        since = f" in {month_year(dm.survey_date)}" if dm.survey_date else ""
        if dm.changed is None:
            answer = NOT_ANSWERED + "."
        elif dm.changed:
            answer = "Yes."
            if dm.current is not None:
                answer += f" Current data model: {self._model_name(dm.current)}."
        else:
            answer = "No."
        self.para(f"Do you think that {area}'s data model has changed since you submitted the data survey{since}? {answer}")
        if dm.change_reason.strip():
            self.labelled("Reason: ", dm.change_reason)
        self.heading("Priority descriptors", 2)
        if not ret.priorities:
            self.para("No priority descriptors chosen.")
        for i, choice in enumerate(ret.priorities):
            ordinal = ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
            try:
                name = f"{choice.descriptor_id} – {fw.section_of(choice.descriptor_id).name}"
            except KeyError:
                name = f"{choice.descriptor_id} – not a descriptor of {fw.edition.title}"
            self.para(f"Descriptor {ordinal}: {name}", bold=i < fw.priority_rule.required)
            if choice.rationale.strip():
                self.labelled("Rationale: ", choice.rationale)
        self.para(status.summary, italic=True)

    def permissions(self) -> None:
        self.heading("Permission to Share", 1)
        for permission in self.fw.permissions:
            if permission.context:
                self.para(permission.context)
            value = getattr(self.ret.permissions, permission.key, None)
            self.buf.append(_p(_r(permission.question + ": ") + _r(yes_no(value) + ".", bold=True)))

    def build(self) -> bytes:
        self.cover()
        self.at_a_glance()
        self.descriptors()
        self.earned_autonomy()
        self.selection()
        self.permissions()
        self.flush()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# -- WordprocessingML text ----------------------------------------------------------


def _r(text: str, bold: bool = False, italic: bool = False) -> str:
    """A run: newlines become line breaks and tabs tabs; text XML-safe and escaped."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    out = [f"<w:r><w:rPr>{props}</w:rPr>" if props else "<w:r>"]
    for i, line in enumerate(xml_safe(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if chunk:
                out.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    out.append("</w:r>")
    return "".join(out)


def _p(runs: str, style_id: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f"<w:p>{props}{runs}</w:p>"


def _twips(inches: float) -> int:
    return round(inches * 1440)


def _cell(paras: Sequence[str], width: int, bold: bool = False) -> str:
    body = "".join(_p(_r(text, bold=bold)) for text in paras) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{body}</w:tc>'


def _table(style_id: str, headers: Sequence[str], rows: Sequence[Sequence[Sequence[str]]], widths: Sequence[float]) -> str:
    """A table: a header row (bold, repeated on each page, not split) and rows of cells, each
    cell a list of paragraphs."""
    tw = [_twips(w) for w in widths]
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{sum(tw)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in tw),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        "".join(_cell([h], w, bold=True) for h, w in zip(headers, tw, strict=False)),
        "</w:tr>",
    ]
    for row in rows:
        out.append("<w:tr>")
        out.extend(_cell(paras, w) for paras, w in zip(row, tw, strict=False))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def write_docx(ret: Return, framework: Framework, previous: Return | None = None) -> bytes:
    """The whole return as a Word document (``.docx`` bytes).

    ``previous`` (last year's return) adds last year's scores to the summary table and a
    chart of the change. Descriptors the return does not answer appear as not scored; the
    return's own answers for ids this edition does not have are left out.
    """
    return _Writer(ret, framework, previous).build()
