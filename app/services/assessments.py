"""Assessments: create one, work through its descriptors, state the data model, answer the
permissions, choose priorities, sign it off and reopen it. Every change is in the audit log.

Each public function that changes something is one ``@operation``: it commits once at its end,
or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.data import (
    Assessment,
    AssessmentStatus,
    AuditEntry,
    DescriptorResponse,
    EvidenceItem,
    Partnership,
    PriorityChoiceRow,
    User,
)
from app.data import assessments as data
from app.data.base import utcnow
from app.data.returns import data_model_statement
from app.data.transaction import operation, race_lost, savepoint
from app.domain.earned_autonomy import EarnedAutonomyResult, check_earned_autonomy, prospectus_year
from app.domain.framework import Descriptor, Framework, Section
from app.domain.priorities import PriorityCheck, check_priorities
from app.domain.returns import Evidence, Permissions, PriorityChoice
from app.domain.wording import yes_no


class AssessmentError(Exception):
    """Something the user asked for cannot be done; the message says why and what to do."""


# --- Reading ---------------------------------------------------------------------------


def assessments_of(partnership_id: int) -> list[Assessment]:
    return data.assessments_of(partnership_id)


def assessment(assessment_id: int) -> Assessment | None:
    return data.assessment_with_everything(assessment_id)


def previous(assessment: Assessment) -> Assessment | None:
    return data.previous_assessment(assessment)


def response(assessment: Assessment, descriptor_id: str) -> DescriptorResponse:
    found = next((r for r in assessment.responses if r.descriptor_id == descriptor_id), None)
    if found is None:
        raise KeyError(descriptor_id)
    return found


def history(assessment: Assessment, descriptor_id: str | None = None) -> list[AuditEntry]:
    return data.audit_for(assessment.id, descriptor_id)




def earned_autonomy(assessment: Assessment, framework: Framework) -> EarnedAutonomyResult:
    scores = {r.descriptor_id: r.score for r in assessment.responses}
    return check_earned_autonomy(framework, scores, prospectus_year(framework, assessment.year))


def priority_check(assessment: Assessment, framework: Framework) -> PriorityCheck | None:
    """The rule applied to the saved choice; None until a data model is stated."""
    model = data_model_statement(assessment).effective
    if model is None:
        return None
    return check_priorities(framework, [p.descriptor_id for p in assessment.priorities], model)


# --- Progress --------------------------------------------------------------------------

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SCORED = "scored"
AGREED = "agreed"


def descriptor_status(response: DescriptorResponse) -> str:
    if response.score is not None:
        return AGREED if response.agreed_in_id is not None else SCORED
    if (response.working_well or "").strip() or (response.prioritising_next or "").strip() or response.evidence:
        return IN_PROGRESS
    return NOT_STARTED


@dataclass(frozen=True)
class OverviewItem:
    descriptor: Descriptor
    response: DescriptorResponse
    status: str
    minimum: int | None
    met: bool | None


@dataclass(frozen=True)
class OverviewSection:
    section: Section
    items: tuple[OverviewItem, ...]

    @property
    def scored(self) -> int:
        return sum(1 for i in self.items if i.status in (SCORED, AGREED))

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Overview:
    sections: tuple[OverviewSection, ...]
    earned_autonomy: EarnedAutonomyResult
    missing_for_sign_off: tuple[str, ...]

    @property
    def scored(self) -> int:
        return sum(s.scored for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


def overview(assessment: Assessment, framework: Framework) -> Overview:
    ea = earned_autonomy(assessment, framework)
    thresholds = {t.descriptor_id: t for t in ea.descriptors}
    by_id = {r.descriptor_id: r for r in assessment.responses}
    sections = []
    for section in framework.sections:
        items = []
        for descriptor in section.descriptors:
            response = by_id[descriptor.id]
            threshold = thresholds.get(descriptor.id)
            items.append(
                OverviewItem(
                    descriptor=descriptor,
                    response=response,
                    status=descriptor_status(response),
                    minimum=threshold.minimum if threshold else None,
                    met=(threshold.met if threshold and not threshold.missing else None),
                )
            )
        sections.append(OverviewSection(section=section, items=tuple(items)))
    return Overview(tuple(sections), ea, tuple(sign_off_problems(assessment, framework)))


def sign_off_problems(assessment: Assessment, framework: Framework) -> list[str]:
    """Everything that stands between this assessment and sign-off, in plain words."""
    problems = []
    unscored = [r.descriptor_id for r in assessment.responses if r.score is None]
    if unscored:
        ids = ", ".join(sorted(unscored, key=framework.order_of))
        problems.append(
            f"Score every descriptor: {len(unscored)} not scored yet ({ids})"
            if len(unscored) > 1
            else f"Score every descriptor: {ids} is not scored yet"
        )
    statement = data_model_statement(assessment)
    if statement.submitted is None or statement.changed is None:
        problems.append("State the data model submitted in the national data survey and whether it has changed")
    check = priority_check(assessment, framework)
    if not assessment.priorities:
        problems.append(f"Choose the {framework.priority_rule.required} priority descriptors")
    elif check is not None and not check.valid:
        problems.append("Change the priority descriptors: " + "; ".join(check.problems))
    if not Permissions(
        assessment.permission_dfe, assessment.permission_coordinators, assessment.permission_other_departments
    ).answered:
        problems.append("Answer the three questions about permission to share")
    return problems


# --- Changing --------------------------------------------------------------------------


def _ensure_editable(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.SIGNED_OFF:
        raise AssessmentError(
            f"The {assessment.year} assessment has been signed off, so it cannot be changed. "
            "A coordinator can reopen it, giving a reason"
        )


def _audit(assessment: Assessment, user: User, action: str, field: str = "", before=None, after=None,
           descriptor_id: str | None = None) -> None:
    data.add_audit(
        AuditEntry(
            assessment_id=assessment.id,
            descriptor_id=descriptor_id,
            user_id=user.id,
            user_name=user.name,
            at=utcnow(),
            action=action,
            field=field,
            before=None if before is None else str(before),
            after=None if after is None else str(after),
        )
    )


@dataclass(frozen=True)
class AssessmentDetails:
    year: int
    edition_id: str
    data_model_submitted: int
    survey_date: date | None
    data_model_changed: bool
    data_model_current: int | None = None
    change_reason: str = ""


@operation
def create_assessment(partnership: Partnership, details: AssessmentDetails, user: User,
                      framework: Framework) -> Assessment:
    """Start the partnership's assessment for a year, with every descriptor not started."""
    if data.assessment_for_year(partnership.id, details.year):
        raise AssessmentError(
            f"{partnership.name} already has an assessment for {details.year}. Open it from the list of assessments"
        )
    assessment = Assessment(
        partnership_id=partnership.id,
        year=details.year,
        edition_id=framework.id,
        created_by_id=user.id,
        status=AssessmentStatus.IN_PROGRESS,
    )
    _apply_data_model(assessment, details)
    assessment.responses = [DescriptorResponse(descriptor_id=d.id, version=1) for d in framework.descriptors]
    try:
        with savepoint():
            data.add_assessment(assessment)
    except Exception as error:
        if not race_lost(error):
            raise
        # A second submission of the same form, or two coordinators at once.
        raise AssessmentError(
            f"{partnership.name} already has an assessment for {details.year}. Open it from the list of assessments"
        ) from None
    _audit(assessment, user, "created", after=f"{details.year} assessment ({framework.edition.title}, {framework.edition.label})")
    return assessment


