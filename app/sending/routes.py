"""Sending the return: the page with every version sent, sending (again), a version as it was
sent. Thin routes over app.services.sending."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.domain.access import Action
from app.domain.sending import SendState
from app.services import sending as service
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
