"""The trends page, its charts, and the Word return with a trends appendix: thin routes over app.services.trends."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from app.domain.access import Action
from app.domain.trends import DISTANCE_RULE
from app.domain.workshops import figure
from app.services import trends as service
from app.web.access import AssessmentAccess, PartnershipAccess, for_assessment, for_partnership
from app.web.downloads import attachment
from exports.trends_charts import distance_words, section_alt_text
from exports.trends_report import priority_words

bp = Blueprint("trends", __name__)


@bp.get("/trends")
@for_partnership(Action.SEE_TRENDS)
def index(access: PartnershipAccess):
    t = service.partnership_trends(access.partnership)
    return render_template("trends/index.html", partnership=access.partnership, t=t, figure=figure,
                           distance_words=distance_words, priority_words=priority_words,
                           alt_text=section_alt_text, distance_rule=DISTANCE_RULE)


@bp.get("/trends/sections/<section_id>/chart.png")
@for_partnership(Action.SEE_TRENDS)
def section_chart(section_id: str, access: PartnershipAccess):
    found = service.section_chart(access.partnership, section_id)
    if found is None:
        abort(404)
    return Response(found[0], mimetype="image/png")


@bp.get("/assessments/<int:assessment_id>/export-with-trends")
@for_assessment(Action.SEE_TRENDS)
def word_with_trends(assessment_id: int, access: AssessmentAccess):
    produced = service.word_with_trends(access.assessment, access.guide)
    return attachment(produced.content, produced.filename, produced.mimetype)
