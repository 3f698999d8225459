"""Earned Autonomy readiness and choosing the priority descriptors."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.access import Action
from app.domain.earned_autonomy import prospectus_year
from app.domain.priorities import explain_rule, suggest_priorities
from app.domain.returns import PriorityChoice
from app.readiness.forms import PrioritiesForm
from app.services import assessment_progress as progress
from app.services import charts
from app.services import priorities as priority_service
from app.web.access import AssessmentAccess, for_assessment

bp = Blueprint("readiness", __name__, url_prefix="/assessments")


@bp.get("/<int:assessment_id>/earned-autonomy")
@for_assessment(Action.READ)
def earned_autonomy(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    result = progress.earned_autonomy(assessment, guide)
    return render_template("readiness/earned-autonomy.html", assessment=assessment, guide=guide, result=result,
                           chart_alt=charts.earned_autonomy_alt(assessment, guide))


@bp.get("/<int:assessment_id>/earned-autonomy/chart.png")
@for_assessment(Action.READ)
def earned_autonomy_chart(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    return Response(charts.earned_autonomy_png(assessment, guide), mimetype="image/png")


@bp.route("/<int:assessment_id>/priorities", methods=["GET", "POST"])
@for_assessment(Action.READ, on_post=Action.CHOOSE_PRIORITIES)
def priorities(assessment_id: int, access: AssessmentAccess):
    assessment, guide = access.assessment, access.guide
    statement = progress.data_model_statement(assessment)
    model = statement.effective
    ready = model is not None or not guide.priority_rule.by_data_model
    form = PrioritiesForm() if request.method == "POST" else PrioritiesForm(
        data={"entries": [{"descriptor": p.descriptor_id, "rationale": p.rationale} for p in assessment.priorities]}
    )
    form.prepare(guide)
    error_list = []
    if request.method == "POST":
        if not ready:
            abort(409)
        if form.validate_on_submit():
            choices = [PriorityChoice(d, r) for d, r in form.chosen()]
            check = priority_service.save_priorities(assessment, choices, current_user, guide)
            if check.valid:
                flash("Priority descriptors saved", "success")
                return redirect(url_for("assessments.check_answers", assessment_id=assessment.id))
            error_list = [{"text": problem, "href": "#entries-0-descriptor"} for problem in check.problems]
    saved = priority_service.priority_check(assessment, guide)
    scores = {r.descriptor_id: r.score for r in assessment.responses}
    return render_template(
        "readiness/priorities.html",
        assessment=assessment,
        guide=guide,
        form=form,
        error_list=error_list,
        statement=statement,
        rule=explain_rule(guide, model) if ready else None,
        suggestions=suggest_priorities(guide, scores, model, prospectus_year(guide, assessment.year) or None) if ready else (),
        saved_check=saved,
    )
