"""Lines: the one form the guide-layout reader (:mod:`exports.guide_reader`) reads, made
from a text file (:func:`text_lines`) or a Word document (:func:`docx_lines`).

A text file's lines are its lines; a tab-indented line is a table cell. A Word document's
body is walked in order, paragraphs and tables interleaved, into content controls and
tracked insertions; deleted tracked changes, field codes and text boxes are skipped. Each
paragraph is a whole line with its heading level; a table recognised as an evidence table
(written by :mod:`exports.docx_descriptors`) becomes one line holding the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.returns import EVIDENCE_KIND_LABELS, Evidence, EvidenceKind
from exports._layout import EVIDENCE_HEADERS
from exports._summary import MONTHS

__all__ = ["MONTH_NUMBERS", "TRANSLATE", "Line", "docx_lines", "norm", "text_lines"]


@dataclass(frozen=True)
class Line:
    """A line of text, or a paragraph of a Word document.

    ``table``: it sat in a table cell (a tab-indented line in text). ``heading``: its Word
    heading level. ``whole``: a whole Word paragraph (text lines are joined into paragraphs
    by blank lines). ``evidence``: a recognised evidence table.
    """

    text: str
    table: bool = False
    heading: int | None = None
    whole: bool = False
    evidence: tuple[Evidence, ...] | None = None


#: Curly quotes, dashes and odd spaces as their plain forms, for comparing wording.
TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2011": "-", "\u2010": "-", "\u00a0": " ", "\u200b": "", "\ufeff": "",
})  # fmt: skip
_SPACES = re.compile(r"\s+")
#: A month's number by its name, its first three letters or "sept", in lower case.
MONTH_NUMBERS = (
    {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {m[:3].lower(): i for i, m in enumerate(MONTHS, 1)} | {"sept": 9}
)


def norm(text: str) -> str:
    """Lower case, straight quotes, plain hyphens, single spaces: for comparing wording."""
    return _SPACES.sub(" ", text.translate(TRANSLATE)).strip().lower()


def text_lines(text: str) -> list[Line]:
    """A text file's lines; a line starting with a tab sat in a table."""
    out = []
    for raw in text.splitlines():
        out.append(Line(raw.strip(), table=raw.startswith("\t")))  # a lone tab: an empty cell
    return out


# --------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _HYPHEN = (_W + t for t in ("t", "tab", "br", "cr", "noBreakHyphen"))
_SKIP = {_W + t for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "txbxContent", "fldData")} | {_MC + "Fallback"}
_CONTAINERS = {_W + t for t in ("customXml", "smartTag", "ins", "moveTo")} | {_SDT, _SDT_CONTENT}
_RUN_TEXT = {_TAB: "\t", _BR: "\n", _CR: "\n", _HYPHEN: "-"}
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")


def docx_lines(document: Any) -> list[Line]:
    """A python-docx ``Document``'s body as lines, in order (see the module)."""
    return _DocxWalk(document).lines()


def _paragraph_text(p: Any) -> str:
    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag in _RUN_TEXT:
                out.append(_RUN_TEXT[tag])
            elif tag not in _SKIP and isinstance(tag, str):
                walk(child)

    walk(p)
    return "".join(out)


def _nearest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


class _DocxWalk:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles: dict[str, str] = {}
        for style in document.styles:
            try:
                self.styles[style.style_id] = style.name or ""
            except Exception:  # a malformed style is ignored, not fatal
                continue
        self.out: list[Line] = []

    def lines(self) -> list[Line]:
        self.walk(self.document.element.body, False)
        return self.out

    def level(self, p: Any) -> int | None:
        """A paragraph's heading level, from its style's name or its outline level."""
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return None
        style = ppr.find(_W + "pStyle")
        if style is not None:
            sid = style.get(_W + "val", "")
            m = _HEADING_STYLE.match(self.styles.get(sid, sid))
            if m:
                return int(m[1])
        outline = ppr.find(_W + "outlineLvl")
        value = (outline.get(_W + "val") or "") if outline is not None else ""
        if value.isdigit():
            return int(value) + 1 if int(value) < 9 else None
        return None

    def walk(self, el: Any, in_table: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == _P:
                text = _paragraph_text(child).strip()
                self.out.append(Line(text, table=in_table, heading=None if in_table else self.level(child), whole=True))
            elif tag == _TBL:
                self.table(child)
            elif tag in _CONTAINERS:
                self.walk(child, in_table)

    def table(self, tbl: Any) -> None:
        """A table: one line of evidence for an evidence table, else its cells' paragraphs."""
        rows = [[tc for tc in tr.iter(_TC) if _nearest_table(tc) is tbl] for tr in tbl.iter(_TR) if _nearest_table(tr) is tbl]
        evidence = self.evidence(rows)
        if evidence is not None:
            self.out.append(Line("", table=True, evidence=evidence))
            return
        for row in rows:
            for tc in row:
                self.walk(tc, True)

    @staticmethod
    def evidence(rows: list[list[Any]]) -> tuple[Evidence, ...] | None:
        if not rows or not rows[0]:
            return None
        first_cell = " ".join(_paragraph_text(p).strip() for p in rows[0][0].iter(_P))
        if norm(first_cell) != "evidence":
            return None
        return _evidence_table([[" ".join(_paragraph_text(p).strip() for p in tc.iter(_P)) for tc in row] for row in rows])


def _evidence_table(rows: list[list[str]]) -> tuple[Evidence, ...] | None:
    if not rows or [norm(c) for c in rows[0][: len(EVIDENCE_HEADERS)]] != [h.lower() for h in EVIDENCE_HEADERS]:
        return None
    kinds = {norm(label): kind for kind, label in EVIDENCE_KIND_LABELS.items()} | {k.value: k for k in EvidenceKind}
    out = []
    for row in rows[1:]:
        cells = (row + [""] * 5)[:5]
        description, kind, agency, dated, link = (c.strip() for c in cells)
        if not any((description, agency, link)):
            continue
        out.append(
            Evidence(
                description=description,
                kind=kinds.get(norm(kind), EvidenceKind.OTHER),
                agency=agency,
                dated=_parse_day(dated),
                link=link,
            )
        )
    return tuple(out)


def _parse_day(text: str) -> date | None:
    text = text.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    m = _DAY_MONTH_YEAR.match(text)
    if m and m[2].lower() in MONTH_NUMBERS:
        try:
            return date(int(m[3]), MONTH_NUMBERS[m[2].lower()], int(m[1]))
        except ValueError:
            return None
    return None
