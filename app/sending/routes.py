"""Sending the return: the page with every version sent, sending (again), a version as it was
sent. Thin routes over app.services.sending."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.domain.access import Action
from app.domain.sending import SendState
from app.domain.wording import yes_no
from app.services import sending as service
from app.services import sharing
from app.services.assessments import AssessmentError
from app.services.returns import FORMATS, return_filename
from app.web.access import AssessmentAccess, for_assessment
from app.web.downloads import attachment

bp = Blueprint("sending", __name__, url_prefix="/assessments")


@bp.get("/<int:assessment_id>/send")
@for_assessment(Action.READ)
def page(assessment_id: int, access: AssessmentAccess):
    return render_template("sending/send.html", assessment=access.assessment, sending=service.sending(access.assessment),
                           form=FlaskForm(), states=SendState)


@bp.post("/<int:assessment_id>/send")
@for_assessment(Action.SEND_RETURN)
def send(assessment_id: int, access: AssessmentAccess):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        result = service.send(access.assessment, current_user)
    except AssessmentError as problem:
        flash(str(problem), "error")
    else:
        sent = result.submission
        flash(f"Version {sent.version} of the {access.assessment.year} return "
              f"{'was already' if result.already_sent else 'is now'} recorded as sent to the department, "
              f"on {sent.sent_at.strftime('%-d %B %Y at %H:%M')}.", "success")
    return redirect(url_for("sending.page", assessment_id=assessment_id))


@bp.get("/<int:assessment_id>/sent/<int:version>")
@for_assessment(Action.EXPORT)
def version(assessment_id: int, version: int, access: AssessmentAccess):
    found = service.sent_version(access.assessment, version)
    if found is None:
        abort(404)
    filename = return_filename(access.assessment.partnership.name, access.assessment.year, f"-sent-v{version}",
                               FORMATS["json"].extension)
    return attachment(found.return_json, filename, FORMATS["json"].mimetype)


#: Who each permission lets see the return, for the consent page.
AUDIENCES = {"dfe": "the department", "coordinators": "coordinators in other areas",
             "other_departments": "other government departments"}


@bp.get("/<int:assessment_id>/sharing")
@for_assessment(Action.READ)
def sharing_page(assessment_id: int, access: AssessmentAccess):
    latest = service.sending(access.assessment).latest
    return render_template("sending/sharing.html", assessment=access.assessment, latest=latest, form=FlaskForm(),
                           permissions=[] if latest is None else sharing.permissions_now(access.assessment, latest),
                           yes_no=yes_no, audiences=AUDIENCES)


@bp.post("/<int:assessment_id>/sharing")
@for_assessment(Action.SEND_RETURN)
def change_sharing(assessment_id: int, access: AssessmentAccess):
    key, given = request.form.get("permission", ""), request.form.get("given", "")
    if not FlaskForm().validate_on_submit() or given not in ("yes", "no") or \
            key not in {p.key for p in access.guide.permissions}:
        abort(400)
    if service.sending(access.assessment).latest is None:
        flash("Nothing has been sent yet: change the permissions in the return itself before it is sent.", "error")
    else:
        sharing.change_consent(access.assessment, key, given == "yes", current_user)
        if key in AUDIENCES:
            flash(f"From now on, {AUDIENCES[key]} {'can see' if given == 'yes' else 'can no longer see'} this "
                  "area's return as the permission allows.", "success")
        else:  # an edition's own permission, governing no view of the toolkit's
            question = next(p.question for p in access.guide.permissions if p.key == key)
            flash(f"From now on, the answer to “{question}” is {given}.", "success")
    return redirect(url_for("sending.sharing_page", assessment_id=assessment_id))
