"""Every row a restore would write, checked as an import would check it, before anything is written.

Reading the file (:mod:`app.services.backup_file`) has already checked each value against its
column: its kind, a choice among the stored names, a text within the column's length, a
reference to a row of the same file. What is checked here is what the database cannot see:

- an assessment's edition is one this toolkit has loaded (app/frameworks.py), and its data
  models are levels of that edition; a signed-off assessment says when; a changed data model
  says what it is now (as the data model page asks);
- descriptor ids (of responses, priorities, workshop descriptors, the room's current one) are
  descriptors of that assessment's edition, and a permission's key one its edition asks;
- scores (a response's, a workshop's agreed score and its figures, a participant's answer) are on
  the edition's scale (:func:`app.domain.framework.validate_scores`), or empty ("not scored",
  "don't know");
- an open round has its closing day; a score agreed on participants' scores keeps its figures
  (median, lowest, highest);
- texts kept without a length in the database are within app/domain/limits.py; a response's
  narratives are a JSON object of its edition's prompt keys;
- rounds, positions and versions count from 1;
- an assessment has a response for each descriptor of its edition, and a workshop at least one
  descriptor, as the toolkit's own pages and imports make them;
- a partnership's rows point only at rows of the same partnership (people apart: a person may
  belong to several); a score agreed in a workshop, at that descriptor in a workshop of the
  same assessment; an answer, at someone who joined that workshop.

Every problem is found before the restore says no, each naming the table, the row's id, the
column, what is wrong and how to put it right. The scale, the descriptors and the data models
are the edition's; the other rules are the toolkit's own, for its data (the guide says nothing
of backups), each the rule its pages and services keep.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.data.backup import TableInfo
from app.domain import limits
from app.domain.framework import Framework, validate_scores
from app.domain.wording import plural
from app.services.backup_errors import BackupProblem
from app.services.backup_scope import PARTNERSHIP_TABLES, owners

#: Texts the database keeps without a length, and the most each may hold (app/domain/limits.py).
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("assessment", "data_model_change_reason"): limits.REASON,
    ("evidence_item", "description"): limits.EVIDENCE,
    ("priority_choice", "rationale"): limits.RATIONALE,
    ("workshop_descriptor", "agreed_rationale"): limits.RATIONALE,
    ("workshop_answer", "comment"): limits.COMMENT,
}
#: Whole numbers that count from 1.
COUNTS_FROM_ONE: dict[str, tuple[str, ...]] = {
    "descriptor_response": ("version",),
    "priority_choice": ("position",),
    "workshop_descriptor": ("position", "round", "agreed_round"),
    "workshop_answer": ("round",),
}
#: The most problems a refusal lists; the rest are counted.
SHOWN = 20
_FIX = "Correct it in the file, or restore a backup the toolkit made"


@dataclass
class _Rows:
    """The rows to restore, and what the checks look up in them."""

    frameworks: Mapping[str, Framework]
    rows: dict[str, list[dict]]
    problems: list[str] = field(default_factory=list)
    edition_of: dict[int, Framework | None] = field(default_factory=dict)  # assessment id → its edition
    assessment_of_workshop: dict[int, int] = field(default_factory=dict)
    workshop_of_descriptor: dict[int, int] = field(default_factory=dict)
    descriptors_of_workshop: dict[int, set[str]] = field(default_factory=dict)
    descriptor_of_entry: dict[int, str] = field(default_factory=dict)  # workshop descriptor id → descriptor id
    workshop_of_participant: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.edition_of = {a["id"]: self.frameworks.get(a["edition_id"]) for a in self.rows.get("assessment", [])}
        self.assessment_of_workshop = {w["id"]: w["assessment_id"] for w in self.rows.get("workshop", [])}
        for entry in self.rows.get("workshop_descriptor", []):
            self.workshop_of_descriptor[entry["id"]] = entry["workshop_id"]
            self.descriptors_of_workshop.setdefault(entry["workshop_id"], set()).add(entry["descriptor_id"])
            self.descriptor_of_entry[entry["id"]] = entry["descriptor_id"]
        self.workshop_of_participant = {p["id"]: p["workshop_id"] for p in self.rows.get("workshop_participant", [])}

    def bad(self, table: str, row: dict, column: str, message: str) -> None:
        self.problems.append(f"Table {table}, row id {row['id']}: {column} {message}")

    def edition_of_workshop(self, workshop_id: int) -> Framework | None:
        return self.edition_of.get(self.assessment_of_workshop.get(workshop_id, -1))


def check_rows(tables: list[TableInfo], rows: dict[str, list[dict]], every_row: dict[str, list[dict]],
               frameworks: Mapping[str, Framework]) -> None:
    """Check the rows to restore (``rows``, of the tables in ``tables``) before any is written.

    ``every_row`` is every row in the file (the same as ``rows`` for a whole restore), to name
    the partnership a wrong reference points into. BackupProblem lists what is wrong."""
    found = _Rows(frameworks, rows)
    for table, check in _CHECKS.items():
        for row in rows.get(table, []):
            check(found, row)
    _check_wholes(found)
    _check_lengths_and_counts(found)
    _check_partnerships(found, tables, every_row)
    if found.problems:
        shown = found.problems[:SHOWN]
        more = len(found.problems) - len(shown)
        raise BackupProblem(
            f"The backup's rows have {plural(len(found.problems), 'problem')} that an import would refuse, so "
            "none of them was written:\n- " + "\n- ".join(shown)
            + (f"\n- and {plural(more, 'more problem')}" if more else ""))


# --- Editions, descriptors and scores --------------------------------------------------


def _edition(found: _Rows, row: dict) -> None:
    guide = found.frameworks.get(row["edition_id"])
    if guide is None:
        known = ", ".join(sorted(found.frameworks)) or "none"
        found.bad("assessment", row, "edition_id", f'is "{row["edition_id"]}", an edition of the guide this toolkit '
                  f"does not have (it has {known}). Restore with DESCRIPTORS_DIR naming a folder that holds that "
                  "edition's file, or correct the edition in the file")
        return
    levels = guide.data_model_levels
    for column in ("data_model_submitted", "data_model_current"):
        if row[column] is not None and row[column] not in levels:
            found.bad("assessment", row, column, f"is {row[column]}, not a data model of {guide.edition.title} "
                      f"({levels[0]} to {levels[-1]}). Give a level from {levels[0]} to {levels[-1]}, or null")


def _descriptor(found: _Rows, table: str, row: dict, guide: Framework | None, column: str = "descriptor_id") -> None:
    value = row[column]
    if guide is not None and value is not None and not guide.has_descriptor(value):
        found.bad(table, row, column, f'is "{value}", not a descriptor of {guide.edition.title} (the assessment\'s '
                  f"edition, {guide.id}). {_FIX}")


def _score(found: _Rows, table: str, row: dict, guide: Framework | None, column: str, empty: str) -> None:
    """A score on the guide's scale, the one rule every score page follows."""
    if guide is None or row[column] is None:
        return
    key = row.get("descriptor_id")
    if not (isinstance(key, str) and guide.has_descriptor(key)):
        key = guide.descriptors[0].id  # validate_scores is keyed by descriptor: any of the edition's
    try:
        validate_scores(guide, {key: row[column]})
    except ValueError:
        low, high = guide.scale.minimum, guide.scale.maximum
        found.bad(table, row, column, f"is {row[column]}, not on the scale of {guide.edition.title} ({low} to "
                  f"{high}). Give a whole number from {low} to {high}, or null for {empty}")


