"""Action plans for the priorities (issue 15): the rules, pure Python.

For each priority descriptor, and any other descriptor a coordinator or strategic lead adds,
the partnership keeps actions: a title, what done looks like, an owner (a member of the team,
or a named partner organisation and contact), a due date, a status and dated progress notes.

This module holds what does not need a database:

- the statuses and their labels (:class:`Status`);
- the plan's order, at risk and overdue first (:func:`plan_order`);
- turning a descriptor's "What are you prioritising next?" text into draft action titles, one
  per paragraph or bullet (:func:`draft_titles`);
- who may change what (:func:`may_shape_plan`, :func:`may_update_action`).

The guide asks what the partnership is prioritising next but says nothing of action plans:
the statuses, the order and the drafting are the toolkit's own, and the pages say so.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.access import Action, may
from app.domain.roles import Role
from app.domain.text import clean_text

__all__ = [
    "ACTION_TITLE",
    "DONE_LOOKS_LIKE",
    "NOTE",
    "PlanItem",
    "Status",
    "draft_titles",
    "is_overdue",
    "may_shape_plan",
    "may_update_action",
    "plan_order",
]

#: An action's title (the longest a draft title from the text keeps, too).
ACTION_TITLE = 300
#: What done looks like for an action.
DONE_LOOKS_LIKE = 2_000
#: A progress note (and a mid-year review note).
NOTE = 2_000


class Status(str, enum.Enum):
    """Where an action stands. The toolkit's own five, not the guide's."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_closed(self) -> bool:
        """Done or dropped: nothing more is expected of it, so it is never overdue."""
        return self in (Status.DONE, Status.DROPPED)


_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.DONE: "Done",
    Status.DROPPED: "Dropped",
}


def may_shape_plan(role: Role) -> bool:
    """Coordinators and strategic leads shape the plan (add, change and remove actions, assign
    owners, draft actions from the text, record the mid-year review); facilitators and viewers
    do not. The rule is the access table's (``Action.SHAPE_PLAN``)."""
    return may(role, Action.SHAPE_PLAN)


def may_update_action(role: Role, *, is_owner: bool) -> bool:
    """Whether this person may change an action's status and add progress notes: a planner
    always, anyone else only on an action they own (a viewer who owns one included: owning an
    action is the partnership asking them to report on it)."""
    return may_shape_plan(role) or is_owner


def is_overdue(status: Status, due: date | None, today: date) -> bool:
    """Past its due date and neither done nor dropped. An action without a due date is never overdue."""
    return due is not None and due < today and not status.is_closed


@dataclass(frozen=True)
class PlanItem:
    """What the plan's order needs to know of one action."""

    status: Status
    due: date | None
    descriptor_code: str
    title: str


def _rank(item: PlanItem, today: date) -> int:
    if item.status is Status.AT_RISK or is_overdue(item.status, item.due, today):
        return 0  # at risk and overdue first
    if item.status.is_closed:
        return 2 if item.status is Status.DONE else 3
    return 1


def _code_key(code: str) -> tuple[int | str, ...]:
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))


def plan_order(items: Iterable[PlanItem], today: date) -> list[PlanItem]:
    """The plan as it is shown: at risk and overdue first, then the open ones, then done, then
    dropped; within each, the soonest due date first (no date last), then by descriptor and title."""

    def key(item: PlanItem) -> tuple[int, int, date, tuple[int | str, ...], str]:
        return (_rank(item, today), item.due is None, item.due or date.max,
                _code_key(item.descriptor_code), item.title.casefold())

    return sorted(items, key=key)


_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪●–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _chunks(text: str) -> list[str]:
    """Paragraphs (separated by a blank line), each split further where its lines are bullets."""
    chunks: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if not any(_is_bullet(line) for line in lines):
            chunks.append(" ".join(line.strip() for line in lines))
            continue
        current: list[str] = []
        for line in lines:
            if _is_bullet(line) and current:
                chunks.append(" ".join(current))
                current = []
            current.append(_BULLET.sub("", line).strip())
        chunks.append(" ".join(current))
    return chunks


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def draft_titles(text: str, existing: Sequence[str] = ()) -> list[str]:
    """Draft action titles from a descriptor's "What are you prioritising next?" text: one per
    paragraph or bullet, in the text's order, with bullet marks removed, the whitespace tidied
    and a title over :data:`ACTION_TITLE` characters shortened at a word. A title the plan
    already has (``existing``, compared without case) or that comes twice is left out, so
    drafting twice adds nothing new."""
    seen = {title.strip().casefold() for title in existing}
    titles: list[str] = []
    for chunk in _chunks(clean_text(text).replace("\r\n", "\n").replace("\r", "\n")):
        title = _shorten(" ".join(chunk.split()), ACTION_TITLE)
        if title and title.casefold() not in seen:
            seen.add(title.casefold())
            titles.append(title)
    return titles


@dataclass(frozen=True)
class ReportNote:
    on: date
    by: str
    text: str
    mid_year: bool = False


@dataclass(frozen=True)
class ReportAction:
    """One action as the plan's own exports show it."""

    descriptor_id: str
    title: str
    done_looks_like: str
    owner: str
    due: date | None
    status: Status
    overdue: bool
    notes: tuple[ReportNote, ...] = ()


@dataclass(frozen=True)
class MidYearLine:
    descriptor_id: str
    returned: int | None
    mid_year: int | None


@dataclass(frozen=True)
class PlanReport:
    """The year's action plan for its own exports (Word "Action plan", a spreadsheet), separate
    from the return to the department. ``actions`` are in the plan's order."""

    partnership: str
    year: int
    made_on: date
    actions: tuple[ReportAction, ...]
    mid_year: tuple[MidYearLine, ...] = ()


# --- The plan in the toolkit's JSON (with the return, re-imported with it) ----------------------


@dataclass(frozen=True)
class NoteRecord:
    """A progress note as the JSON carries it."""

    at: datetime
    by: str
    text: str
    mid_year: bool = False


@dataclass(frozen=True)
class ActionRecord:
    """An action as the JSON carries it. The owner is a member (by email address, matched to the
    importing partnership's team; their name kept for when they are not in it) or a partner
    organisation and its contact."""

    descriptor_id: str
    title: str
    done_looks_like: str = ""
    owner_email: str = ""
    owner_name: str = ""
    owner_organisation: str = ""
    owner_contact: str = ""
    due: date | None = None
    status: Status = Status.NOT_STARTED
    notes: tuple[NoteRecord, ...] = ()


@dataclass(frozen=True)
class ActionPlan:
    """The year's action plan and its mid-year re-scores, kept apart from the return's own parts."""

    actions: tuple[ActionRecord, ...] = ()
    mid_year_scores: tuple[tuple[str, int], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.actions and not self.mid_year_scores
