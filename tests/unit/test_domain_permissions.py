"""The permissions to share by key (issue 14): the answers an edition's permissions are given,
any key it declares; and the three keys that govern an audience outside the partnership."""

from __future__ import annotations

from pathlib import Path

import yaml

from app.domain.editions import load_framework
from app.domain.returns import Permissions, Return
from app.domain.sharing import DEPARTMENT_KEY, OTHER_DEPARTMENTS_KEY, PEERS_KEY, SentArea, sent_figures

PROOF = Path(__file__).resolve().parents[1] / "fixtures" / "editions" / "proof-2025.yaml"


def test_only_the_answers_given_are_kept_however_they_were_made():
    assert Permissions({"dfe": True, "coordinators": None}) == Permissions({"dfe": True})
    assert Permissions({"dfe": True}) != Permissions({"dfe": False})
    assert hash(Permissions({"local_partners": False, "dfe": True})) == hash(Permissions({"dfe": True, "local_partners": False}))
    p = Permissions({"dfe": True, "local_partners": False})
    assert (p.dfe, p.coordinators, p.get("local_partners")) == (True, None, False)
    assert p.for_keys(("local_partners", "coordinators")) == {"local_partners": False, "coordinators": None}
    assert p.answered_for(("dfe", "local_partners")) and not p.answered_for(("dfe", "coordinators"))


def test_an_edition_with_a_key_of_its_own_is_loaded_and_its_figures_keep_the_answer(tmp_path):
    edition = yaml.safe_load(PROOF.read_text(encoding="utf-8"))
    edition["permissions"].append({"key": "local_partners", "question": "Shared with local partners?"})
    path = tmp_path / "proof-2025.yaml"
    path.write_text(yaml.safe_dump(edition, sort_keys=False), encoding="utf-8")
    guide = load_framework(path)
    assert [p.key for p in guide.permissions] == ["dfe", "coordinators", "local_partners"]

    ret = Return("Testshire", 2025, "proof-2025",
                 permissions=Permissions({"dfe": True, "coordinators": True, "local_partners": False,
                                          OTHER_DEPARTMENTS_KEY: True}))
    figures = sent_figures(ret, guide)
    assert figures.permissions["local_partners"] is False
    area = SentArea(partnership_id=1, assessment_id=1, version=1, figures=figures, consent={})
    assert area.permits(DEPARTMENT_KEY) and area.permits(PEERS_KEY)
    assert not area.permits(OTHER_DEPARTMENTS_KEY)  # answered, but not a question of this edition


def test_an_edition_without_an_audiences_key_never_permits_it(tmp_path):
    edition = yaml.safe_load(PROOF.read_text(encoding="utf-8"))
    edition["permissions"] = [p for p in edition["permissions"] if p["key"] != "coordinators"]
    path = tmp_path / "proof-2025.yaml"
    path.write_text(yaml.safe_dump(edition, sort_keys=False), encoding="utf-8")
    guide = load_framework(path)
    figures = sent_figures(Return("Testshire", 2025, "proof-2025", permissions=Permissions({"dfe": True})), guide)
    area = SentArea(partnership_id=1, assessment_id=1, version=1, figures=figures, consent={})
    assert area.permits(DEPARTMENT_KEY) and not area.permits(PEERS_KEY) and not area.permits(OTHER_DEPARTMENTS_KEY)
