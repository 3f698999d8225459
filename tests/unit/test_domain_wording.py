"""The toolkit's wording helpers: what a reader sees for a count, an answer and a long text."""

from __future__ import annotations

import pytest

from app.domain.wording import NOT_ANSWERED, plural, short_text, yes_no


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (1, "minute", None, "1 minute"),
        (2, "minute", None, "2 minutes"),
        (0, "row", None, "0 rows"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
    ],
)
def test_a_count_takes_the_singular_only_for_one(count: int, one: str, many: str | None, expected: str) -> None:
    assert plural(count, one, many) == expected


def test_an_answer_reads_yes_no_or_not_answered() -> None:
    assert [yes_no(True), yes_no(False), yes_no(None)] == ["Yes", "No", "Not answered"]
    assert NOT_ANSWERED == "Not answered"


def test_a_short_text_is_left_as_it_is() -> None:
    assert short_text("Family engagement", 60) == "Family engagement"
    assert short_text("x" * 60, 60) == "x" * 60


def test_a_long_sentence_is_cut_after_a_whole_word_within_the_limit() -> None:
    text = "We have a shared understanding, across the partnership, of what early help is"
    cut = short_text(text, 40)
    assert cut == "We have a shared understanding, across…"
    assert len(cut) <= 40


def test_a_long_word_with_no_space_is_cut_at_the_limit() -> None:
    assert short_text("a" * 100, 10) == "a" * 9 + "…"


def test_a_file_name_is_cut_exactly_at_the_limit() -> None:
    name = "return for the board meeting " * 5
    cut = short_text(name, 100, whole_words=False)
    assert cut == name[:99] + "…" and len(cut) == 100
