"""Which edition of the guide an uploaded return belongs to, when several are installed.

- ``edition`` given (``--edition KEY``, the upload page's choice): that edition, always.
- One edition installed: that one.
- The toolkit's JSON names its edition (``"edition"``): that one; an edition the toolkit does
  not have is refused, naming the ones it has.
- A Word or text return in the guide's layout: the edition whose descriptors start the most
  blocks in the file (each confirmed by its statement or score prompt). Where two editions
  match as well as each other (the same descriptors), the year the file gives decides: the
  latest edition not after it.

When none of this decides, the file is refused with a problem that says so and asks for the
edition: a return never lands silently in the wrong edition.

Pure: depends on the domain and the other readers only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from app.domain.framework import Framework
from app.domain.returns import Return
from exports.guide_lines import Line, docx_lines, text_lines
from exports.guide_reader import descriptors_found, read_guide_lines
from exports.json_fields import parse_json
from exports.json_reader import from_json
from exports.problems import ImportProblems, Problem
from exports.sniffing import check_text, decode, is_zip
from exports.word_package import open_word_document

__all__ = ["ASK", "read_in_edition"]

#: How the problem ends when the toolkit cannot tell the edition.
ASK = "Choose the edition of the guide the file follows (the edition on the upload page, or --edition KEY)"


def _names(frameworks: Mapping[str, Framework]) -> str:
    return ", ".join(f"{f.edition.title} {f.edition.year} ({key})" for key, f in sorted(frameworks.items()))


def _cannot_tell(message: str, frameworks: Mapping[str, Framework]) -> ImportProblems:
    return ImportProblems([Problem("Edition", f"{message}. {ASK}: {_names(frameworks)}")])


def read_in_edition(data: bytes, frameworks: Mapping[str, Framework], edition: str | None,
                    read: Callable[[Framework], Return]) -> Return:
    """Read a return (already checked to be a return-like file) in the edition it belongs to.

    ``read(framework)`` reads the file in one edition (the caller's reader for its kind).
    Raises ImportProblems when the edition is unknown or cannot be told.
    """
    if edition is not None:
        if edition not in frameworks:
            raise ImportProblems([Problem("Edition", f"There is no edition \"{edition}\". Editions: {_names(frameworks)}")])
        return read(frameworks[edition])
    if len(frameworks) == 1:
        return read(next(iter(frameworks.values())))
    return read(_edition_of(data, frameworks))


def _edition_of(data: bytes, frameworks: Mapping[str, Framework]) -> Framework:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{":
        return _json_edition(data, frameworks)
    lines, unit = guide_lines_of(data)
    return _layout_edition(lines, unit, frameworks)


def _json_edition(data: bytes, frameworks: Mapping[str, Framework]) -> Framework:
    root = parse_json(data)
    named = root.get("edition") if isinstance(root, dict) else None
    if not isinstance(root, dict) or "format" not in root:
        from_json(data)  # not a return at all: the reader's own problem says why
    if not isinstance(named, str) or not named.strip():
        raise _cannot_tell("The file does not name the edition of the guide it follows", frameworks)
    if named not in frameworks:
        raise ImportProblems([Problem("Edition", f"This return is for edition \"{named[:80]}\", which this toolkit does "
                                      f"not have. It has: {_names(frameworks)}")])
    return frameworks[named]


def guide_lines_of(data: bytes) -> tuple[list[Line], str]:
    """A Word or text return as lines, and the unit its messages count in."""
    if is_zip(data):
        return docx_lines(open_word_document(data)), "paragraph"
    text = decode(data)
    check_text(text)
    return text_lines(text), "line"


def _layout_edition(lines: Sequence[Line], unit: str, frameworks: Mapping[str, Framework]) -> Framework:
    found = {key: descriptors_found(lines, f) for key, f in frameworks.items()}
    best = max(found.values())
    if best == 0:
        raise _cannot_tell("No descriptor of any edition of the guide the toolkit has was found in the file, so "
                           "the toolkit cannot tell which edition it follows", frameworks)
    tied = [frameworks[key] for key, count in found.items() if count == best]
    if len(tied) == 1:
        return tied[0]
    year = _year_of(lines, unit, tied)
    fitting = [f for f in tied if year is not None and f.edition.year <= year]
    if not fitting:
        shown = f"for {year}" if year is not None else "with no year"
        raise _cannot_tell(f"The file's descriptors match {' and '.join(f.id for f in tied)} equally, and the file is "
                           f"{shown}, so the toolkit cannot tell which edition it follows", frameworks)
    return max(fitting, key=lambda f: (f.edition.year, f.id))


def _year_of(lines: Sequence[Line], unit: str, candidates: Sequence[Framework]) -> int | None:
    """The year the file gives, as the reader of any candidate edition finds it."""
    for framework in candidates:
        try:
            ret = read_guide_lines(lines, framework, unit)
        except ImportProblems as problems:
            ret = problems.partial  # type: ignore[assignment]
        if ret is not None and ret.year is not None:
            return ret.year
    return None
