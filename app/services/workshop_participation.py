"""Taking part in a workshop without an account: open it by its code (counting wrong codes per
client), join, see one's own progress, answer a descriptor and change the answer.

Participants see the statement, the scale, their own answers and, in a second round, the group's
distribution from the first; never anyone else's name or comment. An anonymous workshop stores
no name or organisation, and its answers carry no link to the participant (see
app.domain.workshops.answer_key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.data import JoinThrottle, Workshop, WorkshopAnswer, WorkshopDescriptor, WorkshopParticipant
from app.data import workshops as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import limits
from app.domain.consensus import Answer, Consensus, consensus
from app.domain.framework import Descriptor, Framework
from app.domain.throttle import Tally, ThrottleRule, after_failure, refusal
from app.domain.workshops import (
    NameHandling,
    StakeholderGroup,
    answer_key,
    bars,
    is_closed,
    new_participant_secret,
    normalise_code,
    results_shown,
    secret_hash,
    whereabouts,
)
from app.logs import security_event
from app.services.workshop_errors import RoundClosed, WorkshopClosed
from app.services.workshop_setup import item

# --- Opening a workshop by its code ------------------------------------------------------------


def join_rule(config: Mapping[str, Any]) -> ThrottleRule:
    """Wrong codes from one client: after ``lock_after`` within ``window_minutes`` the client
    must wait ``lock_minutes``. Generous, since a whole room may share one address, and a code
    of 8 characters from 27 cannot be guessed in a few dozen tries anyway."""
    return ThrottleRule(
        lock_after=config.get("WORKSHOP_JOIN_LOCK_AFTER", 30),
        window_minutes=config.get("WORKSHOP_JOIN_WINDOW_MINUTES", 15),
        lock_minutes=config.get("WORKSHOP_JOIN_LOCK_MINUTES", 15),
    )


@dataclass(frozen=True)
class CodeLookup:
    """What a typed code opened: a workshop, nothing, or nothing yet because of too many wrong codes."""

    workshop: Workshop | None = None
    wait: timedelta | None = None


def _tally(throttle: JoinThrottle | None) -> Tally | None:
    if throttle is None:
        return None
    return Tally(failures=throttle.failures, first_failure_at=throttle.first_failure_at,
                 locked_until=throttle.locked_until)


def open_by_code(typed: str, client: str, rule: ThrottleRule, known_workshop_ids: frozenset[int] = frozenset(),
                 now: datetime | None = None) -> CodeLookup:
    """The workshop a code opens, counting wrong codes per client.

    ``client`` is a keyed hash of the caller's address. Once a client has tried too many wrong
    codes it must wait, whatever it types, except to go back to a workshop its browser has
    already joined (``known_workshop_ids``), so one guesser cannot lock a whole room out.
    Only a wrong code writes (and commits); opening a workshop reads.
    """
    now = now or utcnow()
    code = normalise_code(typed)
    found = data.workshop_by_code(code) if code else None
    if found is not None and found.id in known_workshop_ids:
        return CodeLookup(workshop=found)  # never refused, never counted: no need to read the throttle
    throttle = data.throttle_for(client)
    refused = refusal(_tally(throttle), rule, now)
    if refused is not None:
        security_event("workshop_join_throttled", failures=throttle.failures if throttle else None)
        return CodeLookup(wait=refused.wait)
    if found is None:
        _count_wrong_code(throttle, client, rule, now)
    return CodeLookup(workshop=found)


@operation
def _count_wrong_code(throttle: JoinThrottle | None, client: str, rule: ThrottleRule, now: datetime) -> None:
    if throttle is None:
        try:
            with savepoint():
                throttle = data.add_throttle(JoinThrottle(client=client, failures=0, first_failure_at=now))
        except Exception as error:
            if not race_lost(error):
                raise
            # Another wrong code from the same client was counted at the same moment: count on its row.
            throttle = data.throttle_for(client)
            if throttle is None:
                raise
    counted = after_failure(_tally(throttle), rule, now)
    throttle.failures = counted.failures
    throttle.first_failure_at = counted.first_failure_at
    throttle.locked_until = counted.locked_until
    security_event("workshop_code_wrong", failures=counted.failures, locked=counted.locked_until is not None)


# --- Joining -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinDetails:
    group: StakeholderGroup
    name: str = ""
    organisation: str = ""


@operation
def join(workshop: Workshop, details: JoinDetails, now: datetime | None = None, secret: str | None = None) -> str:
    """Join a workshop; returns the secret for the participant's browser (only its hash is stored).

    ``secret`` is the one the join form stands for (app.web.form_tokens): the same form sent twice
    joins once, and both answers carry the same secret. Without it, a random one is drawn.
    In an anonymous workshop no name or organisation is stored, even if one was sent.
    """
    if is_closed(workshop, now):
        raise WorkshopClosed("This workshop has closed")
    secret = secret or new_participant_secret()
    hashed = secret_hash(secret)
    if data.participant_by_token_hash(workshop.id, hashed) is not None:
        return secret  # this form has joined already
    named = workshop.names.asks_name
    person = WorkshopParticipant(
        workshop_id=workshop.id,
        token_hash=hashed,
        name=details.name.strip()[:200] if named else None,
        organisation=details.organisation.strip()[:200] if named else None,
        stakeholder_group=details.group,
    )
    try:
        with savepoint():
            data.add_participant(person)
    except Exception as error:
        # The same form, sent twice at once, joined a moment ago: that participant is this one.
        if not race_lost(error) or data.participant_by_token_hash(workshop.id, hashed) is None:
            raise
    return secret


def participant(workshop: Workshop, secret: str | None) -> WorkshopParticipant | None:
    if not secret:
        return None
    return data.participant_by_token_hash(workshop.id, secret_hash(secret))


# --- Answering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyItem:
    item: WorkshopDescriptor
    descriptor: Descriptor
    answered: bool

    @property
    def agreed(self) -> bool:
        return self.item.agreed_score is not None


def my_progress(workshop: Workshop, secret: str, framework: Framework) -> list[MyItem]:
    """The workshop's descriptors, and whether this participant has answered each one's current round."""
    keys = {answer_key(secret, workshop.id, i.descriptor_id, i.round): i for i in workshop.descriptors}
    mine = data.answers_by_keys([i.id for i in workshop.descriptors], keys)
    answered = {keys[a.answer_key].id for a in mine if a.answer_key in keys}
    return [MyItem(i, framework.descriptor(i.descriptor_id), i.id in answered) for i in workshop.descriptors]


@dataclass(frozen=True)
class Question:
    """What a participant sees for one descriptor."""

    workshop: Workshop
    item: WorkshopDescriptor
    descriptor: Descriptor
    position: int
    total: int
    previous_id: str | None
    next_id: str | None
    own: WorkshopAnswer | None
    earlier_own: WorkshopAnswer | None
    earlier_figures: Consensus | None
    closed: bool

    @property
    def round(self) -> int:
        return self.item.round

    @property
    def results_showing(self) -> bool:
        """The results of this round are showing, so it takes no more answers until the next."""
        return self.item.revealed

    @property
    def accepting(self) -> bool:
        return not self.closed and self.item.agreed_score is None and not self.results_showing

    @property
    def earlier_bars(self) -> list[tuple[int, int, int]]:
        return bars(self.earlier_figures) if self.earlier_figures else []


def question(workshop: Workshop, secret: str, descriptor_id: str, framework: Framework,
             now: datetime | None = None) -> Question:
    entry = item(workshop, descriptor_id)
    key = answer_key(secret, workshop.id, descriptor_id, entry.round)
    earlier_key = answer_key(secret, workshop.id, descriptor_id, entry.round - 1) if entry.round > 1 else None
    mine = {a.answer_key: a for a in data.answers_by_keys([entry.id], [k for k in (key, earlier_key) if k])}
    earlier_figures = None
    if entry.round > 1:
        earlier_figures = consensus(Answer(a.score) for a in data.answers_in_round(entry.id, entry.round - 1))
    place = whereabouts([i.descriptor_id for i in workshop.descriptors], descriptor_id)
    return Question(
        workshop=workshop,
        item=entry,
        descriptor=framework.descriptor(descriptor_id),
        position=place.position,
        total=place.total,
        previous_id=place.previous_id,
        next_id=place.next_id,
        own=mine.get(key),
        earlier_own=mine.get(earlier_key) if earlier_key else None,
        earlier_figures=earlier_figures,
        closed=is_closed(workshop, now),
    )


def _open_round(workshop: Workshop, descriptor_id: str, round_number: int | None,
                now: datetime | None) -> WorkshopDescriptor:
    """The descriptor's entry, if the round answered is still taking answers."""
    if is_closed(workshop, now):
        raise WorkshopClosed("This workshop has closed, so answers are no longer taken")
    entry = item(workshop, descriptor_id)
    if entry.agreed_score is not None:
        raise RoundClosed(f"The score for {descriptor_id} has been agreed, so answers are closed. Your answer was not saved")
    if round_number != entry.round:
        raise RoundClosed(f"The facilitator has started round {entry.round} for {descriptor_id}. "
                          "Your answer was not saved: look at the group's scores and answer again")
    if entry.revealed or data.lock_round(entry.id):
        raise RoundClosed(ROUND_REVEALED)
    return entry


