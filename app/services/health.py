"""The health check."""

from __future__ import annotations

from app.data.health import database_answers


def database_ok() -> bool:
    """Whether the database answers a trivial query."""
    return database_answers()
