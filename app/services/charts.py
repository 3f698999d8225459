"""Charts for pages, drawn by the same code that draws them for the Word return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.data.returns import return_of
from app.domain.earned_autonomy import prospectus_year
from app.domain.framework import Framework
from app.domain.returns import Return
from exports import charts

if TYPE_CHECKING:
    from app.data import Assessment


def _scores(assessment: Assessment) -> Return:
    found = return_of(assessment.id, with_workshops=False)
    if found is None:
        raise LookupError(f"There is no assessment {assessment.id}")
    return found


def earned_autonomy_png(assessment: Assessment, guide: Framework) -> bytes:
    return charts.earned_autonomy_chart(_scores(assessment), guide, prospectus_year(guide, assessment.year))


def earned_autonomy_alt(assessment: Assessment, guide: Framework) -> str:
    return charts.earned_autonomy_alt_text(_scores(assessment), guide, prospectus_year(guide, assessment.year))