def _response(found: _Rows, row: dict) -> None:
    guide = found.edition_of.get(row["assessment_id"])
    _descriptor(found, "descriptor_response", row, guide)
    _score(found, "descriptor_response", row, guide, "score", "not scored")
    _narratives(found, row, guide)
    entry = row["agreed_in_id"]
    if entry is None or entry not in found.workshop_of_descriptor:
        return  # none, or another partnership's (said below)
    if (found.assessment_of_workshop.get(found.workshop_of_descriptor[entry]) != row["assessment_id"]
            or found.descriptor_of_entry[entry] != row["descriptor_id"]):
        found.bad("descriptor_response", row, "agreed_in_id", f"is {entry}, a workshop_descriptor that is not "
                  f"this descriptor ({row['descriptor_id']}) in a workshop of this assessment. Give the one the "
                  f"score was agreed in, or null. {_FIX}")


def _narratives(found: _Rows, row: dict, guide: Framework | None) -> None:
    """A response's narratives: a JSON object of the edition's prompt keys, each within the limit."""
    try:
        answers = json.loads(row["narratives"] or "{}")
    except ValueError:
        answers = None
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        found.bad("descriptor_response", row, "narratives", 'is not a JSON object of prompt key to text '
                  f'(such as {{"working_well": "..."}}). {_FIX}')
        return
    if guide is not None:
        unknown = sorted(set(answers) - set(guide.prompt_keys))
        if unknown:
            found.bad("descriptor_response", row, "narratives", f"answers {', '.join(unknown)}, not a prompt of "
                      f"{guide.edition.title} ({', '.join(guide.prompt_keys)}). {_FIX}")
    for key, text in answers.items():
        if len(text) > limits.NARRATIVE:
            found.bad("descriptor_response", row, "narratives", f"{key} is {len(text):,} characters long; it must "
                      f"be {limits.NARRATIVE:,} characters or fewer, as on the toolkit's pages. Shorten it in the file")


