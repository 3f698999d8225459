"""From the database to the domain's return: one mapper, in a fixed number of queries.

An assessment becomes a :class:`~app.domain.returns.Return` with its answers, evidence,
priorities, partnership, sign-off and, for each descriptor whose score a workshop agreed (and
nobody changed by hand since), that workshop's figures.

Everything the return needs is loaded explicitly, and ``raiseload("*")`` after those options
makes any other load an error, so the mapper (and nothing after it) can trigger a lazy load:
four queries for the assessment, two more for the workshop figures, however many descriptors,
pieces of evidence or answers there are. The rows are read in a session of their own, on the
request's connection and transaction (so they include what the request has flushed), so the
``raiseload`` cannot reach the objects the rest of the request uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, defaultload, joinedload, raiseload, selectinload

from app.data.models import Assessment, AssessmentStatus, DescriptorResponse, WorkshopAnswer, WorkshopDescriptor
from app.domain.consensus import Answer, consensus
from app.domain.returns import (
    DataModelStatement,
    DescriptorAnswer,
    Evidence,
    GroupFigures,
    Permissions,
    PriorityChoice,
    Return,
    RoundFigures,
    SignOff,
    WorkshopSummary,
)
from app.extensions import db

#: The queries one return costs: the assessment with its partnership and who signed it off,
#: its responses, their evidence, its priorities, its permissions to share; then the
#: agreements, then their answers.
QUERIES = 5
WORKSHOP_QUERIES = 2


def return_of(assessment_id: int, *, with_workshops: bool = True) -> Return | None:
    """The assessment's return (None if there is no such assessment).

    ``with_workshops=False`` leaves out the workshop figures (two queries fewer) where only the
    scores are wanted: a chart, or last year's column beside this year's."""
    with _reading() as session:
        assessment = session.scalar(_assessment_query(Assessment.id == assessment_id))
        return None if assessment is None else _mapped(session, assessment, with_workshops)


def previous_return_of(partnership_id: int, year: int) -> Return | None:
    """The return of the partnership's latest assessment before ``year``, without workshop figures."""
    with _reading() as session:
        query = _assessment_query(Assessment.partnership_id == partnership_id, Assessment.year < year)
        assessment = session.scalar(query.order_by(Assessment.year.desc()).limit(1))
        return None if assessment is None else _mapped(session, assessment, with_workshops=False)


def returns_of_partnership(partnership_id: int) -> list[Return]:
    """The returns of every assessment the partnership holds (scored here or imported), oldest
    first, without workshop figures: for the trends across the years. :data:`QUERIES` queries,
    however many years."""
    with _reading() as session:
        query = _assessment_query(Assessment.partnership_id == partnership_id).order_by(Assessment.year)
        return [_mapped(session, assessment, with_workshops=False) for assessment in session.scalars(query).unique()]


def data_model_statement(assessment: Assessment) -> DataModelStatement:
    """What the assessment says about its data model."""
    return DataModelStatement(
        submitted=assessment.data_model_submitted,
        survey_date=assessment.survey_date,
        changed=assessment.data_model_changed,
        current=assessment.data_model_current,
        change_reason=assessment.data_model_change_reason or "",
    )


def permissions_of(assessment: Assessment) -> Permissions:
    """The assessment's answers to its edition's permissions to share, by key."""
    return Permissions({row.key: row.answer for row in assessment.permission_answers})


