"""What the comparison between areas reads and writes beyond the sent returns (app.data.sharing):
the names and chosen contacts of the areas to learn from, and a partnership's contact."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import CursorResult, select, update

from app.data.models import Partnership
from app.extensions import db


def names_and_contacts(partnership_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """Each partnership's name and the contact it chose to show to other areas: one query."""
    if not partnership_ids:
        return {}
    rows = db.session.execute(select(Partnership.id, Partnership.name, Partnership.contact_for_peers)
                              .where(Partnership.id.in_(sorted(partnership_ids))))
    return {row[0]: (row[1], row[2]) for row in rows}


def set_contact_for_peers(partnership: Partnership, contact: str) -> bool:
    """Set the contact unless it is already this one; whether it changed. One conditional update,
    so two requests setting the same contact at once change it (and say so) once."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Partnership).where(Partnership.id == partnership.id, Partnership.contact_for_peers != contact)
        .values(contact_for_peers=contact).execution_options(synchronize_session=False)
    )
    db.session.expire(partnership, ["contact_for_peers"])
    return (result.rowcount or 0) == 1
