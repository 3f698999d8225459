"""The Word package guard: a ``.docx`` is a zip of XML parts, and a hostile one can be a
"zip bomb" that expands to gigabytes, a zip that lies about its parts' sizes, or no Word
document at all. :func:`open_word_document` refuses these before python-docx sees them.

First the zip's directory alone (nothing is decompressed): more than :data:`MAX_ZIP_ENTRIES`
parts, expanding beyond :data:`MAX_UNZIPPED_BYTES` or more than :data:`MAX_RATIO` times its
packed size, or to more than :data:`MAX_XML_BYTES` of XML, or holding an Excel, PowerPoint
or OpenDocument file. Then every part is read a piece at a time, never beyond the size the
directory declares, into a fresh package that python-docx opens (a part that does not match
its declared size is damage, reported as such). Entities in the XML are neither expanded nor
fetched (python-docx's parser does not resolve them).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from exports.sniffing import MB, WHAT_TO_SEND, binary_kind, check_size, fail, is_zip

__all__ = ["MAX_RATIO", "MAX_UNZIPPED_BYTES", "MAX_XML_BYTES", "MAX_ZIP_ENTRIES", "open_word_document"]

#: The most a Word file may expand to when unzipped.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
#: The most a Word file's contents may expand relative to their compressed size (text XML
#: compresses 5 to 30 times; a zip bomb thousands of times).
MAX_RATIO = 150
#: The most the XML of a Word file (its text, styles, relationships) may expand to: a
#: return's is well under 1 MB; parsing is what costs memory.
MAX_XML_BYTES = 25 * 1024 * 1024
#: Parts in a Word package (a real one has 10 to 50).
MAX_ZIP_ENTRIES = 2000
#: How much of a zip part is decompressed at a time.
_CHUNK = 64 * 1024
#: Sizes below this are never a bomb, whatever their ratio.
_SMALL = 2 * MB

_DAMAGED = "The Word document is damaged (its zip package cannot be read). Open it in Word and save it again."
_UNOPENED = "The Word document could not be opened; it may be damaged. Open it in Word and save it again."


def open_word_document(data: bytes) -> Any:
    """The python-docx ``Document`` of a Word file's bytes, once the package has passed the
    guard; :class:`~exports.problems.ImportProblems` otherwise."""
    _check_zip(data)
    return _open_docx(_repacked(data))


def _directory(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise fail("File", _DAMAGED) from None


def _check_expansion(infos: list[zipfile.ZipInfo]) -> None:
    unzipped = sum(i.file_size for i in infos)
    zipped = sum(i.compress_size for i in infos)
    big = max(infos, key=lambda i: i.file_size, default=None)
    too_much = unzipped > MAX_UNZIPPED_BYTES
    bomb = unzipped > _SMALL and unzipped > MAX_RATIO * max(zipped, 1)
    if big is not None and big.file_size > _SMALL and big.file_size > MAX_RATIO * max(big.compress_size, 1):
        bomb = True
    if too_much or bomb:
        raise fail(
            "File",
            f"The file would expand to {unzipped / MB:,.0f} MB when opened"
            + (f", {unzipped // max(zipped, 1):,} times its packed size" if bomb else "")
            + "; that is not a real Word document (it may be a \"zip bomb\"), so it is not opened.",
        )
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise fail("File", f"The Word document holds {xml / MB:,.0f} MB of text and layout, far more than a return; it is not opened.")


def _other_package(names: set[str]) -> str | None:
    """What a zip that holds no Word document is, or None when it does hold one."""
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith(".xml") for n in names):
        return None
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names and "content.xml" in names:
        return "an OpenDocument file; save it as a Word Document (.docx)"
    return "a zip archive"


def _check_zip(data: bytes) -> None:
    """Refuse a Word file that is not a zip, is damaged, or would expand enormously,
    looking only at the zip's directory (nothing is decompressed)."""
    check_size(data)
    if not is_zip(data):
        kind = binary_kind(data)
        what = f"it is {kind}" if kind else "it is not a zip package, as every .docx is"
        raise fail("File", f"This is not a Word document: {what}. Open it in Word and save it as a Word Document (.docx).")
    infos = _directory(data)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise fail("File", f"The file holds {len(infos)} parts, far more than a Word document; it is not imported.")
    _check_expansion(infos)
    kind = _other_package({i.filename for i in infos})
    if kind is not None:
        raise fail("File", f"This is {kind}, not a Word document. " + WHAT_TO_SEND)


def _repacked(data: bytes) -> bytes:
    """The package's parts read a small piece at a time, never beyond the size the zip's
    directory declares (which :func:`_check_zip` has checked), and written into a fresh zip.

    python-docx reads each part whole, in one call that decompresses as much as the part
    really holds: a zip whose directory understates a part (a zip bomb that lies) would
    expand to gigabytes in memory there. Reading the parts here first, within their declared
    sizes, gives python-docx a package whose sizes are true; a part whose data does not match
    its declared size and checksum is reported as damage.
    """
    parts: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            for info in source.infolist():
                if info.is_dir():
                    continue
                pieces = []
                with source.open(info) as part:
                    while piece := part.read(_CHUNK):
                        pieces.append(piece)
                parts[info.filename] = b"".join(pieces)  # a repeated name: the last wins, as in zipfile
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
            for name, content in parts.items():
                target.writestr(name, content)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError, RuntimeError,
            NotImplementedError):
        raise fail("File", _DAMAGED) from None
    return out.getvalue()


def _open_docx(data: bytes) -> Any:
    import docx  # python-docx; imported here so that the text and JSON paths do not need it

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "content type" in str(exc):
            raise fail("File", "This is a Word template or macro-enabled document, not a Word Document; save it as a Word Document (.docx).") from None
        raise fail("File", _UNOPENED) from None
    except Exception:  # any failure inside the package is the file's, reported in words
        raise fail("File", _UNOPENED) from None
