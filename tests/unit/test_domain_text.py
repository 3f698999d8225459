"""The one rule for text people type: what is dropped, what is kept exactly."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.returns import DescriptorAnswer, Evidence, EvidenceKind, PriorityChoice, Return
from app.domain.text import clean_text, cleaned


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("a\x00b\x07c\x1bd\x0be\x0cf\x7fg\x85h\x9fi", "abcdefghi"),
        ("lone \ud800 surrogates \udfff", "lone  surrogates "),
        ("non\ufffe\uffffcharacters", "noncharacters"),
        ("tab\tline\nreturn\r\n", "tab\tline\nreturn\r\n"),
        ('<script>alert(1)</script> "><img src=x onerror=alert(1)>', '<script>alert(1)</script> "><img src=x onerror=alert(1)>'),
        ("مرحبا 👨\u200d👩\u200d👧 שלום \u202e", "مرحبا 👨\u200d👩\u200d👧 שלום \u202e"),
        ("Ynys Môn – “quotes” … \u00a0\ufeff", "Ynys Môn – “quotes” … \u00a0\ufeff"),
    ],
)
def test_clean_text(typed, kept):
    assert clean_text(typed) == kept


def test_a_whole_return_is_cleaned_and_keeps_its_kinds_and_dates():
    ret = Return(
        "Sef\x00ton", 2022, "ehsg-2022",
        answers=(DescriptorAnswer("5.1", 3, "well\x07", "next\x1b",
                                  (Evidence("audit\x00", EvidenceKind.AUDIT, "council\x0b", date(2022, 3, 1)),)),),
        priorities=(PriorityChoice("7.3", "because\ud800"),),
    )
    clean = cleaned(ret)
    assert clean.area == "Sefton" and clean.priorities == (PriorityChoice("7.3", "because"),)
    answer = clean.answers[0]
    assert (answer.working_well, answer.prioritising_next) == ("well", "next")
    assert answer.evidence == (Evidence("audit", EvidenceKind.AUDIT, "council", date(2022, 3, 1)),)
    assert answer.evidence[0].kind is EvidenceKind.AUDIT
    assert cleaned(clean) == clean