@contextmanager
def _reading() -> Iterator[Session]:
    db.session.flush()  # what this request has changed so far is part of its return
    session = Session(bind=db.session.connection(), autoflush=False, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


def _assessment_query(*conditions: ColumnElement[bool]) -> Select[tuple[Assessment]]:
    responses = selectinload(Assessment.responses)
    return (
        select(Assessment)
        .where(*conditions)
        .options(
            joinedload(Assessment.partnership).raiseload("*"),
            joinedload(Assessment.signed_off_by).raiseload("*"),
            responses.selectinload(DescriptorResponse.evidence).raiseload("*"),
            defaultload(Assessment.responses).raiseload("*"),
            selectinload(Assessment.priorities).raiseload("*"),
            selectinload(Assessment.permission_answers).raiseload("*"),
            raiseload("*"),
        )
    )


def _mapped(session: Session, assessment: Assessment, with_workshops: bool) -> Return:
    workshops = _workshop_summaries(session, assessment.responses) if with_workshops else {}
    answers = tuple(
        DescriptorAnswer(
            descriptor_id=r.descriptor_id,
            score=r.score,
            narratives=r.narratives,
            evidence=tuple(
                Evidence(description=e.description, kind=e.kind, agency=e.agency or "", dated=e.dated, link=e.link or "")
                for e in r.evidence
            ),
            workshop=workshops.get(r.descriptor_id),
        )
        for r in assessment.responses
    )
    sign_off = None
    if assessment.status == AssessmentStatus.SIGNED_OFF and assessment.signed_off_at:
        # The signer's id goes only when their account is deleted: then they have really left.
        who = assessment.signed_off_by.name if assessment.signed_off_by else "a former member"
        sign_off = SignOff(signed_off_by=who, signed_off_at=assessment.signed_off_at)
    elif assessment.status == AssessmentStatus.IMPORTED and assessment.imported_signed_off_at:
        # The sign-off the imported file stated, passed on as the file gave it.
        sign_off = SignOff(signed_off_by=assessment.imported_signed_off_by or "",
                           signed_off_at=assessment.imported_signed_off_at)
    return Return(
        area=assessment.partnership.name,
        local_authority=assessment.partnership.local_authority,
        year=assessment.year,
        edition_id=assessment.edition_id,
        answers=answers,
        data_model=data_model_statement(assessment),
        priorities=tuple(PriorityChoice(p.descriptor_id, p.rationale or "") for p in assessment.priorities),
        permissions=permissions_of(assessment),
        sign_off=sign_off,
    )


def _workshop_summaries(session: Session, responses: Iterable[DescriptorResponse]) -> dict[str, WorkshopSummary]:
    """For each descriptor whose score was agreed in a workshop (and not changed by hand since),
    the figures of the round the score was agreed in: everyone's, and each stakeholder group's.
    Two queries (the agreements with their workshops, then the answers), however many
    descriptors were agreed."""
    agreed_in = {r.descriptor_id: r.agreed_in_id for r in responses if r.agreed_in_id is not None}
    if not agreed_in:
        return {}
    items = {
        item.id: item
        for item in session.scalars(
            select(WorkshopDescriptor)
            .where(WorkshopDescriptor.id.in_(set(agreed_in.values())))
            .options(joinedload(WorkshopDescriptor.workshop).raiseload("*"), raiseload("*"))
        )
    }
    agreed = {descriptor_id: items[item_id] for descriptor_id, item_id in agreed_in.items()
              if item_id in items and items[item_id].agreed_score is not None}
    given = _answers_in_rounds(session, {(item.id, number) for item in agreed.values()
                                         for number in range(1, _last_round(item) + 1)})
    return {descriptor_id: _summary(item, given) for descriptor_id, item in agreed.items()}


def _last_round(item: WorkshopDescriptor) -> int:
    return max(item.round or 1, item.agreed_round or 1)


def _answers_in_rounds(session: Session, rounds: set[tuple[int, int]]) -> dict[tuple[int, int], list[WorkshopAnswer]]:
    found: dict[tuple[int, int], list[WorkshopAnswer]] = {pair: [] for pair in rounds}
    if not rounds:
        return found
    query = (
        select(WorkshopAnswer)
        .where(WorkshopAnswer.workshop_descriptor_id.in_({item for item, _ in rounds}))
        .order_by(WorkshopAnswer.id)
        .options(raiseload("*"))
    )
    for answer in session.scalars(query):
        pair = (answer.workshop_descriptor_id, answer.round)
        if pair in found:
            found[pair].append(answer)
    return found


def _summary(item: WorkshopDescriptor, answers: dict[tuple[int, int], list[WorkshopAnswer]]) -> WorkshopSummary:
    """The figures of the round the score was agreed in, and every round's where there were several."""
    given = answers[(item.id, item.agreed_round or 1)]
    figures = consensus(Answer(a.score, a.stakeholder_group.label) for a in given)
    rounds = []
    for number in range(1, _last_round(item) + 1):
        each = consensus(Answer(a.score) for a in answers[(item.id, number)])
        rounds.append(RoundFigures(number, each.count, each.median, each.minimum, each.maximum))
    return WorkshopSummary(
        workshop_title=item.workshop.title,
        held_on=item.workshop.held_on,
        count=figures.count,
        median=figures.median,
        minimum=figures.minimum,
        maximum=figures.maximum,
        histogram=figures.histogram,
        dont_know=figures.dont_know,
        agreed_score=item.agreed_score,
        rationale=item.agreed_rationale or "",
        by_group=tuple(
            GroupFigures(group=name, count=g.count, median=g.median, minimum=g.minimum, maximum=g.maximum)
            for name, g in figures.by_group.items() if g.count
        ),
        rounds=tuple(rounds) if len(rounds) > 1 else (),
    )
