"""Every year a partnership holds, as the domain's returns: for the trends across the years.

One query per kind of row, however many years, descriptors or pieces of evidence (the same
loading and mapping as :func:`app.data.returns.return_of`, for all the partnership's
assessments at once, without the workshop figures, which the trends do not show).
"""

from __future__ import annotations

from app.data.models import Assessment
from app.data.returns import QUERIES, _assessment_query, _mapped, _reading
from app.domain.returns import Return

__all__ = ["QUERIES", "returns_of_partnership"]


def returns_of_partnership(partnership_id: int) -> list[Return]:
    """The returns of every assessment the partnership holds (scored here or imported), oldest first."""
    with _reading() as session:
        query = _assessment_query(Assessment.partnership_id == partnership_id).order_by(Assessment.year)
        return [_mapped(session, assessment, with_workshops=False) for assessment in session.scalars(query).unique()]
