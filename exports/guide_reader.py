"""Reading a return laid out as in the guide, as areas fill it in: :func:`read_guide_text`
for plain text, :func:`read_guide_docx` for a Word document (both made into lines by
:mod:`exports.guide_lines`, then read by one grammar).

Per descriptor: a heading line ``5.1 - Family engagement: We have ...`` (checked against the
framework's wording, or followed by the guide's prompts, or a Word heading), then the
two-column table ``Self-Assessment Score – Answer 0 to 5 – see scale above | What is
working well and what evidence do you have?`` whose second row holds the score and the
narrative (the edition's first prompt), then ``What are you prioritising next?`` and its text
(paragraphs, or a table cell): each later prompt of the edition, in its words, with its answer. After the descriptors come the closing parts (:mod:`exports.guide_closing`).
Documents written by :func:`exports.docx_writer.write_docx` read back the same way, with
their evidence tables too.

A score cell that is blank or says "Not scored" reads as not scored, as ``"score": null`` does
in JSON: a partial return imports, with those descriptors unscored. Whatever cannot be read is
reported, by descriptor ("5.3") or part ("Permissions"), in an
:class:`~exports.problems.ImportProblems`, never guessed: no score cell, a score off the
scale, a descriptor not found, a permission without an answer. The exception's
``partial`` holds what could be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from app.domain.framework import Descriptor, Framework
from app.domain.returns import DescriptorAnswer, Evidence, Return
from app.domain.wording import short_text
from exports._layout import NO_EVIDENCE, NONE_RECORDED
from exports.guide_closing import ClosingReader, begins_closing
from exports.guide_lines import Line, docx_lines, norm, text_lines
from exports.problems import ImportProblems, Problem
from exports.return_checks import Places, return_problems
from exports.sniffing import WHAT_TO_SEND, check_text
from exports.word_package import open_word_document

__all__ = ["descriptors_found", "read_guide_docx", "read_guide_lines", "read_guide_text"]

_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SCORE = re.compile(
    r"^(?:(?:self-assessment\s+)?score\s*[:=\-]?\s*)?(?P<num>[+-]?\d+(?:[.,]\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*(?:/|out of)\s*\d+)?\s*(?:[.)]?|[-:(]\s*.*)$"
)
_NOT_SCORED = ("not scored", "no score", "n/a", "-", "none", "not yet scored", "tbc")
_WELL = ("what is working well",)
_NEXT = ("what are you prioritising next", "what are you prioritizing next")


def read_guide_text(text: str, framework: Framework) -> Return:
    """Read a return laid out as in the guide, as plain text (see the module)."""
    check_text(text)
    return _GuideReader(text_lines(text), framework, "line").read()


def read_guide_docx(data: bytes, framework: Framework) -> Return:
    """Read a return laid out as in the guide, as a Word document (see the module)."""
    return _GuideReader(docx_lines(open_word_document(data)), framework, "paragraph").read()


def read_guide_lines(lines: Sequence[Line], framework: Framework, unit: str) -> Return:
    """Read a return already split into lines (``unit``: "line" for text, "paragraph" for Word)."""
    return _GuideReader(lines, framework, unit).read()


def descriptors_found(lines: Sequence[Line], framework: Framework) -> int:
    """How many of an edition's descriptors start a block in these lines, each confirmed by its
    statement or the score prompt after it: how well a file matches an edition."""
    return len(_GuideReader(lines, framework, "line").headings())


def _is_score_prompt(n: str) -> bool:
    return n.startswith(("self-assessment score", "self assessment score", "score - answer"))


class ScoreFault(Enum):
    """Why the score cell's text is not a score."""

    MISSING = "missing"
    OFF_SCALE = "off the scale"
    NOT_WHOLE = "not a whole number"


@dataclass(frozen=True)
class _Score:
    """The score cell read: ``value`` on the scale, or a ``fault`` with the score as
    ``written``; ``rest`` is text after a tab in the same line (the narrative's start)."""

    value: int | None
    fault: ScoreFault | None = None
    written: str = ""
    rest: str = ""


def score_problem(descriptor_id: str, fault: ScoreFault, written: str, low: int, high: int) -> str:
    """What the coordinator reads about a descriptor's score that could not be read."""
    span = f"from {low} to {high}"
    if fault is ScoreFault.MISSING:
        return f"No score was found for {descriptor_id}. The score, a whole number {span}, goes in the first cell under \"Self-Assessment Score\"."
    if fault is ScoreFault.OFF_SCALE:
        return f"The score for {descriptor_id} is {written}, but scores run {span}."
    return f"The score for {descriptor_id} is {written}; scores are whole numbers {span}."


