"""Earned Autonomy Stage 1: every threshold must be met (seed 003, lines 1194-1252)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.earned_autonomy import ThresholdResult, check_earned_autonomy, prospectus_year
from app.domain.editions import load_framework
from app.domain.framework import Framework

#: The small test edition with prospectuses for 2030 and 2032 (different thresholds).
TWO_PROSPECTUSES = Path(__file__).resolve().parent / "fixtures" / "two-prospectuses.yaml"


@pytest.fixture(scope="module")
def two_prospectuses() -> Framework:
    return load_framework(TWO_PROSPECTUSES)


def test_sefton_2022_meets_one_of_nine(ehsg: Framework, sefton: Mapping[str, int]) -> None:
    result = check_earned_autonomy(ehsg, sefton)
    assert result.year == 2022
    assert (result.met, result.required, result.eligible, result.missing) == (1, 9, False, ())
    assert [r.descriptor_id for r in result.descriptors if r.met] == ["9.7"]
    assert result.summary == "1 of 9 thresholds met: not yet eligible to be invited to apply"
    by_id = {r.descriptor_id: r for r in result.descriptors}
    assert by_id["9.7"] == ThresholdResult("9.7", 3, 3, met=True, gap=0, missing=False)
    assert by_id["5.1"] == ThresholdResult("5.1", 3, 4, met=False, gap=1, missing=False)
    assert by_id["6.1"] == ThresholdResult("6.1", 2, 4, met=False, gap=2, missing=False)
    assert by_id["8.3"] == ThresholdResult("8.3", 2, 3, met=False, gap=1, missing=False)
    assert [r.descriptor_id for r in result.descriptors] == ["5.1", "6.1", "6.3", "8.1", "8.3", "9.1", "9.3", "9.4", "9.7"]
    assert [r.descriptor_id for r in result.unmet] == ["5.1", "6.1", "6.3", "8.1", "8.3", "9.1", "9.3", "9.4"]


def test_exactly_at_every_minimum_is_eligible(ehsg: Framework) -> None:
    result = check_earned_autonomy(ehsg, dict(ehsg.thresholds(2022)), 2022)
    assert (result.met, result.required, result.eligible) == (9, 9, True)
    assert result.summary == "9 of 9 thresholds met: eligible to be invited to apply"
    assert all(r.gap == 0 for r in result.descriptors)


def test_one_below_is_not_eligible(ehsg: Framework) -> None:
    scores = {**ehsg.thresholds(2022), "6.3": 2}
    result = check_earned_autonomy(ehsg, scores)
    assert (result.met, result.eligible) == (8, False)
    assert [(r.descriptor_id, r.gap) for r in result.unmet] == [("6.3", 1)]


def test_unscored_thresholds_are_missing_and_unmet(ehsg: Framework) -> None:
    scores = {**ehsg.thresholds(2022), "9.1": None}
    del scores["8.1"]
    result = check_earned_autonomy(ehsg, scores)
    assert result.missing == ("8.1", "9.1")
    assert (result.met, result.eligible) == (7, False)
    assert {r.descriptor_id: (r.met, r.gap, r.score) for r in result.descriptors if r.missing} == {
        "8.1": (False, 4, None),
        "9.1": (False, 4, None),
    }
    assert result.summary == "7 of 9 thresholds met: not yet eligible to be invited to apply; 2 not scored yet"


def test_nothing_scored(ehsg: Framework) -> None:
    result = check_earned_autonomy(ehsg, {})
    assert (result.met, len(result.missing), result.eligible) == (0, 9, False)
    assert result.summary.endswith("; 9 not scored yet")


def test_bad_input_is_refused(ehsg: Framework) -> None:
    with pytest.raises(KeyError, match="no Earned Autonomy thresholds for 2021"):
        check_earned_autonomy(ehsg, {}, 2021)
    with pytest.raises(ValueError):
        check_earned_autonomy(ehsg, {"5.1": 9})
    with pytest.raises(ValueError):
        check_earned_autonomy(ehsg, {"10.1": 3})


def test_the_result_is_frozen(ehsg: Framework, sefton: Mapping[str, int]) -> None:
    result = check_earned_autonomy(ehsg, sefton)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.eligible = True  # type: ignore[misc]
    assert isinstance(result.descriptors, tuple) and isinstance(result.missing, tuple)


def test_a_new_edition_brings_its_own_thresholds(mini: Framework) -> None:
    """The mini edition has two prospectus years; the latest is used unless one is named."""
    scores = {"A.1": 2, "B.2": 0, "C.1": 3, "C.2": 2}
    latest = check_earned_autonomy(mini, scores)
    assert latest.year == 2031
    assert [(r.descriptor_id, r.met) for r in latest.descriptors] == [("A.1", True), ("B.2", False), ("C.2", True)]
    assert latest.summary == "2 of 3 thresholds met: not yet eligible to be invited to apply"
    earlier = check_earned_autonomy(mini, scores, year=2030)
    assert (earlier.met, earlier.required, earlier.eligible) == (2, 2, True)


SCORE = st.one_of(st.none(), st.integers(min_value=0, max_value=5))


@given(data=st.data())
def test_the_counts_follow_the_per_descriptor_results(ehsg: Framework, data: st.DataObject) -> None:
    ids = [d.id for d in ehsg.descriptors]
    scores = data.draw(st.dictionaries(st.sampled_from(ids), SCORE))
    result = check_earned_autonomy(ehsg, scores)
    assert result.met == sum(1 for r in result.descriptors if r.met)
    assert result.required == len(result.descriptors) == len(ehsg.thresholds(result.year))
    assert result.eligible == (result.met == result.required)
    assert result.missing == tuple(r.descriptor_id for r in result.descriptors if r.score is None)
    for r in result.descriptors:
        assert r.score == scores.get(r.descriptor_id)
        assert r.minimum == ehsg.thresholds(2022)[r.descriptor_id]
        if r.score is None:
            assert (r.met, r.missing, r.gap) == (False, True, r.minimum)
        else:
            assert r.met == (r.score >= r.minimum)
            assert r.gap == max(0, r.minimum - r.score)
            assert not r.missing


@pytest.mark.parametrize(
    ("assessment_year", "applies"),
    [(2031, 2030), (2030, 2030), (2032, 2032), (2035, 2032), (2029, 2030), (None, 2032)],
    ids=["between: the earlier", "the first year", "the second year", "after both: the later",
         "before both: the earliest", "year unknown: the latest"],
)  # fmt: skip
def test_the_prospectus_that_applies_is_the_latest_not_after_the_assessment(
    two_prospectuses: Framework, assessment_year: int | None, applies: int
) -> None:
    assert prospectus_year(two_prospectuses, assessment_year) == applies


def test_with_one_prospectus_it_applies_to_every_assessment_year(ehsg: Framework) -> None:
    assert {prospectus_year(ehsg, year) for year in (2019, 2022, 2023, 2026, None)} == {2022}


def test_an_assessment_between_two_prospectuses_is_checked_against_the_earlier(two_prospectuses: Framework) -> None:
    result = check_earned_autonomy(two_prospectuses, {"A.1": 2, "C.1": 3}, prospectus_year(two_prospectuses, 2031))
    assert result.year == 2030
    assert [r.descriptor_id for r in result.descriptors] == ["A.1", "C.1"]
    assert result.eligible
    later = check_earned_autonomy(two_prospectuses, {"A.1": 2, "C.1": 3}, prospectus_year(two_prospectuses, 2032))
    assert [r.descriptor_id for r in later.descriptors] == ["A.2", "B.2", "C.2"]
    assert not later.eligible
