"""Facilitating a workshop: the dashboard, one descriptor's answers round by round (for the
facilitator and for the presenter view), who has answered, revealing results (which closes the
round), further rounds, and moving the room.

Who sees what:
- the presenter view shows figures and comments by stakeholder group, never a name;
- the facilitator's pages show names beside comments in named and facilitator-only workshops;
- an anonymous workshop stores no name or organisation, and its answers carry no link to the
  participant (see app.domain.workshops.answer_key); its pages show who has answered by group and
  count only, name comments by opaque tokens (never answer ids) and list them in the tokens'
  order, never in the order they were given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.data import Workshop, WorkshopAnswer, WorkshopDescriptor
from app.data import workshops as data
from app.data.transaction import operation
from app.domain.consensus import Answer, Consensus, consensus
from app.domain.framework import Descriptor, Framework
from app.domain.workshops import (
    MAX_ROUNDS,
    StakeholderGroup,
    bars,
    evidence_token,
    is_closed,
    results_shown,
    whereabouts,
)
from app.services.workshop_errors import WorkshopError
from app.services.workshop_setup import item


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
                                 results_shown(entry.revealed, answered, joined)))
    return Dashboard(
        workshop=workshop,
        closed=is_closed(workshop, now),
        joined=joined,
        joined_by_group=tuple((g, by_group[g]) for g in StakeholderGroup if by_group.get(g)),
        rows=tuple(rows),
    )


# --- Results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A comment as the facilitator's pages show it. ``token`` (app.domain.workshops.evidence_token)
    names it on the agree page: never the answer's id, which would tell who answered when."""

    token: str
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
class Attendance:
    """Who has answered the current round: by name where the facilitator sees names (``answered``
    and ``waiting``), and always by stakeholder group: (group, answered, joined)."""

    answered: tuple[str, ...]
    waiting: tuple[str, ...]
    by_group: tuple[tuple[StakeholderGroup, int, int], ...]
    named: bool


def _attendance(workshop: Workshop, answers: list[WorkshopAnswer], joined_by_group: dict[StakeholderGroup, int],
                with_names: bool) -> Attendance:
    answered_by_group: dict[StakeholderGroup, int] = {}
    for a in answers:
        answered_by_group[a.stakeholder_group] = answered_by_group.get(a.stakeholder_group, 0) + 1
    by_group = tuple((g, answered_by_group.get(g, 0), joined_by_group[g]) for g in StakeholderGroup
                     if joined_by_group.get(g))
    if not with_names:
        return Attendance((), (), by_group, named=False)
    done = {a.participant_id for a in answers}
    answered: list[str] = []
    waiting: list[str] = []
    for person in data.participants_of(workshop.id):
        who = ", ".join(part for part in (person.name, person.organisation) if part) or person.stakeholder_group.label
        (answered if person.id in done else waiting).append(who)
    return Attendance(tuple(answered), tuple(waiting), by_group, named=True)


@dataclass(frozen=True)
class RoundResults:
    number: int
    answered: int
    joined: int
    shown: bool
    figures: Consensus
    groups: tuple[GroupRow, ...]
    #: Groups whose every answer was "I don't know": (group, how many said so).
    unsure: tuple[tuple[StakeholderGroup, int], ...]
    #: Groups with no answer at all: (group, how many joined).
    silent: tuple[tuple[StakeholderGroup, int], ...]
    comments: tuple[tuple[StakeholderGroup, tuple[Comment, ...]], ...]

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        return bars(self.figures)


def _comment(answer: WorkshopAnswer, with_names: bool) -> Comment:
    person = answer.participant if with_names else None
    return Comment(evidence_token(answer.answer_key), answer.round, answer.stakeholder_group, answer.score,
                   answer.comment.strip(),
                   name=person.name if person else None, organisation=person.organisation if person else None)


