"""The text limits people meet: the character counts say the same limit the forms enforce."""

from __future__ import annotations

import re

from app.domain import limits
from app.domain.roles import Role
from tests.integration.assessment_helpers import create_assessment, save


def _counted_limit(html: str, field: str) -> int:
    """The limit the character count around a field counts down from."""
    found = re.search(r'<div class="govuk-form-group govuk-character-count"[^>]*data-maxlength="(\d+)"[^>]*>'
                      r'(?:(?!</textarea>).)*?name="' + field + '"', html, re.S)
    assert found, f"no character count around {field}"
    return int(found.group(1))


def test_the_narratives_count_down_from_the_limit_the_form_keeps(signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    page = coordinator.get(f"/assessments/{assessment_id}/descriptors/5.1").get_data(as_text=True)
    assert _counted_limit(page, "working_well") == limits.NARRATIVE
    assert _counted_limit(page, "prioritising_next") == limits.NARRATIVE
    at_the_limit = save(coordinator, assessment_id, "5.1", score=3, working_well="w" * limits.NARRATIVE)
    assert at_the_limit.status_code == 302
    over = save(coordinator, assessment_id, "5.1", score=3, working_well="w" * (limits.NARRATIVE + 1))
    assert "What is working well must be 20,000 characters or fewer" in over.get_data(as_text=True)
