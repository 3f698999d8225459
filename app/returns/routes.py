"""Downloading the return, and importing an earlier one."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.domain.access import Action
from app.domain.wording import short_text
from app.frameworks import newest_framework
from app.returns.forms import ImportForm
from app.services import returns as service
from app.web.access import AssessmentAccess, PartnershipAccess, for_assessment, for_partnership

bp = Blueprint("returns", __name__, url_prefix="/assessments")


@bp.get("/<int:assessment_id>/export")
@for_assessment(Action.EXPORT)
def downloads(assessment_id: int, access: AssessmentAccess):
    assessment = access.assessment
    return render_template("returns/downloads.html", assessment=assessment, formats=service.FORMATS.values())


@bp.get("/<int:assessment_id>/export/<format_key>")
@for_assessment(Action.EXPORT)
def download(assessment_id: int, format_key: str, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    if format_key not in service.FORMATS:
        abort(404)
    try:
        produced = service.export(assessment, guide, format_key)
    except service.NotShareable as refusal:
        flash(str(refusal), "warning")
        return redirect(url_for("returns.downloads", assessment_id=assessment.id))
    return Response(
        produced.content,
        mimetype=produced.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{produced.filename}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
@for_partnership(Action.IMPORT)
def upload(access: PartnershipAccess):
    here = access.member
    form = ImportForm()
    error_list = []
    if form.validate_on_submit():
        upload = form.file.data
        guide = newest_framework()
        try:
            ret = service.read(upload.filename or "", upload.read(), guide)
            assessment = service.import_return(ret, guide, partnership=here.partnership, year=form.year.data,
                                               user=current_user, source=upload.filename or "an uploaded file")
        except service.ImportProblems as problems:
            error_list = [{"text": str(p), "href": "#file"} for p in problems.problems]
        else:
            flash(f"Imported the {assessment.year} return from {short_text(upload.filename or 'the file', 100, whole_words=False)}", "success")
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    return render_template("returns/import.html", form=form, error_list=error_list, partnership=here.partnership)
