"""A partnership's trends across every year it holds: the page, its charts, `ehsg trends` and
the Word return with a trends appendix. Reads only; nothing here changes anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.data import accounts as account_data
from app.data import returns as return_data
from app.domain.framework import Framework
from app.domain.trends import SectionTrend, Trends, trends
from app.frameworks import all_frameworks
from app.services.returns import ReturnFile, previous_edition, return_filename
from exports import docx_writer, trends_charts

if TYPE_CHECKING:
    from app.data import Assessment, Partnership

__all__ = ["partnership_trends", "section_chart", "trends_by_name", "word_with_trends"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _trends_of(partnership_id: int, name: str, until: int | None = None) -> Trends:
    held = return_data.returns_of_partnership(partnership_id)
    if until is not None:
        held = [r for r in held if r.year is not None and r.year <= until]
    return trends(held, all_frameworks(), area=name)


def partnership_trends(partnership: Partnership) -> Trends:
    """Every year the partnership holds, scored here or imported."""
    return _trends_of(partnership.id, partnership.name)


def trends_by_name(name: str) -> Trends | None:
    """The trends of the partnership with this name (None if there is none)."""
    found = account_data.partnership_by_name(name)
    return None if found is None else partnership_trends(found)


def _section(t: Trends, section_id: str) -> SectionTrend | None:
    return next((s for s in t.sections if s.section_id == section_id), None)


def section_chart(partnership: Partnership, section_id: str) -> tuple[bytes, str] | None:
    """A section's trends chart (PNG) and its alternative text; None when there is no such section."""
    t = partnership_trends(partnership)
    section = _section(t, section_id)
    if section is None:
        return None
    return trends_charts.section_chart(t, section), trends_charts.section_alt_text(t, section)


def word_with_trends(assessment: Assessment, guide: Framework) -> ReturnFile:
    """The assessment's Word return with the trends appendix: every year the partnership holds
    up to the return's own (a later year is not part of this year's return)."""
    ret = return_data.return_of(assessment.id)
    if ret is None:
        raise LookupError(f"There is no assessment {assessment.id}")
    previous = return_data.previous_return_of(assessment.partnership_id, assessment.year)
    t = _trends_of(assessment.partnership_id, ret.area, until=assessment.year)
    content = docx_writer.write_docx(ret, guide, previous, trends=t, previous_framework=previous_edition(previous))
    return ReturnFile(content=content, filename=return_filename(ret.area, ret.year, "-with-trends", "docx"), mimetype=DOCX)
