"""The toolkit's small pieces of wording, each made in one place: a count with its noun
("1 minute", "3 people"), a yes-or-no answer ("Yes", "No", "Not answered") and the start of
a long text ("Family engagement: we have a…").

Pages, exports, messages and the history all use these, so the same thing is worded the same
way everywhere. Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

__all__ = ["NOT_ANSWERED", "number_word", "plural", "short_text", "yes_no"]

_NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

#: How a yes-or-no question nobody has answered yet is shown, on every page and in every export.
NOT_ANSWERED = "Not answered"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with its noun: ``"1 minute"``, ``"2 minutes"``; ``many`` for a plural that is
    not the noun with an "s" (``plural(3, "person", "people")`` is ``"3 people"``)."""
    if count == 1:
        return f"{count} {one}"
    return f"{count} {many if many is not None else one + 's'}"


def number_word(n: int) -> str:
    """A small count in words, as GOV.UK writes one to nine ("three"); figures from 10."""
    return _NUMBER_WORDS[n] if 0 <= n < 10 else str(n)


def yes_no(value: bool | None) -> str:
    """An answer to a yes-or-no question: ``"Yes"``, ``"No"``, or :data:`NOT_ANSWERED` for None."""
    if value is None:
        return NOT_ANSWERED
    return "Yes" if value else "No"


def short_text(text: str, limit: int = 60, *, whole_words: bool = True) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else its start ending in
    "…", ``limit`` characters at most.

    With ``whole_words`` (for sentences) the cut falls after the last whole word and drops
    the punctuation before it; without (for file names) it falls exactly at the limit.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if whole_words:
        cut = cut.rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


#: How a message names the 2022 edition's prompts ("What is working well must be ...").
_PROMPT_NAMES = {"working_well": "What is working well", "prioritising_next": "What you are prioritising next"}


def prompt_name(key: str, label: str) -> str:
    """How a message names a narrative prompt: the 2022 edition's two as the toolkit always has,
    another edition's by its label without the question mark."""
    return _PROMPT_NAMES.get(key) or label.strip().rstrip("?").strip()
