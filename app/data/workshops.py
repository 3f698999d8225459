"""Reading and writing workshops, their descriptors, participants, answers and the join throttle.

Functions that write add and flush; the service operation that called them commits
(app.data.transaction).

Every function that reads answers or participants does it in one query, whatever their number,
so a page costs the same with 5 participants or 200.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.util import identity_key

from app.data.models import (
    Assessment,
    JoinThrottle,
    Workshop,
    WorkshopAnswer,
    WorkshopDescriptor,
    WorkshopParticipant,
)
from app.domain.workshops import StakeholderGroup
from app.extensions import db


def _workshop_query():
    return select(Workshop).options(
        selectinload(Workshop.descriptors),
        joinedload(Workshop.assessment).joinedload(Assessment.partnership),
    )


def workshop_descriptors(item_ids: Iterable[int]) -> dict[int, WorkshopDescriptor]:
    """Workshop descriptors by id, each with its workshop, in one query."""
    wanted = set(item_ids)
    if not wanted:
        return {}
    query = (
        select(WorkshopDescriptor)
        .where(WorkshopDescriptor.id.in_(wanted))
        .options(joinedload(WorkshopDescriptor.workshop))
    )
    return {item.id: item for item in db.session.scalars(query)}


def workshops_of(assessment_id: int) -> list[Workshop]:
    return list(
        db.session.scalars(
            _workshop_query()
            .where(Workshop.assessment_id == assessment_id)
            .order_by(Workshop.held_on.desc(), Workshop.id.desc())
        )
    )


def _one_workshop(condition) -> Workshop | None:
    """One workshop with its descriptors, assessment and partnership in a single query. Every
    request of every participant starts here, so it is the cheapest form: a joined load costs
    about half the CPU of a select-in load of the 31 descriptors (make bench, docs/benchmarks.md)."""
    query = select(Workshop).where(condition).options(
        joinedload(Workshop.descriptors),
        joinedload(Workshop.assessment).joinedload(Assessment.partnership),
    )
    return db.session.scalars(query).unique().one_or_none()


def lock_round(item_id: int) -> bool:
    """Lock one workshop descriptor's row until the transaction ends (PostgreSQL: SELECT ... FOR
    UPDATE; SQLite has one writer at a time) and return whether its round's results are shown, as
    stored now: an answer and the reveal of its round take turns, so no answer lands after it."""
    return bool(db.session.scalar(
        select(WorkshopDescriptor.revealed).where(WorkshopDescriptor.id == item_id).with_for_update()
    ))


def workshop_by_id(workshop_id: int) -> Workshop | None:
    return _one_workshop(Workshop.id == workshop_id)


def workshop_by_code(code: str) -> Workshop | None:
    return _one_workshop(Workshop.join_code == code)


def code_taken(code: str) -> bool:
    return (db.session.scalar(select(func.count(Workshop.id)).where(Workshop.join_code == code)) or 0) > 0


def add_workshop(workshop: Workshop) -> Workshop:
    db.session.add(workshop)
    db.session.flush()
    return workshop


# --- Participants ----------------------------------------------------------------------


def add_participant(participant: WorkshopParticipant) -> WorkshopParticipant:
    db.session.add(participant)
    db.session.flush()
    return participant


def participant_by_token_hash(workshop_id: int, token_hash: str) -> WorkshopParticipant | None:
    return db.session.scalar(
        select(WorkshopParticipant).where(
            WorkshopParticipant.workshop_id == workshop_id, WorkshopParticipant.token_hash == token_hash
        )
    )


def token_hashes_of(workshop_id: int) -> list[str]:
    """The hashes of the secrets of everyone who joined a workshop (for the room's poll)."""
    return list(db.session.scalars(
        select(WorkshopParticipant.token_hash).where(WorkshopParticipant.workshop_id == workshop_id)))


def participants_of(workshop_id: int) -> list[WorkshopParticipant]:
    """Everyone who joined a workshop, in the order they joined."""
    return list(db.session.scalars(
        select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == workshop_id).order_by(WorkshopParticipant.id)
    ))