def _apply_data_model(assessment: Assessment, details: AssessmentDetails) -> None:
    assessment.data_model_submitted = details.data_model_submitted
    assessment.survey_date = details.survey_date
    assessment.data_model_changed = details.data_model_changed
    assessment.data_model_current = details.data_model_current if details.data_model_changed else None
    assessment.data_model_change_reason = (details.change_reason or "").strip() if details.data_model_changed else ""


@dataclass(frozen=True)
class DescriptorEdit:
    score: int | None
    working_well: str
    prioritising_next: str


@dataclass(frozen=True)
class Conflict:
    """Someone else saved this descriptor after the person's page was loaded."""

    theirs: DescriptorEdit
    saved_by: str
    saved_at: object
    version: int


@dataclass
class SaveOutcome:
    conflict: Conflict | None = None
    changed_fields: list[str] = field(default_factory=list)
    # The evidence to add was on the descriptor already (the same form sent twice): not added again.
    evidence_already_there: bool = False


@operation
def save_descriptor(assessment: Assessment, descriptor_id: str, edit: DescriptorEdit, expected_version: int,
                    user: User, new_evidence: Evidence | None = None,
                    remove_evidence_ids: tuple[int, ...] = ()) -> SaveOutcome:
    """Save a descriptor's score and narratives, add or remove evidence.

    The save goes through only if nobody else has saved the descriptor since the person's page
    was loaded (one conditional UPDATE, so two saves at the same moment cannot both pass);
    otherwise nothing is saved and the conflict is returned so they can choose. A save that finds
    the descriptor already holding exactly what it would write (the same form sent twice) is not
    a conflict: nothing is lost, so it goes on to its evidence, which is added once only.
    """
    _ensure_editable(assessment)
    current = response(assessment, descriptor_id)
    now = utcnow()
    before = {"score": current.score, "working_well": current.working_well or "",
              "prioritising_next": current.prioritising_next or ""}
    after = {"score": edit.score, "working_well": edit.working_well, "prioritising_next": edit.prioritising_next}
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        # A score changed by hand is no longer the one a workshop agreed.
        agreement = {"agreed_in_id": None} if "score" in changed else {}
        if not data.update_response_if_version(
            current.id, expected_version, {**after, **agreement, "updated_at": now, "updated_by_id": user.id}
        ):
            conflict = _conflict_with(current)
            if conflict.theirs != edit:  # the same form sent twice is no conflict
                return SaveOutcome(conflict=conflict)
            changed = []  # already saved, by the same form sent a moment earlier
        for name in changed:
            _audit(assessment, user, "changed", name, before[name], after[name], descriptor_id=descriptor_id)
    for evidence_id in remove_evidence_ids:
        item = data.evidence_by_id(evidence_id)
        if item is None or item.response_id != current.id:
            continue  # already removed, perhaps by someone else
        _audit(assessment, user, "removed evidence", "evidence", before=item.description, descriptor_id=descriptor_id)
        data.delete(item)
    already_there = new_evidence is not None and not _add_evidence_once(assessment, current, new_evidence, user)
    return SaveOutcome(changed_fields=changed, evidence_already_there=already_there)


