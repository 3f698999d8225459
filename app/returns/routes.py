"""Downloading the return, and importing an earlier one."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import current_membership, member_of, requires_role
from app.domain.roles import Role
from app.domain.wording import short_text
from app.frameworks import framework, newest_framework
from app.returns.forms import ImportForm
from app.services import returns as service

bp = Blueprint("returns", __name__, url_prefix="/assessments")


def _load(assessment_id: int):
    found = service.assessment_by_id(assessment_id)
    if found is None:
        abort(404)
    member_of(found.partnership_id, Role.COORDINATOR)
    return found, framework(found.edition_id)


@bp.get("/<int:assessment_id>/export")
@requires_role(Role.COORDINATOR)
def downloads(assessment_id: int):
    assessment, guide = _load(assessment_id)
    return render_template("returns/downloads.html", assessment=assessment, formats=service.FORMATS.values())


@bp.get("/<int:assessment_id>/export/<format_key>")
@requires_role(Role.COORDINATOR)
def download(assessment_id: int, format_key: str):
    assessment, guide = _load(assessment_id)
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
@requires_role(Role.COORDINATOR)
def upload():
    here = current_membership()
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
