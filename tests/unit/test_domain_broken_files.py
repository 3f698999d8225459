"""Broken framework files fail with a FrameworkError naming the file, the place and the problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.editions import FrameworkError, load_framework

Mutation = Callable[[dict[str, Any]], None]


def _base(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def _set(*keys: Any, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return mutate


def _drop(*keys: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return mutate


CASES: list[tuple[str, Mutation, str, str]] = [
    # (case, mutation of the 2022 file, expected place, expected words of the problem)
    ("missing text", _drop("sections", 2, "descriptors", 1, "text"), "sections[2].descriptors[1].text", "required field is missing"),
    ("missing edition title", _drop("edition", "title"), "edition.title", "required field is missing"),
    ("rule by data model without data models", _drop("data_models"), "data_models", "a priority rule of kind data_model needs the data models"),
    ("rule of any section with compositions", _set("priority_rule", "kind", value="any_section"), "priority_rule.data_section", "only a rule of kind data_model names a data section"),
    ("unknown rule kind", _set("priority_rule", "kind", value="by_luck"), "priority_rule.kind", "'data_model' or 'any_section'"),
    ("scale ends below its highest", _set("scale", "highest", value=6), "scale.levels", "the levels end at 5 but highest is 6"),
    ("scale not starting at its lowest", _set("scale", "lowest", value=1), "scale.levels[0].score", "expected score 1, found 0"),
    ("duplicate prompt key", _set("prompts", 1, "key", value="working_well"), "prompts[1].key", 'duplicate prompt key "working_well"'),
    ("prompt without a key", _set("prompts", 0, value="What works?"), "prompts[0]", "valid dictionary"),
    ("threshold for an unknown descriptor", _set("earned_autonomy", 2022, "9.9", value=3), 'earned_autonomy[2022]["9.9"]', '"9.9" is not a descriptor in this file'),
    ("threshold off the scale", _set("earned_autonomy", 2022, "9.1", value=6), 'earned_autonomy[2022]["9.1"]', "minimum score 6 is not on the scale (0 to 5)"),
    ("source of thresholds not given", _set("earned_autonomy_sources", 2030, value="the 2030 prospectus"), "earned_autonomy_sources[2030]", "names the source of 2030's thresholds, but earned_autonomy has none for 2030"),
    ("threshold as text", _set("earned_autonomy", 2022, "9.1", value="4"), 'earned_autonomy[2022]["9.1"]', "valid integer, found '4'"),
    ("duplicate descriptor id", _set("sections", 1, "descriptors", 1, "id", value="6.1"), "sections[1].descriptors[1].id", 'duplicate descriptor id "6.1" (also sections[1].descriptors[0])'),
    ("duplicate section id", _set("sections", 4, "id", value="8"), "sections[4].id", 'duplicate section id "8"'),
    ("descriptor in the wrong section", _set("sections", 1, "descriptors", 0, "id", value="7.9"), "sections[1].descriptors[0].id", 'must start with its section id "6"'),
    ("unquoted id", _set("sections", 0, "descriptors", 0, "id", value=5.1), "sections[0].descriptors[0].id", "put ids in quotes"),
    ("year as text", _set("edition", "year", value="2022"), "edition.year", "valid integer, found '2022'"),
    ("misspelt key", _set("edition", "yeer", value=2022), "edition.yeer", "unexpected field"),
    ("blank statement", _set("sections", 0, "descriptors", 2, "text", value="  "), "sections[0].descriptors[2].text", "must not be blank"),
    ("unknown scale source", _set("scale", "source", value="ours"), "scale.source", "'toolkit' or 'guide'"),
    ("scale with a gap", _drop("scale", "levels", 2), "scale.levels[2].score", "expected score 2, found 3"),
    ("no prompt", _set("prompts", value=[]), "prompts", "at least 1 item"),
    ("five prompts", _set("prompts", value=[{"key": f"p{i}", "label": f"Prompt {i}?"} for i in range(5)]), "prompts", "at most 4 items"),
    ("no data section", _set("sections", 4, "data", value=False), "sections", "no section is marked data: true"),
    ("rule names another section", _set("priority_rule", "data_section", value="8"), "priority_rule.data_section", '"8" is not the section marked data: true ("9")'),
    ("rule names no section", _set("priority_rule", "data_section", value="10"), "priority_rule.data_section", 'there is no section "10"'),
    ("data model without composition", _drop("priority_rule", "compositions", 4), "priority_rule.compositions", "no composition for data model 4"),
    ("composition for no data model", _set("priority_rule", "compositions", 7, value={"data": 0, "service": 3}), "priority_rule.compositions[7]", "there is no data model 7"),
    ("composition not adding up", _set("priority_rule", "compositions", 3, value={"data": 1, "service": 1}), "priority_rule.compositions[3]", "data 1 + service 1 = 2, but required is 3"),
    ("composition too big for the Data section", _set("priority_rule", "compositions", 1, value={"data": 8, "service": 0}), "priority_rule.compositions[1]", "asks for 8 from the Data section, which has only 7"),
    ("data models out of order", _set("data_models", 1, "level", value=5), "data_models[1].level", "expected level 2, found 5"),
    ("permission key not written as a key", _set("permissions", 1, "key", value="Peers"), "permissions[1].key", "should match pattern"),
    ("duplicate permission key", _set("permissions", 2, "key", value="dfe"), "permissions[2].key", 'duplicate permission key "dfe"'),
    ("wrong format version", _set("format_version", value=2), "format_version", "Input should be 1"),
    ("descriptors not a list", _set("sections", 0, "descriptors", value="5.1"), "sections[0].descriptors", "valid list"),
    ("crosswalk for an unknown descriptor", _set("crosswalk", value={"from": "ehsg-2018", "descriptors": {"5.9": {"change": "same", "earlier": ["5.1"]}}}), 'crosswalk.descriptors["5.9"]', '"5.9" is not a descriptor in this file'),
    ("merged from one descriptor", _set("crosswalk", value={"from": "ehsg-2018", "descriptors": {"5.1": {"change": "merged", "earlier": ["5.1"]}}}), 'crosswalk.descriptors["5.1"].earlier', "a change of 'merged' names 2 or more earlier descriptors, found 1"),
    ("new with an earlier descriptor", _set("crosswalk", value={"from": "ehsg-2018", "descriptors": {"5.2": {"change": "new", "earlier": ["5.2"]}}}), 'crosswalk.descriptors["5.2"].earlier', "a change of 'new' names no earlier descriptor, found 1"),
    ("unknown kind of change", _set("crosswalk", value={"from": "ehsg-2018", "descriptors": {"5.1": {"change": "moved", "earlier": ["5.1"]}}}), 'crosswalk.descriptors["5.1"].change', "'same', 'reworded', 'split', 'merged' or 'new'"),
    ("crosswalk from itself", _set("crosswalk", value={"from": "ehsg-2022", "descriptors": {}}), "crosswalk.from", "must come from an earlier edition, not this one"),
    ("two prompts asking the same", _set("prompts", 1, "label", value="What is working well  and what evidence do you have?"), "prompts[1].label", "the same question as prompts[0]"),
    ("a prompt key naming another's field", _set("prompts", value=[{"key": "evidence", "label": "What shows it?"}, {"key": "prompt_evidence", "label": "What else?"}]), "prompts[1].key", 'names the same field as prompts[0] ("prompt_evidence" on the descriptor page)'),
    ("retired and named", _set("crosswalk", value={"from": "ehsg-2018", "descriptors": {"5.1": {"change": "same", "earlier": ["5.1"]}}, "retired": ["5.1"]}), "crosswalk.retired[0]", '"5.1" is retired but also named'),
]


@pytest.mark.parametrize(("case", "mutate", "place", "problem"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_file_names_the_file_the_place_and_the_problem(
    tmp_path: Path, ehsg_path: Path, case: str, mutate: Mutation, place: str, problem: str
) -> None:
    data = copy.deepcopy(_base(ehsg_path))
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    error = caught.value
    assert error.path == str(path)
    matching = [p for p in error.problems if p.place == place and problem in p.message]
    assert matching, f"{case}: expected {place}: {problem}; got:\n{error}"
    assert matching[0].line is not None and matching[0].line >= 1
    # Every line of the message names the file, then the place with its line, then the problem.
    for line in str(error).splitlines():
        assert line.startswith(f"{path}: ")
    assert f"{path}: {place} (line {matching[0].line}): " in str(error)


def test_every_problem_is_reported_at_once(tmp_path: Path, ehsg_path: Path) -> None:
    data = _base(ehsg_path)
    del data["sections"][0]["descriptors"][0]["text"]
    data["edition"]["year"] = "twenty"
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert {p.place for p in caught.value.problems} == {"sections[0].descriptors[0].text", "edition.year"}
    assert len(str(caught.value).splitlines()) == 2


def test_the_line_points_into_the_file(tmp_path: Path, ehsg_path: Path) -> None:
    """The reported line is the line of the offending value in the file as written."""
    text = ehsg_path.read_text(encoding="utf-8").replace('    "9.7": 3\n', '    "9.7": 3\n    "9.8": 2\n')
    path = tmp_path / "extra-threshold.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    (problem,) = caught.value.problems
    assert text.splitlines()[problem.line - 1] == '    "9.8": 2'  # type: ignore[operator]
    assert problem.place == 'earned_autonomy[2022]["9.8"]'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not-yaml.yaml", "line 5: not valid YAML"),
        ("duplicate-key.yaml", "edition.id (line 4): the key 'id' appears twice (first at line 3)"),
        ("a-list.yaml", "line 1: the file must hold a YAML mapping"),
    ],
)
def test_files_that_are_not_framework_yaml(fixtures_dir: Path, name: str, expected: str) -> None:
    path = fixtures_dir / "broken" / name
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert str(caught.value) == f"{path}: {expected}" or str(caught.value).startswith(f"{path}: {expected}")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(FrameworkError, match="must hold a YAML mapping"):
        load_framework(path)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert str(caught.value) == f"{path}: whole file: the file does not exist"