@dataclass(frozen=True)
class WorkshopAgreement:
    """A score agreed in a workshop, ready to land on the assessment.

    ``agreed_in_id`` is the workshop descriptor that holds the agreement and its figures;
    ``summary`` says where and on what figures it was agreed, for the history.
    """

    score: int
    agreed_in_id: int
    summary: str
    evidence: tuple[Evidence, ...] = ()


def apply_agreed_score(assessment: Assessment, descriptor_id: str, agreement: WorkshopAgreement,
                       expected_version: int, user: User) -> Conflict | None:
    """Record a workshop's agreed score on a descriptor, with the chosen comments as evidence.

    Checked against the version the facilitator's page was loaded with, like
    :func:`save_descriptor`: if someone saved the descriptor since, nothing is saved and the
    conflict is returned. Audited as "agreed in workshop". Does not commit: the workshop
    service that records the agreement commits it and this together.
    """
    _ensure_editable(assessment)
    current = response(assessment, descriptor_id)
    before = current.score
    if not data.update_response_if_version(
        current.id, expected_version,
        {"score": agreement.score, "agreed_in_id": agreement.agreed_in_id, "updated_at": utcnow(),
         "updated_by_id": user.id},
    ):
        return _conflict_with(current)
    _audit(assessment, user, "agreed in workshop", "score", before, f"{agreement.score} ({agreement.summary})",
           descriptor_id=descriptor_id)
    for item in agreement.evidence:
        _add_evidence_once(assessment, current, item, user)
    return None


def _conflict_with(current: DescriptorResponse) -> Conflict:
    """What the other person saved, read again after a save lost the race.

    Everything loaded is read again (nothing is rolled back: the caller's work so far stays)."""
    data.read_again()
    return Conflict(
        theirs=DescriptorEdit(current.score, current.working_well or "", current.prioritising_next or ""),
        saved_by=current.updated_by.name if current.updated_by else "Someone",
        saved_at=current.updated_at,
        version=current.version,
    )


