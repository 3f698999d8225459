"""Choosing priority descriptors by data model (seed 003, lines 1256-1268)."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.framework import Framework
from app.domain.priorities import (
    PriorityCheck,
    Suggestion,
    check_priorities,
    effective_data_model,
    explain_rule,
    repeated_priorities,
    suggest_priorities,
)

SERVICE = "the service sections (Family voice and experience, Workforce, Communities, Leaders)"

# A valid choice of three for each data model, and an invalid one with its problem.
VALID = {
    1: ["9.1", "9.4", "9.7"],
    2: ["9.3", "9.2", "9.6"],
    3: ["9.4", "6.4", "7.3"],
    4: ["5.1", "6.4", "8.3"],
    5: ["7.1", "7.2", "7.3"],
    6: ["8.5", "5.7", "6.1"],
}
INVALID = {
    1: (["9.1", "9.4", "6.4"], "With data model 1, all three must come from the Data section; 6.4 (Workforce) is not"),
    2: (["5.1", "9.4", "6.4"], "With data model 2, all three must come from the Data section; 5.1 (Family voice and experience) and 6.4 (Workforce) are not"),
    3: (["6.4", "7.3", "5.1"], "With data model 3, exactly one of the three must come from the Data section; you chose none"),
    4: (["5.1", "6.4", "9.4"], f"With data model 4, all three must come from {SERVICE}; 9.4 (Data) is not"),
    5: (["9.1", "9.2", "9.3"], f"With data model 5, all three must come from {SERVICE}; 9.1 (Data), 9.2 (Data) and 9.3 (Data) are not"),
    6: (["9.7", "6.4", "7.3"], f"With data model 6, all three must come from {SERVICE}; 9.7 (Data) is not"),
}


def test_seftons_priorities_are_valid_for_data_model_3(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["7.3", "6.4", "9.4"], 3)
    assert result == PriorityCheck(valid=True, problems=(), required=("7.3", "6.4", "9.4"), optional=())


@pytest.mark.parametrize("data_model", range(1, 7))
def test_a_valid_choice_for_each_data_model(ehsg: Framework, data_model: int) -> None:
    chosen = VALID[data_model]
    assert check_priorities(ehsg, chosen, data_model) == PriorityCheck(True, (), tuple(chosen), ())
    # Order does not matter among the required three.
    assert check_priorities(ehsg, list(reversed(chosen)), data_model).valid


@pytest.mark.parametrize("data_model", range(1, 7))
def test_further_priorities_may_come_from_any_section(ehsg: Framework, data_model: int) -> None:
    chosen = VALID[data_model] + ["9.5", "5.2", "5.3"]
    result = check_priorities(ehsg, chosen, data_model)
    assert result.valid, result.problems
    assert result.required == tuple(VALID[data_model])
    assert result.optional == ("9.5", "5.2", "5.3")


@pytest.mark.parametrize("data_model", range(1, 7))
def test_an_invalid_choice_for_each_data_model(ehsg: Framework, data_model: int) -> None:
    chosen, problem = INVALID[data_model]
    result = check_priorities(ehsg, chosen, data_model)
    assert not result.valid
    assert result.problems == (problem,)


@pytest.mark.parametrize("data_model", range(1, 7))
def test_each_valid_choice_is_invalid_for_a_different_kind_of_model(ehsg: Framework, data_model: int) -> None:
    """Models 1-2, 3 and 4-6 ask for different splits: a valid choice for one kind fails the others."""
    kind = {1: "data", 2: "data", 3: "mixed", 4: "service", 5: "service", 6: "service"}
    for other in range(1, 7):
        assert check_priorities(ehsg, VALID[data_model], other).valid == (kind[other] == kind[data_model])


def test_only_the_first_three_count_towards_the_rule(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["6.4", "7.3", "5.1", "9.4"], 3)
    assert result.problems == ("With data model 3, exactly one of the three must come from the Data section; you chose none",)
    assert result.required == ("6.4", "7.3", "5.1") and result.optional == ("9.4",)


def test_two_from_data_with_model_3(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["9.1", "9.4", "6.4"], 3)
    assert result.problems == ("With data model 3, exactly one of the three must come from the Data section; you chose two",)


def test_too_few(ehsg: Framework) -> None:
    assert check_priorities(ehsg, ["7.3", "9.4"], 3).problems == ("You chose 2 priority descriptors; choose 3",)
    assert check_priorities(ehsg, ["7.3"], 3).problems == ("You chose 1 priority descriptor; choose 3",)
    assert check_priorities(ehsg, [], 3).problems == ("You chose no priority descriptors; choose 3",)
    assert check_priorities(ehsg, ["7.3", "", "  "], 3).problems == ("You chose 1 priority descriptor; choose 3",)


def test_too_few_and_already_wrong(ehsg: Framework) -> None:
    """With some still to choose, a pool that is already over its share is reported."""
    assert check_priorities(ehsg, ["9.1", "9.2"], 3).problems == (
        "You chose 2 priority descriptors; choose 3",
        "With data model 3, exactly one of the three must come from the Data section; you chose two",
    )
    assert check_priorities(ehsg, ["6.1", "9.2"], 5).problems == (
        "You chose 2 priority descriptors; choose 3",
        f"With data model 5, all three must come from {SERVICE}; 9.2 (Data) is not",
    )
    # Nothing is wrong yet with two service descriptors for model 3: the third can be data.
    assert check_priorities(ehsg, ["6.1", "6.2"], 3).problems == ("You chose 2 priority descriptors; choose 3",)


def test_unknown_descriptors(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["9.9", "6.4", "7.3"], 3)
    assert result.problems == ("9.9 is not a descriptor in The Early Help System Guide",)


def test_repeats_across_required_and_optional(ehsg: Framework) -> None:
    assert check_priorities(ehsg, ["7.3", "6.4", "9.4", "6.4"], 3).problems == ("You chose 6.4 more than once",)
    # The same descriptor twice is not three priorities.
    assert check_priorities(ehsg, ["7.3", "7.3", "9.4"], 3).problems == (
        "You chose 2 different priority descriptors; choose 3",
        "You chose 7.3 more than once",
    )


def test_a_repeated_descriptor_counts_once_towards_the_rule(ehsg: Framework) -> None:
    """9.1 twice is one choice from the Data section, not two; wherever the repeat is, the
    required three are the first three different descriptors."""
    result = check_priorities(ehsg, ["9.1", "9.1", "5.1"], 3)
    assert result.problems == ("You chose 2 different priority descriptors; choose 3", "You chose 9.1 more than once")
    for order in (["5.1", "6.1", "5.1", "9.1"], ["5.1", "6.1", "9.1", "5.1"], ["5.1", "5.1", "6.1", "9.1"]):
        result = check_priorities(ehsg, order, 3)
        assert result.problems == ("You chose 5.1 more than once",), order
        assert set(result.required) == {"5.1", "6.1", "9.1"} and result.optional == ()


def test_the_order_of_the_required_choices_does_not_matter(ehsg: Framework) -> None:
    for chosen, model in ((["5.1", "9.4", "6.4"], 2), (["9.1", "9.4", "6.4"], 3), (["9.9", "6.4", "6.4"], 7),
                          (["9.2", "5.1", "9.1"], 5), (["6.4", "9.3", "9.1"], 1)):
        results = {check_priorities(ehsg, list(p), model).problems for p in itertools.permutations(chosen)}
        assert len(results) == 1, (chosen, results)
    assert check_priorities(ehsg, ["6.4", "9.4", "5.1"], 2).problems == (
        "With data model 2, all three must come from the Data section; 5.1 (Family voice and experience) and "
        "6.4 (Workforce) are not",
    )


def test_repeated_priorities(ehsg: Framework) -> None:
    assert repeated_priorities(ehsg, ["9.4", "6.4", "9.4", " 6.4 ", "", "7.3"]) == ("6.4", "9.4")
    assert repeated_priorities(ehsg, ["7.3", "6.4", "9.4"]) == ()


@pytest.mark.parametrize("data_model", [0, 7, -1, 3.5, "3", None, True])
def test_data_model_outside_1_to_6(ehsg: Framework, data_model: object) -> None:
    result = check_priorities(ehsg, ["7.3", "6.4", "9.4"], data_model)  # type: ignore[arg-type]
    shown = str(data_model) if type(data_model) is int else repr(data_model)
    assert result.problems == (f"Data model must be a whole number from 1 to 6; {shown} is not",)


def test_every_problem_is_reported(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["9.9", "6.4", "6.4"], 7)
    assert result.problems == (
        "Data model must be a whole number from 1 to 6; 7 is not",
        "You chose 2 different priority descriptors; choose 3",
        "9.9 is not a descriptor in The Early Help System Guide",
        "You chose 6.4 more than once",
    )
    result = check_priorities(ehsg, ["9.1", "1.1", "9.1", "9.3"], 4)
    assert result.problems == (
        "1.1 is not a descriptor in The Early Help System Guide",
        "You chose 9.1 more than once",
        f"With data model 4, all three must come from {SERVICE}; 9.1 (Data) and 9.3 (Data) are not",
    )


def test_a_single_string_is_refused(ehsg: Framework) -> None:
    with pytest.raises(TypeError):
        check_priorities(ehsg, "7.3", 3)


def test_the_check_is_frozen(ehsg: Framework) -> None:
    result = check_priorities(ehsg, ["7.3"], 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.valid = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data_model", "expected"),
    [
        (1, "With data model 1, choose all three descriptors from the Data section."),
        (2, "With data model 2, choose all three descriptors from the Data section."),
        (3, f"With data model 3, choose one descriptor from the Data section and two from {SERVICE}."),
        (4, f"With data model 4, choose all three descriptors from {SERVICE}."),
        (5, f"With data model 5, choose all three descriptors from {SERVICE}."),
        (6, f"With data model 6, choose all three descriptors from {SERVICE}."),
    ],
)
def test_explain_rule(ehsg: Framework, data_model: int, expected: str) -> None:
    assert explain_rule(ehsg, data_model) == expected + " After that you may add further priorities from any section."


def test_explain_rule_refuses_an_unknown_model(ehsg: Framework) -> None:
    with pytest.raises(ValueError, match="from 1 to 6; 7 is not"):
        explain_rule(ehsg, 7)


def test_effective_data_model() -> None:
    assert effective_data_model(3, False, None) == 3
    assert effective_data_model(3, False, 5) == 3
    assert effective_data_model(3, True, 4) == 4
    with pytest.raises(ValueError):
        effective_data_model(3, True, None)


def test_suggestions_for_sefton(ehsg: Framework, sefton: Mapping[str, int]) -> None:
    """Model 3: the best Data descriptor and the best two service ones. All of 9.1, 9.3 (gap 1)
    and 9.4 (gap 2) are below their minimum: 9.1 wins on gap then guide order. In the service
    sections 6.3 and 8.3 (score 2, gap 1) beat 5.1 (score 3, gap 1)."""
    suggestions = suggest_priorities(ehsg, sefton, 3)
    assert [s.descriptor_id for s in suggestions] == ["6.3", "8.3", "9.1"]
    assert suggestions[0] == Suggestion(
        "6.3", "Scored 2, 1 below the Earned Autonomy minimum of 3 in the Earned Autonomy prospectus", score=2, minimum=3
    )
    assert check_priorities(ehsg, [s.descriptor_id for s in suggestions], 3).valid


def test_suggestion_ranking(ehsg: Framework) -> None:
    """Below a threshold (smallest gap first) beats low scores; unscored come last."""
    scores: dict[str, int | None] = {d.id: 5 for d in ehsg.descriptors}
    scores.update({"9.2": 0, "9.4": 2, "9.1": 3, "9.5": None})
    suggestions = suggest_priorities(ehsg, scores, 1)
    assert [s.descriptor_id for s in suggestions] == ["9.1", "9.4", "9.2"]
    assert suggestions[2].reason == "Scored 0, among the lowest in the Data section"
    scores = {d.id: 4 for d in ehsg.descriptors} | {"5.3": None, "6.6": None, "7.1": None}
    suggestions = suggest_priorities(ehsg, scores, 4)
    # Everything scored meets its minimum, so the lowest scores (all 4) in guide order.
    assert [s.descriptor_id for s in suggestions] == ["5.1", "5.2", "5.4"]
    assert suggestions[0].reason == "Scored 4, among the lowest in the service sections; it meets its Earned Autonomy minimum of 4"
    nothing = suggest_priorities(ehsg, {}, 4)
    assert [s.descriptor_id for s in nothing] == ["5.1", "5.2", "5.3"]
    assert nothing[0].reason == "Not scored yet; its Earned Autonomy minimum is 4"
    assert nothing[1] == Suggestion("5.2", "Not scored yet", None, None)


def test_suggestions_refuse_bad_input(ehsg: Framework) -> None:
    with pytest.raises(ValueError):
        suggest_priorities(ehsg, {}, 0)
    with pytest.raises(ValueError):
        suggest_priorities(ehsg, {"5.1": 7}, 3)


def test_a_new_edition_brings_its_own_rule(mini: Framework) -> None:
    """The mini edition: sections A and B serve, C is data; two required; models 1-3."""
    assert check_priorities(mini, ["C.1", "C.3"], 1).valid
    assert check_priorities(mini, ["B.1", "C.2"], 2).valid
    assert check_priorities(mini, ["A.1", "B.3", "C.1"], 3).valid
    assert check_priorities(mini, ["A.1", "C.1"], 3).problems == (
        "With data model 3, all two must come from the service sections (Families, Staff); C.1 (Numbers) is not",
    )
    assert check_priorities(mini, ["A.1", "B.1"], 2).problems == (
        "With data model 2, exactly one of the two must come from the Numbers section; you chose none",
    )
    assert check_priorities(mini, ["A.1"], 2).problems == ("You chose 1 priority descriptor; choose 2",)
    assert check_priorities(mini, ["A.1", "B.1"], 4).problems == ("Data model must be a whole number from 1 to 3; 4 is not",)
    assert check_priorities(mini, ["5.1", "C.1"], 2).problems == ("5.1 is not a descriptor in The Mini Guide",)
    assert explain_rule(mini, 2) == (
        "With data model 2, choose one descriptor from the Numbers section and one from the service sections "
        "(Families, Staff). After that you may add further priorities from any section."
    )
    suggestions = suggest_priorities(mini, {"A.1": 1, "B.2": 0, "C.1": 3, "C.2": 0}, 2)
    # 2031 thresholds: A.1 >= 2 (gap 1), B.2 >= 1 (gap 1), C.2 >= 2 (gap 2).
    assert [s.descriptor_id for s in suggestions] == ["B.2", "C.2"]
    assert [s.descriptor_id for s in suggest_priorities(mini, {"A.1": 1, "B.2": 0}, 2, year=2030)] == ["A.1", "C.1"]


# ---- properties ---------------------------------------------------------------------------

SCORE = st.one_of(st.none(), st.integers(min_value=0, max_value=5))


@given(data=st.data())
def test_suggestions_always_satisfy_the_rule(ehsg: Framework, data: st.DataObject) -> None:
    ids = [d.id for d in ehsg.descriptors]
    scores = data.draw(st.dictionaries(st.sampled_from(ids), SCORE))
    data_model = data.draw(st.sampled_from(ehsg.data_model_levels))
    suggestions = suggest_priorities(ehsg, scores, data_model)
    chosen = [s.descriptor_id for s in suggestions]
    assert len(chosen) == ehsg.priority_rule.required
    check = check_priorities(ehsg, chosen, data_model)
    assert check.valid, check.problems
    for s in suggestions:
        assert s.score == scores.get(s.descriptor_id)
        assert s.minimum == ehsg.thresholds(2022).get(s.descriptor_id)


@given(data=st.data())
def test_suggestions_are_deterministic(ehsg: Framework, data: st.DataObject) -> None:
    ids = [d.id for d in ehsg.descriptors]
    scores = data.draw(st.dictionaries(st.sampled_from(ids), SCORE))
    data_model = data.draw(st.sampled_from(ehsg.data_model_levels))
    shuffled = list(scores.items())
    random.Random(data.draw(st.integers())).shuffle(shuffled)
    assert suggest_priorities(ehsg, scores, data_model) == suggest_priorities(ehsg, dict(shuffled), data_model)


@given(data=st.data())
def test_no_better_candidate_is_left_out(ehsg: Framework, data: st.DataObject) -> None:
    """Within each pool, nothing left out ranks above anything suggested."""
    ids = [d.id for d in ehsg.descriptors]
    scores = data.draw(st.dictionaries(st.sampled_from(ids), SCORE))
    data_model = data.draw(st.sampled_from(ehsg.data_model_levels))
    minimums = ehsg.thresholds(2022)

    def rank(i: str) -> tuple[int, int, int, int]:
        score, minimum = scores.get(i), minimums.get(i)
        if score is None:
            return (2, 0, 0, ehsg.order_of(i))
        if minimum is not None and score < minimum:
            return (0, minimum - score, score, ehsg.order_of(i))
        return (1, score, 0, ehsg.order_of(i))

    chosen = {s.descriptor_id for s in suggest_priorities(ehsg, scores, data_model)}
    for pool in ([i for i in ids if ehsg.is_data_descriptor(i)], [i for i in ids if not ehsg.is_data_descriptor(i)]):
        picked = [i for i in pool if i in chosen]
        left = [i for i in pool if i not in chosen]
        if picked and left:
            assert max(map(rank, picked)) < min(map(rank, left))


@given(data=st.data())
def test_check_priorities_agrees_with_the_rule_as_written(ehsg: Framework, data: st.DataObject) -> None:
    """An independent statement of the rule: valid exactly when there are at least three
    choices, all real descriptors, none repeated, and the first three split as required; the
    same result for any order of the first three."""
    ids = [d.id for d in ehsg.descriptors]
    chosen = data.draw(st.lists(st.one_of(st.sampled_from(ids), st.sampled_from(["9.8", "4.1", "10.1"])), max_size=6))
    data_model = data.draw(st.integers(min_value=0, max_value=7))
    result = check_priorities(ehsg, chosen, data_model)
    expected_data = {1: 3, 2: 3, 3: 1, 4: 0, 5: 0, 6: 0}.get(data_model)
    valid = (
        expected_data is not None
        and len(chosen) >= 3
        and all(c in ids for c in chosen)
        and len(set(chosen)) == len(chosen)
        and sum(c.startswith("9.") for c in chosen[:3]) == expected_data
    )
    assert result.valid == valid, (chosen, data_model, result.problems)
    assert result.valid == (result.problems == ())
    distinct = list(dict.fromkeys(chosen))
    assert result.required == tuple(distinct[:3]) and result.optional == tuple(distinct[3:])
    shuffled = data.draw(st.permutations(chosen[:3])) + chosen[3:]
    assert check_priorities(ehsg, shuffled, data_model).problems == result.problems