def _priority(found: _Rows, row: dict) -> None:
    _descriptor(found, "priority_choice", row, found.edition_of.get(row["assessment_id"]))


def _permission(found: _Rows, row: dict) -> None:
    guide = found.edition_of.get(row["assessment_id"])
    keys = [] if guide is None else [p.key for p in guide.permissions]
    if guide is not None and row["key"] not in keys:
        found.bad("assessment_permission", row, "key", f'is "{row["key"]}", not a permission {guide.edition.title} '
                  f"asks. Give one of its keys ({', '.join(keys)}). {_FIX}")


def _workshop(found: _Rows, row: dict) -> None:
    if row["mode"] == "OPEN" and row["closes_on"] is None:
        found.bad("workshop", row, "closes_on", "is empty, but an open round closes on a day. Give the closing date "
                  f"(like 2026-03-27), or make the mode LIVE. {_FIX}")
    current = row["current_descriptor_id"]
    if current is not None and current not in found.descriptors_of_workshop.get(row["id"], set()):
        found.bad("workshop", row, "current_descriptor_id", f'is "{current}", not one of the workshop\'s '
                  f"descriptors. Give one of its descriptors, or null. {_FIX}")


def _workshop_descriptor(found: _Rows, row: dict) -> None:
    guide = found.edition_of_workshop(row["workshop_id"])
    _descriptor(found, "workshop_descriptor", row, guide)
    for column in ("agreed_score", "agreed_minimum", "agreed_maximum"):
        _score(found, "workshop_descriptor", row, guide, column, "not agreed")
    if row["agreed_count"] is not None and row["agreed_count"] > 0:
        for column in ("agreed_median", "agreed_minimum", "agreed_maximum"):
            if row[column] is None:
                found.bad("workshop_descriptor", row, column, f"is empty, but the score was agreed on "
                          f"{plural(row['agreed_count'], 'score')} (agreed_count). Give the figure, or make "
                          f"agreed_count 0. {_FIX}")
    median = row["agreed_median"]
    if guide is not None and median is not None and not guide.scale.minimum <= median <= guide.scale.maximum:
        low, high = guide.scale.minimum, guide.scale.maximum
        found.bad("workshop_descriptor", row, "agreed_median", f"is {median}, not on the scale of "
                  f"{guide.edition.title} ({low} to {high}). Give a number from {low} to {high}, or null")