def _add_evidence_once(assessment: Assessment, current: DescriptorResponse, evidence: Evidence, user: User) -> bool:
    """Add a piece of evidence to a descriptor unless it is listed there already; True if added.

    Additions to one descriptor take turns (a row lock on PostgreSQL), so the same form sent
    twice at once, or the same comment chosen again when a workshop agrees afresh, finds the
    item already there rather than adding a second."""
    data.lock_response(current.id)
    if data.has_evidence(current.id, evidence):
        return False
    data.add_evidence(
        EvidenceItem(response_id=current.id, description=evidence.description, kind=evidence.kind,
                     agency=evidence.agency, dated=evidence.dated, link=evidence.link)
    )
    _audit(assessment, user, "added evidence", "evidence", after=evidence.description, descriptor_id=current.descriptor_id)
    return True


@operation
def set_data_model(assessment: Assessment, details: AssessmentDetails, user: User) -> None:
    _ensure_editable(assessment)
    before = _describe_data_model(assessment)
    _apply_data_model(assessment, details)
    after = _describe_data_model(assessment)
    if before != after:
        _audit(assessment, user, "changed", "data model", before, after)


def _describe_data_model(assessment: Assessment) -> str:
    text = f"submitted {assessment.data_model_submitted}"
    if assessment.survey_date:
        text += f" (survey {assessment.survey_date.isoformat()})"
    if assessment.data_model_changed:
        text += f"; changed since, now {assessment.data_model_current}: {assessment.data_model_change_reason}"
    elif assessment.data_model_changed is False:
        text += "; not changed since"
    return text


@operation
def set_permissions(assessment: Assessment, permissions: Permissions, user: User) -> None:
    _ensure_editable(assessment)
    for key, column in (("dfe", "permission_dfe"), ("coordinators", "permission_coordinators"),
                        ("other_departments", "permission_other_departments")):
        new = getattr(permissions, key)
        old = getattr(assessment, column)
        if old != new:
            _audit(assessment, user, "changed", f"permission: {key}", yes_no(old), yes_no(new))
            setattr(assessment, column, new)


@operation
def save_priorities(assessment: Assessment, choices: list[PriorityChoice], user: User,
                    framework: Framework) -> PriorityCheck:
    """Save the chosen priorities if they follow the rule; otherwise save nothing and say why."""
    _ensure_editable(assessment)
    model = data_model_statement(assessment).effective
    if model is None:
        raise AssessmentError("State the data model before choosing priorities, since the rule depends on it")
    check = check_priorities(framework, [c.descriptor_id for c in choices], model)
    if not check.valid:
        return check
    before = "; ".join(p.descriptor_id for p in assessment.priorities) or "none"
    before_rationales = {p.descriptor_id: p.rationale for p in assessment.priorities}
    data.replace_priorities(
        assessment,
        [PriorityChoiceRow(position=i, descriptor_id=c.descriptor_id, rationale=c.rationale.strip())
         for i, c in enumerate(choices, start=1)],
    )
    after = "; ".join(c.descriptor_id for c in choices)
    if before != after:
        _audit(assessment, user, "changed", "priorities", before, after)
    for c in choices:
        if before_rationales.get(c.descriptor_id, "") != c.rationale.strip() and c.rationale.strip():
            _audit(assessment, user, "changed", f"priority rationale: {c.descriptor_id}",
                   before_rationales.get(c.descriptor_id), c.rationale.strip())
    return check


@operation
def sign_off(assessment: Assessment, user: User, framework: Framework) -> None:
    _ensure_editable(assessment)
    problems = sign_off_problems(assessment, framework)
    if problems:
        raise AssessmentError("This assessment cannot be signed off yet: " + "; ".join(problems))
    assessment.status = AssessmentStatus.SIGNED_OFF
    assessment.signed_off_at = utcnow()
    assessment.signed_off_by_id = user.id
    _audit(assessment, user, "signed off", "status", AssessmentStatus.IN_PROGRESS.label, AssessmentStatus.SIGNED_OFF.label)


@operation
def reopen(assessment: Assessment, user: User, reason: str) -> None:
    if assessment.status != AssessmentStatus.SIGNED_OFF:
        raise AssessmentError("This assessment is not signed off, so there is nothing to reopen")
    if not reason.strip():
        raise AssessmentError("Enter why the assessment is being reopened")
    assessment.status = AssessmentStatus.IN_PROGRESS
    assessment.signed_off_at = None
    assessment.signed_off_by_id = None
    _audit(assessment, user, "reopened", "status", AssessmentStatus.SIGNED_OFF.label,
           f"{AssessmentStatus.IN_PROGRESS.label}: {reason.strip()}")
