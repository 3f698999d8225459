"""The project's own file format for a return: JSON, lossless, versioned.

``to_json(ret)`` writes a :class:`~app.domain.returns.Return` as UTF-8 JSON;
``from_json(data)`` reads it back, so that ``from_json(to_json(r)) == r`` for every valid
return. The format is described by ``return.schema.json`` (JSON Schema, draft 2020-12)
beside this module and in ``README.md``.

``from_json`` checks everything and raises :class:`~exports.problems.ImportProblems` with
one plain message per problem: not JSON or cut short, too large or too deeply nested, a
different format or a newer version, a missing or unknown field, a wrong type, a score off
the scale, a descriptor named twice; given a framework, also a different edition, unknown
descriptor ids and data models the edition does not have. It never returns a half-read
return.

A valid return: text fields are strings (any Unicode, including control characters and
emoji), scores and workshop minimum/maximum/agreed scores are whole numbers on the 0-5
scale (the framework's scale when one is given) or null, counts are whole numbers from 0,
medians are finite numbers from 0 to 5 or null, the year is a whole number from 1900 to
2200 or null, data models are whole numbers from 1 to 9 (the framework's levels when one
is given) or null, each descriptor is answered at most once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from app.domain.framework import Framework
from app.domain.returns import (
    DataModelStatement,
    DescriptorAnswer,
    Evidence,
    EvidenceKind,
    GroupFigures,
    Permissions,
    PriorityChoice,
    Return,
    SignOff,
    WorkshopSummary,
)
from exports.problems import ImportProblems, Problem

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "VERSION",
    "from_json",
    "return_to_dict",
    "to_json",
]

#: The value of the ``format`` field: what kind of file this is.
FORMAT = "ehsg-return"
#: The value of the ``version`` field this toolkit writes and reads.
VERSION = 1
#: The largest file ``from_json`` reads.
MAX_BYTES = 10 * 1024 * 1024
#: The deepest nesting ``from_json`` accepts (the format itself needs 6).
MAX_DEPTH = 16
#: Upper bounds on list lengths, far above any real return.
MAX_ANSWERS = 500
MAX_ITEMS = 2000
YEAR_RANGE = (1900, 2200)
DEFAULT_SCORE_RANGE = (0, 5)
DEFAULT_DATA_MODELS = range(1, 10)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _date(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def return_to_dict(ret: Return) -> dict[str, Any]:
    """The return as the format's JSON object (plain dicts, lists, strings and numbers)."""
    dm = ret.data_model
    return {
        "format": FORMAT,
        "version": VERSION,
        "area": ret.area,
        "local_authority": ret.local_authority,
        "year": ret.year,
        "edition": ret.edition_id,
        "answers": [
            {
                "descriptor": a.descriptor_id,
                "score": a.score,
                "working_well": a.working_well,
                "prioritising_next": a.prioritising_next,
                "evidence": [
                    {
                        "description": e.description,
                        "kind": EvidenceKind(e.kind).value,
                        "agency": e.agency,
                        "dated": _date(e.dated),
                        "link": e.link,
                    }
                    for e in a.evidence
                ],
                "workshop": None if a.workshop is None else _workshop_to_dict(a.workshop),
            }
            for a in ret.answers
        ],
        "data_model": {
            "submitted": dm.submitted,
            "survey_date": _date(dm.survey_date),
            "changed": dm.changed,
            "current": dm.current,
            "change_reason": dm.change_reason,
        },
        "priorities": [{"descriptor": p.descriptor_id, "rationale": p.rationale} for p in ret.priorities],
        "permissions": {
            "dfe": ret.permissions.dfe,
            "coordinators": ret.permissions.coordinators,
            "other_departments": ret.permissions.other_departments,
        },
        "sign_off": None
        if ret.sign_off is None
        else {"signed_off_by": ret.sign_off.signed_off_by, "signed_off_at": ret.sign_off.signed_off_at.isoformat()},
    }


