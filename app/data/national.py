"""The returns as sent that the department downloads: one query for any number of areas."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_

from app.data.models import Partnership, Submission
from app.extensions import db


def returns_sent(versions: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The return JSON of each (assessment id, version) sent."""
    wanted = list(versions)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Submission.assessment_id, Submission.version, Submission.return_json)
        .where(tuple_(Submission.assessment_id, Submission.version).in_(wanted))
    )
    return {(a, v): text for a, v, text in rows}


def partnership_names(ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = db.session.execute(select(Partnership.id, Partnership.name).where(Partnership.id.in_(wanted)))
    return {partnership_id: name for partnership_id, name in rows}
