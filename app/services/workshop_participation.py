"""Taking part in a workshop without an account: open it by its code (counting wrong codes per
browser and per address), join, see one's own progress, answer a descriptor and change the answer.

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
from app.domain.throttle import (
    Ceiling,
    Tally,
    ThrottleRule,
    after_failure,
    at_ceiling,
    ceiling_after_failure,
    ceiling_wait,
    next_turn_at,
    refusal,
)
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


@dataclass(frozen=True)
class JoinLimits:
    """Wrong codes are counted per browser (``browser``: that browser alone waits) and per address
    (``address``: a ceiling far above a room's mistakes, which paces, never locks). See docs/security.md."""

    browser: ThrottleRule
    address: Ceiling


def join_limits(config: Mapping[str, Any]) -> JoinLimits:
    return JoinLimits(
        browser=ThrottleRule(
            lock_after=config["WORKSHOP_JOIN_LOCK_AFTER"],
            window_minutes=config["WORKSHOP_JOIN_WINDOW_MINUTES"],
            lock_minutes=config["WORKSHOP_JOIN_LOCK_MINUTES"],
        ),
        address=Ceiling(
            wrong_codes=config["WORKSHOP_JOIN_ADDRESS_CEILING"],
            window_minutes=config["WORKSHOP_JOIN_WINDOW_MINUTES"],
            pace_seconds=config["WORKSHOP_JOIN_PACE_SECONDS"],
        ),
    )


@dataclass(frozen=True)
class Caller:
    """Who is typing a code: keyed hashes of their browser's random id (None when the browser brought
    none, as on a first visit or from a script that keeps no cookies) and of their address, and the
    workshops their browser has already joined."""

    address: str
    browser: str | None = None
    known_workshop_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CodeLookup:
    """What a typed code opened: a workshop, nothing, or nothing yet because of too many wrong codes
    (``limited``: "browser" when this browser tried too many, "address" when its address did)."""

    workshop: Workshop | None = None
    wait: timedelta | None = None
    limited: str | None = None


def _tally(throttle: JoinThrottle | None) -> Tally | None:
    if throttle is None:
        return None
    return Tally(failures=throttle.failures, first_failure_at=throttle.first_failure_at,
                 locked_until=throttle.locked_until)


def open_by_code(typed: str, caller: Caller, rules: JoinLimits, now: datetime | None = None) -> CodeLookup:
    """The workshop a code opens, typed or in the address (the direct link and the QR code).

    A browser that has tried too many wrong codes waits, whatever it types (else its wait would tell
    it which code is right); no other browser is held up by it. An address past its ceiling takes
    turns: one attempt every few seconds, whoever sends it and whatever the code, so a bulk guesser is
    slowed to one guess a turn while a person in the room waits a few seconds. A browser going back to
    a workshop it has joined, or whose code it has given right before, never waits. A correct code is
    not counted; only a wrong code, or a turn taken at the ceiling, writes.
    """
    now = now or utcnow()
    code = normalise_code(typed)
    found = data.workshop_by_code(code) if code else None
    if found is not None and found.id in caller.known_workshop_ids:
        return CodeLookup(workshop=found)  # never refused, never counted: no need to read the throttle
    own = data.throttle_for(caller.browser) if caller.browser else None
    refused = refusal(_tally(own), rules.browser, now)
    if refused is not None:
        security_event("workshop_join_throttled", kind="browser", failures=own.failures if own else None)
        return CodeLookup(wait=refused.wait, limited="browser")
    address = data.throttle_for(caller.address)
    if at_ceiling(_tally(address), rules.address, now) and not _take_turn(caller.address, rules.address, now):
        wait = ceiling_wait(_tally(address), rules.address, now) or timedelta(seconds=rules.address.pace_seconds)
        security_event("workshop_join_throttled", kind="address", failures=address.failures if address else None)
        return CodeLookup(wait=wait, limited="address")
    if found is None and code is not None:  # something that cannot be a code guesses nothing: not counted
        _count_wrong_code(caller, rules, now)
    return CodeLookup(workshop=found)


def _row(key: str, now: datetime) -> JoinThrottle:
    """The throttle row for ``key``, made if missing (counting on the other's row if two race to make it)."""
    throttle = data.throttle_for(key)
    if throttle is not None:
        return throttle
    try:
        with savepoint():
            return data.add_throttle(JoinThrottle(client=key, failures=0, first_failure_at=now))
    except Exception as error:
        if not race_lost(error):
            raise
        throttle = data.throttle_for(key)
        if throttle is None:
            raise
        return throttle


def _store(throttle: JoinThrottle, tally: Tally) -> None:
    throttle.failures = tally.failures
    throttle.first_failure_at = tally.first_failure_at
    throttle.locked_until = tally.locked_until


@operation
def _take_turn(address: str, ceiling: Ceiling, now: datetime) -> bool:
    """At the ceiling: take the address's turn, if it has come (one attempt per turn, however many arrive)."""
    return data.take_turn(address, now, next_turn_at(ceiling, now))


@operation
def _count_wrong_code(caller: Caller, rules: JoinLimits, now: datetime) -> None:
    """Count a wrong code against the address, and against the browser when it brought its id."""
    address = _row(caller.address, now)
    counted = ceiling_after_failure(_tally(address), rules.address, now)
    _store(address, counted)
    own = None
    if caller.browser:
        row = _row(caller.browser, now)
        own = after_failure(_tally(row), rules.browser, now)
        _store(row, own)
    security_event("workshop_code_wrong", failures=own.failures if own else None,
                   locked=own is not None and own.locked_until is not None,
                   address_failures=counted.failures, at_ceiling=at_ceiling(counted, rules.address, now))


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
    if results_shown(False, *data.round_tally(workshop.id, entry.id, entry.round)):
        entry.revealed = True
