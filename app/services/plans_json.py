"""The year's action plan in the toolkit's JSON (issue 15): what the JSON download writes beside
the return, and what importing that file makes again, in the same operation as the rest of it.

An action's owner who is a member is written by email address and name; on import, a member of
the importing partnership with that address owns it again, and anyone else is kept by name as
the action's contact, so nothing is lost.
"""

from __future__ import annotations

from datetime import UTC

from app.data import Assessment, PlanAction, PlanNote
from app.data import accounts as account_data
from app.data import plans as data
from app.data.base import utcnow
from app.domain.plans import ActionPlan, ActionRecord, NoteRecord


def action_plan_of(assessment: Assessment) -> ActionPlan | None:
    """The assessment's plan as the JSON carries it (None when it has no action and no re-score)."""
    actions = tuple(
        ActionRecord(
            descriptor_id=a.descriptor_id, title=a.title, done_looks_like=a.done_looks_like,
            owner_email=a.owner.email if a.owner is not None else "",
            owner_name=a.owner.name if a.owner is not None else "",
            owner_organisation=a.owner_organisation, owner_contact=a.owner_contact, due=a.due, status=a.status,
            notes=tuple(NoteRecord(n.at, n.user_name, n.text, n.mid_year) for n in reversed(a.notes)))
        for a in sorted(data.actions_of(assessment.id), key=lambda a: a.id))
    scores = tuple(sorted((s.descriptor_id, s.score) for s in data.mid_year_scores(assessment.id)))
    plan = ActionPlan(actions, scores)
    return None if plan.is_empty else plan


def add_imported_plan(assessment: Assessment, plan: ActionPlan) -> None:
    """Make the plan read from a file; the caller's operation commits it with the return."""
    members = {m.user.email: m.user for m in account_data.members_of(assessment.partnership_id)}
    now = utcnow()
    for record in plan.actions:
        owner = members.get(record.owner_email.strip().lower()) if record.owner_email else None
        contact = record.owner_contact or ("" if owner is not None else record.owner_name)
        row = data.add_action(PlanAction(
            assessment_id=assessment.id, descriptor_id=record.descriptor_id, title=record.title,
            done_looks_like=record.done_looks_like, owner_id=owner.id if owner is not None else None,
            owner_organisation=record.owner_organisation, owner_contact=contact, due=record.due,
            status=record.status, created_at=now, updated_at=now))
        for note in record.notes:
            at = note.at.astimezone(UTC).replace(tzinfo=None) if note.at.tzinfo is not None else note.at
            data.add_note(PlanNote(action_id=row.id, user_id=None, user_name=note.by, at=at, text=note.text,
                                   mid_year=note.mid_year))
    for descriptor_id, score in plan.mid_year_scores:
        data.set_mid_year_score(assessment.id, descriptor_id, score, None, "the imported file")
