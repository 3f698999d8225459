"""Loading the 2022 guide and reading it: identity, sections, scale, rule data, output."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, FrameworkError, load_frameworks, newest
from app.domain.framework import Composition, Framework, UnknownThresholdYear, validate_scores

EXPECTED_IDS = (
    [f"5.{i}" for i in range(1, 8)]
    + [f"6.{i}" for i in range(1, 8)]
    + [f"7.{i}" for i in range(1, 6)]
    + [f"8.{i}" for i in range(1, 6)]
    + [f"9.{i}" for i in range(1, 8)]
)


def test_edition_identity(ehsg: Framework) -> None:
    assert ehsg.edition.id == "ehsg-2022"
    assert ehsg.id == "ehsg-2022"
    assert ehsg.edition.title == "The Early Help System Guide"
    assert ehsg.edition.label == "Second iteration"
    assert ehsg.edition.year == 2022
    assert "Supporting Families" in ehsg.edition.publisher
    assert "DLUHC" in ehsg.edition.publisher and "DfE" in ehsg.edition.publisher
    assert ehsg.source_path == DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml"


def test_default_descriptors_dir_is_the_projects_descriptors_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "descriptors" == DEFAULT_DESCRIPTORS_DIR


def test_five_sections_and_31_descriptors_in_guide_order(ehsg: Framework) -> None:
    assert [(s.id, s.name) for s in ehsg.sections] == [
        ("5", "Family voice and experience"),
        ("6", "Workforce"),
        ("7", "Communities"),
        ("8", "Leaders"),
        ("9", "Data"),
    ]
    assert [len(s.descriptors) for s in ehsg.sections] == [7, 7, 5, 5, 7]
    assert [d.id for d in ehsg.descriptors] == EXPECTED_IDS
    assert [ehsg.order_of(i) for i in EXPECTED_IDS] == list(range(31))
    for section in ehsg.sections:
        assert all(d.section_id == section.id for d in section.descriptors)


def test_only_the_data_section_is_marked_data(ehsg: Framework) -> None:
    assert [s.id for s in ehsg.sections if s.is_data] == ["9"]
    assert ehsg.data_section.id == "9"
    assert [s.id for s in ehsg.service_sections] == ["5", "6", "7", "8"]
    assert ehsg.is_data_descriptor("9.4") and not ehsg.is_data_descriptor("6.4")
    assert ehsg.section_of("7.3").name == "Communities"


def test_only_family_voice_descriptors_have_short_titles(ehsg: Framework) -> None:
    titles = {d.id: d.title for d in ehsg.descriptors if d.title}
    assert titles == {
        "5.1": "Family engagement",
        "5.2": "One Lead Practitioner",
        "5.3": "One assessment",
        "5.4": "One family plan",
        "5.5": "One team around the family",
        "5.6": "Access to support",
        "5.7": "Sustainability",
    }
    assert ehsg.descriptor("5.1").label == "5.1 Family engagement"
    assert ehsg.descriptor("6.1").label == "6.1"


def test_lookups(ehsg: Framework) -> None:
    assert ehsg.descriptor("7.3").text.startswith("We are building capacity in communities")
    assert ehsg.has_descriptor("9.7") and not ehsg.has_descriptor("9.8")
    with pytest.raises(KeyError, match="9.9 is not a descriptor"):
        ehsg.descriptor("9.9")
    with pytest.raises(KeyError):
        ehsg.order_of("4.1")
    assert ehsg.section("8").name == "Leaders"
    with pytest.raises(KeyError):
        ehsg.section("4")
    assert ehsg.data_model(3).name == "Building blocks"
    with pytest.raises(KeyError):
        ehsg.data_model(7)


def test_prompts(ehsg: Framework) -> None:
    assert ehsg.prompts == ("What is working well and what evidence do you have?", "What are you prioritising next?")


def test_scale_is_0_to_5_in_the_toolkits_own_wording(ehsg: Framework) -> None:
    scale = ehsg.scale
    assert scale.scores == (0, 1, 2, 3, 4, 5)
    assert (scale.minimum, scale.maximum) == (0, 5)
    assert scale.source == "toolkit"
    assert "toolkit" in scale.note and "image" in scale.note
    assert all(level.label and level.meaning for level in scale.levels)
    assert len({level.label for level in scale.levels}) == 6
    assert scale.level(0).label == "Not started"
    with pytest.raises(KeyError):
        scale.level(6)


def test_earned_autonomy_thresholds_2022(ehsg: Framework) -> None:
    assert dict(ehsg.thresholds(2022)) == {
        "5.1": 4, "6.1": 4, "6.3": 3, "8.1": 4, "8.3": 3, "9.1": 4, "9.3": 4, "9.4": 4, "9.7": 3,
    }
    assert ehsg.latest_threshold_year == 2022
    assert ehsg.threshold_years == (2022,)


def test_unknown_threshold_year_is_a_clear_key_error(ehsg: Framework) -> None:
    with pytest.raises(KeyError) as caught:
        ehsg.thresholds(2019)
    assert isinstance(caught.value, UnknownThresholdYear)
    assert str(caught.value) == (
        "The Early Help System Guide (ehsg-2022) has no Earned Autonomy thresholds for 2019; it has thresholds for 2022"
    )


def test_data_models(ehsg: Framework) -> None:
    assert [(m.level, m.name) for m in ehsg.data_models] == [
        (1, "Manual"), (2, "Basic"), (3, "Building blocks"), (4, "Early maturity"), (5, "Mature"), (6, "Advanced"),
    ]
    assert ehsg.data_model_levels == (1, 2, 3, 4, 5, 6)


def test_priority_rule(ehsg: Framework) -> None:
    rule = ehsg.priority_rule
    assert rule.required == 3
    assert rule.data_section_id == "9"
    assert dict(rule.compositions) == {
        1: Composition(3, 0), 2: Composition(3, 0), 3: Composition(1, 2),
        4: Composition(0, 3), 5: Composition(0, 3), 6: Composition(0, 3),
    }


def test_permissions(ehsg: Framework) -> None:
    assert [p.key for p in ehsg.permissions] == ["dfe", "coordinators", "other_departments"]
    dfe, coordinators, others = ehsg.permissions
    assert dfe.question.startswith("Please acknowledge that you understand") and dfe.question.endswith("shared with DfE")
    assert coordinators.question.endswith("to enable networking, joint planning of development activity and peer support")
    assert others.question.endswith("shared with Other Government Departments")
    assert all(p.context for p in ehsg.permissions)


def test_vision(ehsg: Framework) -> None:
    assert ehsg.vision_definition.startswith("Early Help is the total support")
    assert [h.name for h in ehsg.vision] == [s.name for s in ehsg.sections]
    assert [len(h.statements) for h in ehsg.vision] == [5, 4, 4, 4, 4]
    assert not any(s[0].isdigit() for h in ehsg.vision for s in h.statements)


def test_the_framework_is_frozen(ehsg: Framework) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ehsg.sections = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ehsg.descriptors[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ehsg.earned_autonomy[2022]["5.1"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        ehsg.earned_autonomy[2030] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        ehsg.priority_rule.compositions[7] = Composition(0, 3)  # type: ignore[index]
    containers = [ehsg.sections, ehsg.descriptors, ehsg.vision, ehsg.data_models, ehsg.permissions, ehsg.prompts]
    containers += [s.descriptors for s in ehsg.sections] + [h.statements for h in ehsg.vision] + [ehsg.scale.levels]
    assert all(isinstance(c, tuple) for c in containers)


def test_validate_scores(ehsg: Framework) -> None:
    assert dict(validate_scores(ehsg, {"5.1": 0, "9.7": 5, "6.1": None})) == {"5.1": 0, "9.7": 5, "6.1": None}
    for bad in ({"5.1": 6}, {"5.1": -1}, {"5.1": True}, {"5.1": 2.5}, {"5.1": "3"}, {"4.1": 3}):
        with pytest.raises(ValueError):
            validate_scores(ehsg, bad)  # type: ignore[arg-type]


def test_load_frameworks_reads_every_edition_in_the_folder(tmp_path: Path, ehsg_path: Path, mini_path: Path) -> None:
    shutil.copy(ehsg_path, tmp_path / "ehsg-2022.yaml")
    shutil.copy(mini_path, tmp_path / "mini.yaml")
    (tmp_path / "notes.txt").write_text("not a framework")
    frameworks = load_frameworks(tmp_path)
    assert sorted(frameworks) == ["ehsg-2022", "mini-2030"]
    assert newest(frameworks).id == "mini-2030"
    assert newest(list(frameworks.values())).id == "mini-2030"


def test_the_projects_descriptors_folder_loads() -> None:
    frameworks = load_frameworks()
    assert "ehsg-2022" in frameworks
    assert all(f.id == key for key, f in frameworks.items())


def test_two_files_with_one_edition_id_fail(tmp_path: Path, ehsg_path: Path) -> None:
    shutil.copy(ehsg_path, tmp_path / "a.yaml")
    shutil.copy(ehsg_path, tmp_path / "b.yaml")
    with pytest.raises(FrameworkError) as caught:
        load_frameworks(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "b.yaml") in message
    assert "edition.id" in message and '"ehsg-2022" is also used by' in message


def test_an_empty_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"no framework files"):
        load_frameworks(tmp_path)


def test_newest_needs_at_least_one() -> None:
    with pytest.raises(ValueError):
        newest({})


def test_the_domain_imports_no_web_framework() -> None:
    """app.domain must stay pure: importing it (without app/__init__.py, which builds the
    Flask app) loads no Flask, SQLAlchemy or WTForms."""
    root = Path(__file__).resolve().parents[2]
    script = (
        "import sys, types\n"
        "pkg = types.ModuleType('app'); pkg.__path__ = [sys.argv[1]]; sys.modules['app'] = pkg\n"
        "import app.domain, app.domain.editions, app.domain.earned_autonomy, app.domain.priorities, app.domain.consensus\n"
        "app.domain.editions.load_frameworks()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy', 'wtforms', 'flask_wtf',"
        " 'flask_sqlalchemy', 'flask_login', 'flask_migrate'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(root / "app")], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == ""


def test_a_saved_score_says_when_its_description_is_the_toolkits(ehsg: Framework) -> None:
    assert ehsg.scale.source == "toolkit"
    assert ehsg.scale.labelled(3) == f"3 – {ehsg.scale.level(3).label} (the toolkit's description)"
    guides_own = dataclasses.replace(ehsg.scale, source="guide")
    assert guides_own.labelled(3) == f"3 – {ehsg.scale.level(3).label}"