class _GuideReader:
    def __init__(self, lines: Sequence[Line], framework: Framework, unit: str) -> None:
        self.lines = list(lines)
        self.unit = unit
        #: Per descriptor, the line of each evidence item's table (for messages).
        self.evidence_lines: dict[str, tuple[int, ...]] = {}
        self.norm = [norm(line.text) for line in self.lines]
        self.fw = framework
        self.problems: list[Problem] = []
        ids = sorted((d.id for d in framework.descriptors), key=len, reverse=True)
        self.heading_re = re.compile(r"^(?P<id>" + "|".join(re.escape(i) for i in ids) + r")(?!\d)\s*[-:.)]?\s*(?P<rest>.*)$", re.I)
        self.low, self.high = framework.scale.minimum, framework.scale.maximum
        # the questions under each descriptor, as this edition words them: the first beside the
        # score in the table, each later one a line of its own followed by its answer
        self.well_prompts = _WELL + (norm(framework.prompts[0]).rstrip("?"),)
        self.later_prompts = [
            (p.key, (_NEXT if p.key == "prioritising_next" else ()) + (norm(p.label).rstrip("?"),))
            for p in framework.narrative_prompts[1:]
        ]
        self.section_names = set()
        for s in framework.sections:
            for form in (s.name, f"{s.id} {s.name}", f"{s.id}. {s.name}", f"{s.id} - {s.name}", f"section {s.id} - {s.name}", f"section {s.id}: {s.name}"):
                self.section_names.add(norm(form))

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def _is_well(self, n: str) -> bool:
        return n.startswith(self.well_prompts)

    def _later(self, n: str) -> str | None:
        """The key of the later prompt this line asks, if it asks one."""
        return next((key for key, forms in self.later_prompts if n.startswith(forms)), None)

    # -- descriptor headings -------------------------------------------------------

    def _confirmed(self, i: int, d: Descriptor, rest: str) -> bool:
        line = self.lines[i]
        if line.heading:
            return True
        for ref in (d.title, d.text):
            if ref and rest.startswith(norm(ref)[:24]):
                return True
        statement = norm(d.text)
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
            if begins_closing(self.lines[j], self.norm[j]):
                return j
        return next_start

    # -- one descriptor ---------------------------------------------------------------

    def _score(self, text: str) -> _Score | None:
        head, _, rest = text.strip().partition("\t")
        n = norm(head)
        if n.rstrip(".") in _NOT_SCORED:
            return _Score(None, None, head.strip(), rest)
        m = _SCORE.match(n)
        if not m:
            return None
        raw = m["num"]
        if raw in _NUMBER_WORDS:
            value = _NUMBER_WORDS[raw]
        else:
            try:
                value = int(raw)
            except ValueError:
                return _Score(None, ScoreFault.NOT_WHOLE, raw, rest)
        if not self.low <= value <= self.high:
            return _Score(None, ScoreFault.OFF_SCALE, str(value), rest)
        return _Score(value, None, raw, rest)

    def _answer_start(self, d: Descriptor, block: list[Line], norms: list[str], stop: int) -> tuple[int, bool]:
        """Where the score should be: after the table's prompts, or after the statement; and
        whether the score cell is blank (the first cell after the prompts is empty and no score
        follows it), which reads as not scored."""
        first_prompt = next((k for k, s in enumerate(norms[:stop]) if _is_score_prompt(s) or self._is_well(s)), None)
        i = 0
        if first_prompt is not None:
            i = first_prompt
            while i < stop and (_is_score_prompt(norms[i]) or self._is_well(norms[i]) or not (norms[i] or block[i].table)):
                i += 1
            cell = i
            while i < stop and not norms[i]:
                i += 1
            blank = cell < i and block[cell].table and (i >= stop or self._score(block[i].text) is None)
            return (cell + 1 if blank else i), blank
        statement = norm(d.text)
        while i < stop and (not norms[i] or norms[i] == statement or block[i].heading):
            i += 1
        return i, False

    def _parts(self, block: list[Line], norms: list[str], well: list[Line]) -> tuple[dict[str, list[Line]], list[Evidence]]:
        """The narratives (by prompt key) and the evidence that follow the score."""
        texts: dict[str, list[Line]] = {self.fw.prompt_keys[0]: well}
        evidence: list[Evidence] = []
        mode: str | None = self.fw.prompt_keys[0]
        for line, n in zip(block, norms, strict=True):
            later = self._later(n)
            if line.evidence is not None:
                evidence.extend(line.evidence)
            elif later is not None:
                mode = later
                after = line.text.split("?", 1)[1].strip() if "?" in line.text else ""
                if after:
                    texts.setdefault(later, []).append(Line(after, table=line.table, whole=line.whole))
            elif line.heading and (n == "evidence" or n.startswith("workshop")):
                mode = None  # the evidence table is read from its lines; the workshop's figures are not read
            elif mode is not None:
                texts.setdefault(mode, []).append(line)
        return texts, evidence

    def descriptor(self, d: Descriptor, block: list[Line]) -> DescriptorAnswer:
        norms = [norm(line.text) for line in block]
        stop = next((k for k, s in enumerate(norms) if self._later(s) is not None), len(block))
        i, blank = self._answer_start(d, block, norms, stop)
        parsed = _Score(None) if blank else self._score(block[i].text) if i < stop else None
        well: list[Line] = []
        if parsed is None:
            self.bad(d.id, score_problem(d.id, ScoreFault.MISSING, "", self.low, self.high))
        elif not blank:
            i += 1
            if parsed.fault is not None:
                self.bad(d.id, score_problem(d.id, parsed.fault, parsed.written, self.low, self.high))
            if parsed.rest:
                well.append(Line(parsed.rest, table=True))
        texts, evidence = self._parts(block[i:], norms[i:], well)
        return DescriptorAnswer(
            descriptor_id=d.id,
            score=parsed.value if parsed else None,
            narratives={key: self._narrative(lines) for key, lines in texts.items()},
            evidence=tuple(evidence),
        )

    def _narrative(self, lines: list[Line]) -> str:
        while lines and (not lines[-1].text.strip() or norm(lines[-1].text) in self.section_names):
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

    # -- everything -----------------------------------------------------------------

    def _descriptors(self, starts: list[tuple[int, str]]) -> tuple[dict[str, DescriptorAnswer], int]:
        """Each descriptor found, and where the last descriptor's block ends."""
        answers: dict[str, DescriptorAnswer] = {}
        bounds = [s for s, _ in starts] + [len(self.lines)]
        last_end = 0
        for k, (start, descriptor_id) in enumerate(starts):
            end = self._block_end(start, bounds[k + 1])
            last_end = max(last_end, end)
            answers[descriptor_id] = self.descriptor(self.fw.descriptor(descriptor_id), self.lines[start + 1 : end])
            self.evidence_lines[descriptor_id] = tuple(
                k + 1 for k in range(start + 1, end) for _ in (self.lines[k].evidence or ()))
        for d in self.fw.descriptors:
            if d.id not in answers:
                self.bad(d.id, f"{d.id} ({short_text(d.label if d.title else d.text)}) was not found. Each descriptor starts with a line such as \"{d.id} - ...\".")
        return answers, last_end

    def read(self) -> Return:
        starts = self.headings()
        if not starts:
            first = self.fw.descriptors[0]
            example = f"{first.id} - {first.title or short_text(first.text, 30)}: ..."
            raise ImportProblems(
                [Problem("File", f"No descriptors were found, so this does not look like a return of {self.fw.edition.title}. "
                         f"Each descriptor starts with a line such as \"{example}\". " + WHAT_TO_SEND)]
            )  # fmt: skip
        answers, last_end = self._descriptors(starts)
        head = range(0, starts[0][0])
        tail = range(last_end, len(self.lines))
        closing = ClosingReader(self.lines, self.norm, self.fw, self.problems)
        area, statement = closing.data_model(tail if tail else range(0, len(self.lines)))
        priorities = closing.priorities(tail)
        permissions = closing.permissions(tail)
        if not area:
            area = closing.area_line(head)
        if not area:
            self.bad("Area", "The area's name was not found. It is read from \"<Area>'s data model (as submitted in the ... data survey)\" or an \"Area: <name>\" line at the start.")
        ret = Return(
            area=area or "",
            year=closing.year(head, tail),
            edition_id=self.fw.edition.id,
            answers=tuple(answers[d.id] for d in self.fw.descriptors if d.id in answers),
            data_model=statement,
            priorities=priorities,
            permissions=permissions,
        )
        places = Places(self.unit, closing.changed_line, closing.priority_lines, self.evidence_lines)
        self.problems += return_problems(ret, self.fw, places)
        if self.problems:
            order = {d.id: i for i, d in enumerate(self.fw.descriptors)}
            parts = {"File": -3, "Area": -2, "Year": -1}
            self.problems.sort(key=lambda p: order.get(p.where, parts.get(p.where, len(order))))
            raise ImportProblems(self.problems, partial=ret)
        return ret