def _workshop_to_dict(w: WorkshopSummary) -> dict[str, Any]:
    return {
        "title": w.workshop_title,
        "held_on": _date(w.held_on),
        "count": w.count,
        "median": None if w.median is None else float(w.median),
        "minimum": w.minimum,
        "maximum": w.maximum,
        "histogram": list(w.histogram),
        "dont_know": w.dont_know,
        "agreed_score": w.agreed_score,
        "rationale": w.rationale,
        "by_group": [
            {
                "group": g.group,
                "count": g.count,
                "median": None if g.median is None else float(g.median),
                "minimum": g.minimum,
                "maximum": g.maximum,
            }
            for g in w.by_group
        ],
    }


def to_json(ret: Return) -> bytes:
    """The return as UTF-8 JSON bytes (indented, keys in a fixed order, ending in a newline).

    Non-ASCII text is written as itself; only text that UTF-8 cannot carry (lone surrogate
    code points) makes the whole file fall back to ``\\u`` escapes, so nothing is lost.
    Raises ValueError for a median that is not a finite number.
    """
    obj = return_to_dict(ret)
    try:
        return (json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj, ensure_ascii=True, indent=2, allow_nan=False) + "\n").encode("ascii")


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


class _Reader:
    """Walks the parsed JSON, collecting a problem for everything wrong."""

    def __init__(self, framework: Framework | None) -> None:
        self.fw = framework
        self.problems: list[Problem] = []
        if framework is not None:
            self.score_range = (framework.scale.minimum, framework.scale.maximum)
            self.models: Any = framework.data_model_levels
        else:
            self.score_range = DEFAULT_SCORE_RANGE
            self.models = DEFAULT_DATA_MODELS

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # -- fields ---------------------------------------------------------------------

    def obj(self, value: Any, where: str, what: str, required: set[str], optional: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(where, f"{what} must be a JSON object ({{...}}), not {_kind(value)}")
            return None
        for key in sorted(required - value.keys()):
            self.bad(where, f"{what} has no \"{key}\" field")
        for key in sorted(value.keys() - required - optional):
            self.bad(where, f"{what} has a field this format does not have: \"{_clip(key)}\"")
        return value

    def text(self, d: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
        value = d.get(key, default)
        if not isinstance(value, str):
            self.bad(where, f"\"{key}\" must be text, not {_kind(value)}")
            return default
        return value

    def whole(self, d: Mapping[str, Any], key: str, where: str, low: int, high: int | None, nullable: bool, what: str = "a whole number") -> int | None:
        value = d.get(key)
        if value is None:
            if not nullable and key in d:
                self.bad(where, f"\"{key}\" must be {what}, not null")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.bad(where, f"\"{key}\" must be {what}" + (f" from {low} to {high}" if high is not None else f" from {low}") + f", not {_show(value)}")
                return None
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.bad(where, f"\"{key}\" must be {what} {span}, not {value}")
            return None
        return value

    def score(self, d: Mapping[str, Any], key: str, where: str) -> int | None:
        low, high = self.score_range
        return self.whole(d, key, where, low, high, nullable=True, what="a score: a whole number")

    def median(self, d: Mapping[str, Any], key: str, where: str) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        low, high = self.score_range
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
            self.bad(where, f"\"{key}\" must be a number from {low} to {high} or null, not {_show(value)}")
            return None
        return float(value)

    def flag(self, d: Mapping[str, Any], key: str, where: str) -> bool | None:
        value = d.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.bad(where, f"\"{key}\" must be true, false or null, not {_show(value)}")
        return None

    def day(self, d: Mapping[str, Any], key: str, where: str) -> date | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.bad(where, f"\"{key}\" must be a date written YYYY-MM-DD, or null, not {_show(value)}")
        return None

    def moment(self, d: Mapping[str, Any], key: str, where: str) -> datetime | None:
        value = d.get(key)
        if isinstance(value, str) and len(value) <= 64:
            try:
                return _parse_datetime(value)
            except ValueError:
                pass
        self.bad(where, f"\"{key}\" must be a date and time in ISO 8601 form (for example 2022-07-12T10:30:00+01:00), not {_show(value)}")
        return None

    def items(self, d: Mapping[str, Any], key: str, where: str, limit: int) -> list[Any]:
        value = d.get(key, [])
        if not isinstance(value, list):
            self.bad(where, f"\"{key}\" must be a list ([...]), not {_kind(value)}")
            return []
        if len(value) > limit:
            self.bad(where, f"\"{key}\" has {len(value)} entries; at most {limit} are allowed")
            return []
        return value

    # -- parts ----------------------------------------------------------------------

    def answer(self, value: Any, index: int) -> DescriptorAnswer | None:
        where = f"answers[{index}]"
        if isinstance(value, dict) and isinstance(value.get("descriptor"), str) and value["descriptor"].strip():
            where = _clip(value["descriptor"])
        a = self.obj(value, where, "The answer", {"descriptor"}, {"score", "working_well", "prioritising_next", "evidence", "workshop"})
        if a is None:
            return None
        descriptor_id = self.descriptor_id(a, "descriptor", where)
        evidence = []
        for j, item in enumerate(self.items(a, "evidence", where, MAX_ITEMS)):
            e = self.evidence(item, f"{where}", j)
            if e is not None:
                evidence.append(e)
        workshop = None if a.get("workshop") is None else self.workshop(a["workshop"], where)
        result = DescriptorAnswer(
            descriptor_id=descriptor_id or "",
            score=self.score(a, "score", where),
            working_well=self.text(a, "working_well", where),
            prioritising_next=self.text(a, "prioritising_next", where),
            evidence=tuple(evidence),
            workshop=workshop,
        )
        return result if descriptor_id is not None else None

    def descriptor_id(self, d: Mapping[str, Any], key: str, where: str) -> str | None:
        value = d.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 32:
            self.bad(where, f"\"{key}\" must be a descriptor id such as \"5.1\", not {_show(value)}")
            return None
        if self.fw is not None and not self.fw.has_descriptor(value):
            self.bad(where, f"\"{_clip(value)}\" is not a descriptor of {self.fw.edition.title} ({self.fw.edition.id})")
            return None
        return value

    def evidence(self, value: Any, where: str, index: int) -> Evidence | None:
        e = self.obj(value, where, f"Evidence item {index + 1}", {"description"}, {"kind", "agency", "dated", "link"})
        if e is None:
            return None
        kind_value = e.get("kind", EvidenceKind.OTHER.value)
        try:
            kind = EvidenceKind(kind_value)
        except ValueError:
            allowed = ", ".join(k.value for k in EvidenceKind)
            self.bad(where, f"evidence item {index + 1}: \"kind\" must be one of {allowed}; not {_show(kind_value)}")
            kind = EvidenceKind.OTHER
        return Evidence(
            description=self.text(e, "description", where),
            kind=kind,
            agency=self.text(e, "agency", where),
            dated=self.day(e, "dated", where),
            link=self.text(e, "link", where),
        )

    def workshop(self, value: Any, where: str) -> WorkshopSummary | None:
        fields = {"held_on", "median", "minimum", "maximum", "histogram", "dont_know", "agreed_score", "rationale", "by_group"}
        w = self.obj(value, where, "The workshop summary", {"title", "count"}, fields)
        if w is None:
            return None
        histogram = []
        for i, n in enumerate(self.items(w, "histogram", where, 101)):
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                self.bad(where, f"workshop histogram entry {i} must be a whole number from 0, not {_show(n)}")
            else:
                histogram.append(n)
        groups = []
        for i, item in enumerate(self.items(w, "by_group", where, MAX_ITEMS)):
            g = self.obj(item, where, f"Workshop group {i + 1}", {"group", "count"}, {"median", "minimum", "maximum"})
            if g is not None:
                groups.append(
                    GroupFigures(
                        group=self.text(g, "group", where),
                        count=self.whole(g, "count", where, 0, None, nullable=False) or 0,
                        median=self.median(g, "median", where),
                        minimum=self.score(g, "minimum", where),
                        maximum=self.score(g, "maximum", where),
                    )
                )
        return WorkshopSummary(
            workshop_title=self.text(w, "title", where),
            held_on=self.day(w, "held_on", where),
            count=self.whole(w, "count", where, 0, None, nullable=False) or 0,
            median=self.median(w, "median", where),
            minimum=self.score(w, "minimum", where),
            maximum=self.score(w, "maximum", where),
            histogram=tuple(histogram),
            dont_know=self.whole(w, "dont_know", where, 0, None, nullable=False) or 0,
            agreed_score=self.score(w, "agreed_score", where),
            rationale=self.text(w, "rationale", where),
            by_group=tuple(groups),
        )

    def data_model(self, value: Any) -> DataModelStatement:
        where = "Data model"
        dm = self.obj(value, where, "The data model", set(), {"submitted", "survey_date", "changed", "current", "change_reason"})
        if dm is None:
            return DataModelStatement()

        def level(key: str) -> int | None:
            got = dm.get(key)
            if got is None:
                return None
            if isinstance(got, bool) or not isinstance(got, int) or got not in self.models:
                levels = list(self.models)
                self.bad(where, f"\"{key}\" must be a data model from {levels[0]} to {levels[-1]} or null, not {_show(got)}")
                return None
            return got

        return DataModelStatement(
            submitted=level("submitted"),
            survey_date=self.day(dm, "survey_date", where),
            changed=self.flag(dm, "changed", where),
            current=level("current"),
            change_reason=self.text(dm, "change_reason", where),
        )

    def priorities(self, values: list[Any]) -> tuple[PriorityChoice, ...]:
        out = []
        for i, value in enumerate(values):
            p = self.obj(value, "Priorities", f"Priority {i + 1}", {"descriptor"}, {"rationale"})
            if p is None:
                continue
            descriptor_id = self.descriptor_id(p, "descriptor", "Priorities")
            if descriptor_id is not None:
                out.append(PriorityChoice(descriptor_id, self.text(p, "rationale", "Priorities")))
        return tuple(out)

    def permissions(self, value: Any) -> Permissions:
        p = self.obj(value, "Permissions", "The permissions", set(), {"dfe", "coordinators", "other_departments"})
        if p is None:
            return Permissions()
        return Permissions(
            dfe=self.flag(p, "dfe", "Permissions"),
            coordinators=self.flag(p, "coordinators", "Permissions"),
            other_departments=self.flag(p, "other_departments", "Permissions"),
        )

    def sign_off(self, value: Any) -> SignOff | None:
        if value is None:
            return None
        s = self.obj(value, "Sign-off", "The sign-off", {"signed_off_by", "signed_off_at"}, set())
        if s is None:
            return None
        when = self.moment(s, "signed_off_at", "Sign-off")
        who = self.text(s, "signed_off_by", "Sign-off")
        return SignOff(who, when) if when is not None else None

    def whole_return(self, root: Any) -> Return | None:
        top = {"format", "version", "area", "year", "edition", "answers"}
        optional = {"local_authority", "data_model", "priorities", "permissions", "sign_off"}
        r = self.obj(root, "File", "The file", top, optional)
        if r is None:
            return None
        edition = self.text(r, "edition", "Edition")
        if "edition" in r and not edition.strip():
            self.bad("Edition", "\"edition\" must name the edition of the guide, such as \"ehsg-2022\"")
        elif self.fw is not None and edition and edition != self.fw.edition.id:
            self.bad(
                "Edition",
                f"This return is for edition \"{_clip(edition)}\", but it is being imported into "
                f"{self.fw.edition.title} ({self.fw.edition.id}); import it into that edition instead",
            )
        year_value = r.get("year")
        year = None
        if year_value is not None:
            year = self.whole(r, "year", "Year", YEAR_RANGE[0], YEAR_RANGE[1], nullable=True, what="a year: a whole number")
        answers = []
        seen: set[str] = set()
        for i, value in enumerate(self.items(r, "answers", "Answers", MAX_ANSWERS)):
            a = self.answer(value, i)
            if a is None:
                continue
            if a.descriptor_id in seen:
                self.bad(a.descriptor_id, f"{_clip(a.descriptor_id)} is answered more than once; each descriptor may be answered once")
                continue
            seen.add(a.descriptor_id)
            answers.append(a)
        return Return(
            area=self.text(r, "area", "Area"),
            year=year,
            edition_id=edition,
            answers=tuple(answers),
            data_model=self.data_model(r.get("data_model", {})),
            priorities=self.priorities(self.items(r, "priorities", "Priorities", MAX_ITEMS)),
            permissions=self.permissions(r.get("permissions", {})),
            sign_off=self.sign_off(r.get("sign_off")),
            local_authority=self.text(r, "local_authority", "Area"),
        )


_OFFSET = re.compile(r"^(?P<local>.+?)(?:(?P<utc>Z)|(?P<sign>[+-])(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d)(?:\.(?P<us>\d{6}))?)?)$")


def _parse_datetime(text: str) -> datetime:
    """ISO 8601 date and time as ``datetime.isoformat`` writes it. Python 3.11's
    ``fromisoformat`` drops the microseconds of a UTC offset, so the offset is read here."""
    m = _OFFSET.match(text)
    if not m or "T" not in m["local"] and " " not in m["local"]:
        return datetime.fromisoformat(text)
    local = datetime.fromisoformat(m["local"])
    if local.tzinfo is not None:
        raise ValueError("two time zones")
    if m["utc"]:
        return local.replace(tzinfo=UTC)
    offset = timedelta(hours=int(m["h"]), minutes=int(m["m"]), seconds=int(m["s"] or 0), microseconds=int(m["us"] or 0))
    return local.replace(tzinfo=timezone(-offset if m["sign"] == "-" else offset))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _clip(text: str, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"\"{_clip(value)}\""
    if isinstance(value, (bool, int, float)) or value is None:
        return json.dumps(value)
    return _kind(value)


def _depth(value: Any, limit: int) -> int:
    """The nesting depth of parsed JSON, counting no further than ``limit + 1``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _parse(data: bytes | str) -> Any:
    """Parse the bytes as JSON or raise ImportProblems saying, in words, what is wrong."""
    def fail(message: str) -> ImportProblems:
        return ImportProblems([Problem("File", message)])

    if len(data) > MAX_BYTES:
        raise fail(f"The file is {len(data) / 1024 / 1024:.1f} MB; the largest return file the toolkit reads is {MAX_BYTES // 1024 // 1024} MB")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(f"The file is not UTF-8 text (a byte at position {exc.start} cannot be read), so it is not a return saved by the toolkit") from None
    else:
        text = data
    if not text.strip():
        raise fail("The file is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or "Unterminated string" in exc.msg:
            raise fail(
                "The file ends before the return does: it looks cut short (for example by an interrupted "
                "download or copy). Export the return again."
            ) from None
        raise fail(f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise fail(f"The file is nested too deeply to be a return (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # NaN/Infinity, integers with too many digits
        raise fail(f"The file holds a number this format does not allow: {exc}") from None


def from_json(data: bytes | str, framework: Framework | None = None) -> Return:
    """Read a return written by :func:`to_json`.

    Raises :class:`~exports.problems.ImportProblems` listing every problem found. With a
    ``framework``, also checks that the return is for that edition, that every descriptor
    id is one of its descriptors, that scores lie on its scale and data models are among
    its levels.
    """
    root = _parse(data)
    if _depth(root, MAX_DEPTH) > MAX_DEPTH:
        raise ImportProblems([Problem("File", f"The file is nested too deeply to be a return (more than {MAX_DEPTH} levels)")])
    if not isinstance(root, dict):
        raise ImportProblems([Problem("File", f"The file holds {_kind(root)}, not a return (a JSON object with \"format\": \"{FORMAT}\")")])
    fmt, version = root.get("format"), root.get("version")
    if fmt != FORMAT:
        shown = "no \"format\" field" if fmt is None else f"the format {_show(fmt)}"
        raise ImportProblems([Problem("File", f"This JSON file is not an Early Help System Guide return: it has {shown}, not \"{FORMAT}\"")])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportProblems([Problem("File", f"The file's \"version\" must be a whole number such as {VERSION}, not {_show(version)}")])
    if version > VERSION:
        raise ImportProblems(
            [Problem("File", f"The file was written in version {version} of the return format, newer than this toolkit reads "
                     f"(version {VERSION}). Update the toolkit, or export the return again from the toolkit that made it.")]
        )  # fmt: skip
    if version < 1:
        raise ImportProblems([Problem("File", f"The file's \"version\" is {version}; versions start at 1")])
    reader = _Reader(framework)
    ret = reader.whole_return(root)
    if reader.problems or ret is None:
        raise ImportProblems(reader.problems, partial=None)
    return ret


