"""The year's action plan: thin routes over app.services.plans."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.access import Action
from app.domain.plans import Status
from app.plans.forms import ActionForm, MidYearForm, ProgressForm, mid_year_answers
from app.services import accounts
from app.services import plans as service
from app.web.access import AssessmentAccess, for_assessment
from app.web.downloads import attachment

bp = Blueprint("plans", __name__, url_prefix="/assessments")


def _members(access: AssessmentAccess) -> list[tuple[int, str]]:
    return [(m.user_id, m.user.name) for m in accounts.team(access.assessment.partnership_id)]


def _filter() -> service.PlanFilter:
    status = request.args.get("status", "")
    owner = request.args.get("owner", "")
    if request.args.get("mine"):
        owner = f"user:{current_user.id}"
    return service.PlanFilter(descriptor_id=request.args.get("descriptor", ""), owner=owner,
                              status=Status(status) if status in {s.value for s in Status} else None)


@bp.get("/<int:assessment_id>/plan")
@for_assessment(Action.SEE_PLAN)
def index(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    chosen = _filter()
    every = service.actions(assessment)
    owners = sorted({(service.owner_key(a), service.owner_label(a)) for a in every if service.owner_key(a)},
                    key=lambda pair: pair[1].casefold())
    return render_template(
        "plans/index.html", assessment=assessment, guide=guide, chosen=chosen, mine=bool(request.args.get("mine")),
        rows=service.plan_rows(assessment, date.today(), chosen), descriptors=service.plan_descriptors(assessment),
        owners=owners, statuses=list(Status), owner_label=service.owner_label, has_actions=bool(every),
        may_update=lambda a: service.may_update(a, current_user, access.role),
        texts={r.descriptor_id: r.narrative(guide.next_steps_key) for r in assessment.responses},
        next_prompt=service.next_steps_prompt(guide).label,
        mid_year=service.mid_year_scores(assessment))


@bp.post("/<int:assessment_id>/plan/descriptors/<descriptor_id>/draft")
@for_assessment(Action.SHAPE_PLAN)
def draft(assessment_id: int, descriptor_id: str, access: AssessmentAccess):
    try:
        made = service.draft_actions(access.assessment, descriptor_id, current_user, access.role)
    except service.PlanError as problem:
        flash(str(problem), "error")
        return redirect(url_for("plans.index", assessment_id=assessment_id))
    count = len(made)
    flash(f"{count} draft action{'' if count == 1 else 's'} added from descriptor {descriptor_id}'s text"
          if count else f"Descriptor {descriptor_id}'s text has no paragraph or bullet that is not already an action",
          "success")
    return redirect(url_for("plans.index", assessment_id=assessment_id, descriptor=descriptor_id))


def _details(form: ActionForm) -> service.ActionDetails:
    return service.ActionDetails(
        descriptor_id=form.descriptor.data or "", title=form.title.data or "",
        done_looks_like=form.done_looks_like.data or "",
        owner_id=int(form.owner.data) if (form.owner.data or "").isdigit() else None,
        owner_organisation=form.owner_organisation.data or "", owner_contact=form.owner_contact.data or "",
        due=form.due.data, status=Status(form.status.data))


@bp.route("/<int:assessment_id>/plan/actions/new", methods=["GET", "POST"])
@for_assessment(Action.SHAPE_PLAN)
def new_action(assessment_id: int, access: AssessmentAccess):
    form = ActionForm(data={"descriptor": request.args.get("descriptor", "")} if request.method == "GET" else None)
    return _action_page(access, form, None)


@bp.route("/<int:assessment_id>/plan/actions/<int:action_id>/edit", methods=["GET", "POST"])
@for_assessment(Action.SHAPE_PLAN)
def edit_action(assessment_id: int, action_id: int, access: AssessmentAccess):
    action = service.action_of(access.assessment, action_id)
    if action is None:
        abort(404)
    form = ActionForm() if request.method == "POST" else ActionForm(data={
        "descriptor": action.descriptor_id, "title": action.title, "done_looks_like": action.done_looks_like,
        "owner": str(action.owner_id or ""), "owner_organisation": action.owner_organisation,
        "owner_contact": action.owner_contact, "due": action.due, "status": action.status.value})
    return _action_page(access, form, action)


@bp.post("/<int:assessment_id>/plan/actions/<int:action_id>/remove")
@for_assessment(Action.SHAPE_PLAN)
def remove_action(assessment_id: int, action_id: int, access: AssessmentAccess):
    action = service.action_of(access.assessment, action_id)
    if action is None:
        abort(404)
    title = action.title
    service.remove_action(access.assessment, action, current_user, access.role)
    flash(f"Removed the action \u201c{title}\u201d from the plan", "success")
    return redirect(url_for("plans.index", assessment_id=assessment_id))


def _action_page(access: AssessmentAccess, form: ActionForm, action):
    assessment, guide = access.assessment, access.guide
    form.prepare(guide, _members(access))
    error_list = []
    if form.validate_on_submit():
        try:
            if action is None:
                service.add_action(assessment, _details(form), current_user, access.role, guide)
            else:
                service.change_action(assessment, action, _details(form), current_user, access.role, guide)
        except service.PlanError as problem:
            error_list = [{"text": str(problem), "href": "#title"}]
        else:
            flash("Action saved", "success")
            return redirect(url_for("plans.index", assessment_id=assessment.id))
    return render_template("plans/action.html", assessment=assessment, form=form, action=action,
                           error_list=error_list)


@bp.route("/<int:assessment_id>/plan/actions/<int:action_id>/progress", methods=["GET", "POST"])
@for_assessment(Action.SEE_PLAN)
def progress(assessment_id: int, action_id: int, access: AssessmentAccess):
    assessment = access.assessment
    action = service.action_of(assessment, action_id)
    if action is None:
        abort(404)
    if not service.may_update(action, current_user, access.role):
        abort(403)
    form = ProgressForm() if request.method == "POST" else ProgressForm(data={"status": action.status.value})
    error_list = []
    if form.validate_on_submit():
        try:
            service.record_progress(assessment, action, Status(form.status.data), form.note.data or "",
                                    current_user, access.role)
        except service.PlanError as problem:
            error_list = [{"text": str(problem), "href": "#note"}]
        else:
            flash("Progress saved", "success")
            return redirect(url_for("plans.index", assessment_id=assessment.id))
    return render_template("plans/progress.html", assessment=assessment, action=action, form=form,
                           owner=service.owner_label(action), error_list=error_list)


@bp.route("/<int:assessment_id>/plan/mid-year", methods=["GET", "POST"])
@for_assessment(Action.SEE_PLAN, on_post=Action.SHAPE_PLAN)
def mid_year(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    rows = service.plan_rows(assessment, date.today())
    priorities = [p.descriptor_id for p in sorted(assessment.priorities, key=lambda p: p.position)]
    form = MidYearForm()
    error_list = []
    if form.validate_on_submit():
        notes, scores = mid_year_answers(request.form, [r.action.id for r in rows], priorities)
        try:
            service.record_mid_year_review(assessment, notes, scores, current_user, access.role, guide)
        except service.PlanError as problem:
            error_list = [{"text": str(problem), "href": "#mid-year-scores"}]
        else:
            flash("Mid-year review saved", "success")
            return redirect(url_for("plans.index", assessment_id=assessment.id))
    return render_template("plans/mid-year.html", assessment=assessment, guide=guide, form=form, rows=rows,
                           priorities=priorities, returned={r.descriptor_id: r.score for r in assessment.responses},
                           current=service.mid_year_scores(assessment), owner_label=service.owner_label,
                           typed=request.form if request.method == "POST" else {}, error_list=error_list)


@bp.get("/<int:assessment_id>/plan/export/<format_key>")
@for_assessment(Action.SEE_PLAN)
def export(assessment_id: int, format_key: str, access: AssessmentAccess):
    if format_key not in service.PLAN_FORMATS:
        abort(404)
    content, filename, mimetype = service.export_plan(access.assessment, format_key, date.today())
    return attachment(content, filename, mimetype)
