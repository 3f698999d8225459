"""Whether the database answers, for the health check."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db


def database_answers() -> bool:
    """Whether the database answers a trivial query (a failed check leaves no transaction open)."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False
