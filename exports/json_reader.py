"""Reading a return written in the project's JSON format (:mod:`exports.json_format`).

``from_json(data)`` reads the bytes back into a :class:`~app.domain.returns.Return`, so
that ``from_json(to_json(r)) == r`` for every valid return.

``from_json`` checks everything and raises :class:`~exports.problems.ImportProblems` with
one plain message per problem: not JSON or cut short, too large or too deeply nested, a
different format or a newer version, a missing or unknown field, a wrong type, a score off
the scale, a descriptor named twice; given a framework, also a different edition, unknown
descriptor ids and data models the edition does not have, and what every reader checks
(:mod:`exports.return_checks`: the forms' text limits, web links, a current data model where it
changed, each priority once). It never returns a half-read return. The field-by-field checks are :class:`exports.json_fields.FieldReader`'s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    RoundFigures,
    SignOff,
    WorkshopSummary,
)
from app.domain.workshops import MAX_ROUNDS
from exports.json_fields import FieldReader, clip, kind_of, nesting_depth, parse_json, show
from exports.json_format import FORMAT, MAX_ANSWERS, MAX_DEPTH, MAX_ITEMS, VERSION, YEAR_RANGE
from exports.json_plan import plan_from_json
from exports.problems import ImportProblems, Problem
from exports.return_checks import return_problems

__all__ = ["from_json"]

#: The 2022 edition's two narratives as version 1 of the format wrote them, still read.
_EARLIER_NARRATIVES = ("working_well", "prioritising_next")
#: The most narrative prompts an edition has (descriptors/schema.py).
_MOST_PROMPTS = 4


#: The permission keys every file of earlier versions carries (the 2022 guide's three).
LEGACY_PERMISSION_KEYS = ("dfe", "coordinators", "other_departments")
#: How an edition's permission key is written (descriptors/schema.py), at most 50 characters.
PERMISSION_KEY = re.compile(r"[a-z][a-z0-9_]{0,49}")


class _Reader(FieldReader):
    """Builds the return's parts from the checked fields."""

    def answer(self, value: Any, index: int) -> DescriptorAnswer | None:
        where = f"answers[{index}]"
        if isinstance(value, dict) and isinstance(value.get("descriptor"), str) and value["descriptor"].strip():
            where = clip(value["descriptor"])
        a = self.obj(value, where, "The answer", {"descriptor"},
                     {"score", "narratives", *_EARLIER_NARRATIVES, "evidence", "workshop"})
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
            narratives=self.narratives(a, where),
            evidence=tuple(evidence),
            workshop=workshop,
        )
        return result if descriptor_id is not None else None

    def narratives(self, a: Mapping[str, Any], where: str) -> dict[str, str]:
        """The answers to the prompts: "narratives" {prompt key: text}, or the 2022 edition's two
        fields of a file written in version 1 (an answer has one or the other). Whether each key
        is a prompt of the edition is checked with the return (exports/return_checks.py)."""
        earlier = {key: self.text(a, key, where) for key in _EARLIER_NARRATIVES if key in a}
        if "narratives" not in a:
            return earlier
        if earlier:
            self.bad(where, "The answer has \"narratives\" and also " + " and ".join(f'"{k}"' for k in earlier)
                     + ": give the text once, in \"narratives\"")
        given = self.obj(a["narratives"], where, "\"narratives\"", set(), set(a["narratives"])
                         if isinstance(a["narratives"], dict) else set())
        if given is None:
            return {}
        if len(given) > _MOST_PROMPTS:
            self.bad(where, f"\"narratives\" has {len(given)} answers; an edition asks at most {_MOST_PROMPTS}")
            return {}
        return {clip(key): self.text(given, key, where) for key in given}

    def descriptor_id(self, d: Mapping[str, Any], key: str, where: str) -> str | None:
        value = d.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 32:
            self.bad(where, f"\"{key}\" must be a descriptor id such as \"5.1\", not {show(value)}")
            return None
        if self.fw is not None and not self.fw.has_descriptor(value):
            self.bad(where, f"\"{clip(value)}\" is not a descriptor of {self.fw.edition.title} ({self.fw.edition.id})")
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
            self.bad(where, f"evidence item {index + 1}: \"kind\" must be one of {allowed}; not {show(kind_value)}")
            kind = EvidenceKind.OTHER
        return Evidence(
            description=self.text(e, "description", where),
            kind=kind,
            agency=self.text(e, "agency", where),
            dated=self.day(e, "dated", where),
            link=self.text(e, "link", where),
        )

    def workshop(self, value: Any, where: str) -> WorkshopSummary | None:
        fields = {"held_on", "median", "minimum", "maximum", "histogram", "dont_know", "agreed_score", "rationale", "by_group",
                  "rounds"}
        w = self.obj(value, where, "The workshop summary", {"title", "count"}, fields)
        if w is None:
            return None
        histogram = []
        for i, n in enumerate(self.items(w, "histogram", where, 101)):
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                self.bad(where, f"workshop histogram entry {i} must be a whole number from 0, not {show(n)}")
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
        rounds = []
        for i, item in enumerate(self.items(w, "rounds", where, MAX_ROUNDS)):
            r = self.obj(item, where, f"Workshop round {i + 1}", {"round", "count"}, {"median", "minimum", "maximum"})
            if r is not None:
                rounds.append(
                    RoundFigures(
                        number=self.whole(r, "round", where, 1, MAX_ROUNDS, nullable=False) or i + 1,
                        count=self.whole(r, "count", where, 0, None, nullable=False) or 0,
                        median=self.median(r, "median", where),
                        minimum=self.score(r, "minimum", where),
                        maximum=self.score(r, "maximum", where),
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
            rounds=tuple(rounds),
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
                self.bad(where, f"\"{key}\" must be a data model from {levels[0]} to {levels[-1]} or null, not {show(got)}")
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
        """The answers by permission key. With an edition, its own keys (and the 2022 guide's
        three, which files of earlier versions always carry) are read, and only its own kept;
        without one, any key written as an edition's keys are."""
        if self.fw is None:
            keys = {k for k in value if isinstance(k, str) and PERMISSION_KEY.fullmatch(k)} if isinstance(value, dict) else set()
        else:
            keys = {p.key for p in self.fw.permissions}
        p = self.obj(value, "Permissions", "The permissions", set(), keys | set(LEGACY_PERMISSION_KEYS))
        if p is None:
            return Permissions()
        answers = {key: self.flag(p, key, "Permissions") for key in p if key in keys or self.fw is None}
        return Permissions(answers)

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
        optional = {"local_authority", "data_model", "priorities", "permissions", "sign_off", "action_plan"}
        r = self.obj(root, "File", "The file", top, optional)
        if r is None:
            return None
        edition = self.text(r, "edition", "Edition")
        if "edition" in r and not edition.strip():
            self.bad("Edition", "\"edition\" must name the edition of the guide, such as \"ehsg-2022\"")
        elif self.fw is not None and edition and edition != self.fw.edition.id:
            self.bad(
                "Edition",
                f"This return is for edition \"{clip(edition)}\", but it is being imported into "
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
                self.bad(a.descriptor_id, f"{clip(a.descriptor_id)} is answered more than once; each descriptor may be answered once")
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
            action_plan=plan_from_json(self, r.get("action_plan")),
        )



def from_json(data: bytes | str, framework: Framework | None = None) -> Return:
    """Read a return written by :func:`to_json`.

    Raises :class:`~exports.problems.ImportProblems` listing every problem found. With a
    ``framework``, also checks that the return is for that edition, that every descriptor
    id is one of its descriptors, that scores lie on its scale and data models are among
    its levels, and makes the checks of :func:`exports.return_checks.return_problems`.
    """
    root = parse_json(data)
    if nesting_depth(root, MAX_DEPTH) > MAX_DEPTH:
        raise ImportProblems([Problem("File", f"The file is nested too deeply to be a return (more than {MAX_DEPTH} levels)")])
    if not isinstance(root, dict):
        raise ImportProblems([Problem("File", f"The file holds {kind_of(root)}, not a return (a JSON object with \"format\": \"{FORMAT}\")")])
    fmt, version = root.get("format"), root.get("version")
    if fmt != FORMAT:
        shown = "no \"format\" field" if fmt is None else f"the format {show(fmt)}"
        raise ImportProblems([Problem("File", f"This JSON file is not an Early Help System Guide return: it has {shown}, not \"{FORMAT}\"")])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportProblems([Problem("File", f"The file's \"version\" must be a whole number such as {VERSION}, not {show(version)}")])
    if version > VERSION:
        raise ImportProblems(
            [Problem("File", f"The file was written in version {version} of the return format, newer than this toolkit reads "
                     f"(version {VERSION}). Update the toolkit, or export the return again from the toolkit that made it.")]
        )  # fmt: skip
    if version < 1:
        raise ImportProblems([Problem("File", f"The file's \"version\" is {version}; versions start at 1")])
    reader = _Reader(framework)
    ret = reader.whole_return(root)
    if ret is not None and framework is not None:
        reader.problems += return_problems(ret, framework)
    if reader.problems or ret is None:
        raise ImportProblems(reader.problems, partial=None)
    return ret
