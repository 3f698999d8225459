"""Downloading the return, and importing an earlier one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.domain.access import Action
from app.domain.wording import short_text
from app.frameworks import all_frameworks
from app.returns.forms import ImportForm
from app.services import returns as service
from app.web.access import AssessmentAccess, PartnershipAccess, for_assessment, for_partnership
from app.web.downloads import attachment

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
    return attachment(produced.content, produced.filename, produced.mimetype)


@bp.route("/import", methods=["GET", "POST"])
@for_partnership(Action.IMPORT)
def upload(access: PartnershipAccess):
    here = access.member
    form = ImportForm()
    frameworks = all_frameworks()
    form.set_frameworks(sorted(frameworks.values(), key=lambda f: (-f.edition.year, f.id)))
    results: list[service.FileImport] = []
    if form.validate_on_submit():
        files = [(f.filename or "an uploaded file", f.read()) for f in form.file.data]
        results = service.import_files(files, frameworks, edition=form.chosen_edition, partnership=here.partnership,
                                       year=form.year.data if len(files) == 1 else None, user=current_user)
        if len(results) == 1 and results[0].assessment is not None:
            name = short_text(results[0].name, 100, whole_words=False)
            flash(f"Imported the {results[0].assessment.year} return from {name}", "success")
            return redirect(url_for("assessments.overview", assessment_id=results[0].assessment.id))
    error_list = [{"text": f"{r.name}: {p}" if len(results) > 1 else str(p),
                   "href": "#edition" if p.where == "Edition" and len(frameworks) > 1 else "#file"}
                  for r in results for p in r.problems]
    return render_template("returns/import.html", form=form, error_list=error_list, results=results,
                           partnership=here.partnership, several_editions=len(frameworks) > 1)
