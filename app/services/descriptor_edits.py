"""Changing one descriptor: its score and narratives, its evidence, and a score agreed in a
workshop; a save made from an older page is returned as a conflict rather than overwriting
(the descriptor page and the workshop's agreement)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.data import Assessment, DescriptorResponse, EvidenceItem, User
from app.data import assessments as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain.narratives import Narratives
from app.domain.returns import Evidence
from app.services.assessments import audit, ensure_editable, response


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
    ensure_editable(assessment)
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
            audit(assessment, user, "changed", name, before[name], after[name], descriptor_id=descriptor_id)
    for evidence_id in remove_evidence_ids:
        item = data.evidence_by_id(evidence_id)
        if item is None or item.response_id != current.id:
            continue  # already removed, perhaps by someone else
        audit(assessment, user, "removed evidence", "evidence", before=item.description, descriptor_id=descriptor_id)
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
    # The two narratives as the facilitator left them after drafting, and the workshop's title
    # for the history ("drafted from workshop ..."); None leaves the narratives as they are.
    narratives: Narratives | None = None
    workshop_title: str = ""


def apply_agreed_score(assessment: Assessment, descriptor_id: str, agreement: WorkshopAgreement,
                       expected_version: int, user: User) -> Conflict | None:
    """Record a workshop's agreed score on a descriptor, with the chosen comments as evidence.

    Checked against the version the facilitator's page was loaded with, like
    :func:`save_descriptor`: if someone saved the descriptor since, nothing is saved and the
    conflict is returned. Audited as "agreed in workshop". Does not commit: the workshop
    service that records the agreement commits it and this together.
    """
    ensure_editable(assessment)
    current = response(assessment, descriptor_id)
    before = current.score
    before_text = {"working_well": current.working_well or "", "prioritising_next": current.prioritising_next or ""}
    values: dict[str, object] = {"score": agreement.score, "agreed_in_id": agreement.agreed_in_id,
                                 "updated_at": utcnow(), "updated_by_id": user.id}
    if agreement.narratives is not None:
        values |= {"working_well": agreement.narratives.working_well,
                   "prioritising_next": agreement.narratives.prioritising_next}
    if not data.update_response_if_version(current.id, expected_version, values):
        return _conflict_with(current)
    audit(assessment, user, "agreed in workshop", "score", before, f"{agreement.score} ({agreement.summary})",
          descriptor_id=descriptor_id)
    for name, old in before_text.items():
        if name in values and values[name] != old:
            audit(assessment, user, f"drafted from workshop {agreement.workshop_title}", name, old, values[name],
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

    The same form sent twice at once, or the same comment chosen again when a workshop agrees
    afresh, finds the item already there rather than adding a second: a descriptor lists each
    piece of evidence once (a unique key on its identity), so of two requests that both found it
    missing, the second one's insert is refused and undone alone, on SQLite and PostgreSQL alike."""
    if data.has_evidence(current.id, evidence):
        return False
    try:
        with savepoint():
            data.add_evidence(
                EvidenceItem(response_id=current.id, description=evidence.description, kind=evidence.kind,
                             agency=evidence.agency, dated=evidence.dated, link=evidence.link)
            )
    except Exception as error:
        if not race_lost(error):
            raise
        return False  # added a moment ago by the same form sent at the same time
    audit(assessment, user, "added evidence", "evidence", after=evidence.description, descriptor_id=current.descriptor_id)
    return True
