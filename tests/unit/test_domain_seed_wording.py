"""The framework file says what the guide says: wording compared with seed 003 (Sefton's
completed 2022 return), which is the authority for the guide's text and numbers.

Skipped, with the reason, only when the seed file is not present beside the project.
"""

from __future__ import annotations

import difflib
import re

import pytest

from app.domain.earned_autonomy import check_earned_autonomy
from app.domain.framework import Framework
from app.domain.priorities import check_priorities

DESCRIPTOR_LINE = re.compile(r"^(\d+\.\d+) - (.*)$")


def _descriptor_lines(seed_lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in seed_lines:
        match = DESCRIPTOR_LINE.match(line)
        if match:
            assert match[1] not in found, f"{match[1]} appears twice in the seed"
            found[match[1]] = match[2]
    return found


def test_every_descriptor_is_word_for_word_as_in_the_seed(ehsg: Framework, seed_lines: list[str]) -> None:
    seed = _descriptor_lines(seed_lines)
    assert list(seed) == [d.id for d in ehsg.descriptors]
    for d in ehsg.descriptors:
        if d.title:
            # The guide separates title and statement with a colon, except 5.5 (an en dash).
            assert seed[d.id] in (f"{d.title}: {d.text}", f"{d.title} – {d.text}"), d.id
        else:
            assert seed[d.id] == d.text, d.id


def test_the_oddities_of_the_seed_are_kept(ehsg: Framework) -> None:
    assert ehsg.descriptor("5.5").text.startswith("we have evidence from families")
    assert "COVID-19 . We harness" in ehsg.descriptor("7.3").text
    assert "‘team around the school’" in ehsg.descriptor("6.7").text
    assert ehsg.descriptor("6.1").text.endswith("(section 3 above)")
    assert "everyone’s responsibility" in ehsg.descriptor("6.2").text


def test_5_5_uses_an_en_dash(ehsg: Framework, seed_lines: list[str]) -> None:
    d = ehsg.descriptor("5.5")
    assert _descriptor_lines(seed_lines)["5.5"] == f"{d.title} – {d.text}"


def test_the_vision_is_word_for_word(ehsg: Framework, seed_lines: list[str]) -> None:
    start = seed_lines.index("The Early Help vision (Plain Text)")
    end = seed_lines.index("The Early Help system")
    block = [line.strip() for line in seed_lines[start + 1 : end] if line.strip()]
    assert block[0] == ehsg.vision_definition
    headings: list[tuple[str, list[str]]] = []
    for line in block[1:]:
        match = re.match(r"^(\d+)\.(.*)$", line)
        if match:
            assert int(match[1]) == len(headings[-1][1]) + 1
            headings[-1][1].append(match[2])
        else:
            headings.append((line, []))
    assert [(h.name, list(h.statements)) for h in ehsg.vision] == headings


def test_the_data_models_are_word_for_word(ehsg: Framework, seed_lines: list[str]) -> None:
    seed = [re.match(r"^Data Model (\d): (.*?) – (.*)$", line) for line in seed_lines]
    models = [(int(m[1]), m[2], m[3]) for m in seed if m]
    assert [(m.level, m.name, m.definition) for m in ehsg.data_models] == models


def test_the_prompts_are_the_guides(ehsg: Framework, seed_lines: list[str]) -> None:
    stripped = [line.strip() for line in seed_lines]
    for prompt in ehsg.prompts:
        assert stripped.count(prompt) >= 31, prompt


def test_the_permission_questions_are_word_for_word(ehsg: Framework, seed_lines: list[str]) -> None:
    for permission in ehsg.permissions:
        assert f"{permission.question}: Yes." in [line.strip() for line in seed_lines], permission.key
        assert permission.context in seed_lines, permission.key


def test_the_earned_autonomy_thresholds_are_the_seeds(ehsg: Framework, seed_lines: list[str]) -> None:
    """The seed names each threshold descriptor by its text (with small differences: no
    Oxford comma in 5.1, "placebased" in 9.7, a page reference added to 6.1); match each one
    to the closest descriptor and compare the minimums."""
    start = next(i for i, line in enumerate(seed_lines) if line.startswith("Earned Autonomy Criteria and Eligibility"))
    end = seed_lines.index("Selection of Descriptors")
    block = [line.strip() for line in seed_lines[start:end] if line.strip()]
    pairs = [(block[i - 1], int(line)) for i, line in enumerate(block) if line.isdigit()]
    assert len(pairs) == 9
    found = {}
    for text, minimum in pairs:
        text = text.removeprefix("Family engagement - ")

        def likeness(descriptor_id: str, text: str = text) -> float:
            return difflib.SequenceMatcher(None, text, ehsg.descriptor(descriptor_id).text).ratio()

        best, runner_up = sorted((d.id for d in ehsg.descriptors), key=likeness, reverse=True)[:2]
        assert likeness(best) > 0.85 and likeness(runner_up) < likeness(best) - 0.2, text
        found[best] = minimum
    assert found == dict(ehsg.thresholds(2022))


def _seed_scores(seed_lines: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    current = None
    for line in seed_lines:
        match = DESCRIPTOR_LINE.match(line)
        if match:
            current = match[1]
        elif current and re.fullmatch(r"\t[0-5]", line):
            scores[current] = int(line.strip())
            current = None
    return scores


def test_sefton_fixture_matches_the_seeds_scores(sefton: dict[str, int], seed_lines: list[str]) -> None:
    assert _seed_scores(seed_lines) == dict(sefton)


def test_seftons_own_return_passes_the_rules(ehsg: Framework, seed_lines: list[str]) -> None:
    model_line = next(line for line in seed_lines if line.startswith("Sefton's data model"))
    data_model = int(model_line.rsplit(":", 1)[1])
    chosen = [
        re.match(r"^Descriptor (one|two|three): (\d\.\d) – ", line)[2]  # type: ignore[index]
        for line in seed_lines
        if line.startswith("Descriptor ")
    ]
    assert (data_model, chosen) == (3, ["7.3", "6.4", "9.4"])
    assert check_priorities(ehsg, chosen, data_model).valid
    result = check_earned_autonomy(ehsg, _seed_scores(seed_lines), 2022)
    assert (result.met, result.eligible) == (1, False)


def test_the_projects_copy_of_seed_003_is_the_seed() -> None:
    from tests.unit.conftest import _REPO_SEED_003, _SHARED_SEED_003

    if not _SHARED_SEED_003.is_file():
        pytest.skip("the shared seeds are not beside this checkout")
    assert _REPO_SEED_003.read_bytes() == _SHARED_SEED_003.read_bytes()
