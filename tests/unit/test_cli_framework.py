"""What `ehsg framework show` prints for the 2022 guide: JSON-ready data and readable text."""

from __future__ import annotations

import json

from app.cli_framework import framework_as_dict, render_framework_text
from app.domain.framework import Framework


def test_framework_as_dict_is_json_ready(ehsg: Framework) -> None:
    data = framework_as_dict(ehsg)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["edition"] == {
        "id": "ehsg-2022",
        "title": "The Early Help System Guide",
        "publisher": ehsg.edition.publisher,
        "label": "Second iteration",
        "year": 2022,
    }
    assert [s["id"] for s in data["sections"]] == ["5", "6", "7", "8", "9"]
    first = data["sections"][0]["descriptors"][0]
    assert (first["id"], first["title"], first["text"]) == ("5.1", "Family engagement", ehsg.descriptor("5.1").text)
    assert data["sections"][1]["descriptors"][0]["title"] is None
    assert sum(len(s["descriptors"]) for s in data["sections"]) == 31
    assert [lv["score"] for lv in data["scale"]] == [0, 1, 2, 3, 4, 5]
    assert set(data["scale"][0]) == {"score", "label", "meaning"}
    assert data["scale_source"] == "toolkit" and data["scale_note"] == ehsg.scale.note
    assert data["earned_autonomy"]["2022"]["9.7"] == 3
    assert data["data_models"][2] == {"level": 3, "name": "Building blocks", "definition": ehsg.data_model(3).definition}
    assert data["priority_rule"]["required"] == 3
    assert data["priority_rule"]["data_section_id"] == "9"
    assert data["priority_rule"]["compositions"]["3"] == {"data": 1, "service": 2}
    assert data["prompts"] == [
        {"key": "working_well", "label": "What is working well and what evidence do you have?"},
        {"key": "prioritising_next", "label": "What are you prioritising next?"},
    ]
    assert (data["scale_lowest"], data["scale_highest"]) == (0, 5)
    assert data["priority_rule"]["kind"] == "data_model"
    assert len(data["vision"]["headings"]) == 5 and data["vision"]["definition"] == ehsg.vision_definition
    assert [p["key"] for p in data["permissions"]] == ["dfe", "coordinators", "other_departments"]


def test_render_framework_text(ehsg: Framework) -> None:
    text = render_framework_text(ehsg)
    assert "The Early Help System Guide (Second iteration, 2022)" in text
    assert "5.1 Family engagement: We have well established mechanisms" in text
    assert "9 Data (the Data section)" in text
    assert "The wording of this scale is the toolkit's, not the guide's." in text
    assert "0 Not started:" in text
    assert "From 2022, as the Earned Autonomy prospectus sets them: 5.1 at least 4," in text
    assert "CROSSWALK" not in text  # the 2022 edition has no earlier edition
    assert "3 Building blocks: Bringing most data sources together" in text
    assert "With data model 3, choose one descriptor from the Data section and two from the service sections" in text
    for d in ehsg.descriptors:
        assert d.text in text
