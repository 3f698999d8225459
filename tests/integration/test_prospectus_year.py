"""With two Earned Autonomy prospectuses, an assessment of a year between them is held to the
earlier one on the pages and in the Word file alike (once, the pages said 2022 and the Word
file 2024)."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from docx import Document

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, load_framework
from app.domain.roles import Role
from app.frameworks import EXTENSION_KEY
from tests.integration.assessment_helpers import SEFTON_2022, create_assessment, score_all

#: A later prospectus that Sefton's 2022 scores would meet (5.1 at 3, 9.7 at 3).
PROSPECTUS_2024 = '  2024:\n    "5.1": 3\n    "9.7": 3\n'
SOURCE_2024 = '  2024: the 2024 prospectus\n'


@pytest.fixture
def guide_with_2024_prospectus(app, tmp_path, monkeypatch):
    """The 2022 guide with a second prospectus, 2024, in place of the real one while the test runs."""
    text = (DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml").read_text(encoding="utf-8")
    assert "\nearned_autonomy:\n  2022:\n" in text
    path = tmp_path / "ehsg-2022.yaml"
    path.write_text(text.replace("\nearned_autonomy:\n", "\nearned_autonomy:\n" + PROSPECTUS_2024)
                    .replace("\nearned_autonomy_sources:\n", "\nearned_autonomy_sources:\n" + SOURCE_2024), encoding="utf-8")
    guide = load_framework(path)
    assert guide.threshold_years == (2022, 2024)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, {guide.id: guide})
    return guide


def test_an_assessment_of_2023_is_held_to_the_2022_prospectus_on_the_pages_and_in_the_word_file(
    signed_in, guide_with_2024_prospectus
):
    client = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(client, year=2023)
    score_all(client, assessment_id, SEFTON_2022)

    page = BeautifulSoup(client.get(f"/assessments/{assessment_id}/earned-autonomy").data, "html.parser")
    inset = page.select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "minimum scores in the Earned Autonomy prospectus that" in inset
    assert "2022" not in inset and "2024" not in inset
    assert "1 of 9 thresholds met" in page.get_text(" ", strip=True)

    word = Document(io.BytesIO(client.get(f"/assessments/{assessment_id}/export/docx").data))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "(Stage 1, the Earned Autonomy prospectus)" in text
    assert "1 of 9 thresholds met" in text
    assert "2024 prospectus" not in text
