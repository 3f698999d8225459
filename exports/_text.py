"""Writing text safely: into XML (Word, Excel) and into spreadsheet cells.

The one place the writers clean text: the Word writer uses :func:`xml_safe` and
:func:`paragraphs`, the workbook and the CSV :func:`cell_text` (and :func:`clip_cell`).
"""

from __future__ import annotations

import re

from app.domain.text import clean_text

__all__ = [
    "CELL_LIMIT",
    "cell_text",
    "clip_cell",
    "paragraphs",
    "xml_safe",
]

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")

#: The most characters an Excel cell holds.
CELL_LIMIT = 32767
#: What a spreadsheet may read as the start of a formula (or of a DDE payload).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (tab and newlines are kept).

    XML 1.0 cannot hold C0 control characters other than tab, newline and carriage return,
    lone surrogates, U+FFFE or U+FFFF. DEL and the C1 controls are legal but are always junk
    (mojibake from a wrong encoding) and Word shows them as boxes, so they go too: the rule
    of :func:`app.domain.text.clean_text`, which the application also applies to what people
    type.
    """
    return clean_text(text)


def paragraphs(text: str) -> list[str]:
    """A narrative as paragraphs: split on blank lines, each paragraph trimmed.

    Line breaks inside a paragraph (a single newline) are kept as ``"\\n"``; Windows and old
    Mac line endings become ``"\\n"``. Empty paragraphs are dropped. The text is made
    XML-safe first.
    """
    text = xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for para in _BLANK_LINES.split(text):
        lines = [line.rstrip() for line in para.strip("\n").split("\n")]
        para = "\n".join(lines).strip()
        if para:
            out.append(para)
    return out


def cell_text(text: str) -> str:
    """Text for a spreadsheet cell or CSV field, never read as a formula.

    Removes the control characters a workbook cannot hold, then prefixes an apostrophe when
    the text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the OWASP
    advice against formula injection), so ``=HYPERLINK(...)`` stays text.
    """
    text = xml_safe(text)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def clip_cell(text: str, note: str = " [cut short: see the Word or JSON export for the full text]") -> str:
    """``text`` cut to fit one Excel cell, saying so at the end when it was cut."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(note)] + note
