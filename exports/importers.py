"""Reading an uploaded return, whatever its kind: :func:`read_return`.

It decides by the file's content, not its name: a zip package is read as a Word ``.docx``
(:func:`exports.guide_reader.read_guide_docx`, behind the guard of
:mod:`exports.word_package`); text starting with ``{`` as the project's JSON
(:func:`exports.json_reader.from_json`); anything else as text laid out as in the guide
(:func:`exports.guide_reader.read_guide_text`), in UTF-8 (with or without a byte order mark),
UTF-16 with a byte order mark, or Windows-1252 (:mod:`exports.sniffing`).

Refused with advice, as an :class:`~exports.problems.ImportProblems` about the ``"File"``:
an empty file, one over :data:`exports.sniffing.MAX_BYTES`, a file named ``.docx`` that is
not a zip package, images, PDFs, RTF, old binary Office files and archives. No error reaches
the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.framework import Framework
from app.domain.returns import Return
from exports.edition_choice import read_in_edition
from exports.guide_reader import read_guide_docx, read_guide_text
from exports.json_reader import from_json
from exports.sniffing import WHAT_TO_SEND, binary_kind, check_size, decode, fail, is_zip

__all__ = ["read_return", "read_return_in"]

_WORD_NAMES = (".docx", ".docm", ".dotx")
_SAVE_AS_WORD = " Open it in Word and save it as a Word Document (.docx)."
_ADVICE = {
    "a PDF document": " Import the Word document the PDF was made from instead.",
    "an RTF document": _SAVE_AS_WORD,
}
_OLD_OFFICE_ADVICE = " Open it in Word and save it as a Word Document (.docx); remove any password first."


def read_return(filename: str, data: bytes, framework: Framework) -> Return:
    """Read an uploaded return, whatever its kind (decided by content, not by name).

    Raises :class:`~exports.problems.ImportProblems` with a plain message for each problem.
    """
    if _refuse_or_is_zip(filename, data):
        return read_guide_docx(data, framework)
    name = (filename or "").strip().lower()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{" or name.endswith(".json"):
        return from_json(data, framework)
    return read_guide_text(decode(data), framework)


def read_return_in(filename: str, data: bytes, frameworks: Mapping[str, Framework], edition: str | None = None) -> Return:
    """Read an uploaded return in the edition it belongs to (:mod:`exports.edition_choice`):
    ``edition`` when given, else the one the file names or matches; refused when it cannot tell."""
    _refuse_or_is_zip(filename, data)
    return read_in_edition(data, frameworks, edition, lambda framework: read_return(filename, data, framework))


def _refuse_or_is_zip(filename: str, data: bytes) -> bool:
    """Refuse what is not a return (empty, too big, a picture, a PDF...); True for a zip package."""
    name = (filename or "").strip().lower()
    if not data:
        raise fail("File", "The file is empty")
    check_size(data)
    if is_zip(data):
        return True
    kind = binary_kind(data)
    if name.endswith(_WORD_NAMES):
        what = f"it is {kind}" if kind else "it is not a zip package, as every .docx is"
        raise fail(
            "File",
            f"The file is named {filename!s} but is not a Word document: {what}. "
            "Open it in Word and save it as a Word Document (.docx), then import that.",
        )
    if kind is not None:
        advice = _OLD_OFFICE_ADVICE if kind.startswith("an older Office file") else _ADVICE.get(kind, "")
        raise fail("File", f"This file is {kind}, not a return." + advice + " " + WHAT_TO_SEND)
    return False
