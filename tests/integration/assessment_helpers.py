"""Building assessments through the pages, as a coordinator would."""

from __future__ import annotations

import re

SEFTON_2022 = {
    **{f"5.{i}": 3 for i in range(1, 8)},
    **{f"6.{i}": 2 for i in range(1, 5)},
    **{f"6.{i}": 3 for i in range(5, 8)},
    "7.1": 3, "7.2": 3, "7.3": 2, "7.4": 2, "7.5": 2,
    **{f"8.{i}": 2 for i in range(1, 6)},
    "9.1": 3, "9.2": 2, "9.3": 3, "9.4": 2, "9.5": 3, "9.6": 3, "9.7": 3,
}


def new_assessment_form(year=2026, model="3", changed="no", current="", reason=""):
    return {
        "year": str(year),
        "edition": "ehsg-2022",
        "data_model_submitted": model,
        "survey_date": ["30", "9", "2025"],
        "data_model_changed": changed,
        "data_model_current": current,
        "change_reason": reason,
    }


def create_assessment(client, **kwargs) -> int:
    """An assessment started through the form (tests not about that form use tests.factories)."""
    response = client.post("/assessments/new", data=new_assessment_form(**kwargs), expect=302)
    return int(re.search(r"/assessments/(\d+)", response.headers["Location"]).group(1))


def version_on(client, assessment_id: int, descriptor_id: str) -> str:
    """The version the descriptor's page carries in its form, as loaded now."""
    return client.get(f"/assessments/{assessment_id}/descriptors/{descriptor_id}", expect=200).page.value("version")


def save(client, assessment_id, descriptor_id, score=None, working_well="", prioritising_next="", version=None,
         action="overview", expect: int | None = None, **extra):
    if version is None:
        version = version_on(client, assessment_id, descriptor_id)
    data = {"score": "" if score is None else str(score), "working_well": working_well,
            "prioritising_next": prioritising_next, "version": version, "action": action, **extra}
    return client.post(f"/assessments/{assessment_id}/descriptors/{descriptor_id}", data=data, expect=expect)


def score_all(client, assessment_id, scores=SEFTON_2022):
    for descriptor_id, score in scores.items():
        save(client, assessment_id, descriptor_id, score=score, working_well=f"Working well for {descriptor_id}", expect=302)
