"""The proof edition (tests/fixtures/editions/proof-2025.yaml, issue 14): an edition of another
shape is a data file only. Four sections, three prompts, a 1-4 scale in the toolkit's wording,
no Earned Autonomy, no data models, two permissions, "choose two from any section"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import framework_check
from app.cli_framework import framework_as_dict, render_framework_text
from app.domain.earned_autonomy import check_earned_autonomy, prospectus_year
from app.domain.editions import load_framework
from app.domain.framework import Framework, validate_scores
from app.domain.priorities import check_priorities, explain_rule, suggest_priorities

PROOF = Path(__file__).resolve().parents[1] / "fixtures" / "editions" / "proof-2025.yaml"


@pytest.fixture(scope="module")
def proof() -> Framework:
    return load_framework(PROOF)


def test_the_file_declares_its_own_shape(proof: Framework) -> None:
    assert [s.name for s in proof.sections] == ["Families", "Partners", "Neighbourhoods", "Information"]
    assert len(proof.descriptors) == 7
    assert proof.prompt_keys == ("strengths", "evidence", "next_steps")
    assert proof.prompts[2] == "What will you do next?"
    assert (proof.scale.minimum, proof.scale.maximum, proof.scale.source) == (1, 4, "toolkit")
    assert [p.key for p in proof.permissions] == ["dfe", "coordinators"]
    assert proof.permissions[0].hint == "The department reads the full return."
    assert not proof.has_earned_autonomy and not proof.has_data_models
    assert (proof.priority_rule.kind, proof.priority_rule.required) == ("any_section", 2)


def test_scores_follow_its_scale(proof: Framework) -> None:
    validate_scores(proof, {"F.1": 1, "I.2": 4})
    with pytest.raises(ValueError, match="from 1 to 4, not 0"):
        validate_scores(proof, {"F.1": 0})
    with pytest.raises(ValueError, match="from 1 to 4, not 5"):
        validate_scores(proof, {"F.1": 5})


def test_choose_two_from_any_section(proof: Framework) -> None:
    assert check_priorities(proof, ["I.1", "I.2"], None).valid  # both from one section is fine
    assert check_priorities(proof, ["N.1", "F.2", "P.1"], None).optional == ("P.1",)
    assert check_priorities(proof, ["F.1"], None).problems == ("You chose 1 priority descriptor; choose 2",)
    assert "You chose F.1 more than once" in check_priorities(proof, ["F.1", "F.1"], None).problems
    assert "9.1 is not a descriptor in The Proof Framework" in check_priorities(proof, ["F.1", "9.1"], None).problems
    assert explain_rule(proof, None).startswith("Choose two descriptors from any section.")


def test_suggestions_take_the_lowest_scores_from_any_section(proof: Framework) -> None:
    picks = suggest_priorities(proof, {"F.1": 3, "P.2": 1, "I.2": 2, "N.1": 4}, None)
    assert [s.descriptor_id for s in picks] == ["P.2", "I.2"]
    assert all(s.minimum is None and "Earned Autonomy" not in s.reason for s in picks)


def test_no_earned_autonomy(proof: Framework) -> None:
    result = check_earned_autonomy(proof, {"F.1": 4}, prospectus_year(proof, 2025))
    assert (result.required, result.eligible, result.descriptors) == (0, False, ())
    assert result.summary == "This edition of the guide has no Earned Autonomy thresholds"
    assert proof.thresholds(2025) == {}


def test_framework_show_and_check(proof: Framework) -> None:
    text = render_framework_text(proof)
    assert "For each descriptor, a score and 3 questions:" in text
    assert "SCALE (1 to 4)" in text and "This edition has no Earned Autonomy thresholds." in text
    assert "DATA MODELS" not in text and "Choose two descriptors from any section." in text
    data = framework_as_dict(proof)
    assert [p["key"] for p in data["prompts"]] == ["strengths", "evidence", "next_steps"]
    assert data["earned_autonomy"] == {} and data["data_models"] == []
    assert json.loads(json.dumps(data)) == data
    result = CliRunner().invoke(framework_check, [str(PROOF), "--json"])
    assert (result.exit_code, json.loads(result.output)) == (0, {"ok": True, "problems": []})


def test_a_rule_of_any_section_asking_for_more_than_there_are(tmp_path: Path) -> None:
    text = PROOF.read_text(encoding="utf-8").replace("  required: 2\n", "  required: 8\n")
    path = tmp_path / "greedy.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(framework_check, [str(path)])
    line = text.splitlines().index("  required: 8") + 1
    assert result.exit_code == 1
    assert f"{path}:{line}: priority_rule.required: asks for 8 descriptors, more than the file has" in result.output
