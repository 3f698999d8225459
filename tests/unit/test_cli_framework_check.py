"""`ehsg framework check FILE [--json]`: every problem of a broken edition file, each with
its line, and exit 1; a good file passes."""

from __future__ import annotations

import json
from pathlib import Path

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