def _round_results(number: int, answers: list[WorkshopAnswer], joined_by_group: dict[StakeholderGroup, int],
                   shown: bool, with_names: bool) -> RoundResults:
    figures = consensus(Answer(a.score, a.stakeholder_group.value) for a in answers)
    groups = []
    unsure = []
    silent = []
    for group in StakeholderGroup:
        summary = figures.by_group.get(group.value)
        joined = joined_by_group.get(group, 0)
        if summary is not None and summary.count:
            groups.append(GroupRow(group, joined, summary))
        elif summary is not None and summary.dont_know:
            unsure.append((group, summary.dont_know))
        else:
            silent.append((group, joined))
    comments: dict[StakeholderGroup, list[Comment]] = {}
    # In the order of their tokens, not of their ids: the order answers came in would let the same
    # person be followed from descriptor to descriptor in an anonymous workshop.
    for a in sorted(answers, key=lambda a: evidence_token(a.answer_key)):
        if (a.comment or "").strip():
            comments.setdefault(a.stakeholder_group, []).append(_comment(a, with_names))
    return RoundResults(
        number=number,
        answered=len(answers),
        joined=sum(joined_by_group.values()),
        shown=shown,
        figures=figures,
        groups=tuple(groups),
        unsure=tuple(unsure),
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
    attendance: Attendance

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
    def can_start_next_round(self) -> bool:
        return self.accepting and self.item.round < MAX_ROUNDS and self.current.shown

    @property
    def next_round(self) -> int:
        return self.item.round + 1

    @property
    def shown_rounds(self) -> tuple[RoundResults, ...]:
        """The rounds whose figures may be shown side by side (a hidden round's are not)."""
        return tuple(r for r in self.rounds if r.shown)

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
    in_round: list[WorkshopAnswer] = []
    for number in range(1, entry.round + 1):
        in_round = [a for a in answers if a.round == number]
        shown = number < entry.round or results_shown(entry.revealed, len(in_round), joined)
        rounds.append(_round_results(number, in_round, joined_by_group, shown, with_names))
    attendance = _attendance(workshop, in_round, joined_by_group, with_names)
    place = whereabouts([i.descriptor_id for i in workshop.descriptors], descriptor_id)
    return Facilitation(
        workshop=workshop,
        item=entry,
        descriptor=framework.descriptor(descriptor_id),
        position=place.position,
        total=place.total,
        previous_id=place.previous_id,
        next_id=place.next_id,
        joined=joined,
        closed=is_closed(workshop, now),
        rounds=tuple(rounds),
        attendance=attendance,
    )


# --- Facilitating ----------------------------------------------------------------------


@operation
def reveal(workshop: Workshop, descriptor_id: str) -> None:
    """Show the round's results, which closes it: waits for an answer being saved at this moment
    (app.data.workshops.lock_round), so every answer is in the figures or refused."""
    entry = item(workshop, descriptor_id)
    data.lock_round(entry.id)
    entry.revealed = True


@operation
def start_next_round(workshop: Workshop, descriptor_id: str, now: datetime | None = None) -> int:
    """Start the next round for a descriptor; every earlier round's answers and figures are kept."""
    entry = item(workshop, descriptor_id)
    if is_closed(workshop, now):
        raise WorkshopError("The workshop has closed, so there cannot be another round")
    if entry.agreed_score is not None:
        raise WorkshopError(f"The score for {descriptor_id} has been agreed, so there cannot be another round")
    if entry.round >= MAX_ROUNDS:
        raise WorkshopError(f"{descriptor_id} has had {MAX_ROUNDS} rounds, the most there can be")
    if not results_shown(entry.revealed, *data.round_tally(workshop.id, entry.id, entry.round)):
        raise WorkshopError("Show the results of this round first, so people can see the spread before they answer again")
    entry.round += 1
    entry.revealed = False
    return entry.round


@operation
def show_in_room(workshop: Workshop, descriptor_id: str) -> None:
    """Make a descriptor the one the room (and the presenter view) is on."""
    item(workshop, descriptor_id)
    workshop.current_descriptor_id = descriptor_id


@operation
def move_room(workshop: Workshop, step: int) -> str:
    """Move the room to the next (step 1) or previous (step -1) descriptor; returns where it is now."""
    ids = [i.descriptor_id for i in workshop.descriptors]
    at = ids.index(workshop.current_descriptor_id) if workshop.current_descriptor_id in ids else 0
    workshop.current_descriptor_id = ids[max(0, min(len(ids) - 1, at + step))]
    return workshop.current_descriptor_id
