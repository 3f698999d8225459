"""What the department's analysts and other government departments see across areas (issue 16).

Only each area's latest version sent for a year counts, and only where the permission for that
audience stands now (live consent, app.domain.sharing): the others are only counted. Reads a
fixed number of queries whatever the number of areas.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from app.data import national as data
from app.domain.framework import Framework
from app.domain.national import National, national_figures
from app.domain.sharing import DEPARTMENT_KEY, OTHER_DEPARTMENTS_KEY, SentArea
from app.frameworks import framework, newest_framework
from app.services import sharing


@dataclass(frozen=True)
class AreasView:
    """The areas one audience sees for one year, and how many were withheld from it."""

    year: int | None
    years: list[int]
    included: list[SentArea]
    withheld: int
    guide: Framework


def _guide_of(areas: list[SentArea]) -> Framework:
    """The edition most of the year's returns were sent on (the newest when none was)."""
    editions = Counter(a.figures.edition_id for a in areas)
    if not editions:
        return newest_framework()
    try:
        return framework(editions.most_common(1)[0][0])
    except KeyError:
        return newest_framework()


def years_sent() -> list[int]:
    return sharing.years_sent()


def areas_for(key: str, year: int | None = None) -> AreasView:
    """The areas whose latest version sent for ``year`` (the latest year sent by default)
    permits the audience of ``key`` now, each named by its partnership. LookupError for a year
    nothing was sent for."""
    years = sharing.years_sent()
    if year is None:
        year = years[0] if years else None
    elif year not in years:
        raise LookupError(f"No return was sent for {year}")
    every = sharing.latest_sent(year) if year is not None else []
    included = [a for a in every if a.permits(key)]
    names = data.partnership_names(a.partnership_id for a in included)
    included = sorted((replace(a, figures=replace(a.figures, area=names.get(a.partnership_id, a.figures.area)))
                       for a in included), key=lambda a: a.figures.area.lower())
    return AreasView(year, years, included, len(every) - len(included), _guide_of(included or every))


def department(year: int | None = None) -> tuple[AreasView, National | None]:
    """The department's view of a year: the areas permitting it, and the figures across them."""
    view = areas_for(DEPARTMENT_KEY, year)
    if view.year is None:
        return view, None
    return view, national_figures(view.year, [a.figures for a in view.included], view.withheld, view.guide)


def other_departments(year: int | None = None) -> AreasView:
    """The areas that permit other government departments to see their scores."""
    return areas_for(OTHER_DEPARTMENTS_KEY, year)


def returns_sent(view: AreasView) -> list[str]:
    """Each included area's return JSON, as it was sent."""
    found = data.returns_sent((a.assessment_id, a.version) for a in view.included)
    return [found[(a.assessment_id, a.version)] for a in view.included]
