"""From many stakeholders' scores to a partnership score for one descriptor."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.consensus import Answer, Consensus, ConsensusSettings, consensus


def _answers(*scores: int | None, group: str | None = None) -> list[Answer]:
    return [Answer(s, group) for s in scores]


def test_a_workshop_that_agrees() -> None:
    result = consensus(_answers(3, 3, 2, 3, 4))
    assert (result.count, result.dont_know) == (5, 0)
    assert result.mean == 3.0
    assert result.median == 3.0
    assert result.modes == (3,)
    assert (result.minimum, result.maximum, result.spread) == (2, 4, 2)
    assert (result.q1, result.q3, result.iqr) == (3.0, 3.0, 0.0)
    assert result.disagreement is False
    assert result.histogram == (0, 0, 1, 3, 1, 0)
    assert result.suggested == 3
    assert dict(result.by_group) == {}


def test_quartiles_are_inclusive() -> None:
    """statistics.quantiles(method="inclusive"): for 1, 2, 3, 4 the quartiles are 1.75 and 3.25."""
    result = consensus(_answers(1, 2, 3, 4))
    assert (result.q1, result.median, result.q3, result.iqr) == (1.75, 2.5, 3.25, 1.5)
    assert result.suggested == 2  # a median of 2.5 rounds down
    assert result.mean == 2.5
    assert result.modes == (1, 2, 3, 4)


def test_a_half_always_rounds_down() -> None:
    assert consensus(_answers(0, 1)).suggested == 0
    assert consensus(_answers(4, 5)).suggested == 4
    assert consensus(_answers(2, 2, 3, 3)).suggested == 2


def test_disagreement_by_spread() -> None:
    result = consensus(_answers(1, 3, 3, 3, 3, 3, 4))
    assert (result.spread, result.iqr) == (3, 0.0)
    assert result.disagreement is True


def test_disagreement_by_iqr() -> None:
    result = consensus(_answers(1, 1, 3, 3))
    assert result.spread == 2
    assert result.iqr == 2.0
    assert result.disagreement is True


def test_just_below_both_thresholds() -> None:
    result = consensus(_answers(2, 2, 3, 4))  # spread 2; q1 2.0, q3 3.25, so iqr 1.25
    assert result.spread == 2 and result.iqr is not None and result.iqr < 2
    assert result.disagreement is False


def test_thresholds_can_be_changed() -> None:
    answers = _answers(2, 2, 3, 4)
    assert consensus(answers, ConsensusSettings(spread_threshold=2)).disagreement is True
    assert consensus(_answers(0, 5), ConsensusSettings(spread_threshold=6, iqr_threshold=6)).disagreement is False
    with pytest.raises(ValueError):
        ConsensusSettings(spread_threshold=0)
    with pytest.raises(ValueError):
        ConsensusSettings(iqr_threshold=0)


def test_dont_know_is_counted_apart() -> None:
    result = consensus(_answers(None, 2, None, 4))
    assert (result.count, result.dont_know) == (2, 2)
    assert result.median == 3.0
    assert sum(result.histogram) == 2


def test_one_answer() -> None:
    result = consensus(_answers(4))
    assert (result.q1, result.median, result.q3, result.iqr, result.spread) == (4.0, 4.0, 4.0, 0.0, 0)
    assert result.suggested == 4 and result.disagreement is False


@pytest.mark.parametrize("answers", [[], _answers(None, None)])
def test_no_scores(answers: list[Answer]) -> None:
    result = consensus(answers)
    assert result.count == 0 and result.dont_know == len(answers)
    figures = (result.mean, result.median, result.minimum, result.maximum, result.spread, result.q1, result.q3, result.iqr, result.suggested)
    assert figures == (None,) * 9
    assert result.modes == ()
    assert result.disagreement is False
    assert result.histogram == (0,) * 6


def test_by_group() -> None:
    answers = _answers(1, 2, group="Health") + _answers(4, None, group="Police") + _answers(5)
    result = consensus(answers)
    assert list(result.by_group) == ["Health", "Police"]
    health, police = result.by_group["Health"], result.by_group["Police"]
    assert (health.count, health.median, health.suggested) == (2, 1.5, 1)
    assert (police.count, police.dont_know, police.median) == (1, 1, 4.0)
    assert dict(health.by_group) == {} and dict(police.by_group) == {}
    assert (result.count, result.dont_know, result.median) == (4, 1, 3.0)
    with pytest.raises(TypeError):
        result.by_group["Schools"] = health  # type: ignore[index]


def test_scores_off_the_scale_are_refused() -> None:
    for bad in (6, -1, 2.5, True, "3"):
        with pytest.raises(ValueError):
            consensus([Answer(bad)])  # type: ignore[arg-type]


def test_a_longer_scale() -> None:
    result = consensus(_answers(0, 7), ConsensusSettings(max_score=7))
    assert result.histogram == (1, 0, 0, 0, 0, 0, 0, 1)


def test_the_result_is_frozen() -> None:
    result = consensus(_answers(3))
    assert isinstance(result, Consensus)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.median = 1.0  # type: ignore[misc]


# ---- properties ---------------------------------------------------------------------------

ANSWERS = st.lists(
    st.builds(Answer, st.one_of(st.none(), st.integers(0, 5)), st.one_of(st.none(), st.sampled_from(["Health", "Police", "Schools"]))),
    max_size=30,
)


def _quartile(ordered: list[int], fraction: float) -> float:
    """The inclusive quantile worked by hand: the value a fraction of the way from the first
    sorted score to the last, between the two scores either side of that point."""
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _expected(scores: list[int]) -> dict[str, object]:
    """What a facilitator would work out on paper from the scores given (the oracle)."""
    if not scores:
        return {"count": 0, "median": None, "suggested": None, "modes": (), "disagreement": False,
                "histogram": (0,) * 6}
    ordered = sorted(scores)
    tally = Counter(scores)
    top = max(tally.values())
    q1, median, q3 = (_quartile(ordered, f) for f in (0.25, 0.5, 0.75))
    spread = ordered[-1] - ordered[0]
    return {
        "count": len(scores),
        "mean": sum(scores) / len(scores),
        "median": median,
        "modes": tuple(sorted(s for s, n in tally.items() if n == top)),
        "minimum": ordered[0],
        "maximum": ordered[-1],
        "spread": spread,
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
        # Scores three or more points apart, or a middle half two points wide, call for a discussion.
        "disagreement": spread >= 3 or q3 - q1 >= 2,
        # The median, a half rounded down: the median of whole scores is whole or a half.
        "suggested": int(median) if median == int(median) else int(median - 0.5),
        "histogram": tuple(tally.get(s, 0) for s in range(6)),
    }


def _check_against_oracle(result: Consensus, scores: list[int]) -> None:
    for name, wanted in _expected(scores).items():
        got = getattr(result, name)
        if isinstance(wanted, float):
            assert got == pytest.approx(wanted), name
        else:
            assert got == wanted, name


def test_the_oracle_agrees_with_hand_worked_figures() -> None:
    """The oracle itself, on the examples above worked out by hand."""
    figures = _expected([1, 2, 3, 4])
    assert (figures["q1"], figures["median"], figures["q3"], figures["suggested"]) == (1.75, 2.5, 3.25, 2)
    assert _expected([2, 2, 3, 4])["iqr"] == 1.25 and _expected([1, 1, 3, 3])["disagreement"] is True


@given(ANSWERS)
def test_figures_match_those_worked_out_by_hand(answers: list[Answer]) -> None:
    result = consensus(answers)
    scores = [a.score for a in answers if a.score is not None]
    _check_against_oracle(result, scores)
    assert result.dont_know == len(answers) - len(scores)
    assert set(result.by_group) == {a.group for a in answers if a.group is not None}
    for name, group in result.by_group.items():
        _check_against_oracle(group, [a.score for a in answers if a.group == name and a.score is not None])
        assert dict(group.by_group) == {}


@given(ANSWERS, st.randoms(use_true_random=False))
def test_the_order_of_answers_does_not_matter(answers: list[Answer], rng: random.Random) -> None:
    shuffled = list(answers)
    rng.shuffle(shuffled)
    assert consensus(shuffled) == consensus(answers)
