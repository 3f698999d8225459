"""`ehsg framework check FILE [--json]`: every problem of a broken edition file, each with
its line, and exit 1; a good file passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import framework_check
from app.domain.editions import DEFAULT_DESCRIPTORS_DIR

GOOD = (DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml").read_text(encoding="utf-8")


def _line(text: str, needle: str, after: int = 0) -> int:
    """The line number (from 1) of the first line containing ``needle`` after line ``after``."""
    lines = text.splitlines()
    return next(i for i in range(after, len(lines)) if needle in lines[i]) + 1


def _check(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "new-edition.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(framework_check, [str(path), *args])
    return result.exit_code, result.output


def test_the_project_edition_passes(tmp_path: Path) -> None:
    code, out = _check(tmp_path, GOOD)
    assert code == 0
    assert "no problems found" in out
    code, out = _check(tmp_path, GOOD, "--json")
    assert (code, json.loads(out)) == (0, {"ok": True, "problems": []})


def test_missing_field_bad_score_and_duplicate_key_all_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("  label: Second iteration\n", "", 1)
    text = text.replace("    - score: 1\n", '    - score: "one"\n', 1)
    text = text.replace("format_version: 1\n", "format_version: 1\nformat_version: 1\n", 1)
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False
    problems = {p["message"]: p["line"] for p in result["problems"]}
    assert problems["edition.label: required field is missing"] == _line(text, "edition:") + 1
    bad_score = next(m for m in problems if m.startswith("scale.levels[1].score"))
    assert "found 'one'" in bad_score
    assert problems[bad_score] == _line(text, 'score: "one"')
    duplicate = next(m for m in problems if "format_version" in m)
    first = _line(text, "format_version: 1")
    assert duplicate == f"format_version: the key 'format_version' appears twice (first at line {first})"
    assert problems[duplicate] == first + 1
    assert len(result["problems"]) == 3
    # As text: FILE:LINE: message, one a line, and the count.
    code, out = _check(tmp_path, text)
    assert code == 1
    score_line = _line(text, 'score: "one"')
    assert f"new-edition.yaml:{score_line}: scale.levels[1].score" in out
    assert out.rstrip().endswith("3 problems found.")


def test_negative_score_in_a_threshold(tmp_path: Path) -> None:
    text = GOOD.replace('    "6.3": 3\n', '    "6.3": -3\n', 1)
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    [problem] = json.loads(out)["problems"]
    assert problem["line"] == _line(text, '"6.3": -3')
    assert problem["message"].startswith('earned_autonomy[2022]["6.3"]: ')
    assert "greater than or equal to 0" in problem["message"]


def test_duplicate_descriptor_id(tmp_path: Path) -> None:
    text = GOOD.replace('      - id: "5.2"\n', '      - id: "5.1"\n', 1)
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    second = _line(text, 'id: "5.1"', _line(text, 'id: "5.1"'))
    assert {"line": second, "message": 'sections[0].descriptors[1].id: duplicate descriptor id "5.1" (also sections[0].descriptors[0])'} in problems


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = GOOD.replace("  title: The Early Help System Guide\n", "  title: [The Early Help System Guide\n", 1)
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    [problem] = json.loads(out)["problems"]
    assert problem["message"].startswith("not valid YAML: ")
    assert problem["line"] is not None and problem["line"] >= _line(text, "title: [The Early")


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    result = CliRunner().invoke(framework_check, [str(tmp_path / "absent.yaml"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {"ok": False, "problems": [{"line": None, "message": "the file does not exist"}]}


def test_schema_and_cross_reference_problems_show_together(tmp_path: Path) -> None:
    text = GOOD.replace("  label: Second iteration\n", "", 1).replace('      - id: "5.2"\n', '      - id: "5.1"\n', 1)
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert messages == [
        "edition.label: required field is missing",
        'sections[0].descriptors[1].id: duplicate descriptor id "5.1" (also sections[0].descriptors[0])',
    ]


LATER = GOOD.replace("  id: ehsg-2022\n", "  id: ehsg-2026\n", 1).replace("  year: 2022\n", "  year: 2026\n", 1)
CROSSWALK = """
crosswalk:
  from: ehsg-2022
  descriptors:
    "5.1": {change: reworded, earlier: ["5.1"]}
    "5.2": {change: merged, earlier: ["5.2", "5.9"]}
  retired: ["4.4"]
"""


def test_a_crosswalk_is_checked_against_the_earlier_edition_it_names(tmp_path: Path, monkeypatch) -> None:
    """The earlier ids a crosswalk names must be descriptors of that edition, as the folder the
    application loads holds it; each one that is not is a problem on its own line."""
    monkeypatch.delenv("EHSG_DESCRIPTORS_DIR", raising=False)
    text = LATER + CROSSWALK
    code, out = _check(tmp_path, text, "--json")
    assert code == 1
    problems = {p["message"]: p["line"] for p in json.loads(out)["problems"]}
    assert problems == {
        'crosswalk.descriptors["5.2"].earlier[1]: "5.9" is not a descriptor of ehsg-2022 (ehsg-2022.yaml)': _line(text, '"5.2": {change: merged'),
        'crosswalk.retired[0]: "4.4" is not a descriptor of ehsg-2022 (ehsg-2022.yaml)': _line(text, "retired:"),
    }
    fixed = text.replace('"5.9"', '"5.3"').replace('  retired: ["4.4"]\n', "")
    assert _check(tmp_path, fixed)[0] == 0


def test_the_application_refuses_a_folder_whose_crosswalk_names_no_earlier_descriptor(tmp_path: Path) -> None:
    from app.domain.editions import FrameworkError, load_frameworks

    (tmp_path / "ehsg-2022.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "ehsg-2026.yaml").write_text(LATER + CROSSWALK, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_frameworks(tmp_path)
    assert caught.value.path.endswith("ehsg-2026.yaml")
    assert [p.place for p in caught.value.problems] == ['crosswalk.descriptors["5.2"].earlier[1]', "crosswalk.retired[0]"]
    (tmp_path / "ehsg-2026.yaml").write_text(LATER + CROSSWALK.replace('"5.9"', '"5.3"').replace('  retired: ["4.4"]\n', ""), encoding="utf-8")
    assert load_frameworks(tmp_path)["ehsg-2026"].crosswalk.entry("5.2").earlier == ("5.2", "5.3")


def test_framework_show_prints_the_crosswalk(tmp_path: Path) -> None:
    from app.cli_framework import framework_as_dict, render_framework_text
    from app.domain.editions import load_framework

    path = tmp_path / "ehsg-2026.yaml"
    path.write_text(LATER + CROSSWALK.replace('"5.9"', '"5.3"'), encoding="utf-8")
    later = load_framework(path)
    text = render_framework_text(later)
    assert "CROSSWALK FROM ehsg-2022\n  5.1: reworded (from 5.1)\n  5.2: merged (from 5.2, 5.3)\n  Retired: 4.4\n" in text
    assert framework_as_dict(later)["crosswalk"] == {
        "from": "ehsg-2022", "descriptors": {"5.1": {"change": "reworded", "earlier": ["5.1"]},
                                             "5.2": {"change": "merged", "earlier": ["5.2", "5.3"]}},
        "retired": ["4.4"]}