def joined_by_group(workshop_id: int) -> dict[StakeholderGroup, int]:
    """How many have joined, per stakeholder group."""
    rows = db.session.execute(
        select(WorkshopParticipant.stakeholder_group, func.count(WorkshopParticipant.id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
        .group_by(WorkshopParticipant.stakeholder_group)
    )
    return {group: count for group, count in rows}


def joined_counts(workshop_ids: Iterable[int]) -> dict[int, int]:
    ids = list(workshop_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(WorkshopParticipant.workshop_id, func.count(WorkshopParticipant.id))
        .where(WorkshopParticipant.workshop_id.in_(ids))
        .group_by(WorkshopParticipant.workshop_id)
    )
    return {workshop_id: count for workshop_id, count in rows}


# --- Answers ---------------------------------------------------------------------------


def answered_counts(workshop_id: int) -> dict[tuple[int, int], int]:
    """Answers given (scores and don't knows) per (workshop descriptor id, round)."""
    rows = db.session.execute(
        select(WorkshopAnswer.workshop_descriptor_id, WorkshopAnswer.round, func.count(WorkshopAnswer.id))
        .join(WorkshopDescriptor, WorkshopDescriptor.id == WorkshopAnswer.workshop_descriptor_id)
        .where(WorkshopDescriptor.workshop_id == workshop_id)
        .group_by(WorkshopAnswer.workshop_descriptor_id, WorkshopAnswer.round)
    )
    return {(item_id, round_number): count for item_id, round_number, count in rows}


def round_tally(workshop_id: int, item_id: int, round_number: int) -> tuple[int, int]:
    """How many have answered a descriptor's round, and how many have joined the workshop, in one
    query (two counts in one round trip: every phone's poll of the room asks for them)."""
    answered = (
        select(func.count(WorkshopAnswer.id))
        .where(WorkshopAnswer.workshop_descriptor_id == item_id, WorkshopAnswer.round == round_number)
        .scalar_subquery()
    )
    joined = (
        select(func.count(WorkshopParticipant.id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
        .scalar_subquery()
    )
    row = db.session.execute(select(answered, joined)).one()
    return int(row[0] or 0), int(row[1] or 0)


def answers_for(item_id: int, with_people: bool) -> list[WorkshopAnswer]:
    """Every answer to one workshop descriptor, all rounds, in the order given; with the
    participant loaded in the same query when their names may be shown."""
    query = (
        select(WorkshopAnswer)
        .where(WorkshopAnswer.workshop_descriptor_id == item_id)
        .order_by(WorkshopAnswer.round, WorkshopAnswer.id)
    )
    if with_people:
        query = query.options(joinedload(WorkshopAnswer.participant))
    return list(db.session.scalars(query))


def answers_in_round(item_id: int, round_number: int) -> list[WorkshopAnswer]:
    return list(
        db.session.scalars(
            select(WorkshopAnswer)
            .where(WorkshopAnswer.workshop_descriptor_id == item_id, WorkshopAnswer.round == round_number)
            .order_by(WorkshopAnswer.id)
        )
    )


def answers_in_rounds(rounds: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[WorkshopAnswer]]:
    """The answers of several (workshop descriptor, round) pairs in one query, keyed by the pair."""
    wanted = set(rounds)
    found: dict[tuple[int, int], list[WorkshopAnswer]] = {pair: [] for pair in wanted}
    if not wanted:
        return found
    query = (
        select(WorkshopAnswer)
        .where(WorkshopAnswer.workshop_descriptor_id.in_({item for item, _ in wanted}))
        .order_by(WorkshopAnswer.id)
    )
    for answer in db.session.scalars(query):
        pair = (answer.workshop_descriptor_id, answer.round)
        if pair in found:
            found[pair].append(answer)
    return found


def answers_by_keys(item_ids: Iterable[int], keys: Iterable[str]) -> list[WorkshopAnswer]:
    """The answers to these workshop descriptors stored under these keys (a participant's own,
    found from their secret)."""
    items, wanted = list(item_ids), list(keys)
    if not items or not wanted:
        return []
    return list(
        db.session.scalars(
            select(WorkshopAnswer).where(
                WorkshopAnswer.workshop_descriptor_id.in_(items), WorkshopAnswer.answer_key.in_(wanted)
            )
        )
    )


def answer_by_key(item_id: int, round_number: int, key: str) -> WorkshopAnswer | None:
    return db.session.scalar(
        select(WorkshopAnswer).where(
            WorkshopAnswer.workshop_descriptor_id == item_id,
            WorkshopAnswer.round == round_number,
            WorkshopAnswer.answer_key == key,
        )
    )


def add_answer(answer: WorkshopAnswer) -> WorkshopAnswer:
    db.session.add(answer)
    db.session.flush()
    return answer


# --- Join throttle ---------------------------------------------------------------------


def throttle_for(client: str) -> JoinThrottle | None:
    return db.session.scalar(select(JoinThrottle).where(JoinThrottle.client == client))


def take_turn(client: str, now: datetime, next_turn_at: datetime) -> bool:
    """Take ``client``'s turn if it has come (its ``locked_until`` is unset or past), in one UPDATE,
    so that of attempts arriving together only one takes it. Whether this one did."""
    result = db.session.execute(
        update(JoinThrottle)
        .where(JoinThrottle.client == client, or_(JoinThrottle.locked_until.is_(None), JoinThrottle.locked_until <= now))
        .values(locked_until=next_turn_at)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return bool(getattr(result, "rowcount", 0))


def add_throttle(throttle: JoinThrottle) -> JoinThrottle:
    db.session.add(throttle)
    db.session.flush()
    return throttle


# --- Changing a workshop's descriptors -------------------------------------------------------


def set_items(workshop: Workshop, items: list[WorkshopDescriptor]) -> None:
    """The workshop's descriptors, in their order, written now (a descriptor another request has
    just added to it fails here, on its unique key)."""
    workshop.descriptors = items
    db.session.flush()


def remove_unanswered_item(workshop: Workshop, item_id: int) -> bool:
    """Take a descriptor out of a workshop only if nobody has answered it and no score is agreed
    (one conditional DELETE, so an answer saved a moment ago is never deleted with it); True if
    removed. The workshop's list of descriptors is read again afterwards."""
    answered = select(WorkshopAnswer.id).where(WorkshopAnswer.workshop_descriptor_id == item_id).exists()
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        delete(WorkshopDescriptor)
        .where(WorkshopDescriptor.id == item_id, WorkshopDescriptor.agreed_score.is_(None), ~answered)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(workshop, ["descriptors"])
    removed = result.rowcount == 1
    gone = db.session.identity_map.get(identity_key(WorkshopDescriptor, item_id))
    if removed and gone is not None:
        db.session.expunge(gone)  # deleted in the database: a new row may take its id in this session
    return removed
