"""Multi-agency workshops: set one up, let people join with a code and answer on their own
device, show the facilitator (and the room) the spread, run a second round, and record the
agreed score on the assessment.

Who sees what:
- participants see the statement, the scale, their own answers and, in a second round, the
  group's distribution from the first; never anyone else's name or comment;
- the presenter view shows figures and comments by stakeholder group, never a name;
- the facilitator's pages show names beside comments in named and facilitator-only workshops;
- evidence taken from a comment names the person only in a named workshop;
- an anonymous workshop stores no name or organisation, and its answers carry no link to the
  participant (see app.domain.workshops.answer_key).

Each public function that changes something commits once at its end, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from app.data import workshops as data
from app.data.base import utcnow
from app.data.transaction import all_or_nothing
from app.data.models import (
    Assessment,
    AssessmentStatus,
    JoinThrottle,
    User,
    Workshop,
    WorkshopAnswer,
    WorkshopDescriptor,
    WorkshopParticipant,
)
from app.domain.consensus import Answer, Consensus, consensus
from app.domain.framework import Descriptor, Framework
from app.domain.returns import Evidence, EvidenceKind
from app.domain.workshops import (
    AUTO_REVEAL_MINIMUM,
    MAX_ROUNDS,
    NameHandling,
    StakeholderGroup,
    WorkshopMode,
    answer_key,
    new_join_code,
    new_participant_secret,
    normalise_code,
    secret_hash,
    uk_today,
)
from app.services import assessments as assessment_service

COMMENT_LIMIT = 2000
RATIONALE_LIMIT = 5000
TITLE_LIMIT = 200


class WorkshopError(Exception):
    """Something asked of a workshop cannot be done; the message says why, for the person.

    ``field`` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class WorkshopClosed(WorkshopError):
    """The workshop has closed: its code no longer opens it and answers are not taken."""


class RoundClosed(WorkshopError):
    """The round someone answered is no longer taking answers."""


# --- Settings and small rules ----------------------------------------------------------


@dataclass(frozen=True)
class JoinThrottleSettings:
    """Wrong codes from one client: after ``lock_after`` within ``window_minutes`` the client
    must wait ``lock_minutes``. Generous, since a whole room may share one address, and a code
    of 8 characters from 27 cannot be guessed in a few dozen tries anyway."""

    lock_after: int = 30
    window_minutes: int = 15
    lock_minutes: int = 15

    @classmethod
    def from_config(cls, config) -> JoinThrottleSettings:
        return cls(
            lock_after=config.get("WORKSHOP_JOIN_LOCK_AFTER", cls.lock_after),
            window_minutes=config.get("WORKSHOP_JOIN_WINDOW_MINUTES", cls.window_minutes),
            lock_minutes=config.get("WORKSHOP_JOIN_LOCK_MINUTES", cls.lock_minutes),
        )


def last_day(workshop: Workshop) -> date | None:
    """The last day the code works: an open round's closing date, a live workshop's own date."""
    return workshop.closes_on if workshop.mode == WorkshopMode.OPEN else workshop.held_on


def is_closed(workshop: Workshop, now: datetime | None = None) -> bool:
    if workshop.closed_at is not None:
        return True
    day = last_day(workshop)
    return day is not None and uk_today(now or utcnow()) > day


