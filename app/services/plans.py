"""A year's action plan for the priorities (issue 15): reading it in the plan's order, shaping
it (coordinators and strategic leads), owners' progress, drafting actions from a descriptor's
"What are you prioritising next?" text and the mid-year review.

The plan hangs from the year's assessment but is not part of the return: it can change after
sign-off. Every change is a line in the assessment's history (``assessments.audit``). Each
public function that changes something is one ``@operation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.data import Assessment, MidYearScore, PlanAction, PlanNote, User
from app.data import accounts as accounts_data
from app.data import plans as data
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain import limits
from app.domain.framework import Framework
from app.domain.plans import (
    ACTION_TITLE,
    DONE_LOOKS_LIKE,
    NOTE,
    MidYearLine,
    PlanItem,
    PlanReport,
    ReportAction,
    ReportNote,
    Status,
    draft_titles,
    is_overdue,
    may_shape_plan,
    may_update_action,
    plan_order,
)
from app.domain.roles import Role
from app.domain.text import clean_text
from app.frameworks import framework as framework_of
from app.services.assessments import AssessmentError, audit
from exports.plan_writer import plan_docx, plan_xlsx


class PlanError(AssessmentError):
    """A change to the plan that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class ActionDetails:
    """What a planner types for an action."""

    descriptor_id: str
    title: str
    done_looks_like: str = ""
    owner_id: int | None = None
    owner_organisation: str = ""
    owner_contact: str = ""
    due: date | None = None
    status: Status = Status.NOT_STARTED


@dataclass(frozen=True)
class PlanRow:
    action: PlanAction
    overdue: bool


@dataclass(frozen=True)
class PlanFilter:
    descriptor_id: str = ""
    owner: str = ""  # "" for anyone, "user:ID", or "org:NAME"
    status: Status | None = None


# --- Reading ---------------------------------------------------------------------------


def actions(assessment: Assessment) -> list[PlanAction]:
    return data.actions_of(assessment.id)


def action_of(assessment: Assessment, action_id: int) -> PlanAction | None:
    """The action, only if it is in this assessment's plan (another plan's action is not found)."""
    found = data.action(action_id)
    return found if found is not None and found.assessment_id == assessment.id else None


def owner_key(action: PlanAction) -> str:
    if action.owner_id is not None:
        return f"user:{action.owner_id}"
    return f"org:{action.owner_organisation}" if action.owner_organisation else ""


def owner_label(action: PlanAction) -> str:
    if action.owner is not None:
        return action.owner.name
    if action.owner_organisation:
        return action.owner_organisation + (f" ({action.owner_contact})" if action.owner_contact else "")
    return "Not assigned"


def _matches(action: PlanAction, chosen: PlanFilter) -> bool:
    return ((not chosen.descriptor_id or action.descriptor_id == chosen.descriptor_id)
            and (not chosen.owner or owner_key(action) == chosen.owner)
            and (chosen.status is None or action.status is chosen.status))


def plan_rows(assessment: Assessment, today: date, chosen: PlanFilter = PlanFilter()) -> list[PlanRow]:
    """The plan's actions that match the filter, at risk and overdue first."""
    pairs = [(_item(a), a) for a in data.actions_of(assessment.id) if _matches(a, chosen)]
    action_of_item = {id(item): a for item, a in pairs}
    return [PlanRow(action_of_item[id(item)], is_overdue(item.status, item.due, today))
            for item in plan_order([item for item, _ in pairs], today)]


def _item(action: PlanAction) -> PlanItem:
    return PlanItem(status=action.status, due=action.due, descriptor_code=action.descriptor_id, title=action.title)


def plan_descriptors(assessment: Assessment) -> list[str]:
    """The descriptors the plan is for: the priorities in their order, then any other with actions."""
    chosen = [p.descriptor_id for p in sorted(assessment.priorities, key=lambda p: p.position)]
    others = sorted({a.descriptor_id for a in data.actions_of(assessment.id)} - set(chosen),
                    key=lambda code: tuple(int(x) if x.isdigit() else 0 for x in code.split(".")))
    return chosen + others


def mid_year_scores(assessment: Assessment) -> dict[str, MidYearScore]:
    return {s.descriptor_id: s for s in data.mid_year_scores(assessment.id)}


# --- Checks ----------------------------------------------------------------------------


def _ensure_planner(role: Role) -> None:
    if not may_shape_plan(role):
        raise PlanError("Only a coordinator or a strategic lead can change the plan. Ask one of them to do it")