#: What a phone says when an answer arrives after the round's results were shown.
ROUND_REVEALED = "The results are showing. Wait for the next round."


@operation
def save_answer(workshop: Workshop, person: WorkshopParticipant, secret: str, descriptor_id: str,
                round_number: int | None, score: int | None, comment: str, now: datetime | None = None) -> None:
    """Save (or change) a participant's answer in the descriptor's current round.

    ``round_number`` is the round the person answered (None, from a form without one, is never
    the current round). Anonymous workshops store the answer under its key only, with no participant.
    Once the round's results are showing, nothing is saved (RoundClosed); the answer that
    completes the room shows them, and so closes the round.
    """
    entry = _open_round(workshop, descriptor_id, round_number, now)
    key = answer_key(secret, workshop.id, descriptor_id, entry.round)
    comment = (comment or "").strip()[:limits.COMMENT]
    existing = data.answer_by_key(entry.id, entry.round, key)
    if existing is None:
        try:
            with savepoint():
                data.add_answer(
                    WorkshopAnswer(
                        workshop_descriptor_id=entry.id,
                        round=entry.round,
                        answer_key=key,
                        participant_id=None if workshop.names == NameHandling.ANONYMOUS else person.id,
                        stakeholder_group=person.stakeholder_group,
                        score=score,
                        comment=comment,
                    )
                )
        except Exception as error:
            if not race_lost(error):
                raise
            # The same answer sent twice at once: the other one is in, so change it.
            existing = data.answer_by_key(entry.id, entry.round, key)
            if existing is None:
                raise
    if existing is not None:
        existing.score = score
        existing.comment = comment
    if results_shown(False, data.answered_count(entry.id, entry.round), data.joined_count(workshop.id)):
        entry.revealed = True
