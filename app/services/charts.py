"""Charts for pages, drawn by the same code that draws them for the Word return."""

from __future__ import annotations

from exports import charts

from app.data.models import Assessment
from app.domain.earned_autonomy import prospectus_year
from app.domain.framework import Framework
from app.services.assessments import to_return


def earned_autonomy_png(assessment: Assessment, guide: Framework) -> bytes:
    return charts.earned_autonomy_chart(to_return(assessment, with_workshops=False), guide, prospectus_year(guide, assessment.year))


def earned_autonomy_alt(assessment: Assessment, guide: Framework) -> str:
    return charts.earned_autonomy_alt_text(to_return(assessment, with_workshops=False), guide, prospectus_year(guide, assessment.year))
