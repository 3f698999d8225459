"""The return format's reading, field by field: the bytes parsed as JSON with every way they
can fail put in words, and :class:`FieldReader`, which checks one field of an object at a
time (text, whole numbers, scores, medians, true/false, dates, lists) and collects a
:class:`~exports.problems.Problem` for each one that is wrong. :mod:`exports.json_reader`
builds the return's parts from these."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from app.domain.framework import Framework
from exports.json_format import DEFAULT_DATA_MODELS, DEFAULT_SCORE_RANGE, MAX_BYTES, MAX_DEPTH
from exports.problems import ImportProblems, Problem

__all__ = ["FieldReader", "clip", "kind_of", "nesting_depth", "parse_datetime", "parse_json", "show"]


class FieldReader:
    """Checks the fields of the parsed JSON, collecting a problem for everything wrong."""

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

    def obj(self, value: Any, where: str, what: str, required: set[str], optional: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(where, f"{what} must be a JSON object ({{...}}), not {kind_of(value)}")
            return None
        for key in sorted(required - value.keys()):
            self.bad(where, f"{what} has no \"{key}\" field")
        for key in sorted(value.keys() - required - optional):
            self.bad(where, f"{what} has a field this format does not have: \"{clip(key)}\"")
        return value

    def text(self, d: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
        value = d.get(key, default)
        if not isinstance(value, str):
            self.bad(where, f"\"{key}\" must be text, not {kind_of(value)}")
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
                self.bad(where, f"\"{key}\" must be {what}" + (f" from {low} to {high}" if high is not None else f" from {low}") + f", not {show(value)}")
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
            self.bad(where, f"\"{key}\" must be a number from {low} to {high} or null, not {show(value)}")
            return None
        return float(value)

    def flag(self, d: Mapping[str, Any], key: str, where: str) -> bool | None:
        value = d.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.bad(where, f"\"{key}\" must be true, false or null, not {show(value)}")
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
        self.bad(where, f"\"{key}\" must be a date written YYYY-MM-DD, or null, not {show(value)}")
        return None

    def moment(self, d: Mapping[str, Any], key: str, where: str) -> datetime | None:
        value = d.get(key)
        if isinstance(value, str) and len(value) <= 64:
            try:
                return parse_datetime(value)
            except ValueError:
                pass
        self.bad(where, f"\"{key}\" must be a date and time in ISO 8601 form (for example 2022-07-12T10:30:00+01:00), not {show(value)}")
        return None

    def items(self, d: Mapping[str, Any], key: str, where: str, limit: int) -> list[Any]:
        value = d.get(key, [])
        if not isinstance(value, list):
            self.bad(where, f"\"{key}\" must be a list ([...]), not {kind_of(value)}")
            return []
        if len(value) > limit:
            self.bad(where, f"\"{key}\" has {len(value)} entries; at most {limit} are allowed")
            return []
        return value



_OFFSET = re.compile(r"^(?P<local>.+?)(?:(?P<utc>Z)|(?P<sign>[+-])(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d)(?:\.(?P<us>\d{6}))?)?)$")


def parse_datetime(text: str) -> datetime:
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


def kind_of(value: Any) -> str:
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


def clip(text: str, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(value: Any) -> str:
    if isinstance(value, str):
        return f"\"{clip(value)}\""
    if isinstance(value, (bool, int, float)) or value is None:
        return json.dumps(value)
    return kind_of(value)


def nesting_depth(value: Any, limit: int) -> int:
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


def parse_json(data: bytes | str) -> Any:
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
