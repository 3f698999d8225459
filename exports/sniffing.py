"""Decoding and sniffing an uploaded return: the size limits, what kind of file the bytes
are (by their content, never by the name), and text in whichever encoding it came.

The refusals here are the first an importer makes, in words a coordinator can act on (an
:class:`~exports.problems.ImportProblems` about the ``"File"``): too big, empty, a picture,
a PDF, an old Office file, text in an unknown encoding or of too many lines.
"""

from __future__ import annotations

import codecs

from exports.problems import ImportProblems, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_LINES",
    "WHAT_TO_SEND",
    "binary_kind",
    "check_size",
    "check_text",
    "decode",
    "fail",
    "is_zip",
]

#: The largest file read at all.
MAX_BYTES = 10 * 1024 * 1024
#: Lines in a text return (the guide's own has about 1,300). Millions of short lines are not
#: a return, and reading them would take seconds.
MAX_LINES = 50_000
#: Line breaks as ``str.splitlines`` sees them.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: How much of a decoded text is looked at to tell text from binary noise.
_SNIFF_CHARS = 200_000

MB = 1024 * 1024

WHAT_TO_SEND = (
    "The toolkit reads a return as a Word document (.docx), as plain text, or as the toolkit's own JSON export."
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Office file (Word 97-2003 .doc or Excel .xls) or a password-protected document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_TEXT_CONTROLS = "\t\n\r\f\v"


def fail(where: str, message: str) -> ImportProblems:
    """The exception for one problem, to raise."""
    return ImportProblems([Problem(where, message)])


def binary_kind(data: bytes) -> str | None:
    """What a binary file that is not a return is (``"a PNG image"``), from its first bytes;
    None for anything else."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def is_zip(data: bytes) -> bool:
    """Whether the bytes start as a zip package does (every Word ``.docx`` is one)."""
    return data.startswith(_ZIP_SIGNATURES)


def check_size(data: bytes) -> None:
    """Refuse a file over :data:`MAX_BYTES`."""
    if len(data) > MAX_BYTES:
        raise fail("File", f"The file is {len(data) / MB:.1f} MB; the largest file the toolkit reads is {MAX_BYTES // MB} MB")


def check_text(text: str) -> None:
    """Refuse a text too long, or of too many lines, to be a return."""
    if len(text) > MAX_BYTES:
        raise fail("File", f"The text is too long to be a return (over {MAX_BYTES // MB} MB)")
    if sum(text.count(ch) for ch in _LINE_BREAKS) > MAX_LINES:  # counts \r\n twice: a bound, not a count
        raise fail("File", f"The text has more than {MAX_LINES:,} lines, far more than a return (the guide's has about "
                   "1,300); it is not read. " + WHAT_TO_SEND)


def _as_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail("File", "The file says it is UTF-16 text but cannot be read as such; it may be damaged") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise fail(
            "File",
            "The file is not text the toolkit can read (not UTF-8 or Windows-1252). "
            "Save it from Word as a .docx, or as plain text in UTF-8. " + WHAT_TO_SEND,
        ) from None


def _looks_binary(text: str) -> bool:
    head = text[:_SNIFF_CHARS]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    return "\x00" in text or controls > max(10, len(head) // 100)


def decode(data: bytes) -> str:
    """The bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252;
    refused when they are none of these, or binary noise that happens to decode."""
    text = _as_text(data)
    if _looks_binary(text):
        raise fail("File", "The file is not text (it looks like a binary file). " + WHAT_TO_SEND)
    return text
