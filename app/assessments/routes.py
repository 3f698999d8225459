"""The partnership's yearly self-assessments: thin routes over app.services.assessments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.assessments import views
from app.assessments.forms import DataModelForm, NewAssessmentForm, ReasonForm, SignOffForm, permissions_form_for
from app.domain.access import Action
from app.frameworks import all_frameworks, framework, newest_framework
from app.services import assessment_progress as progress
from app.services import assessments as service
from app.services import priorities as priority_service
from app.services import sending
from app.services import sign_off as signing
from app.web.access import AssessmentAccess, PartnershipAccess, for_assessment, for_partnership

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


@bp.get("")
@for_partnership()
def index(access: PartnershipAccess):
    here = access.member
    return render_template(
        "assessments/index.html",
        partnership=here.partnership,
        role=here.role,
        assessments=service.assessments_of(here.partnership_id),
    )


@bp.route("/new", methods=["GET", "POST"])
@for_partnership(Action.CREATE_ASSESSMENT)
def new(access: PartnershipAccess):
    here = access.member
    form = NewAssessmentForm()
    editions = sorted(all_frameworks().values(), key=lambda f: (-f.edition.year, f.id))
    form.set_frameworks(editions, newest_framework())
    if form.validate_on_submit():
        chosen = framework(form.edition.data)
        try:
            created = service.create_assessment(here.partnership, views.details_from(form), current_user, chosen)
        except service.AssessmentError as problem:
            form.year.errors = [str(problem)]
        else:
            flash(f"The {created.year} assessment has started", "success")
            return redirect(url_for("assessments.overview", assessment_id=created.id))
    asking = next((f for f in editions if f.has_data_models), None)
    skipping = [f for f in editions if not f.has_data_models]
    return render_template("assessments/new.html", form=form, data_model_hints=views.data_model_hints(asking) if asking else None,
                           editions_without_data_model=skipping)


@bp.get("/<int:assessment_id>")
@for_assessment(Action.READ)
def overview(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    return render_template(
        "assessments/overview.html",
        assessment=assessment,
        guide=guide,
        overview=progress.overview(assessment, guide),
        sent=sending.sending(assessment),
    )


@bp.route("/<int:assessment_id>/descriptors/<descriptor_id>", methods=["GET", "POST"])
@for_assessment(Action.READ, on_post=Action.EDIT_SCORES, signed_out_post=views.keep_text_and_sign_in)
def descriptor(assessment_id: int, descriptor_id: str, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    if not guide.has_descriptor(descriptor_id):
        abort(404)
    page = views.DescriptorPage(assessment, guide, descriptor_id, service.previous(assessment))
    if request.method == "POST":
        return views.save_descriptor(page)
    form = page.form_for_get(session.pop("draft_token", None), current_user.id, request.args.get("from") == "last-year")
    return render_template("assessments/descriptor.html", page=page, form=form, restored=page.restored,
                           conflict=None)


@bp.get("/<int:assessment_id>/sections/<section_id>")
@for_assessment(Action.READ)
def section(assessment_id: int, section_id: str, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    try:
        chosen = next(s for s in progress.overview(assessment, guide).sections if s.section.id == section_id)
    except StopIteration:
        abort(404)
    return render_template("assessments/section.html", assessment=assessment, guide=guide, summary=chosen)


@bp.get("/<int:assessment_id>/check-answers")
@for_assessment(Action.READ)
def check_answers(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    return render_template(
        "assessments/check-answers.html",
        assessment=assessment,
        guide=guide,
        overview=progress.overview(assessment, guide),
        statement=progress.data_model_statement(assessment),
        priorities=priority_service.priority_check(assessment, guide),
    )


@bp.route("/<int:assessment_id>/data-model", methods=["GET", "POST"])
@for_assessment(Action.EDIT_STATEMENT, while_open=True)
def data_model(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    form = DataModelForm(obj=None) if request.method == "POST" else views.data_model_form(assessment)
    form.set_framework(guide)
    if form.validate_on_submit():
        signing.set_data_model(assessment, views.details_from(form, year=assessment.year, edition_id=assessment.edition_id),
                               current_user)
        check = priority_service.priority_check(assessment, guide)
        if assessment.priorities and check is not None and not check.valid:
            flash("The data model has changed, and the priority descriptors no longer follow the rule: "
                  + " ".join(check.problems), "warning")
        else:
            flash("Data model saved", "success")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    return render_template("assessments/data-model.html", assessment=assessment, form=form, guide=guide,
                           data_model_hints=views.data_model_hints(guide))


@bp.route("/<int:assessment_id>/permissions", methods=["GET", "POST"])
@for_assessment(Action.EDIT_STATEMENT, while_open=True)
def permissions(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    form = permissions_form_for(guide) if request.method == "POST" else views.permissions_form(assessment, guide)
    if form.validate_on_submit():
        signing.set_permissions(assessment, views.permissions_from(form, guide), current_user)
        flash("Permissions to share saved", "success")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    return render_template("assessments/permissions.html", assessment=assessment, form=form, guide=guide)


@bp.get("/<int:assessment_id>/history")
@for_assessment(Action.READ)
def history(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    return render_template("assessments/history.html", assessment=assessment, guide=guide,
                           entries=service.history(assessment), descriptor=None)


@bp.get("/<int:assessment_id>/descriptors/<descriptor_id>/history")
@for_assessment(Action.READ)
def descriptor_history(assessment_id: int, descriptor_id: str, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    if not guide.has_descriptor(descriptor_id):
        abort(404)
    return render_template("assessments/history.html", assessment=assessment, guide=guide,
                           entries=service.history(assessment, descriptor_id), descriptor=guide.descriptor(descriptor_id))


@bp.route("/<int:assessment_id>/sign-off", methods=["GET", "POST"])
@for_assessment(Action.SIGN_OFF)
def sign_off(assessment_id: int, access: AssessmentAccess):
    """GET: the confirmation page, listing descriptors with an empty narrative or no evidence.
    POST: sign off (and close the assessment's open workshops)."""
    assessment, guide = access.assessment, access.guide
    form = SignOffForm()
    if request.method == "GET":
        if not access.is_editable:
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
        if progress.sign_off_problems(assessment, guide):
            return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
        return render_template("assessments/sign-off.html", assessment=assessment, form=form,
                               gaps=signing.gaps(assessment, guide), open_workshops=signing.open_workshops(assessment))
    if not form.validate_on_submit():
        abort(400)
    try:
        signing.sign_off(assessment, current_user, guide)
    except service.AssessmentError as problem:
        flash(str(problem), "warning")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    flash(f"The {assessment.year} assessment is signed off. It can no longer be changed unless a coordinator reopens it", "success")
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


@bp.route("/<int:assessment_id>/reopen", methods=["GET", "POST"])
@for_assessment(Action.REOPEN)
def reopen(assessment_id: int, access: AssessmentAccess):
    assessment = access.assessment
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            signing.reopen(assessment, current_user, form.reason.data)
        except service.AssessmentError as problem:
            form.reason.errors = [str(problem)]
        else:
            flash(f"The {assessment.year} assessment has been reopened", "success")
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    return render_template("assessments/reopen.html", assessment=assessment, form=form)
