"""Reading a return: the project's JSON, or a return laid out as in the guide (Word or text).

:func:`read_return` takes an uploaded file's name and bytes and decides by its content, not
its name: a zip package is read as a Word ``.docx``; text starting with ``{`` as the
project's JSON (:func:`exports.json_format.from_json`); anything else as text in UTF-8
(with or without a byte order mark), UTF-16 with a byte order mark, or Windows-1252.

:func:`read_guide_docx` and :func:`read_guide_text` read the guide's own layout, as areas
fill it in. Per descriptor: a heading line ``5.1 - Family engagement: We have ...``, then
the two-column table ``Self-Assessment Score – Answer 0 to 5 – see scale above | What is
working well and what evidence do you have?`` whose second row holds the score and the
narrative, then ``What are you prioritising next?`` and its text (paragraphs, or a table
cell). After the descriptors: ``<Area>'s data model (as submitted in the <Month Year> data
survey): 3``, ``Do you think that <Area>'s data model has changed ...? No.``, ``Descriptor
one: 7.3 – Communities`` (two, three, ...) and each permission question followed by ``Yes.``
or ``No.``. The year comes from a ``Year: 2022`` line before the descriptors or else from
the date in the permissions' wording ("... during July 2022"); None when it cannot tell.
Documents written by :func:`exports.docx_writer.write_docx` read back the same way, with
their evidence tables too.

Whatever cannot be read is reported, by descriptor ("5.3") or part ("Permissions"), in an
:class:`~exports.problems.ImportProblems`, never guessed: a missing score, a score off the
scale, a descriptor not found, a permission without an answer. The exception's
``partial`` holds what could be read.

Guards: files over :data:`MAX_BYTES`; a zip whose contents would expand beyond
:data:`MAX_UNZIPPED_BYTES` or more than :data:`MAX_RATIO` times (a "zip bomb"), checked
from the zip's directory before anything is decompressed, and each part then read a piece
at a time, never beyond the size the directory declares (a zip that lies about a part's size
is damaged, not a bomb that goes off); files named ``.docx`` that are not zip packages;
images, PDFs and old binary Office files; text in an unknown encoding or of more than
:data:`MAX_LINES` lines; JSON cut short. No error reaches the user as a traceback.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.framework import Descriptor, Framework
from app.domain.returns import (
    EVIDENCE_KIND_LABELS,
    DataModelStatement,
    DescriptorAnswer,
    Evidence,
    EvidenceKind,
    Permissions,
    PriorityChoice,
    Return,
)
from exports._summary import MONTHS
from exports._layout import EVIDENCE_HEADERS, NO_EVIDENCE, NONE_RECORDED
from exports.json_format import from_json
from exports.problems import ImportProblems, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_RATIO",
    "MAX_UNZIPPED_BYTES",
    "MAX_XML_BYTES",
    "ImportProblems",
    "Problem",
    "read_guide_docx",
    "read_guide_text",
    "read_return",
]

#: The largest file read at all.
MAX_BYTES = 10 * 1024 * 1024
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
#: Lines in a text return (the guide's own has about 1,300). Millions of short lines are not
#: a return, and reading them would take seconds.
MAX_LINES = 50_000
#: Line breaks as ``str.splitlines`` sees them.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: How much of a zip part is decompressed at a time.
_CHUNK = 64 * 1024
#: Sentences read for the data model, priorities and permissions are short; longer lines
#: are only looked at this far (keeps the patterns linear on hostile input).
_LINE_LIMIT = 4000

_MB = 1024 * 1024


def _fail(where: str, message: str) -> ImportProblems:
    return ImportProblems([Problem(where, message)])


# --------------------------------------------------------------------------------------
# Sniffing and decoding
# --------------------------------------------------------------------------------------

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
_WHAT_TO_SEND = (
    "The toolkit reads a return as a Word document (.docx), as plain text, or as the toolkit's own JSON export."
)


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _decode(data: bytes) -> str:
    """The bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail("File", "The file says it is UTF-16 text but cannot be read as such; it may be damaged") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _fail(
                    "File",
                    "The file is not text the toolkit can read (not UTF-8 or Windows-1252). "
                    "Save it from Word as a .docx, or as plain text in UTF-8. " + _WHAT_TO_SEND,
                ) from None
    controls = sum(1 for ch in text[:200_000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(10, len(text[:200_000]) // 100):
        raise _fail("File", "The file is not text (it looks like a binary file). " + _WHAT_TO_SEND)
    return text


def read_return(filename: str, data: bytes, framework: Framework) -> Return:
    """Read an uploaded return, whatever its kind (decided by content, not by name).

    Raises :class:`~exports.problems.ImportProblems` with a plain message for each problem.
    """
    name = (filename or "").strip().lower()
    if not data:
        raise _fail("File", "The file is empty")
    if len(data) > MAX_BYTES:
        raise _fail("File", f"The file is {len(data) / _MB:.1f} MB; the largest file the toolkit reads is {MAX_BYTES // _MB} MB")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return read_guide_docx(data, framework)
    kind = _binary_kind(data)
    if name.endswith((".docx", ".docm", ".dotx")):
        what = f"it is {kind}" if kind else "it is not a zip package, as every .docx is"
        raise _fail(
            "File",
            f"The file is named {filename!s} but is not a Word document: {what}. "
            "Open it in Word and save it as a Word Document (.docx), then import that.",
        )
    if kind is not None:
        advice = {
            "a PDF document": " Import the Word document the PDF was made from instead.",
            "an RTF document": " Open it in Word and save it as a Word Document (.docx).",
        }.get(kind, "")
        if kind.startswith("an older Office file"):
            advice = " Open it in Word and save it as a Word Document (.docx); remove any password first."
        raise _fail("File", f"This file is {kind}, not a return." + advice + " " + _WHAT_TO_SEND)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{" or name.endswith(".json"):
        return from_json(data, framework)
    return read_guide_text(_decode(data), framework)


# --------------------------------------------------------------------------------------
# Lines: the common form of a text file and a Word document
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
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


_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2011": "-", "\u2010": "-", "\u00a0": " ", "\u200b": "", "\ufeff": "",
})  # fmt: skip
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Lower case, straight quotes, plain hyphens, single spaces: for comparing wording."""
    return _SPACES.sub(" ", text.translate(_TRANSLATE)).strip().lower()


def _text_lines(text: str) -> list[_Line]:
    out = []
    for raw in text.splitlines():
        raw = raw.rstrip()
        in_table = raw.startswith("\t")
        out.append(_Line(raw.strip(), table=in_table))
    return out


# --------------------------------------------------------------------------------------
# The guide's layout
# --------------------------------------------------------------------------------------

_ORDINALS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)}
_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MONTHS = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {m[:3].lower(): i for i, m in enumerate(MONTHS, 1)} | {"sept": 9}
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+((?:19|20|21)\d\d)\b", re.I)
_END = re.compile(
    r"^(earned autonomy criteria|selection of descriptors|permission to share|how the (dluhc|department|national team|central team)"
    r" will use)"
)
_DATA_MODEL = re.compile(
    r"^(?P<area>.+?)'s?\s+data model\s*\(\s*as submitted in (?:the\s+)?(?P<when>[^)]*?)\s*data survey\s*\)\s*:?\s*(?P<value>.*)$",
    re.I,
)
_CHANGED = re.compile(r"data model has changed since\b[^?]*\?\s*(?P<answer>.*)$", re.I)
_AUDIENCE = {"dfe": "DfE", "coordinators": "Supporting Families coordinators", "other_departments": "other government departments"}
_CHANGED_AREA = re.compile(r"^do you think that (?P<area>.+?)'s?\s+data model has changed", re.I)
_PRIORITY = re.compile(r"^descriptor\s+(?P<ord>one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s*[:.)\-]\s*(?P<rest>.*)$")
_ID = re.compile(r"^(?P<id>[A-Za-z0-9]+\.\d+)(?!\d)")
_YEAR_LINE = re.compile(r"^(?:year|self-assessment year|return year|year of the return)\s*:\s*(?P<year>(?:19|20|21)\d\d)\b")
_AREA_LINE = re.compile(r"^(?:area|local area|partnership)\s*:\s*(?P<area>.+)$", re.I)
_ANSWER = re.compile(r"^[\s:?.\-]*(?P<answer>yes|no|not answered)\b", re.I)
_SCORE = re.compile(
    r"^(?:(?:self-assessment\s+)?score\s*[:=\-]?\s*)?(?P<num>[+-]?\d+(?:[.,]\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*(?:/|out of)\s*\d+)?\s*(?:[.)]?|[-:(]\s*.*)$"
)


def _is_score_prompt(n: str) -> bool:
    return n.startswith(("self-assessment score", "self assessment score", "score - answer"))


_WELL = ("what is working well",)
_NEXT = ("what are you prioritising next", "what are you prioritizing next")


@dataclass(frozen=True)
class _Score:
    value: int | None
    problem: str | None
    rest: str = ""


class _GuideReader:
    def __init__(self, lines: Sequence[_Line], framework: Framework) -> None:
        self.lines = list(lines)
        self.norm = [_norm(line.text) for line in self.lines]
        self.fw = framework
        self.problems: list[Problem] = []
        ids = sorted((d.id for d in framework.descriptors), key=len, reverse=True)
        self.heading_re = re.compile(r"^(?P<id>" + "|".join(re.escape(i) for i in ids) + r")(?!\d)\s*[-:.)]?\s*(?P<rest>.*)$", re.I)
        self.low, self.high = framework.scale.minimum, framework.scale.maximum
        # the guide's two questions under each descriptor, as this edition words them
        self.well_prompts = _WELL + (_norm(framework.prompts[0]).rstrip("?"),)
        self.next_prompts = _NEXT + (_norm(framework.prompts[1]).rstrip("?"),)
        self.section_names = set()
        for s in framework.sections:
            for form in (s.name, f"{s.id} {s.name}", f"{s.id}. {s.name}", f"{s.id} - {s.name}", f"section {s.id} - {s.name}", f"section {s.id}: {s.name}"):
                self.section_names.add(_norm(form))

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def _is_well(self, n: str) -> bool:
        return n.startswith(self.well_prompts)

    def _is_next(self, n: str) -> bool:
        return n.startswith(self.next_prompts)

    # -- descriptor headings -------------------------------------------------------

    def _confirmed(self, i: int, d: Descriptor, rest: str) -> bool:
        line = self.lines[i]
        if line.heading:
            return True
        for ref in (d.title, d.text):
            if ref:
                r = _norm(ref)[:24]
                if rest.startswith(r):
                    return True
        statement = _norm(d.text)
        seen = 0
        for j in range(i + 1, min(i + 12, len(self.lines))):
            n = self.norm[j]
            if not n or n == statement:
                continue
            seen += 1
            if _is_score_prompt(n) or self._is_well(n):
                return True
            if seen >= 2:
                break
        return False

    def headings(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        seen: set[str] = set()
        for i, line in enumerate(self.lines):
            if line.table or not line.text:
                continue
            m = self.heading_re.match(self.norm[i])
            if not m:
                continue
            d = self.fw.descriptor(next(x.id for x in self.fw.descriptors if x.id.lower() == m["id"].lower()))
            if not self._confirmed(i, d, m["rest"]):
                continue
            if d.id in seen:
                self.bad(d.id, f"{d.id} appears more than once in the file (again at line or paragraph {i + 1}); the first is read")
                continue
            seen.add(d.id)
            found.append((i, d.id))
        return found

    def _block_end(self, start: int, next_start: int) -> int:
        for j in range(start + 1, next_start):
            line, n = self.lines[j], self.norm[j]
            if line.heading == 1 or (not line.table and (_END.match(n) or _DATA_MODEL.match(n) or _PRIORITY.match(n))):
                return j
        return next_start

    # -- one descriptor ---------------------------------------------------------------

    def _score(self, text: str) -> _Score | None:
        head, _, rest = text.strip().partition("\t")
        n = _norm(head)
        if n.rstrip(".") in ("not scored", "no score", "n/a", "-", "none", "not yet scored", "tbc"):
            return _Score(None, "not scored")
        m = _SCORE.match(n)
        if not m:
            return None
        raw = m["num"]
        if raw in _NUMBER_WORDS:
            value: Any = _NUMBER_WORDS[raw]
        else:
            try:
                value = int(raw)
            except ValueError:
                value = float(raw.replace(",", "."))
        if isinstance(value, float):
            return _Score(None, f"not whole:{raw}", rest)
        if not self.low <= value <= self.high:
            return _Score(None, f"off scale:{value}", rest)
        return _Score(value, None, rest)

    def descriptor(self, d: Descriptor, block: list[_Line], where: int) -> DescriptorAnswer:
        norms = [_norm(line.text) for line in block]
        n = len(block)
        stop = next((k for k, s in enumerate(norms) if self._is_next(s)), n)
        first_prompt = next((k for k, s in enumerate(norms[:stop]) if _is_score_prompt(s) or self._is_well(s)), None)
        statement = _norm(d.text)
        i = 0
        if first_prompt is not None:
            i = first_prompt
            while i < stop and (not norms[i] or _is_score_prompt(norms[i]) or self._is_well(norms[i])):
                i += 1
        else:
            while i < stop and (not norms[i] or norms[i] == statement or block[i].heading):
                i += 1
        span = f"from {self.low} to {self.high}"
        score = None
        well: list[_Line] = []
        parsed = self._score(block[i].text) if i < stop else None
        if parsed is None:
            self.bad(d.id, f"No score was found for {d.id}. The score, a whole number {span}, goes in the first cell under \"Self-Assessment Score\".")
        else:
            i += 1
            if parsed.problem is None:
                score = parsed.value
            elif parsed.problem == "not scored":
                self.bad(d.id, f"{d.id} is marked as not scored. Give it a score {span}.")
            elif parsed.problem.startswith("off scale:"):
                self.bad(d.id, f"The score for {d.id} is {parsed.problem.split(':', 1)[1]}, but scores run {span}.")
            else:
                self.bad(d.id, f"The score for {d.id} is {parsed.problem.split(':', 1)[1]}; scores are whole numbers {span}.")
            if parsed.rest:
                well.append(_Line(parsed.rest, table=True))
        nxt: list[_Line] = []
        evidence: list[Evidence] = []
        mode = "well"
        for line, norm in zip(block[i:], norms[i:]):
            if line.evidence is not None:
                evidence.extend(line.evidence)
                continue
            if self._is_next(norm):
                mode = "next"
                after = line.text.split("?", 1)[1].strip() if "?" in line.text else ""
                if after:
                    nxt.append(_Line(after, table=line.table, whole=line.whole))
                continue
            if line.heading:
                if norm == "evidence":
                    mode = "evidence"
                    continue
                if norm.startswith("workshop"):
                    mode = "skip"
                    continue
            if mode == "well":
                well.append(line)
            elif mode == "next":
                nxt.append(line)
        return DescriptorAnswer(
            descriptor_id=d.id,
            score=score,
            working_well=self._narrative(well),
            prioritising_next=self._narrative(nxt),
            evidence=tuple(evidence),
        )

    def _narrative(self, lines: list[_Line]) -> str:
        while lines and (not lines[-1].text.strip() or _norm(lines[-1].text) in self.section_names):
            lines = lines[:-1]
        paras: list[str] = []
        current: list[str] = []

        def flush() -> None:
            if current:
                paras.append("\n".join(current))
                current.clear()

        for line in lines:
            text = "\n".join(part.strip() for part in line.text.split("\n")).strip()
            if line.whole:
                flush()
                if text:
                    paras.append(text)
            elif not text:
                flush()
            else:
                current.append(text)
        flush()
        return "\n\n".join(p for p in paras if p not in (NONE_RECORDED, NO_EVIDENCE))

    # -- the rest of the return -------------------------------------------------------

    def _next_text(self, i: int, limit: int = 4) -> tuple[int, str] | None:
        for j in range(i + 1, min(i + 1 + limit, len(self.lines))):
            if self.norm[j]:
                return j, self.lines[j].text.strip()
        return None

    def data_model(self, tail: range) -> tuple[str | None, DataModelStatement]:
        area = None
        submitted = survey = changed = current = None
        reason = ""
        found_model = found_changed = False
        levels = self.fw.data_model_levels
        for i in tail:
            text = self.lines[i].text[:_LINE_LIMIT].translate(_TRANSLATE).strip()
            m = _DATA_MODEL.match(text)
            if m and not found_model:
                found_model = True
                area = m["area"].strip()
                when = _MONTH_YEAR.search(m["when"])
                if when:
                    survey = date(int(when[2]), _MONTHS[when[1].lower()], 1)
                value = m["value"].strip()
                if not value:
                    nxt = self._next_text(i, 2)
                    value = nxt[1] if nxt else ""
                got = re.match(r"^(?:data model\s*)?(\d+)\b", value, re.I)
                if got and int(got[1]) in levels:
                    submitted = int(got[1])
                elif got:
                    self.bad("Data model", f"The data model is {got[1]}, but data models run from {levels[0]} to {levels[-1]}.")
                else:
                    self.bad("Data model", f"The data model as submitted in the data survey was not found after \"{m[0][:80]}\"; write it as a number from {levels[0]} to {levels[-1]}.")
                continue
            c = _CHANGED.search(text)
            if c and not found_changed:
                found_changed = True
                who = _CHANGED_AREA.match(text)
                if who and not area:
                    area = who["area"].strip()
                answer = c["answer"].strip()
                if not answer:
                    nxt = self._next_text(i, 2)
                    answer = nxt[1] if nxt else ""
                a = _ANSWER.match(answer)
                if not a or a["answer"].lower() == "not answered":
                    self.bad("Data model", "No yes or no answer was found to \"Do you think that the data model has changed since you submitted the data survey?\".")
                else:
                    changed = a["answer"].lower() == "yes"
                    if changed:
                        now = re.search(r"(?:current data model|now|data model)\D{0,12}(\d+)", answer[a.end():], re.I)
                        if now and int(now[1]) in levels:
                            current = int(now[1])
                        nxt = self._next_text(i, 2)
                        if nxt and _norm(nxt[1]).startswith("reason:"):
                            reason = nxt[1].split(":", 1)[1].strip()
        if not found_model:
            self.bad("Data model", "The data model was not found. It is read from the sentence \"<Area>'s data model (as submitted in the <month year> data survey): <number>\".")
        elif not found_changed:
            self.bad("Data model", "The answer to \"Do you think that the data model has changed since you submitted the data survey?\" was not found.")
        return area, DataModelStatement(submitted=submitted, survey_date=survey, changed=changed, current=current, change_reason=reason)

    def priorities(self, tail: range) -> tuple[PriorityChoice, ...]:
        chosen: dict[int, PriorityChoice] = {}
        for i in tail:
            if self.lines[i].table:
                continue
            m = _PRIORITY.match(self.norm[i][:_LINE_LIMIT])
            if not m:
                continue
            position = _ORDINALS.get(m["ord"]) or int(m["ord"])
            label = f"Descriptor {m['ord']}"
            got = _ID.match(m["rest"].strip())
            if not got:
                self.bad("Priorities", f"{label}: no descriptor number was found (expected for example \"{label}: 7.3\").")
                continue
            pid = next((d.id for d in self.fw.descriptors if d.id.lower() == got["id"].lower()), None)
            if pid is None:
                self.bad("Priorities", f"{label}: {got['id']} is not a descriptor of {self.fw.edition.title}.")
                continue
            if position in chosen:
                self.bad("Priorities", f"{label} appears more than once; the first is read.")
                continue
            rationale = ""
            nxt = self._next_text(i, 2)
            if nxt and re.match(r"^(rationale|reason|why)\s*:", _norm(nxt[1])):
                rationale = nxt[1].split(":", 1)[1].strip()
            chosen[position] = PriorityChoice(pid, rationale)
        required = self.fw.priority_rule.required
        if len(chosen) < required:
            missing = [w for w, n in _ORDINALS.items() if n <= required and n not in chosen]
            self.bad(
                "Priorities",
                f"{len(chosen)} of the {required} priority descriptors were found; missing: "
                + ", ".join(f"\"Descriptor {w}\"" for w in missing) + ".",
            )
        return tuple(chosen[k] for k in sorted(chosen))

    def permissions(self, tail: range) -> Permissions:
        wanted = [p for p in self.fw.permissions if p.key in ("dfe", "coordinators", "other_departments")]
        # Questions can share their opening words (two of the 2022 guide's share 120
        # characters): find each by its whole wording first, then by its start among the
        # lines no other question has claimed.
        found: dict[str, int] = {}
        for permission in wanted:
            q = _norm(permission.question)
            where = next((i for i in tail if q and q in self.norm[i]), None)
            if where is not None:
                found[permission.key] = where
        for permission in wanted:
            if permission.key in found:
                continue
            start = _norm(permission.question)[:60]
            claimed = set(found.values())
            where = next((i for i in tail if i not in claimed and start and start in self.norm[i]), None)
            if where is not None:
                found[permission.key] = where
        values: dict[str, bool | None] = {}
        for permission in wanted:
            q = _norm(permission.question)
            short = f"the permission to share with {_AUDIENCE[permission.key]} (\"{permission.question}\")"
            where = found.get(permission.key)
            if where is None:
                self.bad("Permissions", f"The question for {short} was not found.")
                values[permission.key] = None
                continue
            n = self.norm[where]
            at = n.find(q)
            rest = n[at + len(q):] if at >= 0 else re.split(r"[:?]", n)[-1]
            a = _ANSWER.match(rest)
            if not a and not rest.strip(" :?.-"):
                nxt = self._next_text(where, 2)
                a = _ANSWER.match(_norm(nxt[1])) if nxt else None
            if not a or a["answer"].lower() == "not answered":
                self.bad("Permissions", f"No yes or no answer was found for {short}.")
                values[permission.key] = None
            else:
                values[permission.key] = a["answer"].lower() == "yes"
        return Permissions(**values)

    def year(self, head: range, tail: range) -> int | None:
        for i in head:
            m = _YEAR_LINE.match(self.norm[i])
            if m and not self.lines[i].table:
                return int(m["year"])
        start = next((i for i in tail if self.norm[i].startswith("permission to share")), None)
        region: Iterable[int] = range(start, tail.stop) if start is not None else tail
        contexts = [_norm(p.context)[:40] for p in self.fw.permissions if p.context]
        for i in region:
            n = self.norm[i]
            if start is None and not any(c and c in n for c in contexts):
                continue
            if "data survey" in n:
                continue
            m = _MONTH_YEAR.search(n)
            if m:
                return int(m[2])
        return None

    def area_line(self, head: range) -> str | None:
        for i in head:
            if self.lines[i].table:
                continue
            m = _AREA_LINE.match(self.lines[i].text.strip())
            if m and m["area"].strip():
                return m["area"].strip()
        return None

    # -- everything -----------------------------------------------------------------

    def read(self) -> Return:
        starts = self.headings()
        if not starts:
            raise ImportProblems(
                [Problem("File", "No descriptors were found, so this does not look like an Early Help System Guide return. "
                         "Each descriptor starts with a line such as \"5.1 - Family engagement: ...\". " + _WHAT_TO_SEND)]
            )  # fmt: skip
        answers: dict[str, DescriptorAnswer] = {}
        bounds = [s for s, _ in starts] + [len(self.lines)]
        last_end = 0
        for k, (start, descriptor_id) in enumerate(starts):
            end = self._block_end(start, bounds[k + 1])
            last_end = max(last_end, end)
            answers[descriptor_id] = self.descriptor(self.fw.descriptor(descriptor_id), self.lines[start + 1 : end], start)
        for d in self.fw.descriptors:
            if d.id not in answers:
                self.bad(d.id, f"{d.id} ({_short(d.label if d.title else d.text)}) was not found. Each descriptor starts with a line such as \"{d.id} - ...\".")
        head = range(0, starts[0][0])
        tail = range(last_end, len(self.lines))
        everywhere = range(0, len(self.lines))
        area, statement = self.data_model(tail if tail else everywhere)
        priorities = self.priorities(tail)
        permissions = self.permissions(tail)
        if not area:
            area = self.area_line(head)
        if not area:
            self.bad("Area", "The area's name was not found. It is read from \"<Area>'s data model (as submitted in the ... data survey)\" or an \"Area: <name>\" line at the start.")
        ordered = tuple(answers[d.id] for d in self.fw.descriptors if d.id in answers)
        ret = Return(
            area=area or "",
            year=self.year(head, tail),
            edition_id=self.fw.edition.id,
            answers=ordered,
            data_model=statement,
            priorities=priorities,
            permissions=permissions,
        )
        if self.problems:
            order = {d.id: i for i, d in enumerate(self.fw.descriptors)}
            parts = {"File": -3, "Area": -2, "Year": -1}
            self.problems.sort(key=lambda p: order.get(p.where, parts.get(p.where, len(order))))
            raise ImportProblems(self.problems, partial=ret)
        return ret


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def read_guide_text(text: str, framework: Framework) -> Return:
    """Read a return laid out as in the guide, as plain text (see the module)."""
    if len(text) > MAX_BYTES:
        raise _fail("File", f"The text is too long to be a return (over {MAX_BYTES // _MB} MB)")
    if sum(text.count(ch) for ch in _LINE_BREAKS) > MAX_LINES:  # counts \r\n twice: a bound, not a count
        raise _fail("File", f"The text has more than {MAX_LINES:,} lines, far more than a return (the guide's has about "
                    "1,300); it is not read. " + _WHAT_TO_SEND)
    return _GuideReader(_text_lines(text), framework).read()


# --------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _HYPHEN = (_W + t for t in ("t", "tab", "br", "cr", "noBreakHyphen"))
_SKIP = {_W + t for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "txbxContent", "fldData")} | {_MC + "Fallback"}
_CONTAINERS = {_W + t for t in ("customXml", "smartTag", "ins", "moveTo")} | {_SDT, _SDT_CONTENT}


def _paragraph_text(p: Any) -> str:
    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag == _HYPHEN:
                out.append("-")
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _check_zip(data: bytes) -> None:
    """Refuse a Word file that is not a zip, is damaged, or would expand enormously,
    looking only at the zip's directory (nothing is decompressed)."""
    if len(data) > MAX_BYTES:
        raise _fail("File", f"The file is {len(data) / _MB:.1f} MB; the largest file the toolkit reads is {MAX_BYTES // _MB} MB")
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind = _binary_kind(data)
        what = f"it is {kind}" if kind else "it is not a zip package, as every .docx is"
        raise _fail("File", f"This is not a Word document: {what}. Open it in Word and save it as a Word Document (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _fail("File", "The Word document is damaged (its zip package cannot be read). Open it in Word and save it again.") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _fail("File", f"The file holds {len(infos)} parts, far more than a Word document; it is not imported.")
    unzipped = sum(i.file_size for i in infos)
    zipped = sum(i.compress_size for i in infos)
    big = max((i for i in infos), key=lambda i: i.file_size, default=None)
    too_much = unzipped > MAX_UNZIPPED_BYTES
    bomb = unzipped > 2 * _MB and unzipped > MAX_RATIO * max(zipped, 1)
    if big is not None and big.file_size > 2 * _MB and big.file_size > MAX_RATIO * max(big.compress_size, 1):
        bomb = True
    if too_much or bomb:
        raise _fail(
            "File",
            f"The file would expand to {unzipped / _MB:,.0f} MB when opened"
            + (f", {unzipped // max(zipped, 1):,} times its packed size" if bomb else "")
            + "; that is not a real Word document (it may be a \"zip bomb\"), so it is not opened.",
        )
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise _fail("File", f"The Word document holds {xml / _MB:,.0f} MB of text and layout, far more than a return; it is not opened.")
    if "word/document.xml" not in names and not any(n.startswith("word/") and n.endswith(".xml") for n in names):
        if any(n.startswith("xl/") for n in names):
            kind = "an Excel workbook"
        elif any(n.startswith("ppt/") for n in names):
            kind = "a PowerPoint presentation"
        elif "mimetype" in names and "content.xml" in names:
            kind = "an OpenDocument file; save it as a Word Document (.docx)"
        else:
            kind = "a zip archive"
        raise _fail("File", f"This is {kind}, not a Word document. " + _WHAT_TO_SEND)


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
        raise _fail("File", "The Word document is damaged (its zip package cannot be read). Open it in Word and save it again.") from None
    return out.getvalue()


def _open_docx(data: bytes) -> Any:
    import docx  # python-docx; imported here so that the text and JSON paths do not need it

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "content type" in str(exc):
            raise _fail("File", "This is a Word template or macro-enabled document, not a Word Document; save it as a Word Document (.docx).") from None
        raise _fail("File", "The Word document could not be opened; it may be damaged. Open it in Word and save it again.") from None
    except Exception:  # noqa: BLE001 - any failure inside the package is the file's, reported in words
        raise _fail("File", "The Word document could not be opened; it may be damaged. Open it in Word and save it again.") from None


def _evidence_table(rows: list[list[str]]) -> tuple[Evidence, ...] | None:
    if not rows or [_norm(c) for c in rows[0][: len(EVIDENCE_HEADERS)]] != [h.lower() for h in EVIDENCE_HEADERS]:
        return None
    kinds = {_norm(label): kind for kind, label in EVIDENCE_KIND_LABELS.items()} | {k.value: k for k in EvidenceKind}
    out = []
    for row in rows[1:]:
        cells = (row + [""] * 5)[:5]
        description, kind, agency, dated, link = (c.strip() for c in cells)
        if not any((description, agency, link)):
            continue
        out.append(
            Evidence(
                description=description,
                kind=kinds.get(_norm(kind), EvidenceKind.OTHER),
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
    m = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$", text)
    if m and m[2].lower() in _MONTHS:
        try:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        except ValueError:
            return None
    return None


def _docx_lines(document: Any) -> list[_Line]:
    styles: dict[str, str] = {}
    for style in document.styles:
        try:
            styles[style.style_id] = style.name or ""
        except Exception:  # noqa: BLE001 - a malformed style is ignored, not fatal
            continue

    def level(p: Any) -> int | None:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return None
        outline = ppr.find(_W + "outlineLvl")
        style = ppr.find(_W + "pStyle")
        if style is not None:
            sid = style.get(_W + "val", "")
            m = re.match(r"^heading\s*(\d)$", styles.get(sid, sid), re.I)
            if m:
                return int(m[1])
        if outline is not None and (outline.get(_W + "val") or "").isdigit():
            value = int(outline.get(_W + "val"))
            return value + 1 if value < 9 else None
        return None

    out: list[_Line] = []

    def cell_paragraphs(tc: Any) -> list[str]:
        return [_paragraph_text(p).strip() for p in tc.iter(_P)]

    def walk(el: Any, in_table: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == _P:
                text = _paragraph_text(child).strip()
                out.append(_Line(text, table=in_table, heading=None if in_table else level(child), whole=True))
            elif tag == _TBL:
                rows = [tr for tr in child.iter(_TR) if _nearest_table(tr) is child]
                first = [" ".join(cell_paragraphs(tc)) for tc in rows[0].iter(_TC) if _nearest_table(tc) is child] if rows else []
                evidence = _evidence_table(
                    [[" ".join(cell_paragraphs(tc)) for tc in tr.iter(_TC) if _nearest_table(tc) is child] for tr in rows]
                ) if first and _norm(first[0]) == "evidence" else None  # fmt: skip
                if evidence is not None:
                    out.append(_Line("", table=True, evidence=evidence))
                    continue
                for tr in rows:
                    for tc in tr.iter(_TC):
                        if _nearest_table(tc) is child:
                            walk(tc, True)
            elif tag in _CONTAINERS:
                walk(child, in_table)

    walk(document.element.body, False)
    return out


def _nearest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def read_guide_docx(data: bytes, framework: Framework) -> Return:
    """Read a return laid out as in the guide, as a Word document (see the module)."""
    _check_zip(data)
    document = _open_docx(_repacked(data))
    return _GuideReader(_docx_lines(document), framework).read()
