"""Reading returns consistently (issue 14): a partial return reads the same from text, Word
and JSON; imported text keeps to the forms' limits; links are web addresses; a changed data
model needs the current one; a descriptor chosen twice as a priority is a problem."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from exports_testkit import complete_return, guide_text_to_docx

from app.domain import limits
from app.domain.returns import DataModelStatement, Evidence, Permissions, PriorityChoice, Return
from exports.docx_writer import write_docx
from exports.guide_reader import read_guide_docx, read_guide_text
from exports.importers import read_return
from exports.json_format import to_json
from exports.json_reader import from_json
from exports.problems import ImportProblems, Problem

SCORE_62 = "\t2\n\tAll partners understand"


def _problems(call, *args) -> list[Problem]:
    with pytest.raises(ImportProblems) as info:
        call(*args)
    return info.value.problems


def _seed_with(seed_text: str, old: str, new: str) -> str:
    assert old in seed_text
    return seed_text.replace(old, new, 1)


@pytest.mark.parametrize("written", ["", "Not scored"])
def test_a_partial_return_reads_the_same_from_text_word_and_json(seed_text, framework, written):
    text = _seed_with(seed_text, SCORE_62, f"\t{written}\n\tAll partners understand")
    from_text = read_guide_text(text, framework)
    from_word = read_guide_docx(guide_text_to_docx(text), framework)
    from_json_file = from_json(to_json(from_text), framework)
    for ret in (from_text, from_word, from_json_file):
        assert ret.scores["6.2"] is None
        assert ret.answer("6.2").working_well.startswith("All partners understand")
        assert ret.scores["6.1"] == 2 and sum(v is not None for v in ret.scores.values()) == 30
    assert from_word.scores == from_text.scores == from_json_file.scores


def test_the_toolkits_own_word_export_of_a_partial_assessment_reimports(framework):
    full = complete_return(framework)
    partial = replace(full, sign_off=None, priorities=(), permissions=Permissions({**full.permissions.given, "dfe": None}),
                      data_model=DataModelStatement(),
                      answers=tuple(replace(a, score=None) if a.descriptor_id in ("5.1", "9.3") else a
                                    for a in full.answers))
    back = read_guide_docx(write_docx(partial, framework), framework)
    assert back.scores == partial.scores and back.scores["5.1"] is None
    assert back.priorities == () and back.data_model.submitted is None and back.permissions.dfe is None
    bare = Return(area="Knowsley", year=2024, edition_id=framework.edition.id)
    again = read_guide_docx(write_docx(bare, framework), framework)
    assert again.area == "Knowsley" and all(v is None for v in again.scores.values())


def test_a_narrative_over_the_forms_limit_names_the_descriptor_and_the_limit(seed_text, framework):
    long_text = "x" * (limits.NARRATIVE + 1)
    text = _seed_with(seed_text, SCORE_62, f"\t2\n\t{long_text} All partners understand")
    for problems in (_problems(read_guide_text, text, framework),
                     _problems(read_guide_docx, guide_text_to_docx(text), framework)):
        assert problems == [Problem("6.2", f"What is working well must be 20,000 characters or fewer; it is "
                                    f"{len(long_text) + len(' All partners understand'):,}"
                                    ". Shorten it and import the file again")] or (
            len(problems) == 1 and problems[0].where == "6.2"
            and problems[0].message.startswith("What is working well must be 20,000 characters or fewer; it is "))


def _json_with(ret: Return, **changes) -> bytes:
    return to_json(replace(ret, **changes))


def test_json_text_over_the_limits_and_links_that_are_not_web_addresses(framework):
    full = complete_return(framework)
    first = full.answers[0]
    evidence = (Evidence("Case file audit", link="https://example.org/audit"),
                Evidence("Notes", link="javascript:alert(1)"),
                Evidence("y" * (limits.EVIDENCE + 1), agency="z" * (limits.AGENCY + 5)),
                Evidence("Share", link="file:///c:/secret.docx"))
    answers = (replace(first, evidence=evidence, prioritising_next="p" * (limits.NARRATIVE + 1)), *full.answers[1:])
    rationale = "r" * (limits.RATIONALE + 1)
    data = _json_with(full, answers=answers, priorities=(PriorityChoice("7.3", rationale), *full.priorities[1:]))
    messages = [str(p) for p in _problems(read_return, "r.json", data, framework)]
    assert messages == [
        "5.1: What you are prioritising next must be 20,000 characters or fewer; it is 20,001. Shorten it and import "
        "the file again",
        "5.1: Evidence item 2: the link \"javascript:alert(1)\" is not a web address. Links must start with https:// "
        "or http://; correct it or remove it, and import the file again",
        "5.1: Evidence item 3: Evidence must be 2,000 characters or fewer; it is 2,001. Shorten it and import the "
        "file again",
        "5.1: Evidence item 3: Agency must be 200 characters or fewer; it is 205. Shorten it and import the file again",
        "5.1: Evidence item 4: the link \"file:///c:/secret.docx\" is not a web address. Links must start with "
        "https:// or http://; correct it or remove it, and import the file again",
        "Priorities: The rationale for 7.3: Reason must be 5,000 characters or fewer; it is 5,001. Shorten it and "
        "import the file again",
    ]


def test_a_link_in_a_word_evidence_table_is_refused_with_its_paragraph(framework):
    full = complete_return(framework)
    answers = tuple(replace(a, evidence=(Evidence("Audit", link="ftp://example.org/a"),)) if a.descriptor_id == "6.3"
                    else a for a in full.answers)
    problems = _problems(read_guide_docx, write_docx(replace(full, answers=answers), framework), framework)
    assert len(problems) == 1 and problems[0].where == "6.3"
    assert problems[0].message.startswith("Evidence item 1 (paragraph ")
    assert "\"ftp://example.org/a\" is not a web address" in problems[0].message


def test_a_changed_data_model_without_the_current_one_names_the_line(seed_text, framework):
    text = _seed_with(seed_text, "the data survey in September 2021? No.", "the data survey in September 2021? Yes.")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "data model has changed since" in t)
    problems = _problems(read_guide_text, text, framework)
    assert [p.where for p in problems] == ["Data model"]
    assert f"The return says the data model has changed (line {line:,}) but does not give the current" in str(problems[0])
    fine = read_guide_text(text.replace("2021? Yes.", "2021? Yes. Current data model: 4"), framework)
    assert fine.data_model.changed is True and fine.data_model.current == 4
    data = _json_with(read_guide_text(seed_text, framework), data_model=DataModelStatement(3, None, True, None))
    assert [p.where for p in _problems(from_json, data, framework)] == ["Data model"]


def test_the_same_priority_twice_is_a_problem_in_every_reader(seed_text, framework):
    text = _seed_with(seed_text, "Descriptor two: 6.4 – Workforce", "Descriptor two: 7.3 – Communities")
    lines = [n for n, t in enumerate(text.splitlines(), 1) if t.startswith(("Descriptor one", "Descriptor two"))]
    expected = (f"Priorities: 7.3 is chosen more than once (lines {lines[0]:,} and {lines[1]:,}). The same descriptor "
                "twice is one priority: choose another descriptor or remove the repeat")
    assert [str(p) for p in _problems(read_guide_text, text, framework)] == [expected]
    word = _problems(read_guide_docx, guide_text_to_docx(text), framework)
    assert len(word) == 1 and word[0].message.startswith("7.3 is chosen more than once (paragraphs ")
    ret = read_guide_text(seed_text, framework)
    data = json.loads(to_json(ret))
    data["priorities"][1]["descriptor"] = "7.3"
    problems = _problems(from_json, json.dumps(data), framework)
    assert [str(p) for p in problems] == ["Priorities: 7.3 is chosen more than once. The same descriptor twice is one "
                                          "priority: choose another descriptor or remove the repeat"]


def test_the_real_return_reads_as_before(seed_text, framework):
    ret = read_guide_text(seed_text, framework)
    assert ret.priority_ids == ("7.3", "6.4", "9.4") and ret.data_model.submitted == 3
    assert all(v is not None for v in ret.scores.values())
