"""The errors the exporters and importers raise, in words a coordinator can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.wording import plural

if TYPE_CHECKING:  # pragma: no cover
    from app.domain.returns import Return

__all__ = ["MAX_PROBLEMS", "ImportProblems", "NotShareable", "Problem"]

#: The most problems reported for one file; beyond them, one more says how many were left out.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported file.

    ``where`` names the descriptor (``"5.3"``) or the part of the return (``"Permissions"``,
    ``"Data model"``, ``"File"``); ``message`` says what is wrong and, where it can, what to do.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ImportProblems(Exception):
    """A file could not be imported as a return; ``problems`` lists every reason found.

    ``partial`` is what could be read (a :class:`~app.domain.returns.Return` with the parts
    found), or None when nothing useful could be read. It is never used silently: the
    caller decides whether to show it.
    """

    def __init__(self, problems: Iterable[Problem], partial: Return | None = None) -> None:
        found = list(problems)
        if len(found) > MAX_PROBLEMS:
            left_out = len(found) - MAX_PROBLEMS
            found = found[:MAX_PROBLEMS] + [Problem("File", f"… and {left_out} more problems, not listed")]
        self.problems: list[Problem] = found
        self.partial = partial
        count = len(self.problems)
        head = "The file could not be imported" + (f" ({plural(count, 'problem')})" if count > 1 else "")
        super().__init__(head + ":\n" + "\n".join(f"- {p}" for p in self.problems))

    @property
    def messages(self) -> list[str]:
        """One line per problem, "where: what"."""
        return [str(p) for p in self.problems]


class NotShareable(Exception):
    """The partnership has not said yes to sharing its scores with this audience."""
