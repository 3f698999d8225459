"""The facilitator's side of multi-agency workshops: thin routes over the workshop services
(app.services.workshop_setup, workshop_facilitation and workshop_agreement).

Every member of the partnership may see the list of an assessment's workshops (titles,
dates, counts; without links or controls for those who do not run them); every other page is
for the partnership's workshop facilitators and coordinators only. Another partnership's
people get a 404, other roles a 403. The role that counts is the one the person holds in the
workshop's own partnership (checked by app.web.access on every request).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.access import Action
from app.domain.workshops import figure, format_code, is_closed
from app.services import assessments as assessment_service
from app.services import workshop_agreement as agreeing
from app.services import workshop_facilitation as facilitating
from app.services import workshop_setup as setup
from app.services.workshop_errors import WorkshopError
from app.web.access import AssessmentAccess, WorkshopAccess, for_assessment, for_workshop
from app.web.scale_fields import scale_hints
from app.workshops import change_views, views
from app.workshops.forms import ActionForm, AgreeForm, MoveForm, WorkshopForm

bp = Blueprint("workshops", __name__, url_prefix="/assessments")


@bp.app_template_filter("figure")
def figure_filter(value, places: int = 1) -> str:
    return figure(value, places)


@bp.app_template_filter("join_code")
def join_code_filter(code: str) -> str:
    return format_code(code)


def _covered(workshop, descriptor_id: str) -> None:
    if descriptor_id not in {i.descriptor_id for i in workshop.descriptors}:
        abort(404)


def _descriptor_path(workshop, descriptor_id: str) -> str:
    return url_for("workshops.facilitate", assessment_id=workshop.assessment_id, workshop_id=workshop.id,
                   descriptor_id=descriptor_id)


@bp.get("/<int:assessment_id>/workshops")
@for_assessment(Action.SEE_WORKSHOPS)
def index(assessment_id: int, access: AssessmentAccess):
    assessment = access.assessment
    return render_template("workshops/index.html", assessment=assessment,
                           workshops=setup.workshops_of(assessment))


@bp.route("/<int:assessment_id>/workshops/new", methods=["GET", "POST"])
@for_assessment(Action.RUN_WORKSHOPS, while_open=True)
def new(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    form = WorkshopForm()
    form.set_framework(guide)
    if form.validate_on_submit():
        try:
            created = setup.create_workshop(assessment, views.details_from(form, guide), current_user, guide)
        except WorkshopError as problem:
            target = getattr(form, problem.field or "sections")
            target.errors = [*target.errors, str(problem)]
        else:
            flash(f"The workshop is set up. Its join code is {format_code(created.join_code)}", "success")
            return redirect(url_for("workshops.show", assessment_id=assessment.id, workshop_id=created.id))
    return render_template("workshops/new.html", assessment=assessment, form=form, guide=guide)


@bp.get("/<int:assessment_id>/workshops/<int:workshop_id>")
@for_workshop(Action.RUN_WORKSHOPS)
def show(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    return render_template("workshops/show.html", board=facilitating.dashboard(workshop, guide), workshop=workshop,
                           join_link=views.join_link(workshop), can_change=access.is_editable)


@bp.route("/<int:assessment_id>/workshops/<int:workshop_id>/close", methods=["GET", "POST"])
@for_workshop(Action.RUN_WORKSHOPS)
def close(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    """GET: the confirmation page. POST: close the workshop."""
    workshop = access.workshop
    form = ActionForm()
    if request.method == "GET":
        return render_template("workshops/close.html", workshop=workshop, form=form,
                               closed=is_closed(workshop), can_reopen=access.is_editable)
    if not form.validate_on_submit():
        abort(400)
    setup.close(workshop)
    flash("The workshop is closed. Its code no longer works and no more answers are taken", "success")
    return redirect(url_for("workshops.show", assessment_id=assessment_id, workshop_id=workshop_id))


@bp.post("/<int:assessment_id>/workshops/<int:workshop_id>/reopen")
@for_workshop(Action.RUN_WORKSHOPS)
def reopen(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        setup.reopen(access.workshop)
    except WorkshopError as problem:
        flash(str(problem), "warning")
    else:
        flash("The workshop is open again. Its code works and answers are taken", "success")
    return redirect(url_for("workshops.show", assessment_id=assessment_id, workshop_id=workshop_id))


@bp.route("/<int:assessment_id>/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@for_workshop(Action.RUN_WORKSHOPS)
def edit(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    if not access.is_editable:
        flash(f"The {access.assessment.year} assessment has been signed off, so this workshop cannot be changed",
              "warning")
        return redirect(url_for("workshops.show", assessment_id=assessment_id, workshop_id=workshop_id))
    form = change_views.change_form(workshop, guide, setup.removable(workshop), request.method == "POST")
    if form.validate_on_submit():
        try:
            setup.change_workshop(workshop, change_views.changes_from(form), guide)
        except WorkshopError as problem:
            target = getattr(form, problem.field or "title")
            target.errors = [*target.errors, str(problem)]
        else:
            flash("The workshop's changes are saved", "success")
            return redirect(url_for("workshops.show", assessment_id=assessment_id, workshop_id=workshop_id))
    return render_template("workshops/edit.html", workshop=workshop, form=form, guide=guide)


@bp.post("/<int:assessment_id>/workshops/<int:workshop_id>/room")
@for_workshop(Action.RUN_WORKSHOPS)
def room(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    """Move the room (and the presenter view) to a descriptor, or to the next or previous one."""
    workshop = access.workshop
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    chosen = request.form.get("descriptor")
    if chosen:
        _covered(workshop, chosen)
        facilitating.show_in_room(workshop, chosen)
    elif form.step.data in ("1", "-1"):
        chosen = facilitating.move_room(workshop, int(form.step.data))
    else:
        abort(400)
    if request.form.get("back") == "present":
        return redirect(url_for("workshops.present", assessment_id=assessment_id, workshop_id=workshop_id))
    return redirect(_descriptor_path(workshop, chosen))


@bp.get("/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>")
@for_workshop(Action.RUN_WORKSHOPS)
def facilitate(assessment_id: int, workshop_id: int, descriptor_id: str, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    _covered(workshop, descriptor_id)
    facts = facilitating.facilitation(workshop, descriptor_id, guide, with_names=True)
    live = views.live_payload("workshops/_live.html", views.status_text(facts), facts=facts, workshop=workshop, guide=guide)
    return render_template("workshops/descriptor.html", facts=facts, workshop=workshop, guide=guide, live=live,
                           on_assessment=assessment_service.response(workshop.assessment, descriptor_id))


@bp.get("/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/live")
@for_workshop(Action.RUN_WORKSHOPS)
def facilitate_live(assessment_id: int, workshop_id: int, descriptor_id: str, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    _covered(workshop, descriptor_id)
    facts = facilitating.facilitation(workshop, descriptor_id, guide, with_names=True)
    return jsonify(views.live_payload("workshops/_live.html", views.status_text(facts), facts=facts, workshop=workshop,
                                      guide=guide))


@bp.post("/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/reveal")
@for_workshop(Action.RUN_WORKSHOPS)
def reveal(assessment_id: int, workshop_id: int, descriptor_id: str, access: WorkshopAccess):
    workshop = access.workshop
    _covered(workshop, descriptor_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    facilitating.reveal(workshop, descriptor_id)
    return redirect(_descriptor_path(workshop, descriptor_id) + "#results")


@bp.post("/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/next-round")
@for_workshop(Action.RUN_WORKSHOPS)
def next_round(assessment_id: int, workshop_id: int, descriptor_id: str, access: WorkshopAccess):
    workshop = access.workshop
    _covered(workshop, descriptor_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        number = facilitating.start_next_round(workshop, descriptor_id)
    except WorkshopError as problem:
        flash(str(problem), "warning")
    else:
        flash(f"Round {number} has started for {descriptor_id}. Participants see the group's scores from the last "
              "round and their own, and can change their score", "success")
    return redirect(_descriptor_path(workshop, descriptor_id))


@bp.route("/<int:assessment_id>/workshops/<int:workshop_id>/descriptors/<descriptor_id>/agree",
          methods=["GET", "POST"])
@for_workshop(Action.RUN_WORKSHOPS)
def agree(assessment_id: int, workshop_id: int, descriptor_id: str, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    _covered(workshop, descriptor_id)
    assessment = access.assessment
    current = assessment_service.response(assessment, descriptor_id)
    facts = facilitating.facilitation(workshop, descriptor_id, guide, with_names=True)
    signed_off = not access.is_editable
    form = views.agree_form(facts, guide, current, formdata=request.form if request.method == "POST" else None)
    conflict = None
    error_list = []
    status = 200
    if request.method == "POST" and form.draft.data:
        if not form.validate_on_submit() and "csrf_token" in form.errors:
            abort(400)
        views.redraft(form, facts, current, guide)
    elif request.method == "POST" and form.validate_on_submit():
        try:
            conflict = agreeing.agree(
                workshop, descriptor_id,
                agreeing.Agreement(score=int(form.score.data), rationale=form.rationale.data or "",
                                   evidence_tokens=form.evidence_tokens, expected_version=_version(form),
                                   narratives=views.narratives_from(form, guide)),
                current_user, guide,
            )
        except assessment_service.AssessmentError as problem:
            error_list = [{"text": str(problem), "href": "#score"}]
            status = 409
        except WorkshopError as problem:
            error_list = [{"text": str(problem), "href": "#score"}]
        else:
            if conflict is None:
                flash(f"The agreed score for {descriptor_id} is saved on the {assessment.year} assessment", "success")
                return redirect(_descriptor_path(workshop, descriptor_id))
            form.version.data = str(conflict.version)
            status = 409
    return render_template("workshops/agree.html", facts=facts, workshop=workshop, guide=guide, form=form,
                           assessment=assessment, current=current, conflict=conflict, signed_off=signed_off,
                           evidence_params=views.evidence_params(facts, guide), scale_items=scale_hints(guide),
                           error_list=error_list), status


def _version(form: AgreeForm) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        abort(400)


@bp.get("/<int:assessment_id>/workshops/<int:workshop_id>/present")
@for_workshop(Action.RUN_WORKSHOPS)
def present(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    facts = _presented(workshop, guide)
    live = views.live_payload("workshops/_present.html", views.status_text(facts), facts=facts, workshop=workshop,
                              guide=guide, **views.projector_parts(workshop))
    return render_template("workshops/present.html", facts=facts, workshop=workshop, guide=guide, live=live)


@bp.get("/<int:assessment_id>/workshops/<int:workshop_id>/present/live")
@for_workshop(Action.RUN_WORKSHOPS)
def present_live(assessment_id: int, workshop_id: int, access: WorkshopAccess):
    workshop, guide = access.workshop, access.guide
    facts = _presented(workshop, guide)
    payload = views.live_payload("workshops/_present.html", views.status_text(facts), facts=facts, workshop=workshop,
                                 guide=guide, **views.projector_parts(workshop))
    payload["title"] = f"{facts.descriptor.label} – presenting {workshop.title}"
    return jsonify(payload)


def _presented(workshop, guide) -> facilitating.Facilitation:
    """The descriptor the room is on; never with names."""
    ids = [i.descriptor_id for i in workshop.descriptors]
    current = workshop.current_descriptor_id if workshop.current_descriptor_id in ids else ids[0]
    return facilitating.facilitation(workshop, current, guide, with_names=False)
