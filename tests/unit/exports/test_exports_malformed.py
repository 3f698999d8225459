"""Malformed files: each gives its own clear error, naming where, never a traceback."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from exports_testkit import guide_text_to_docx

from exports.guide_reader import read_guide_docx, read_guide_text
from exports.importers import read_return
from exports.json_format import to_json
from exports.problems import ImportProblems, Problem
from exports.sniffing import MAX_BYTES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def problems_of(call, *args) -> list[Problem]:
    with pytest.raises(ImportProblems) as info:
        call(*args)
    problems = info.value.problems
    assert problems, "ImportProblems without problems"
    for p in problems:
        assert isinstance(p, Problem) and p.where and p.message
        assert "Traceback" not in p.message and "Error" not in p.message.split(":")[0]
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# -- JSON ---------------------------------------------------------------------------


def test_truncated_json(full_return, framework):
    data = to_json(full_return)
    p = only(problems_of(read_return, "return.json", data[: len(data) // 2], framework))
    assert p.where == "File"
    assert "cut short" in p.message


def test_json_with_a_newer_version(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["version"] = 3
    p = only(problems_of(read_return, "return.json", json.dumps(obj).encode(), framework))
    assert p.where == "File" and "version 3" in p.message and "version 2" in p.message


def test_json_of_another_format(framework):
    p = only(problems_of(read_return, "x.json", b'{"format": "something-else", "version": 1}', framework))
    assert "not an Early Help System Guide return" in p.message


def test_json_that_is_not_an_object(framework):
    p = only(problems_of(read_return, "x.json", b"[1, 2, 3]", framework))
    assert "a list" in p.message


def test_json_with_wrong_types_and_a_score_of_7(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["answers"][0]["score"] = 7
    obj["answers"][1]["score"] = "three"
    obj["answers"][2]["narratives"]["working_well"] = 12
    obj["permissions"]["dfe"] = "yes"
    obj["year"] = "2022"
    problems = problems_of(read_return, "r.json", json.dumps(obj).encode(), framework)
    by_where = {p.where: p.message for p in problems}
    assert "from 0 to 5, not 7" in by_where["5.1"]
    assert "\"three\"" in by_where["5.2"]
    assert "must be text" in by_where["5.3"]
    assert "true, false or null" in by_where["Permissions"]
    assert "Year" in by_where


def test_json_with_unknown_descriptors_given_a_framework(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["answers"][0]["descriptor"] = "10.1"
    obj["priorities"][0]["descriptor"] = "4.2"
    problems = problems_of(read_return, "r.json", json.dumps(obj).encode(), framework)
    assert {p.where for p in problems} == {"10.1", "Priorities"}
    assert all("is not a descriptor" in p.message for p in problems)


def test_json_for_another_edition(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["edition"] = "ehsg-2030"
    p = only(problems_of(read_return, "r.json", json.dumps(obj).encode(), framework))
    assert p.where == "Edition" and "ehsg-2030" in p.message


def test_json_nested_too_deeply(framework):
    deep = b'{"format": "ehsg-return", "version": 1, "area": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    p = only(problems_of(read_return, "r.json", deep, framework))
    assert "nested too deeply" in p.message


def test_json_oversized(framework):
    data = b'{"format": "ehsg-return", "padding": "' + b"x" * (MAX_BYTES + 10) + b'"}'
    p = only(problems_of(read_return, "r.json", data, framework))
    assert "MB" in p.message and "largest" in p.message


def test_json_with_nan(framework):
    p = only(problems_of(read_return, "r.json", b'{"format": "ehsg-return", "version": NaN}', framework))
    assert "number" in p.message


def test_json_not_valid_in_the_middle(framework):
    p = only(problems_of(read_return, "r.json", b'{"format": "ehsg-return", "version": 1,, "area": "x", "year": null}', framework))
    assert "not valid JSON" in p.message and "line 1" in p.message


def test_json_answering_a_descriptor_twice(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["answers"].append(obj["answers"][0])
    p = only(problems_of(read_return, "r.json", json.dumps(obj).encode(), framework))
    assert p.where == "5.1" and "more than once" in p.message


def test_json_with_an_unknown_field(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["answers"][3]["secret"] = "x"
    p = only(problems_of(read_return, "r.json", json.dumps(obj).encode(), framework))
    assert p.where == "5.4" and "\"secret\"" in p.message


# -- wrong kinds of file ----------------------------------------------------------------


def test_a_png(framework):
    p = only(problems_of(read_return, "return.txt", PNG, framework))
    assert p.where == "File" and "PNG image" in p.message


def test_a_png_named_docx(framework):
    p = only(problems_of(read_return, "return.docx", PNG, framework))
    assert "not a Word document" in p.message and "PNG" in p.message


def test_a_word_file_that_is_not_a_zip(framework):
    p = only(problems_of(read_return, "return.docx", b"This is plain text pretending to be Word.", framework))
    assert "not a Word document" in p.message and "zip" in p.message


def test_an_old_binary_word_file(framework):
    p = only(problems_of(read_return, "return.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, framework))
    assert ".docx" in p.message


def test_a_pdf(framework):
    p = only(problems_of(read_return, "return.pdf", b"%PDF-1.7\n...", framework))
    assert "PDF" in p.message


def test_an_empty_file(framework):
    p = only(problems_of(read_return, "return.docx", b"", framework))
    assert "empty" in p.message


def test_a_file_too_large(framework):
    p = only(problems_of(read_return, "return.txt", b"a" * (MAX_BYTES + 1), framework))
    assert "largest" in p.message


def test_binary_noise_is_not_text(framework):
    noise = bytes(range(256)) * 40
    p = only(problems_of(read_return, "return.txt", noise, framework))
    assert p.where == "File" and "not text" in p.message


def test_text_that_is_not_a_return(framework):
    p = only(problems_of(read_return, "notes.txt", b"Shopping list:\neggs\nmilk\n", framework))
    assert "No descriptors were found" in p.message


def test_a_zip_bomb(framework):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 200_000
    p = only(problems_of(read_return, "bomb.docx", data, framework))
    assert "zip bomb" in p.message and "MB" in p.message


def test_a_damaged_zip(seed_docx, framework):
    damaged = seed_docx[:30] + b"\x00" * 200 + seed_docx[230:]
    p = only(problems_of(read_return, "damaged.docx", damaged, framework))
    assert "damaged" in p.message


def test_a_truncated_word_file(seed_docx, framework):
    p = only(problems_of(read_return, "cut.docx", seed_docx[: len(seed_docx) // 2], framework))
    assert "damaged" in p.message


def test_an_excel_workbook_is_not_a_word_document(framework):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    p = only(problems_of(read_return, "r.docx", buf.getvalue(), framework))
    assert "Excel workbook" in p.message


# -- the guide's layout with things missing or wrong ------------------------------------


def _seed_with(seed_text: str, old: str, new: str, count: int = 1) -> str:
    assert old in seed_text
    return seed_text.replace(old, new, count)


def test_a_score_of_7(seed_text, framework):
    text = _seed_with(seed_text, "\t3\n\tThe one Lead practitioner", "\t7\n\tThe one Lead practitioner")
    for problems in (problems_of(read_guide_text, text, framework), problems_of(read_guide_docx, guide_text_to_docx(text), framework)):
        p = only(problems)
        assert p.where == "5.2"
        assert "is 7" in p.message and "from 0 to 5" in p.message


def test_a_score_cell_that_is_not_a_score(seed_text, framework):
    text = _seed_with(seed_text, "\t2\n\tAll partners understand", "\tAll partners understand")
    for problems in (problems_of(read_guide_text, text, framework), problems_of(read_guide_docx, guide_text_to_docx(text), framework)):
        p = only(problems)
        assert p.where == "6.2" and "No score was found for 6.2" in p.message


def test_a_score_that_is_not_whole(seed_text, framework):
    text = _seed_with(seed_text, "\t2\n\tAll partners understand", "\t2.5\n\tAll partners understand")
    p = only(problems_of(read_guide_text, text, framework))
    assert p.where == "6.2" and "2.5" in p.message and "whole numbers" in p.message


def test_several_problems_are_all_reported_in_guide_order(seed_text, framework):
    text = _seed_with(seed_text, "\t3\n\tThe one Lead practitioner", "\t9\n\tThe one Lead practitioner")
    text = _seed_with(text, "\t2\n\tAll partners understand", "\t2.5\n\tAll partners understand")
    text = _seed_with(text, "Descriptor two: 6.4", "Descriptor two: 6.9")
    text = _seed_with(text, "Other Government Departments: Yes.", "Other Government Departments:")
    with pytest.raises(ImportProblems) as info:
        read_guide_text(text, framework)
    wheres = [p.where for p in info.value.problems]
    assert wheres == ["5.2", "6.2", "Priorities", "Priorities", "Permissions"]
    assert "6.9 is not a descriptor" in info.value.problems[2].message
    partial = info.value.partial
    assert partial is not None and partial.area == "Sefton" and partial.answer("5.1").score == 3  # type: ignore[union-attr]
    assert "5.2" in str(info.value) and "Permissions" in str(info.value)


def test_a_descriptor_absent(seed_text, framework):
    start = seed_text.index("8.2 - Our system is balanced")
    end = seed_text.index("8.3 - Partners have agreed")
    p = only(problems_of(read_guide_text, seed_text[:start] + seed_text[end:], framework))
    assert p.where == "8.2" and "was not found" in p.message


def test_the_data_model_absent(seed_text, framework):
    text = _seed_with(seed_text, "Sefton's data model (as submitted in the September 2021 data survey): 3", "")
    problems = problems_of(read_guide_text, text, framework)
    assert {p.where for p in problems} == {"Data model"}  # the area still comes from the "changed" question


def test_a_data_model_off_the_list(seed_text, framework):
    text = _seed_with(seed_text, "data survey): 3", "data survey): 8")
    p = only(problems_of(read_guide_text, text, framework))
    assert p.where == "Data model" and "8" in p.message


def test_a_permission_unanswered(seed_text, framework):
    text = _seed_with(seed_text, "shared with DfE: Yes.", "shared with DfE:")
    p = only(problems_of(read_guide_text, text, framework))
    assert p.where == "Permissions" and "DfE" in p.message


def test_a_permission_answered_no(seed_text, framework):
    text = _seed_with(seed_text, "Other Government Departments: Yes.", "Other Government Departments: No.")
    assert read_guide_text(text, framework).permissions.other_departments is False


def test_a_priority_missing(seed_text, framework):
    text = _seed_with(seed_text, "Descriptor three: 9.4 – Data", "")
    p = only(problems_of(read_guide_text, text, framework))
    assert p.where == "Priorities" and "Descriptor three" in p.message


def test_a_descriptor_twice(seed_text, framework):
    start = seed_text.index("5.2 - One Lead Practitioner")
    end = seed_text.index("5.3 - One assessment")
    text = seed_text[:end] + seed_text[start:end] + seed_text[end:]
    p = only(problems_of(read_guide_text, text, framework))
    assert p.where == "5.2" and "more than once" in p.message


def test_too_much_xml_in_a_word_file(framework):
    """XML that compresses about four times (so no zip bomb), but far more than a return holds."""
    import os

    four_letters = bytes.maketrans(bytes(range(256)), b"acgt" * 64)
    text = os.urandom(26 * 1024 * 1024).translate(four_letters)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", text)
    data = buf.getvalue()
    assert len(data) < MAX_BYTES
    p = only(problems_of(read_return, "big.docx", data, framework))
    assert "far more than a return" in p.message


def test_hostile_long_lines_are_refused(seed_text, framework):
    hostile = seed_text + ("data model has changed since " * 100_000) + "\n" + ("Descriptor one: " * 50_000) + "\n"
    with pytest.raises(ImportProblems):
        read_guide_text(hostile, framework)


def test_the_number_of_problems_reported_is_capped(framework):
    bad = {"format": "ehsg-return", "version": 1, "area": "A", "year": 2022, "edition": "ehsg-2022",
           "answers": [{"descriptor": f"5.{i}", "score": 9} for i in range(1, 8)] * 1 + [{"descriptor": f"x{i}", "score": 9} for i in range(200)]}  # fmt: skip
    with pytest.raises(ImportProblems) as info:
        read_return("r.json", json.dumps(bad).encode(), framework)
    problems = info.value.problems
    assert len(problems) == 51 and problems[-1].message.startswith("… and ")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("7", "The score for 6.2 is 7, but scores run from 0 to 5."),
        ("+7", "The score for 6.2 is 7, but scores run from 0 to 5."),
        ("2.5", "The score for 6.2 is 2.5; scores are whole numbers from 0 to 5."),
        ("2,5", "The score for 6.2 is 2,5; scores are whole numbers from 0 to 5."),
    ],
)
def test_each_score_that_cannot_be_read_is_worded_in_full(seed_text, framework, written, message):
    text = _seed_with(seed_text, "\t2\n\tAll partners understand", f"\t{written}\n\tAll partners understand")
    for problems in (problems_of(read_guide_text, text, framework), problems_of(read_guide_docx, guide_text_to_docx(text), framework)):
        assert only(problems) == Problem("6.2", message)
