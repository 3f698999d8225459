"""What the workshop services refuse, and why, for every reader of them."""

from __future__ import annotations


class WorkshopError(Exception):
    """Something asked of a workshop cannot be done; the message says why, for the person.

    ``field`` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class WorkshopClosed(WorkshopError):
    """The workshop has closed: its code no longer opens it and answers are not taken."""


class RoundClosed(WorkshopError):
    """The round someone answered is no longer taking answers."""
