"""The closing parts of a return laid out as in the guide, after the descriptors: the data
model statement, the priority descriptors, the permissions, the year and the area's name.

``<Area>'s data model (as submitted in the <Month Year> data survey): 3``, ``Do you think
that <Area>'s data model has changed ...? No.``, ``Descriptor one: 7.3 – Communities`` (two,
three, ...) with an optional ``Rationale:`` line, each permission question followed by
``Yes.`` or ``No.``; the year from a ``Year: 2022`` line before the descriptors or else
from the date in the permissions' wording ("... during July 2022"). Used by
:mod:`exports.guide_reader`, which reads the descriptors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.framework import Framework
from app.domain.returns import DataModelStatement, Permissions, PriorityChoice
from exports._summary import MONTHS
from exports.guide_lines import MONTH_NUMBERS, TRANSLATE, Line, norm
from exports.problems import Problem

__all__ = ["ClosingReader", "begins_closing"]

#: Sentences read for the data model, priorities and permissions are short; longer lines
#: are only looked at this far (keeps the patterns linear on hostile input).
_LINE_LIMIT = 4000

_ORDINALS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)}
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
#: Further optional priorities, as the toolkit writes them after the required ones.
_FURTHER = re.compile(r"^further priority\s+(?P<ord>\d+)\s*[:.)\-]\s*(?P<rest>.*)$")
_ID = re.compile(r"^(?P<id>[A-Za-z0-9]+\.\d+)(?!\d)")
_YEAR_LINE = re.compile(r"^(?:year|self-assessment year|return year|year of the return)\s*:\s*(?P<year>(?:19|20|21)\d\d)\b")
_AREA_LINE = re.compile(r"^(?:area|local area|partnership)\s*:\s*(?P<area>.+)$", re.I)
_ANSWER = re.compile(r"^[\s:?.\-]*(?P<answer>yes|no|not answered)\b", re.I)
_MODEL_NUMBER = re.compile(r"^(?:data model\s*)?(\d+)\b", re.I)
_CURRENT_MODEL = re.compile(r"(?:current data model|now|data model)\D{0,12}(\d+)", re.I)
_RATIONALE = re.compile(r"^(rationale|reason|why)\s*:")
#: How the toolkit's own Word export writes what a partial assessment has not got yet: read as
#: not given (None, or no priorities), as the JSON's null is, not as a problem.
_NOT_RECORDED = "not recorded"
_NONE_CHOSEN = "no priority descriptors chosen"


def begins_closing(line: Line, normed: str) -> bool:
    """Whether a line ends the descriptors: a top-level heading, or a line that starts a
    closing part (a section of the guide after the descriptors, the data model, a priority)."""
    if line.heading == 1:
        return True
    return not line.table and bool(_END.match(normed) or _DATA_MODEL.match(normed) or _PRIORITY.match(normed))


def _after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip()


@dataclass
class _DataModelFound:
    area: str | None = None
    submitted: int | None = None
    survey: date | None = None
    changed: bool | None = None
    current: int | None = None
    reason: str = ""
    model_seen: bool = False
    changed_seen: bool = False


class ClosingReader:
    """Reads the closing parts from ``lines`` (with their :func:`norm` forms), adding what
    cannot be read to ``problems``."""

    def __init__(self, lines: Sequence[Line], normed: Sequence[str], framework: Framework, problems: list[Problem]) -> None:
        self.lines = lines
        self.norm = normed
        self.fw = framework
        self.problems = problems
        #: Where the "changed" question and each priority were found (line numbers from 1).
        self.changed_line: int | None = None
        self.priority_lines: dict[str, tuple[int, ...]] = {}

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def _next_text(self, i: int, limit: int = 4) -> tuple[int, str] | None:
        for j in range(i + 1, min(i + 1 + limit, len(self.lines))):
            if self.norm[j]:
                return j, self.lines[j].text.strip()
        return None

    def _value_or_next(self, value: str, i: int) -> str:
        """A sentence's answer: what follows it on its line, else the next line."""
        if value:
            return value
        nxt = self._next_text(i, 2)
        return nxt[1] if nxt else ""

    # -- the data model ---------------------------------------------------------------

    def data_model(self, tail: range) -> tuple[str | None, DataModelStatement]:
        """The area's name as the data model statement gives it, and the statement."""
        found = _DataModelFound()
        for i in tail:
            text = self.lines[i].text[:_LINE_LIMIT].translate(TRANSLATE).strip()
            m = _DATA_MODEL.match(text)
            if m and not found.model_seen:
                self._submitted(m, i, found)
                continue
            c = _CHANGED.search(text)
            if c and not found.changed_seen:
                self._changed(text, c, i, found)
        if not self.fw.has_data_models:  # the edition asks for none
            pass
        elif not found.model_seen:
            self.bad("Data model", "The data model was not found. It is read from the sentence \"<Area>'s data model (as submitted in the <month year> data survey): <number>\".")
        elif not found.changed_seen:
            self.bad("Data model", "The answer to \"Do you think that the data model has changed since you submitted the data survey?\" was not found.")
        statement = DataModelStatement(submitted=found.submitted, survey_date=found.survey, changed=found.changed,
                                       current=found.current, change_reason=found.reason)
        return found.area, statement

    def _submitted(self, m: re.Match[str], i: int, found: _DataModelFound) -> None:
        levels = self.fw.data_model_levels
        found.model_seen = True
        found.area = m["area"].strip()
        when = _MONTH_YEAR.search(m["when"])
        if when:
            found.survey = date(int(when[2]), MONTH_NUMBERS[when[1].lower()], 1)
        value = self._value_or_next(m["value"].strip(), i)
        got = _MODEL_NUMBER.match(value)
        if norm(value).rstrip(".") == _NOT_RECORDED:
            return
        if got and int(got[1]) in levels:
            found.submitted = int(got[1])
        elif got:
            self.bad("Data model", f"The data model is {got[1]}, but data models run from {levels[0]} to {levels[-1]}.")
        else:
            self.bad("Data model", f"The data model as submitted in the data survey was not found after \"{m[0][:80]}\"; write it as a number from {levels[0]} to {levels[-1]}.")

    def _changed(self, text: str, c: re.Match[str], i: int, found: _DataModelFound) -> None:
        found.changed_seen = True
        self.changed_line = i + 1
        who = _CHANGED_AREA.match(text)
        if who and not found.area:
            found.area = who["area"].strip()
        answer = self._value_or_next(c["answer"].strip(), i)
        a = _ANSWER.match(answer)
        if not a:
            self.bad("Data model", "No yes or no answer was found to \"Do you think that the data model has changed since you submitted the data survey?\".")
            return
        if a["answer"].lower() == "not answered":
            return
        found.changed = a["answer"].lower() == "yes"
        if not found.changed:
            return
        now = _CURRENT_MODEL.search(answer[a.end():])
        if now and int(now[1]) in self.fw.data_model_levels:
            found.current = int(now[1])
        nxt = self._next_text(i, 2)
        if nxt and norm(nxt[1]).startswith("reason:"):
            found.reason = _after_colon(nxt[1])

    # -- the priorities ---------------------------------------------------------------

    def priorities(self, tail: range) -> tuple[PriorityChoice, ...]:
        chosen: dict[int, PriorityChoice] = {}
        self.declined: set[int] = set()  # slots the file says are "Not chosen"
        for i in tail:
            if self.lines[i].table:
                continue
            m = _PRIORITY.match(self.norm[i][:_LINE_LIMIT])
            if m:
                self._priority(m, i, chosen)
                continue
            m = _FURTHER.match(self.norm[i][:_LINE_LIMIT])
            if m:
                self._priority(m, i, chosen, further=True)
        required = self.fw.priority_rule.required
        none_chosen = not chosen and any(self.norm[i].rstrip(".") == _NONE_CHOSEN for i in tail)
        missing = [w for w, n in _ORDINALS.items() if n <= required and n not in chosen and n not in self.declined]
        if missing and not none_chosen:
            self.bad(
                "Priorities",
                f"{len(chosen)} of the {required} priority descriptors were found; missing: "
                + ", ".join(f"\"Descriptor {w}\"" for w in missing) + ".",
            )
        return tuple(chosen[k] for k in sorted(chosen))

    def _priority(self, m: re.Match[str], i: int, chosen: dict[int, PriorityChoice], further: bool = False) -> None:
        position = _ORDINALS.get(m["ord"]) or int(m["ord"])
        label = f"Descriptor {m['ord']}"
        if further:
            position += self.fw.priority_rule.required
            label = f"Further priority {m['ord']}"
        if m["rest"].strip().rstrip(".") == "not chosen":
            self.declined.add(position)
            return
        got = _ID.match(m["rest"].strip())
        if not got:
            self.bad("Priorities", f"{label}: no descriptor number was found (expected for example \"{label}: 7.3\").")
            return
        pid = next((d.id for d in self.fw.descriptors if d.id.lower() == got["id"].lower()), None)
        if pid is None:
            self.bad("Priorities", f"{label}: {got['id']} is not a descriptor of {self.fw.edition.title}.")
            return
        self.priority_lines[pid] = (*self.priority_lines.get(pid, ()), i + 1)
        if position in chosen:
            self.bad("Priorities", f"{label} appears more than once; the first is read.")
            return
        rationale = ""
        nxt = self._next_text(i, 2)
        if nxt and _RATIONALE.match(norm(nxt[1])):
            rationale = _after_colon(nxt[1])
        chosen[position] = PriorityChoice(pid, rationale)

    # -- the permissions --------------------------------------------------------------

    def _question_lines(self, tail: range) -> dict[str, int]:
        """Where each permission question is. Questions can share their opening words (two
        of the 2022 guide's share 120 characters): each is found by its whole wording first,
        then by its start among the lines no other question has claimed."""
        wanted = list(self.fw.permissions)
        found: dict[str, int] = {}
        for permission in wanted:
            q = norm(permission.question)
            where = next((i for i in tail if q and q in self.norm[i]), None)
            if where is not None:
                found[permission.key] = where
        for permission in wanted:
            if permission.key in found:
                continue
            start = norm(permission.question)[:60]
            claimed = set(found.values())
            where = next((i for i in tail if i not in claimed and start and start in self.norm[i]), None)
            if where is not None:
                found[permission.key] = where
        return found

    def permissions(self, tail: range) -> Permissions:
        found = self._question_lines(tail)
        values: dict[str, bool | None] = {}
        for permission in self.fw.permissions:
            short = (f"the permission to share with {_AUDIENCE[permission.key]} (\"{permission.question}\")"
                     if permission.key in _AUDIENCE else f"the permission \"{permission.question}\"")
            where = found.get(permission.key)
            if where is None:
                self.bad("Permissions", f"The question for {short} was not found.")
                values[permission.key] = None
                continue
            answered, values[permission.key] = self._answer(norm(permission.question), where)
            if not answered:
                self.bad("Permissions", f"No yes or no answer was found for {short}.")
        return Permissions(values)

    def _answer(self, q: str, where: int) -> tuple[bool, bool | None]:
        """Whether the question is answered (yes, no, or "Not answered" as the toolkit writes an
        unanswered one), and the answer."""
        n = self.norm[where]
        at = n.find(q)
        rest = n[at + len(q):] if at >= 0 else re.split(r"[:?]", n)[-1]
        a = _ANSWER.match(rest)
        if not a and not rest.strip(" :?.-"):
            nxt = self._next_text(where, 2)
            a = _ANSWER.match(norm(nxt[1])) if nxt else None
        if not a:
            return False, None
        if a["answer"].lower() == "not answered":
            return True, None
        return True, a["answer"].lower() == "yes"

    # -- the year and the area ----------------------------------------------------------

    def year(self, head: range, tail: range) -> int | None:
        for i in head:
            m = _YEAR_LINE.match(self.norm[i])
            if m and not self.lines[i].table:
                return int(m["year"])
        start = next((i for i in tail if self.norm[i].startswith("permission to share")), None)
        region: Iterable[int] = range(start, tail.stop) if start is not None else tail
        contexts = [norm(p.context)[:40] for p in self.fw.permissions if p.context]
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