def _checked(assessment: Assessment, details: ActionDetails, framework: Framework) -> ActionDetails:
    title = " ".join(clean_text(details.title).split())
    if not framework.has_descriptor(details.descriptor_id):
        raise PlanError("Select the descriptor the action is for")
    if not title:
        raise PlanError("Enter the action's title")
    if len(title) > ACTION_TITLE:
        raise PlanError(limits.too_long("Title", ACTION_TITLE))
    done = clean_text(details.done_looks_like).strip()
    if len(done) > DONE_LOOKS_LIKE:
        raise PlanError(limits.too_long("What done looks like", DONE_LOOKS_LIKE))
    organisation = clean_text(details.owner_organisation).strip()
    contact = clean_text(details.owner_contact).strip()
    if len(organisation) > limits.NAME or len(contact) > limits.NAME:
        raise PlanError(limits.too_long("The partner organisation and its contact", limits.NAME))
    if details.owner_id is not None:
        if accounts_data.membership(details.owner_id, assessment.partnership_id) is None:
            raise PlanError("The owner must be a member of the team. Choose someone from the list, "
                            "or name a partner organisation instead")
        organisation, contact = "", ""
    elif contact and not organisation:
        raise PlanError("Enter the partner organisation the contact works for")
    return ActionDetails(details.descriptor_id, title, done, details.owner_id, organisation, contact,
                         details.due, details.status)


def _describe(action: PlanAction) -> str:
    due = action.due.isoformat() if action.due else "no date"
    return f"{action.title} | owner: {owner_label(action)} | due: {due} | {action.status.label}"


# --- Shaping the plan (coordinators and strategic leads) -------------------------------


@operation
def add_action(assessment: Assessment, details: ActionDetails, user: User, role: Role,
               framework: Framework) -> PlanAction:
    _ensure_planner(role)
    checked = _checked(assessment, details, framework)
    row = data.add_action(PlanAction(
        assessment_id=assessment.id, descriptor_id=checked.descriptor_id, title=checked.title,
        done_looks_like=checked.done_looks_like, owner_id=checked.owner_id,
        owner_organisation=checked.owner_organisation, owner_contact=checked.owner_contact,
        due=checked.due, status=checked.status, created_at=utcnow(), updated_at=utcnow()))
    audit(assessment, user, "added to the action plan", "action", None, _describe(row), descriptor_id=row.descriptor_id)
    return row


@operation
def change_action(assessment: Assessment, action: PlanAction, details: ActionDetails, user: User, role: Role,
                  framework: Framework) -> PlanAction:
    _ensure_planner(role)
    checked = _checked(assessment, details, framework)
    before, before_done = _describe(action), action.done_looks_like
    action.descriptor_id, action.title, action.done_looks_like = (
        checked.descriptor_id, checked.title, checked.done_looks_like)
    action.owner_id, action.owner_organisation, action.owner_contact = (
        checked.owner_id, checked.owner_organisation, checked.owner_contact)
    action.due, action.status, action.updated_at = checked.due, checked.status, utcnow()
    action.owner = None if checked.owner_id is None else accounts_data.user_by_id(checked.owner_id)
    data.add_action(action)
    after = _describe(action)
    if after != before:
        audit(assessment, user, "changed in the action plan", "action", before, after, descriptor_id=action.descriptor_id)
    if action.done_looks_like != before_done:
        audit(assessment, user, "changed in the action plan", "done_looks_like", before_done, action.done_looks_like,
              descriptor_id=action.descriptor_id)
    return action


@operation
def remove_action(assessment: Assessment, action: PlanAction, user: User, role: Role) -> None:
    _ensure_planner(role)
    audit(assessment, user, "removed from the action plan", "action", _describe(action), None,
          descriptor_id=action.descriptor_id)
    data.delete_action(action)


@operation
def draft_actions(assessment: Assessment, descriptor_id: str, user: User, role: Role) -> list[PlanAction]:
    """One draft action (not started, no owner, no date) per paragraph or bullet of the
    descriptor's "What are you prioritising next?" text (another edition's last prompt, see
    Framework.next_steps_key); titles the plan already has are left out."""
    _ensure_planner(role)
    response = next((r for r in assessment.responses if r.descriptor_id == descriptor_id), None)
    if response is None:
        raise PlanError("Select a descriptor of this assessment")
    prompt = next_steps_prompt(framework_of(assessment.edition_id))
    text = response.narrative(prompt.key)
    if not text.strip():
        raise PlanError(f"Descriptor {descriptor_id} has no \"{prompt.label}\" text to draft "
                        "actions from. Write it on the descriptor's page, or add an action by hand")
    existing = [a.title for a in data.actions_of(assessment.id) if a.descriptor_id == descriptor_id]
    made = []
    for title in draft_titles(text, existing):
        row = data.add_action(PlanAction(
            assessment_id=assessment.id, descriptor_id=descriptor_id, title=title, done_looks_like="",
            owner_organisation="", owner_contact="", status=Status.NOT_STARTED,
            created_at=utcnow(), updated_at=utcnow()))
        audit(assessment, user, "drafted in the action plan", "action", None, _describe(row), descriptor_id=descriptor_id)
        made.append(row)
    return made


