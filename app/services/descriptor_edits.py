"""Changing one descriptor: its score and narratives, its evidence, and a score agreed in a
workshop; a save made from an older page is returned as a conflict rather than overwriting
(the descriptor page and the workshop's agreement)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.data import Assessment, DescriptorResponse, EvidenceItem, User
from app.data import assessments as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain.narratives import Narratives
from app.domain.returns import Evidence, narratives_to_json
from app.frameworks import framework
from app.services.assessments import audit, ensure_editable, response


@dataclass(frozen=True, init=False)
class DescriptorEdit:
    """A descriptor's score and its answers to every prompt of the edition, by prompt key (an
    empty answer is left out: a prompt not given is saved empty). The 2022 edition's two may be
    given by position or name: ``DescriptorEdit(3, "working well", "prioritising next")``."""

    score: int | None
    narratives: Mapping[str, str]

    def __init__(self, score: int | None, working_well: str = "", prioritising_next: str = "",
                 narratives: Mapping[str, str] | None = None) -> None:
        answers = dict(narratives or {})
        for key, text in (("working_well", working_well), ("prioritising_next", prioritising_next)):
            if text:
                answers[key] = text
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "narratives", {k: v for k, v in answers.items() if v})

    @property
    def working_well(self) -> str:
        return self.narratives.get("working_well", "")

    @property
    def prioritising_next(self) -> str:
        return self.narratives.get("prioritising_next", "")


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
    _only_prompts_of(assessment, edit.narratives)
    current = response(assessment, descriptor_id)
    now = utcnow()
    # The history names each narrative by its prompt key ("working_well" in the 2022 edition).
    before, after = _fields(current.score, current.narratives), _fields(edit.score, edit.narratives)
    changed = [name for name in before | after if before.get(name, "") != after.get(name, "")]
    if changed:
        # A score changed by hand is no longer the one a workshop agreed.
        agreement = {"agreed_in_id": None} if "score" in changed else {}
        values = {"score": edit.score, "narratives_json": narratives_to_json(edit.narratives)}
        if not data.update_response_if_version(
            current.id, expected_version, {**values, **agreement, "updated_at": now, "updated_by_id": user.id}
        ):
            conflict = _conflict_with(current)
            if conflict.theirs != edit:  # the same form sent twice is no conflict
                return SaveOutcome(conflict=conflict)
            changed = []  # already saved, by the same form sent a moment earlier
        for name in changed:
            audit(assessment, user, "changed", name, before.get(name, ""), after.get(name, ""),
                  descriptor_id=descriptor_id)
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
    before_text = current.narratives
    values: dict[str, object] = {"score": agreement.score, "agreed_in_id": agreement.agreed_in_id,
                                 "updated_at": utcnow(), "updated_by_id": user.id}
    drafted = dict(agreement.narratives.texts) if agreement.narratives is not None else None
    if drafted is not None:
        values["narratives_json"] = narratives_to_json(before_text | drafted)
    if not data.update_response_if_version(current.id, expected_version, values):
        return _conflict_with(current)
    audit(assessment, user, "agreed in workshop", "score", before, f"{agreement.score} ({agreement.summary})",
          descriptor_id=descriptor_id)
    for name, text in (drafted or {}).items():
        if text != before_text.get(name, ""):
            audit(assessment, user, f"drafted from workshop {agreement.workshop_title}", name,
                  before_text.get(name, ""), text, descriptor_id=descriptor_id)
    for item in agreement.evidence:
        _add_evidence_once(assessment, current, item, user)
    return None


def _only_prompts_of(assessment: Assessment, narratives: Mapping[str, str]) -> None:
    """A narrative kept under a key the edition does not ask would be shown nowhere and refused
    by a restore: the pages send only the edition's prompts, so another key is a caller's mistake."""
    unknown = sorted(set(narratives) - set(framework(assessment.edition_id).prompt_keys))
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: not a narrative prompt of the edition {assessment.edition_id}")


def _fields(score: int | None, narratives: Mapping[str, str]) -> dict[str, object]:
    """A descriptor's saved fields as the history names them: the score and each prompt key."""
    return {"score": score, **narratives}


def _conflict_with(current: DescriptorResponse) -> Conflict:
    """What the other person saved, read again after a save lost the race.

    Everything loaded is read again (nothing is rolled back: the caller's work so far stays)."""
    data.read_again()
    return Conflict(
        theirs=DescriptorEdit(current.score, narratives=current.narratives),
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
