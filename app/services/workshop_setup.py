"""Setting workshops up: create one, list an assessment's, look one up, change it, close and reopen it.

For the facilitator's pages about the workshop as a whole. Who sees what is described in
app.services.workshop_facilitation and app.services.workshop_participation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.data import Assessment, User, Workshop, WorkshopDescriptor
from app.data import workshops as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import limits
from app.domain.access import is_editable
from app.domain.framework import Framework
from app.domain.workshops import (
    NameHandling,
    WorkshopMode,
    is_closed,
    last_day,
    new_join_code,
    uk_today,
)
from app.services.workshop_errors import WorkshopError


@dataclass(frozen=True)
class WorkshopDetails:
    title: str
    held_on: date
    mode: WorkshopMode
    names: NameHandling
    closes_on: date | None
    descriptor_ids: tuple[str, ...]


def _unused_code() -> str:
    for _ in range(20):
        code = new_join_code()
        if not data.code_taken(code):
            return code
    raise WorkshopError("Could not make a new join code. Try again")  # 20 collisions in 10^11: never


def _check_dates(details: WorkshopDetails, today: date) -> None:
    if details.mode == WorkshopMode.OPEN:
        if details.closes_on is None:
            raise WorkshopError("Enter the closing date of the open round", "closes_on")
        if details.closes_on < today:
            raise WorkshopError("The closing date must be today or in the future", "closes_on")
    elif details.held_on < today:
        raise WorkshopError("The date of a live workshop must be today or in the future, since its code works "
                            "until the end of that day", "held_on")


@operation
def create_workshop(assessment: Assessment, details: WorkshopDetails, user: User, framework: Framework,
                    now: datetime | None = None) -> Workshop:
    if not is_editable(assessment.status):
        raise WorkshopError(f"The {assessment.year} assessment has been signed off, so a workshop cannot be added to it")
    chosen = set(details.descriptor_ids)
    ids = [d.id for d in framework.descriptors if d.id in chosen]
    if not ids:
        raise WorkshopError("Select the sections or descriptors the workshop covers", "sections")
    _check_dates(details, uk_today(now or utcnow()))
    workshop = Workshop(
        assessment_id=assessment.id,
        title=details.title.strip()[:limits.TITLE],
        held_on=details.held_on,
        mode=details.mode,
        names=details.names,
        closes_on=details.closes_on if details.mode == WorkshopMode.OPEN else None,
        join_code=_unused_code(),
        current_descriptor_id=ids[0],
        created_by_id=user.id,
    )
    workshop.descriptors = [
        WorkshopDescriptor(descriptor_id=d, position=i, round=1, revealed=False, agreed_rationale="")
        for i, d in enumerate(ids, start=1)
    ]
    return data.add_workshop(workshop)


def workshop(workshop_id: int) -> Workshop | None:
    return data.workshop_by_id(workshop_id)


def item(workshop: Workshop, descriptor_id: str) -> WorkshopDescriptor:
    """The workshop's entry for a descriptor; KeyError if the workshop does not cover it."""
    found = next((i for i in workshop.descriptors if i.descriptor_id == descriptor_id), None)
    if found is None:
        raise KeyError(descriptor_id)
    return found


@dataclass(frozen=True)
class WorkshopSummary:
    workshop: Workshop
    joined: int
    closed: bool

    @property
    def agreed(self) -> int:
        return sum(1 for i in self.workshop.descriptors if i.agreed_score is not None)

    @property
    def total(self) -> int:
        return len(self.workshop.descriptors)


def workshops_of(assessment: Assessment, now: datetime | None = None) -> list[WorkshopSummary]:
    found = data.workshops_of(assessment.id)
    joined = data.joined_counts(w.id for w in found)
    return [WorkshopSummary(w, joined.get(w.id, 0), is_closed(w, now)) for w in found]


@operation
def close(workshop: Workshop, now: datetime | None = None) -> None:
    """Close the workshop: its code stops working and no more answers are taken."""
    if workshop.closed_at is None:
        workshop.closed_at = now or utcnow()


