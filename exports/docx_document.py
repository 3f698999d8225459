"""The Word document being written and its building blocks: :class:`DocxBuilder` holds the
return, the framework and what is worked out from them once (scores, Earned Autonomy,
priorities), the python-docx document (A4, British English, the footer with page numbers)
and a buffer of body XML, with headings, paragraphs, labelled fields, narratives, tables
and pictures. The parts of the document (:mod:`exports.docx_writer`,
:mod:`exports.docx_descriptors`, :mod:`exports.docx_closing`) are written with these.

The body is built as WordprocessingML text and parsed in a few large pieces: python-docx's
element-by-element API is several times slower for a document of this size. Pictures and
the footer go through python-docx.
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
from app.domain.returns import Return
from exports._layout import NONE_RECORDED
from exports._summary import MONTHS, earned_autonomy, priority_status, scale_scores
from exports._text import paragraphs, xml_safe

__all__ = ["DocxBuilder", "day", "descriptor_heading", "paragraph", "run", "table_xml"]

_CHART_WIDTH = Inches(6.3)


def day(d: date) -> str:
    """``"12 July 2022"``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def descriptor_heading(d: Descriptor) -> str:
    """``"5.1 Family engagement: We have ..."``: the id, the title if it has one and the whole
    statement, never shortened."""
    return f"{d.id} {d.title}: {d.text}" if d.title else f"{d.id} {d.text}"


class DocxBuilder:
    """The document being written: the return and what the parts need, and the blocks they
    write with."""

    def __init__(self, ret: Return, framework: Framework, previous: Return | None,
                 previous_framework: Framework | None = None) -> None:
        self.ret, self.fw, self.previous = ret, framework, previous
        #: Last year's edition (for its scale and name where it is not this year's).
        self.previous_fw = previous_framework
        self.doc: DocumentObject = Document()
        self.scores = scale_scores(ret, framework)
        self.ea = earned_autonomy(ret, framework)
        self.priorities = priority_status(ret, framework)
        self.area = ret.area.strip() or "The area"
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}
        self.buf: list[str] = []
        self._setup()

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

    def model_name(self, level: int | None) -> str:
        """``"3 – Data model name"`` from the framework, or the bare number it does not have."""
        if level is None:
            return "Not recorded"
        try:
            return f"{level} – {self.fw.data_model(level).name}"
        except KeyError:
            return str(level)

    # -- building blocks ----------------------------------------------------------

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
        self.buf.append(paragraph(run(text), self.style_ids["Title" if level == 0 else f"Heading {level}"]))

    def para(self, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False) -> None:
        self.buf.append(paragraph(run(text, bold, italic) if text else "", self.style_ids[style] if style else None))

    def field(self, label: str, value: str) -> None:
        self.buf.append(paragraph(run(label + ": ", bold=True) + run(value)))

    def labelled(self, label: str, text: str) -> None:
        """A bold label and a narrative run on in one paragraph per paragraph of text."""
        parts = paragraphs(text) or [""]
        self.buf.append(paragraph(run(label, bold=True) + run(parts[0])))
        self.buf.extend(paragraph(run(part)) for part in parts[1:])

    def narrative(self, text: str) -> None:
        self.buf.extend(paragraph(run(part)) for part in paragraphs(text) or [NONE_RECORDED])

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]) -> None:
        """A bordered table whose first row is the header row, repeated on every page."""
        cells = [[[] if v is None or v == "" else [str(v)] for v in row] for row in rows]
        self.buf.append(table_xml(self.style_ids["Table Grid"], headers, cells, widths))

    def picture(self, png: bytes, alt: str, caption: str) -> None:
        self.flush()
        shape = self.doc.add_picture(io.BytesIO(png), width=_CHART_WIDTH)
        docpr = shape._inline.docPr
        docpr.set("descr", xml_safe(alt))
        docpr.set("name", xml_safe(caption)[:200])
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para(caption, style="Caption")

    def save(self) -> bytes:
        """The finished document's bytes."""
        self.flush()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# -- WordprocessingML text ----------------------------------------------------------


def run(text: str, bold: bool = False, italic: bool = False) -> str:
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


def paragraph(runs: str, style_id: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f"<w:p>{props}{runs}</w:p>"


def _twips(inches: float) -> int:
    return round(inches * 1440)


def _cell(paras: Sequence[str], width: int, bold: bool = False) -> str:
    body = "".join(paragraph(run(text, bold=bold)) for text in paras) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{body}</w:tc>'


def table_xml(style_id: str, headers: Sequence[str], rows: Sequence[Sequence[Sequence[str]]], widths: Sequence[float]) -> str:
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