def _answer(found: _Rows, row: dict) -> None:
    workshop_id = found.workshop_of_descriptor.get(row["workshop_descriptor_id"], -1)
    _score(found, "workshop_answer", row, found.edition_of_workshop(workshop_id), "score", "don't know")
    participant = row["participant_id"]
    if participant in found.workshop_of_participant and found.workshop_of_participant[participant] != workshop_id:
        found.bad("workshop_answer", row, "participant_id", f"is {participant}, someone who joined another "
                  f"workshop. Give one of this workshop's participants, or null. {_FIX}")


def _assessment(found: _Rows, row: dict) -> None:
    _edition(found, row)
    if row["status"] == "SIGNED_OFF" and row["signed_off_at"] is None:
        found.bad("assessment", row, "signed_off_at", "is empty, but the assessment is signed off. Give the date and "
                  f"time it was signed off, or make its status IN_PROGRESS. {_FIX}")
    if row["data_model_changed"] and row["data_model_current"] is None:
        found.bad("assessment", row, "data_model_current", "is empty, but data_model_changed says the data model has "
                  f"changed: give the current data model, or make data_model_changed false. {_FIX}")


_CHECKS: dict[str, Callable[[_Rows, dict], None]] = {
    "assessment": _assessment,
    "descriptor_response": _response,
    "priority_choice": _priority,
    "assessment_permission": _permission,
    "workshop": _workshop,
    "workshop_descriptor": _workshop_descriptor,
    "workshop_answer": _answer,
}


# --- Wholes, lengths, counts and partnerships -------------------------------------------


def _check_wholes(found: _Rows) -> None:
    """An assessment has a response for each descriptor of its edition (as an import or a new
    assessment makes them), and a workshop at least one descriptor (as setting one up asks)."""
    answered: dict[int, set[str]] = {}
    for response in found.rows.get("descriptor_response", []):
        answered.setdefault(response["assessment_id"], set()).add(response["descriptor_id"])
    for row in found.rows.get("assessment", []):
        guide = found.edition_of.get(row["id"])
        missing = [d.id for d in guide.descriptors if d.id not in answered.get(row["id"], set())] if guide else []
        if missing:
            found.bad("assessment", row, "has", f"no descriptor_response for {', '.join(missing)}: an assessment has "
                      f"one for each descriptor of its edition. Add them (score null for not scored). {_FIX}")
    for row in found.rows.get("workshop", []):
        if not found.descriptors_of_workshop.get(row["id"]):
            found.bad("workshop", row, "has", f"no workshop_descriptor: a workshop covers at least one descriptor. "
                      f"{_FIX}")


def _check_lengths_and_counts(found: _Rows) -> None:
    for (table, column), limit in TEXT_LIMITS.items():
        for row in found.rows.get(table, []):
            length = len(row[column] or "")
            if length > limit:
                found.bad(table, row, column, f"is {length:,} characters long; it must be {limit:,} characters or "
                          "fewer, as on the toolkit's pages. Shorten it in the file")
    for table, columns in COUNTS_FROM_ONE.items():
        for row in found.rows.get(table, []):
            for column in columns:
                if row[column] is not None and row[column] < 1:
                    found.bad(table, row, column, f"is {row[column]}; it counts from 1. {_FIX}")


def _check_partnerships(found: _Rows, tables: list[TableInfo], every_row: dict[str, list[dict]]) -> None:
    """A partnership's row may point only at a row of the same partnership."""
    owner = owners(tables, every_row)
    names = {p["id"]: p["name"] for p in every_row.get("partnership", [])}
    for info in tables:
        if info.name not in PARTNERSHIP_TABLES or info.name not in found.rows:
            continue
        for column in info.columns:
            target = column.references
            if target is None or target not in PARTNERSHIP_TABLES:
                continue
            for row in found.rows[info.name]:
                value = row[column.name]
                theirs = owner.get(target, {}).get(value) if value is not None else None
                if value is not None and theirs != owner.get(info.name, {}).get(row["id"]):
                    found.bad(info.name, row, column.name, f"is {value}, a {target} of another partnership "
                              f"({names.get(theirs, 'none')}). A partnership's rows point only at its own. {_FIX}")