def wait_text(remaining: timedelta) -> str:
    minutes = max(1, int((remaining.total_seconds() + 59) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def figure(value: float | None, places: int = 1) -> str:
    """A figure as people read it: 3 rather than 3.0, 2.5 rather than 2.50; a mean to one decimal place."""
    if value is None:
        return "–"
    text = f"{round(value, places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Setting one up --------------------------------------------------------------------


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


def create_workshop(assessment: Assessment, details: WorkshopDetails, user: User, framework: Framework,
                    now: datetime | None = None) -> Workshop:
    if assessment.status == AssessmentStatus.SIGNED_OFF:
        raise WorkshopError(f"The {assessment.year} assessment has been signed off, so a workshop cannot be added to it")
    chosen = set(details.descriptor_ids)
    ids = [d.id for d in framework.descriptors if d.id in chosen]
    if not ids:
        raise WorkshopError("Select the sections or descriptors the workshop covers", "sections")
    today = uk_today(now or utcnow())
    if details.mode == WorkshopMode.OPEN:
        if details.closes_on is None:
            raise WorkshopError("Enter the closing date of the open round", "closes_on")
        if details.closes_on < today:
            raise WorkshopError("The closing date must be today or in the future", "closes_on")
    elif details.held_on < today:
        raise WorkshopError("The date of a live workshop must be today or in the future, since its code works "
                            "until the end of that day", "held_on")
    workshop = Workshop(
        assessment_id=assessment.id,
        title=details.title.strip()[:TITLE_LIMIT],
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
    data.add_workshop(workshop)
    data.commit()
    return workshop


# --- Reading ---------------------------------------------------------------------------


def workshop(workshop_id: int) -> Workshop | None:
    return data.workshop_by_id(workshop_id)


def item(workshop: Workshop, descriptor_id: str) -> WorkshopDescriptor:
    """The workshop's entry for a descriptor; KeyError if the workshop does not cover it."""
    found = next((i for i in workshop.descriptors if i.descriptor_id == descriptor_id), None)
    if found is None:
        raise KeyError(descriptor_id)
    return found


def _whereabouts(workshop: Workshop, descriptor_id: str, framework: Framework) -> dict:
    """Where a descriptor stands in the workshop, for a page about it: the descriptor, its
    position of how many, and the descriptors before and after it."""
    ids = [i.descriptor_id for i in workshop.descriptors]
    at = ids.index(descriptor_id)
    return {
        "descriptor": framework.descriptor(descriptor_id),
        "position": at + 1,
        "total": len(ids),
        "previous_id": ids[at - 1] if at > 0 else None,
        "next_id": ids[at + 1] if at + 1 < len(ids) else None,
    }


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


def _shown(item: WorkshopDescriptor, answered: int, joined: int) -> bool:
    """Results of the current round are shown once the facilitator reveals them, or while
    everyone who joined (at least AUTO_REVEAL_MINIMUM people) has answered.

    The automatic reveal is worked out afresh, not stored: someone joining later hides the
    results again until they have answered too, and the first person to join and answer in an
    empty room does not put their own score on the screen."""
    return item.revealed or (joined >= AUTO_REVEAL_MINIMUM and answered >= joined)


@dataclass(frozen=True)
class DashboardRow:
    item: WorkshopDescriptor
    descriptor: Descriptor
    answered: int
    shown: bool


@dataclass(frozen=True)
class Dashboard:
    workshop: Workshop
    closed: bool
    joined: int
    joined_by_group: tuple[tuple[StakeholderGroup, int], ...]
    rows: tuple[DashboardRow, ...]


def dashboard(workshop: Workshop, framework: Framework, now: datetime | None = None) -> Dashboard:
    by_group = data.joined_by_group(workshop.id)
    joined = sum(by_group.values())
    counts = data.answered_counts(workshop.id)
    rows = []
    for entry in workshop.descriptors:
        answered = counts.get((entry.id, entry.round), 0)
        rows.append(DashboardRow(entry, framework.descriptor(entry.descriptor_id), answered,
                                 _shown(entry, answered, joined)))
    return Dashboard(
        workshop=workshop,
        closed=is_closed(workshop, now),
        joined=joined,
        joined_by_group=tuple((g, by_group[g]) for g in StakeholderGroup if by_group.get(g)),
        rows=tuple(rows),
    )


# --- Results ---------------------------------------------------------------------------


def bars(figures: Consensus) -> list[tuple[int, int, int]]:
    """(score, how many gave it, bar width) for each score on the scale; the width is a share of
    the scores given in steps of 5 per cent, for the app-bar--N classes (no inline styles)."""
    total = figures.count
    return [(score, count, int(round(count * 20 / total)) * 5 if total else 0)
            for score, count in enumerate(figures.histogram)]


@dataclass(frozen=True)
class Comment:
    id: int
    round: int
    group: StakeholderGroup
    score: int | None
    text: str
    name: str | None = None
    organisation: str | None = None

    @property
    def who(self) -> str:
        return ", ".join(part for part in (self.name, self.organisation) if part)


@dataclass(frozen=True)
class GroupRow:
    group: StakeholderGroup
    joined: int
    figures: Consensus


@dataclass(frozen=True)
class RoundResults:
    number: int
    answered: int
    joined: int
    shown: bool
    figures: Consensus
    groups: tuple[GroupRow, ...]
    silent: tuple[tuple[StakeholderGroup, int], ...]
    comments: tuple[tuple[StakeholderGroup, tuple[Comment, ...]], ...]

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        return bars(self.figures)


def _round_results(number: int, answers: list[WorkshopAnswer], joined_by_group: dict[StakeholderGroup, int],
                   shown: bool, with_names: bool) -> RoundResults:
    figures = consensus(Answer(a.score, a.stakeholder_group.value) for a in answers)
    groups = []
    silent = []
    for group in StakeholderGroup:
        summary = figures.by_group.get(group.value)
        joined = joined_by_group.get(group, 0)
        if summary is not None and summary.count:
            groups.append(GroupRow(group, joined, summary))
        else:
            silent.append((group, joined))
    comments: dict[StakeholderGroup, list[Comment]] = {}
    for a in answers:
        if not (a.comment or "").strip():
            continue
        person = a.participant if with_names else None
        comments.setdefault(a.stakeholder_group, []).append(
            Comment(a.id, a.round, a.stakeholder_group, a.score, a.comment.strip(),
                    name=person.name if person else None, organisation=person.organisation if person else None)
        )
    return RoundResults(
        number=number,
        answered=len(answers),
        joined=sum(joined_by_group.values()),
        shown=shown,
        figures=figures,
        groups=tuple(groups),
        silent=tuple(silent),
        comments=tuple((g, tuple(comments[g])) for g in StakeholderGroup if g in comments),
    )


@dataclass(frozen=True)
class Facilitation:
    """Everything the facilitator's (or the presenter's) view of one descriptor shows."""

    workshop: Workshop
    item: WorkshopDescriptor
    descriptor: Descriptor
    position: int
    total: int
    previous_id: str | None
    next_id: str | None
    joined: int
    closed: bool
    rounds: tuple[RoundResults, ...]

    @property
    def current(self) -> RoundResults:
        return self.rounds[-1]

    @property
    def earlier_rounds(self) -> tuple[RoundResults, ...]:
        return self.rounds[:-1]

    @property
    def agreed(self) -> bool:
        return self.item.agreed_score is not None

    @property
    def accepting(self) -> bool:
        return not self.closed and not self.agreed

    @property
    def in_the_room(self) -> bool:
        return self.workshop.current_descriptor_id == self.item.descriptor_id

    @property
    def status_text(self) -> str:
        current = self.current
        people = "person who joined has" if self.joined == 1 else "people who joined have"
        text = f"Round {current.number}: {current.answered} of {self.joined} {people} answered"
        if current.figures.dont_know:
            text += f" ({current.figures.dont_know} don't know)"
        if not self.accepting:
            text += ". Answers are closed"
        return text + "."

    @property
    def can_start_next_round(self) -> bool:
        return self.accepting and self.item.round < MAX_ROUNDS and self.current.shown

    @property
    def latest_figures(self) -> RoundResults:
        """The latest round with a score in it (the current one if none has), for agreeing."""
        for results in reversed(self.rounds):
            if results.figures.count:
                return results
        return self.current

    @property
    def all_comments(self) -> tuple[Comment, ...]:
        return tuple(c for r in self.rounds for _, comments in r.comments for c in comments)


def facilitation(workshop: Workshop, descriptor_id: str, framework: Framework, *, with_names: bool,
                 now: datetime | None = None) -> Facilitation:
    """One descriptor's answers and figures, round by round, in a fixed number of queries.

    ``with_names``: show names beside comments (facilitator pages of named and
    facilitator-only workshops; never the presenter view).
    """
    entry = item(workshop, descriptor_id)
    with_names = with_names and workshop.names.facilitator_sees_names
    answers = data.answers_for(entry.id, with_people=with_names)
    joined_by_group = data.joined_by_group(workshop.id)
    joined = sum(joined_by_group.values())
    rounds = []
    for number in range(1, entry.round + 1):
        in_round = [a for a in answers if a.round == number]
        shown = True if number < entry.round else _shown(entry, len(in_round), joined)
        rounds.append(_round_results(number, in_round, joined_by_group, shown, with_names))
    return Facilitation(
        workshop=workshop,
        item=entry,
        **_whereabouts(workshop, descriptor_id, framework),
        joined=joined,
        closed=is_closed(workshop, now),
        rounds=tuple(rounds),
    )


# --- Facilitating ----------------------------------------------------------------------


def reveal(workshop: Workshop, descriptor_id: str) -> None:
    item(workshop, descriptor_id).revealed = True
    data.commit()


def start_next_round(workshop: Workshop, descriptor_id: str, now: datetime | None = None) -> int:
    """Start a second round for a descriptor; its first round's answers are kept."""
    entry = item(workshop, descriptor_id)
    if is_closed(workshop, now):
        raise WorkshopError("The workshop has closed, so there cannot be another round")
    if entry.agreed_score is not None:
        raise WorkshopError(f"The score for {descriptor_id} has been agreed, so there cannot be another round")
    if entry.round >= MAX_ROUNDS:
        raise WorkshopError(f"{descriptor_id} has had its second round already")
    answered = data.answered_count(entry.id, entry.round)
    if not _shown(entry, answered, data.joined_count(workshop.id)):
        raise WorkshopError("Show the results of this round first, so people can see the spread before they answer again")
    entry.round += 1
    entry.revealed = False
    data.commit()
    return entry.round


def show_in_room(workshop: Workshop, descriptor_id: str) -> None:
    """Make a descriptor the one the room (and the presenter view) is on."""
    item(workshop, descriptor_id)
    workshop.current_descriptor_id = descriptor_id
    data.commit()


def move_room(workshop: Workshop, step: int) -> str:
    """Move the room to the next (step 1) or previous (step -1) descriptor; returns where it is now."""
    ids = [i.descriptor_id for i in workshop.descriptors]
    at = ids.index(workshop.current_descriptor_id) if workshop.current_descriptor_id in ids else 0
    workshop.current_descriptor_id = ids[max(0, min(len(ids) - 1, at + step))]
    data.commit()
    return workshop.current_descriptor_id


def close(workshop: Workshop, now: datetime | None = None) -> None:
    """Close the workshop: its code stops working and no more answers are taken."""
    if workshop.closed_at is None:
        workshop.closed_at = now or utcnow()
    data.commit()


# --- Agreeing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    score: int
    rationale: str
    evidence_answer_ids: tuple[int, ...]
    expected_version: int


def _evidence_from(workshop: Workshop, comment: Comment) -> Evidence:
    agency = comment.group.label
    if workshop.names.evidence_names_person and comment.who:
        agency = f"{agency}: {comment.who}"
    kind = EvidenceKind.FAMILY_FEEDBACK if comment.group == StakeholderGroup.FAMILY else EvidenceKind.OTHER
    return Evidence(description=comment.text, kind=kind, agency=agency[:200], dated=workshop.held_on)


@all_or_nothing
def agree(workshop: Workshop, descriptor_id: str, agreement: Agreement, user: User, framework: Framework,
          now: datetime | None = None) -> assessment_service.Conflict | None:
    """Record the agreed score and its rationale, and put it and the chosen comments on the assessment.

    Returns the conflict if someone saved the descriptor on the assessment since the
    facilitator's page was loaded (nothing is saved then). Raises AssessmentError when the
    assessment is signed off. The individual answers are kept.
    """
    if not framework.scale.minimum <= agreement.score <= framework.scale.maximum:
        raise WorkshopError(f"Select a score from {framework.scale.minimum} to {framework.scale.maximum}")
    if not agreement.rationale.strip():
        raise WorkshopError("Enter why the group settled on this score")
    assessment = assessment_service.assessment(workshop.assessment_id)
    facts = facilitation(workshop, descriptor_id, framework, with_names=workshop.names.evidence_names_person, now=now)
    chosen = set(agreement.evidence_answer_ids)
    evidence = tuple(_evidence_from(workshop, c) for c in facts.all_comments if c.id in chosen)
    latest = facts.latest_figures.figures
    figures_text = (f"n = {latest.count}, median {figure(latest.median)}, range {latest.minimum}–{latest.maximum}"
                    if latest.count else "no scores given")
    conflict = assessment_service.apply_agreed_score(
        assessment,
        descriptor_id,
        assessment_service.WorkshopAgreement(
            score=agreement.score,
            agreed_in_id=facts.item.id,
            summary=f"workshop {workshop.title}, {figures_text}",
            evidence=evidence,
        ),
        agreement.expected_version,
        user,
    )
    entry = facts.item
    if conflict is not None:
        # Rolled back and read again: if the descriptor already holds this very agreement (the
        # same form sent twice), nothing was lost and there is nothing to choose between.
        on_assessment = assessment_service.response(assessment, descriptor_id)
        if (entry.agreed_score == agreement.score and on_assessment.score == agreement.score
                and on_assessment.agreed_in_id == entry.id
                and (entry.agreed_rationale or "") == agreement.rationale.strip()[:RATIONALE_LIMIT]):
            return None
        return conflict
    entry.agreed_score = agreement.score
    entry.agreed_rationale = agreement.rationale.strip()[:RATIONALE_LIMIT]
    entry.agreed_at = now or utcnow()
    entry.agreed_by_id = user.id
    entry.agreed_round = facts.latest_figures.number
    entry.agreed_count = latest.count
    entry.agreed_median = latest.median
    entry.agreed_minimum = latest.minimum
    entry.agreed_maximum = latest.maximum
    data.commit()
    return None


# --- Joining ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLookup:
    """What a typed code opened: a workshop, nothing, or nothing yet because of too many wrong codes."""

    workshop: Workshop | None = None
    wait: timedelta | None = None


def open_by_code(typed: str, client: str, settings: JoinThrottleSettings, known_workshop_ids: frozenset[int] = frozenset(),
                 now: datetime | None = None) -> CodeLookup:
    """The workshop a code opens, counting wrong codes per client.

    ``client`` is a keyed hash of the caller's address. Once a client has tried too many wrong
    codes it must wait, whatever it types, except to go back to a workshop its browser has
    already joined (``known_workshop_ids``), so one guesser cannot lock a whole room out.
    """
    now = now or utcnow()
    code = normalise_code(typed)
    found = data.workshop_by_code(code) if code else None
    if found is not None and found.id in known_workshop_ids:
        return CodeLookup(workshop=found)  # never refused, never counted: no need to read the throttle
    throttle = data.throttle_for(client)
    locked = throttle is not None and throttle.locked_until is not None and now < throttle.locked_until
    if locked:
        return CodeLookup(wait=throttle.locked_until - now)
    if found is None:
        _count_wrong_code(throttle, client, settings, now)
    return CodeLookup(workshop=found)


def _count_wrong_code(throttle: JoinThrottle | None, client: str, settings: JoinThrottleSettings, now: datetime) -> None:
    if throttle is None:
        throttle = data.add_throttle(JoinThrottle(client=client, failures=0, first_failure_at=now))
    elif now - throttle.first_failure_at > timedelta(minutes=settings.window_minutes) or throttle.locked_until:
        throttle.failures = 0
        throttle.first_failure_at = now
        throttle.locked_until = None
    throttle.failures += 1
    if throttle.failures >= settings.lock_after:
        throttle.locked_until = now + timedelta(minutes=settings.lock_minutes)
    try:
        data.commit()
    except IntegrityError:
        data.rollback()  # another wrong code from the same client counted at the same moment


@dataclass(frozen=True)
class JoinDetails:
    group: StakeholderGroup
    name: str = ""
    organisation: str = ""


def join(workshop: Workshop, details: JoinDetails, now: datetime | None = None, secret: str | None = None) -> str:
    """Join a workshop; returns the secret for the participant's browser (only its hash is stored).

    ``secret`` is the one the join form stands for (app.form_tokens): the same form sent twice
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
    try:
        data.add_participant(
            WorkshopParticipant(
                workshop_id=workshop.id,
                token_hash=hashed,
                name=details.name.strip()[:200] if named else None,
                organisation=details.organisation.strip()[:200] if named else None,
                stakeholder_group=details.group,
            )
        )
        data.commit()
    except IntegrityError:
        data.rollback()  # the same form, sent twice at once, joined a moment ago
        if data.participant_by_token_hash(workshop.id, hashed) is None:
            raise
    return secret


def participant(workshop: Workshop, secret: str | None) -> WorkshopParticipant | None:
    if not secret:
        return None
    return data.participant_by_token_hash(workshop.id, secret_hash(secret))


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
    def accepting(self) -> bool:
        return not self.closed and self.item.agreed_score is None

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
    return Question(
        workshop=workshop,
        item=entry,
        **_whereabouts(workshop, descriptor_id, framework),
        own=mine.get(key),
        earlier_own=mine.get(earlier_key) if earlier_key else None,
        earlier_figures=earlier_figures,
        closed=is_closed(workshop, now),
    )


def save_answer(workshop: Workshop, person: WorkshopParticipant, secret: str, descriptor_id: str, round_number: int,
                score: int | None, comment: str, now: datetime | None = None) -> None:
    """Save (or change) a participant's answer in the descriptor's current round.

    Anonymous workshops store the answer under its key only, with no participant.
    """
    if is_closed(workshop, now):
        raise WorkshopClosed("This workshop has closed, so answers are no longer taken")
    entry = item(workshop, descriptor_id)
    if entry.agreed_score is not None:
        raise RoundClosed(f"The score for {descriptor_id} has been agreed, so answers are closed. Your answer was not saved")
    if round_number != entry.round:
        raise RoundClosed(f"The facilitator has started round {entry.round} for {descriptor_id}. "
                          "Your answer was not saved: look at the group's scores and answer again")
    key = answer_key(secret, workshop.id, descriptor_id, entry.round)
    comment = (comment or "").strip()[:COMMENT_LIMIT]
    existing = data.answer_by_key(entry.id, entry.round, key)
    if existing is None:
        try:
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
        except IntegrityError:  # the same answer sent twice at once: the other one is in, so change it
            data.rollback()
            entry = item(workshop, descriptor_id)
            existing = data.answer_by_key(entry.id, entry.round, key)
    if existing is not None:
        existing.score = score
        existing.comment = comment
    data.commit()
