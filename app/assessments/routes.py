"""The partnership's yearly self-assessments: thin routes over app.services.assessments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.assessments import views
from app.assessments.forms import DataModelForm, NewAssessmentForm, PermissionsForm, ReasonForm, SignOffForm
from app.auth.access import current_membership, member_of, requires_role
from app.domain.roles import Role
from app.frameworks import all_frameworks, framework, newest_framework
from app.services import assessments as service

bp = Blueprint("assessments", __name__, url_prefix="/assessments")

EDITORS = (Role.COORDINATOR, Role.FACILITATOR, Role.STRATEGIC_LEAD)
STATEMENT_EDITORS = (Role.COORDINATOR, Role.STRATEGIC_LEAD)


def _load(assessment_id: int, *roles: Role):
    """The assessment, if the signed-in person may see it: 404 for another partnership's."""
    found = service.assessment(assessment_id)
    if found is None:
        abort(404)
    member = member_of(found.partnership_id, *roles)
    return found, member, framework(found.edition_id)


@bp.get("")
@requires_role()
def index():
    here = current_membership()
    return render_template(
        "assessments/index.html",
        partnership=here.partnership,
        role=here.role,
        assessments=service.assessments_of(here.partnership_id),
        can_create=here.role == Role.COORDINATOR,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new():
    here = current_membership()
    form = NewAssessmentForm()
    form.set_frameworks(sorted(all_frameworks().values(), key=lambda f: -f.edition.year), newest_framework())
    if form.validate_on_submit():
        chosen = framework(form.edition.data)
        try:
            created = service.create_assessment(here.partnership, views.details_from(form), current_user, chosen)
        except service.AssessmentError as problem:
            form.year.errors = [str(problem)]
        else:
            flash(f"The {created.year} assessment has started", "success")
            return redirect(url_for("assessments.overview", assessment_id=created.id))
    return render_template("assessments/new.html", form=form, data_model_hints=views.data_model_hints(newest_framework()))


@bp.get("/<int:assessment_id>")
@requires_role()
def overview(assessment_id: int):
    assessment, member, guide = _load(assessment_id)
    return render_template(
        "assessments/overview.html",
        assessment=assessment,
        guide=guide,
        overview=service.overview(assessment, guide),
        can_edit=member.role in EDITORS,
        role=member.role,
    )


@bp.route("/<int:assessment_id>/descriptors/<descriptor_id>", methods=["GET", "POST"])
def descriptor(assessment_id: int, descriptor_id: str):
    if request.method == "POST" and not current_user.is_authenticated:
        return views.keep_text_and_sign_in(request)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    assessment, member, guide = _load(assessment_id)
    if not guide.has_descriptor(descriptor_id):
        abort(404)
    page = views.DescriptorPage(assessment, guide, descriptor_id, service.previous(assessment))
    can_edit = member.role in EDITORS and page.editable
    if request.method == "POST":
        if not can_edit:
            abort(403)
        return views.save_descriptor(page)
    form = page.form_for_get(session.pop("draft_token", None), request.args.get("from") == "last-year")
    return render_template("assessments/descriptor.html", page=page, form=form, can_edit=can_edit,
                           restored=page.restored, conflict=None)


@bp.get("/<int:assessment_id>/sections/<section_id>")
@requires_role()
def section(assessment_id: int, section_id: str):
    assessment, member, guide = _load(assessment_id)
    try:
        chosen = next(s for s in service.overview(assessment, guide).sections if s.section.id == section_id)
    except StopIteration:
        abort(404)
    return render_template("assessments/section.html", assessment=assessment, guide=guide, summary=chosen,
                           can_edit=member.role in EDITORS and views.editable(assessment))


@bp.get("/<int:assessment_id>/check-answers")
@requires_role()
def check_answers(assessment_id: int):
    assessment, member, guide = _load(assessment_id)
    return render_template(
        "assessments/check-answers.html",
        assessment=assessment,
        guide=guide,
        overview=service.overview(assessment, guide),
        statement=service.data_model_statement(assessment),
        priorities=service.priority_check(assessment, guide),
        role=member.role,
        can_edit=member.role in EDITORS and views.editable(assessment),
        can_edit_statement=member.role in STATEMENT_EDITORS and views.editable(assessment),
        sign_off_form=SignOffForm(),
    )


@bp.route("/<int:assessment_id>/data-model", methods=["GET", "POST"])
@requires_role(*STATEMENT_EDITORS)
def data_model(assessment_id: int):
    assessment, _, guide = _load(assessment_id, *STATEMENT_EDITORS)
    views.ensure_editable(assessment)
    form = DataModelForm(obj=None) if request.method == "POST" else views.data_model_form(assessment)
    form.set_framework(guide)
    if form.validate_on_submit():
        service.set_data_model(assessment, views.details_from(form, year=assessment.year, edition_id=assessment.edition_id),
                               current_user)
        check = service.priority_check(assessment, guide)
        if assessment.priorities and check is not None and not check.valid:
            flash("The data model has changed, and the priority descriptors no longer follow the rule: "
                  + " ".join(check.problems), "warning")
        else:
            flash("Data model saved", "success")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    return render_template("assessments/data-model.html", assessment=assessment, form=form,
                           data_model_hints=views.data_model_hints(guide))


@bp.route("/<int:assessment_id>/permissions", methods=["GET", "POST"])
@requires_role(*STATEMENT_EDITORS)
def permissions(assessment_id: int):
    assessment, _, guide = _load(assessment_id, *STATEMENT_EDITORS)
    views.ensure_editable(assessment)
    form = PermissionsForm() if request.method == "POST" else views.permissions_form(assessment)
    form.set_questions(guide)
    if form.validate_on_submit():
        service.set_permissions(assessment, views.permissions_from(form), current_user)
        flash("Permissions to share saved", "success")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    return render_template("assessments/permissions.html", assessment=assessment, form=form, guide=guide)


@bp.get("/<int:assessment_id>/history")
@requires_role()
def history(assessment_id: int):
    assessment, _, guide = _load(assessment_id)
    return render_template("assessments/history.html", assessment=assessment, guide=guide,
                           entries=service.history(assessment), descriptor=None)


@bp.get("/<int:assessment_id>/descriptors/<descriptor_id>/history")
@requires_role()
def descriptor_history(assessment_id: int, descriptor_id: str):
    assessment, _, guide = _load(assessment_id)
    if not guide.has_descriptor(descriptor_id):
        abort(404)
    return render_template("assessments/history.html", assessment=assessment, guide=guide,
                           entries=service.history(assessment, descriptor_id), descriptor=guide.descriptor(descriptor_id))


@bp.post("/<int:assessment_id>/sign-off")
@requires_role(Role.STRATEGIC_LEAD)
def sign_off(assessment_id: int):
    assessment, _, guide = _load(assessment_id, Role.STRATEGIC_LEAD)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.sign_off(assessment, current_user, guide)
    except service.AssessmentError as problem:
        flash(str(problem), "warning")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
    flash(f"The {assessment.year} assessment is signed off. It can no longer be changed unless a coordinator reopens it", "success")
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


@bp.route("/<int:assessment_id>/reopen", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def reopen(assessment_id: int):
    assessment, _, _ = _load(assessment_id, Role.COORDINATOR)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            service.reopen(assessment, current_user, form.reason.data)
        except service.AssessmentError as problem:
            form.reason.errors = [str(problem)]
        else:
            flash(f"The {assessment.year} assessment has been reopened", "success")
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    return render_template("assessments/reopen.html", assessment=assessment, form=form)
