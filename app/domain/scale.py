"""An edition's scoring scale: its levels, their labels and meanings, and whose wording they are.

The 2022 guide scores 0 to 5; another edition may score 1 to 4 in words of its own. Wherever a
label shows, :meth:`Scale.labelled` and :attr:`Scale.short_note` say when the wording is the
toolkit's rather than the guide's. Part of :mod:`app.domain.framework`, which re-exports both.

This module is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Scale", "ScaleLevel"]


@dataclass(frozen=True)
class ScaleLevel:
    """One point of the scale: the score, a short label and a one-line meaning."""

    score: int
    label: str
    meaning: str


@dataclass(frozen=True)
class Scale:
    """The scoring scale (0-5 in the 2022 guide).

    ``source`` is ``"guide"`` when the wording is the guide's own and ``"toolkit"`` when it is
    the toolkit's (the 2022 guide's scale was an image and is lost); ``note`` says so in words
    the interface can show.
    """

    levels: tuple[ScaleLevel, ...]
    source: Literal["toolkit", "guide"]
    note: str

    @property
    def short_note(self) -> str:
        """``note`` in one short plain sentence, for a phone."""
        if self.source == "toolkit":
            return "These descriptions are this toolkit's wording, not the guide's."
        return "These descriptions are the guide's own wording."

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(level.score for level in self.levels)

    @property
    def minimum(self) -> int:
        return self.levels[0].score

    @property
    def maximum(self) -> int:
        return self.levels[-1].score

    @property
    def span(self) -> str:
        """The lowest and the highest score, in words: "0 to 5"."""
        return f"{self.minimum} to {self.maximum}"

    def differs_from(self, earlier: Scale) -> str | None:
        """``earlier``'s span when its scores do not mean the same numbers as this scale's (it
        runs over other scores), so no change between them can be worked out; None when they do."""
        return None if earlier.scores == self.scores else earlier.span

    def labelled(self, score: int) -> str:
        """A saved score with its description, as a page shows it ("3 – Established in places"),
        saying in a few words when the description is the toolkit's rather than the guide's."""
        text = f"{score} – {self.level(score).label}"
        return text + " (the toolkit's description)" if self.source == "toolkit" else text

    def level(self, score: int) -> ScaleLevel:
        """The level for a score; KeyError if the score is not on the scale."""
        for level in self.levels:
            if level.score == score:
                return level
        raise KeyError(score)
