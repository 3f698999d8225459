"""The action plan's part of the toolkit's JSON (``"action_plan"``, issue 15): written beside the
return's own parts when the year has a plan, and read back with them.

The plan is the partnership's own: it is in the JSON download and re-imported with the rest,
never in the return sent to the department. Checked like the rest of the file: every problem
named, nothing half-read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain import limits
from app.domain.plans import ACTION_TITLE, DONE_LOOKS_LIKE, NOTE, ActionPlan, ActionRecord, NoteRecord, Status
from exports.json_fields import FieldReader, clip, show

__all__ = ["plan_from_json", "plan_to_dict"]

WHERE = "Action plan"
MAX_ACTIONS = 500
MAX_NOTES = 500


def plan_to_dict(plan: ActionPlan) -> dict[str, Any]:
    return {
        "actions": [
            {
                "descriptor": a.descriptor_id,
                "title": a.title,
                "done_looks_like": a.done_looks_like,
                "owner": {"email": a.owner_email, "name": a.owner_name, "organisation": a.owner_organisation,
                          "contact": a.owner_contact},
                "due": a.due.isoformat() if a.due else None,
                "status": a.status.value,
                "notes": [{"at": n.at.isoformat(), "by": n.by, "text": n.text, "mid_year": n.mid_year} for n in a.notes],
            }
            for a in plan.actions
        ],
        "mid_year_scores": {descriptor_id: score for descriptor_id, score in plan.mid_year_scores},
    }


def _limited(reader: FieldReader, d: Mapping[str, Any], key: str, where: str, what: str, limit: int) -> str:
    value = reader.text(d, key, where)
    if len(value) > limit:
        reader.bad(where, f"{what} must be {limit:,} characters or fewer; it is {len(value):,}")
    return value


def _note(reader: FieldReader, value: Any, where: str) -> NoteRecord | None:
    n = reader.obj(value, where, "A progress note", {"at", "text"}, {"by", "mid_year"})
    if n is None:
        return None
    at = reader.moment(n, "at", where)
    text = _limited(reader, n, "text", where, "A progress note", NOTE)
    by = _limited(reader, n, "by", where, "Who wrote a progress note", limits.NAME)
    mid_year = reader.flag(n, "mid_year", where)
    return None if at is None else NoteRecord(at, by, text, bool(mid_year))


def _status(reader: FieldReader, d: Mapping[str, Any], where: str) -> Status:
    value = d.get("status", Status.NOT_STARTED.value)
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(f'"{s.value}"' for s in Status)
        reader.bad(where, f"\"status\" must be one of {choices}, not {show(value)}")
        return Status.NOT_STARTED


def _action(reader: FieldReader, value: Any, index: int) -> ActionRecord | None:
    where = f"{WHERE}, action {index + 1}"
    a = reader.obj(value, where, "An action", {"descriptor", "title"},
                   {"done_looks_like", "owner", "due", "status", "notes"})
    if a is None:
        return None
    descriptor_id = reader.descriptor_id(a, "descriptor", where)  # type: ignore[attr-defined]
    title = _limited(reader, a, "title", where, "An action's title", ACTION_TITLE)
    if not title.strip():
        reader.bad(where, "An action must have a title")
    owner = reader.obj(a.get("owner", {}), where, "An action's owner", set(),
                       {"email", "name", "organisation", "contact"}) or {}
    notes = tuple(n for i, v in enumerate(reader.items(a, "notes", where, MAX_NOTES))
                  if (n := _note(reader, v, f"{where}, note {i + 1}")) is not None)
    if descriptor_id is None:
        return None
    return ActionRecord(
        descriptor_id=descriptor_id, title=title,
        done_looks_like=_limited(reader, a, "done_looks_like", where, "What done looks like", DONE_LOOKS_LIKE),
        owner_email=_limited(reader, owner, "email", where, "An owner's email address", limits.EMAIL),
        owner_name=_limited(reader, owner, "name", where, "An owner's name", limits.NAME),
        owner_organisation=_limited(reader, owner, "organisation", where, "An owner's organisation", limits.NAME),
        owner_contact=_limited(reader, owner, "contact", where, "An owner's contact", limits.NAME),
        due=reader.day(a, "due", where), status=_status(reader, a, where), notes=notes)


def plan_from_json(reader: FieldReader, value: Any) -> ActionPlan | None:
    """The plan of a file's ``"action_plan"`` (None when the file has none)."""
    if value is None:
        return None
    p = reader.obj(value, WHERE, "The action plan", set(), {"actions", "mid_year_scores"})
    if p is None:
        return None
    actions = tuple(a for i, v in enumerate(reader.items(p, "actions", WHERE, MAX_ACTIONS))
                    if (a := _action(reader, v, i)) is not None)
    scores = p.get("mid_year_scores", {})
    if not isinstance(scores, dict):
        reader.bad(WHERE, "\"mid_year_scores\" must be a JSON object of descriptor and score")
        scores = {}
    rescored = []
    for key in scores:
        where = f"{WHERE}, mid-year score of {clip(str(key))}"
        descriptor_id = reader.descriptor_id({"descriptor": key}, "descriptor", where)  # type: ignore[attr-defined]
        score = reader.score(scores, key, where)
        if descriptor_id is not None and score is not None:
            rescored.append((descriptor_id, score))
    return ActionPlan(actions, tuple(rescored))
