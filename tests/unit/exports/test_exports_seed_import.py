"""Seed 003 (Sefton's real 2022 return) imported as text and as a Word document in the
guide's official layout: every score, both narratives, the data model, the priorities, the
permissions, the area and the year."""

from __future__ import annotations

import pytest
from exports_testkit import SEFTON_2022, guide_text_to_docx

from app.domain.returns import DataModelStatement, Permissions, Return
from exports.guide_reader import read_guide_docx, read_guide_text
from exports.importers import read_return

STARTS = {
    "5.1": ("Children and family feedback is captured", "Work with colleagues across the partnership"),
    "5.2": ("The one Lead practitioner approach and ethos", "As we have adopted the Family Valued framework"),
    "6.6": ("The Family Hubs (family wellbeing centres)", "Continue to develop services to be a part of the place-based hub"),
    "9.6": ("An EH performance dashboard is established", "Moving the current dashboard to Power BI."),
    "9.7": ("The performance in Power BI servers", "As we transition performance reporting"),
}


def _check_sefton(ret: Return) -> None:
    assert ret.area == "Sefton"
    assert ret.year == 2022
    assert ret.edition_id == "ehsg-2022"
    assert ret.scores == SEFTON_2022
    assert [a.descriptor_id for a in ret.answers] == list(SEFTON_2022)
    for answer in ret.answers:
        assert answer.working_well.strip(), answer.descriptor_id
        assert answer.prioritising_next.strip(), answer.descriptor_id
        for text in (answer.working_well, answer.prioritising_next):
            assert "Self-Assessment Score" not in text
            assert "What are you prioritising next?" not in text
            assert "What is working well" not in text
            last = text.splitlines()[-1].strip()
            assert last not in {"Workforce", "Communities", "Leaders", "Data", "Family voice and experience"}
    for descriptor_id, (well, after) in STARTS.items():
        answer = ret.answer(descriptor_id)
        assert answer is not None
        assert answer.working_well.startswith(well)
        assert answer.prioritising_next.startswith(after)
    assert ret.data_model == DataModelStatement(submitted=3, survey_date=ret.data_model.survey_date, changed=False)
    assert ret.data_model.survey_date is not None and (ret.data_model.survey_date.year, ret.data_model.survey_date.month) == (2021, 9)
    assert ret.priority_ids == ("7.3", "6.4", "9.4")
    assert ret.permissions == Permissions({"dfe": True, "coordinators": True, "other_departments": True})
    assert ret.sign_off is None


def test_seed_as_text(seed_text, framework):
    _check_sefton(read_guide_text(seed_text, framework))


def test_seed_through_read_return_as_text(seed_bytes, framework):
    _check_sefton(read_return("sefton-2022.txt", seed_bytes, framework))


def test_seed_as_text_with_a_bom_and_windows_line_endings(seed_text, framework):
    data = b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8")
    _check_sefton(read_return("sefton.txt", data, framework))


def test_seed_as_windows_1252_text(seed_text, framework):
    data = seed_text.replace("•", "*").encode("cp1252", errors="strict")
    _check_sefton(read_return("sefton.txt", data, framework))


def test_seed_as_utf16_text(seed_text, framework):
    _check_sefton(read_return("sefton.txt", seed_text.encode("utf-16"), framework))


def test_seed_as_word_in_the_official_layout(seed_docx, framework):
    _check_sefton(read_guide_docx(seed_docx, framework))


def test_seed_as_word_through_read_return_whatever_its_name(seed_docx, framework):
    _check_sefton(read_return("return.docx", seed_docx, framework))
    _check_sefton(read_return("oddly-named.bin", seed_docx, framework))


def test_seed_as_word_with_prioritising_next_in_a_table_cell(seed_text, framework):
    _check_sefton(read_guide_docx(guide_text_to_docx(seed_text, prioritising_in_table=True), framework))


def test_seed_as_word_with_heading_styles(seed_text, framework):
    _check_sefton(read_guide_docx(guide_text_to_docx(seed_text, heading_style="Heading 2"), framework))


def test_word_and_text_read_the_same_words(seed_text, seed_docx, framework):
    """Paragraphing differs (a Word paragraph per line), the words do not."""
    as_text, as_word = read_guide_text(seed_text, framework), read_guide_docx(seed_docx, framework)

    def words(s: str) -> list[str]:
        return s.split()

    for a, b in zip(as_text.answers, as_word.answers, strict=True):
        assert words(a.working_well) == words(b.working_well), a.descriptor_id
        assert words(a.prioritising_next) == words(b.prioritising_next), a.descriptor_id


def test_text_narratives_keep_their_paragraphs(seed_text, framework):
    ret = read_guide_text(seed_text, framework)
    well = ret.answer("5.1").working_well  # type: ignore[union-attr]
    paragraphs = well.split("\n\n")
    assert paragraphs[0] == (
        "Children and family feedback is captured through the individual partners to shape service "
        "development and the delivery of programmes."
    )
    assert paragraphs[1].startswith("The Early Help shadow board supports")
    # a line break inside a paragraph is kept as one
    assert "Parenting 2000 who we commission as part of our portfolio of family support have closure agreements with families.\nThere is evidence" in well


@pytest.mark.parametrize("year_line, expected", [("Year: 2023", 2023), ("", 2022)])
def test_year_from_a_year_line_before_the_descriptors(seed_text, framework, year_line, expected):
    text = seed_text.replace("SCORING SYSTEM:", f"{year_line}\nSCORING SYSTEM:", 1)
    assert read_guide_text(text, framework).year == expected


def test_year_is_none_when_the_text_cannot_tell(seed_text, framework):
    text = seed_text.replace("during July 2022", "soon")
    assert read_guide_text(text, framework).year is None
