"""Workshop rules that need no app: join codes, the answer key that keeps anonymity, the UK date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.returns import RoundFigures, rounds_line
from app.domain.workshops import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NameHandling,
    StakeholderGroup,
    answer_key,
    evidence_token,
    format_code,
    new_join_code,
    new_participant_secret,
    normalise_code,
    secret_hash,
    uk_today,
)


def test_join_codes_are_long_and_unambiguous() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    for confusable in "0O1IL5S2Z":
        assert confusable not in CODE_ALPHABET
    assert len(CODE_ALPHABET) ** CODE_LENGTH > 10**11


@pytest.mark.parametrize("typed", ["KXR4-7PQM", "kxr4-7pqm", "KXR47PQM", " kxr4 7pqm ", "KXR4–7PQM"])
def test_a_code_is_read_in_any_case_with_or_without_the_hyphen(typed: str) -> None:
    assert normalise_code(typed) == "KXR47PQM"
    assert format_code("KXR47PQM") == "KXR4-7PQM"


@pytest.mark.parametrize("typed", ["", "KXR4", "KXR4-7PQM-X", "KXR0-7PQM", "<script>", None])
def test_what_cannot_be_a_code_is_refused(typed) -> None:
    assert normalise_code(typed) is None


def test_the_answer_key_differs_for_every_descriptor_round_and_person() -> None:
    mine, theirs = new_participant_secret(), new_participant_secret()
    key = answer_key(mine, 7, "5.1", 1)
    assert key == answer_key(mine, 7, "5.1", 1)  # the participant's browser finds it again
    others = {answer_key(mine, 7, "5.2", 1), answer_key(mine, 7, "5.1", 2), answer_key(mine, 8, "5.1", 1),
              answer_key(theirs, 7, "5.1", 1)}
    assert key not in others and len(others) == 4
    assert key != secret_hash(mine)  # the stored hash of the secret does not lead to the answer
    assert len(key) == 64


def test_a_closing_date_is_a_uk_date() -> None:
    assert uk_today(datetime(2026, 6, 30, 23, 30)) == date(2026, 7, 1)  # British Summer Time
    assert uk_today(datetime(2026, 12, 31, 23, 30)) == date(2026, 12, 31)  # GMT


def test_the_lists_people_choose_from() -> None:
    assert [g.label for g in StakeholderGroup] == [
        "Health", "Police", "Education", "Local authority early help", "Children's social care", "Housing",
        "Adult services", "Voluntary, community and faith sector", "Family or lived experience", "Other",
    ]
    assert [n.asks_name for n in NameHandling] == [True, True, False]
    assert [n.evidence_names_person for n in NameHandling] == [True, False, False]


def test_an_evidence_token_hides_the_answer_and_differs_for_every_answer() -> None:
    keys = [answer_key("one secret", 7, d, r) for d in ("5.1", "5.2") for r in (1, 2)]
    tokens = [evidence_token(k) for k in keys]
    assert len(set(tokens)) == 4
    assert all(t == evidence_token(k) and k not in t and t not in k for t, k in zip(tokens, keys, strict=True))


def test_every_rounds_median_in_one_line() -> None:
    assert rounds_line((RoundFigures(1, 4, 2.5), RoundFigures(2, 4, 3.0), RoundFigures(3, 0, None))) == (
        "round 1: 2.5 → round 2: 3 → round 3: no scores")
    assert rounds_line(()) == ""