def _signed_off(workshop: Workshop, doing: str) -> None:
    if not is_editable(workshop.assessment.status):
        raise WorkshopError(f"The {workshop.assessment.year} assessment has been signed off, so this workshop "
                            f"cannot be {doing}")


@operation
def reopen(workshop: Workshop, now: datetime | None = None) -> None:
    """Open a closed workshop again while its assessment is not signed off: its code works again."""
    _signed_off(workshop, "reopened")
    day = last_day(workshop)
    if day is not None and uk_today(now or utcnow()) > day:
        if workshop.mode == WorkshopMode.OPEN:
            raise WorkshopError("The closing date has passed. Change the closing date, then reopen the workshop")
        raise WorkshopError("The day of this live workshop has passed, so its code cannot work again. Set up a new "
                            "workshop instead")
    workshop.closed_at = None


@dataclass(frozen=True)
class WorkshopChanges:
    title: str
    closes_on: date | None  # only an open round's is used
    add_ids: tuple[str, ...] = ()
    remove_ids: tuple[str, ...] = ()


def removable(workshop: Workshop) -> set[str]:
    """The descriptors that may be taken out: nobody has answered them and no score is agreed."""
    answered = {item_id for item_id, _ in data.answered_counts(workshop.id)}
    return {i.descriptor_id for i in workshop.descriptors if i.id not in answered and i.agreed_score is None}


def _check_changes(workshop: Workshop, changes: WorkshopChanges, framework: Framework, today: date) -> None:
    if not changes.title.strip():
        raise WorkshopError("Enter a title for the workshop", "title")
    if workshop.mode == WorkshopMode.OPEN:
        if changes.closes_on is None:
            raise WorkshopError("Enter the closing date of the open round", "closes_on")
        if changes.closes_on < today and changes.closes_on != workshop.closes_on:
            raise WorkshopError("The closing date must be today or in the future", "closes_on")
    covered = {i.descriptor_id for i in workshop.descriptors}
    answered = sorted((set(changes.remove_ids) & covered) - removable(workshop), key=framework.order_of)
    if answered:
        raise WorkshopError(f"{', '.join(answered)} cannot be removed: it has answers or an agreed score now",
                            "remove_ids")


@operation
def change_workshop(workshop: Workshop, changes: WorkshopChanges, framework: Framework,
                    now: datetime | None = None) -> None:
    """Change a workshop after set-up: its title, an open round's closing date, descriptors added,
    and descriptors removed while nobody has answered them."""
    _signed_off(workshop, "changed")
    _check_changes(workshop, changes, framework, uk_today(now or utcnow()))
    covered = {i.descriptor_id for i in workshop.descriptors}
    adding = [d.id for d in framework.descriptors if d.id in set(changes.add_ids) and d.id not in covered]
    leaving = [i for i in workshop.descriptors if i.descriptor_id in set(changes.remove_ids)]
    if len(leaving) == len(covered) and not adding:
        raise WorkshopError("A workshop must cover at least one descriptor. Add one before removing the last",
                            "remove_ids")
    workshop.title = changes.title.strip()[:limits.TITLE]
    if workshop.mode == WorkshopMode.OPEN:
        workshop.closes_on = changes.closes_on
    for entry in leaving:
        if not data.remove_unanswered_item(workshop, entry.id):  # answered since the check: nothing is saved
            raise WorkshopError(f"{entry.descriptor_id} cannot be removed: it has answers or an agreed score now",
                                "remove_ids")
    items = list(workshop.descriptors) + [
        WorkshopDescriptor(descriptor_id=d, position=0, round=1, revealed=False, agreed_rationale="") for d in adding
    ]
    items.sort(key=lambda i: framework.order_of(i.descriptor_id))
    for position, entry in enumerate(items, start=1):
        entry.position = position
    try:
        with savepoint():
            data.set_items(workshop, items)
    except Exception as error:
        if not race_lost(error):
            raise
        raise WorkshopError("Someone else changed this workshop's descriptors at the same moment, so nothing was "
                            "saved. Check the workshop's descriptors and try again", "add_ids") from None
    if workshop.current_descriptor_id not in {i.descriptor_id for i in items}:
        workshop.current_descriptor_id = items[0].descriptor_id
