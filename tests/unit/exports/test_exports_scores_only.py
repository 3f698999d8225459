"""Scores and priorities only, only where the partnership said yes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.domain.returns import Permissions
from exports.problems import NotShareable
from exports.scores_only import write_scores_only


def test_scores_and_priorities_for_coordinators(full_return, framework):
    payload = json.loads(write_scores_only(full_return, framework, "coordinators"))
    assert set(payload) == {"format", "version", "audience", "area", "year", "edition", "scores", "priorities"}
    assert payload["area"] == "Sefton" and payload["year"] == 2022 and payload["edition"] == "ehsg-2022"
    assert len(payload["scores"]) == 31 and payload["scores"][0] == {"descriptor": "5.1", "score": 3}
    assert payload["priorities"] == ["7.3", "6.4", "9.4"]


def test_no_narrative_evidence_or_names_leak(full_return, framework):
    data = write_scores_only(full_return, framework, "coordinators").decode()
    for secret in ("Working well", "Next for", "Case file audit", "Family survey", "Chair of the", "Community capacity", "workshop", "Health"):
        assert secret not in data


@pytest.mark.parametrize(
    "permissions, audience, words",
    [
        (Permissions({"dfe": True, "coordinators": True, "other_departments": False}), "other_departments", "answered no"),
        (Permissions({"dfe": True, "coordinators": None, "other_departments": True}), "coordinators", "has not answered"),
    ],
)
def test_not_shareable_without_a_yes(full_return, framework, permissions, audience, words):
    with pytest.raises(NotShareable) as info:
        write_scores_only(replace(full_return, permissions=permissions), framework, audience)
    message = str(info.value)
    assert message.startswith("Sefton's scores and priorities cannot be shared with")
    assert words in message and "Please confirm" in message


def test_unknown_audience(full_return, framework):
    with pytest.raises(ValueError):
        write_scores_only(full_return, framework, "everyone")  # type: ignore[arg-type]