# --- Progress (owners and planners) ----------------------------------------------------


def may_update(action: PlanAction, user: User, role: Role) -> bool:
    return may_update_action(role, is_owner=action.owner_id == user.id)


def _clean_note(text: str) -> str:
    note = clean_text(text).strip()
    if len(note) > NOTE:
        raise PlanError(limits.too_long("Progress note", NOTE))
    return note


@operation
def record_progress(assessment: Assessment, action: PlanAction, status: Status, note: str, user: User,
                    role: Role, mid_year: bool = False) -> None:
    """A new status and, if given, a dated progress note, by the action's owner or a planner."""
    if not may_update(action, user, role):
        raise PlanError("Only the action's owner, a coordinator or a strategic lead can update it")
    text = _clean_note(note)
    if status is action.status and not text:
        raise PlanError("Enter a progress note or choose a different status")
    if status is not action.status:
        audit(assessment, user, "changed the status of action", action.title[:50], action.status.label, status.label,
              descriptor_id=action.descriptor_id)
        action.status = status
    if text:
        data.add_note(PlanNote(action_id=action.id, user_id=user.id, user_name=user.name, at=utcnow(),
                               text=text, mid_year=mid_year))
        audit(assessment, user, "mid-year note on action" if mid_year else "progress note on action", action.title[:50],
              None, text, descriptor_id=action.descriptor_id)
    action.updated_at = utcnow()
    data.add_action(action)


@operation
def record_mid_year_review(assessment: Assessment, notes: dict[int, str], scores: dict[str, int | None],
                           user: User, role: Role, framework: Framework) -> None:
    """The mid-year review: a progress note per action and an optional re-score of each priority
    descriptor, kept apart from the signed-off return's scores."""
    _ensure_planner(role)
    plan = {a.id: a for a in data.actions_of(assessment.id)}
    cleaned = {action_id: _clean_note(text) for action_id, text in notes.items() if action_id in plan}
    priorities = {p.descriptor_id for p in assessment.priorities}
    known = {level.score for level in framework.scale.levels}
    for descriptor_id, score in scores.items():
        if descriptor_id not in priorities:
            raise PlanError(f"Descriptor {descriptor_id} is not one of the priorities, so it has no mid-year re-score")
        if score is not None and score not in known:
            raise PlanError(f"Select a mid-year score for {descriptor_id}, or leave it blank")
    for action_id, text in cleaned.items():
        if text:
            record_progress(assessment, plan[action_id], plan[action_id].status, text, user, role, mid_year=True)
    current = mid_year_scores(assessment)
    for descriptor_id, score in scores.items():
        before = current[descriptor_id].score if descriptor_id in current else None
        if before != score:
            data.set_mid_year_score(assessment.id, descriptor_id, score, user.id, user.name)
            audit(assessment, user, "mid-year re-score", "score", before, score,
                  descriptor_id=descriptor_id)


# --- The plan's own exports ------------------------------------------------------------


def plan_report(assessment: Assessment, today: date) -> PlanReport:
    """The year's plan for its Word and spreadsheet exports, in the plan's order."""
    actions = tuple(
        ReportAction(descriptor_id=r.action.descriptor_id, title=r.action.title,
                     done_looks_like=r.action.done_looks_like, owner=owner_label(r.action), due=r.action.due,
                     status=r.action.status, overdue=r.overdue,
                     notes=tuple(ReportNote(n.at.date(), n.user_name, n.text, n.mid_year)
                                 for n in reversed(r.action.notes)))
        for r in plan_rows(assessment, today))
    returned = {r.descriptor_id: r.score for r in assessment.responses}
    scores = mid_year_scores(assessment)
    lines = tuple(MidYearLine(p.descriptor_id, returned.get(p.descriptor_id),
                              scores[p.descriptor_id].score if p.descriptor_id in scores else None)
                  for p in sorted(assessment.priorities, key=lambda p: p.position)) if scores else ()
    return PlanReport(partnership=assessment.partnership.name, year=assessment.year, made_on=today,
                      actions=actions, mid_year=lines)


PLAN_FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", plan_docx),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", plan_xlsx),
}


def export_plan(assessment: Assessment, format_key: str, today: date) -> tuple[bytes, str, str]:
    """(content, filename, mimetype) of the plan as a Word "Action plan" or a spreadsheet; KeyError otherwise."""
    mimetype, write = PLAN_FORMATS[format_key]
    name = "-".join(assessment.partnership.name.lower().split())
    return write(plan_report(assessment, today)), f"action-plan-{name}-{assessment.year}.{format_key}", mimetype


def next_steps_prompt(framework: Framework):
    """The prompt actions are drafted from: the 2022 edition's "What are you prioritising next?",
    another edition's last prompt (Framework.next_steps_key)."""
    return next(p for p in framework.narrative_prompts if p.key == framework.next_steps_key)
