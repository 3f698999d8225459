"""Helpers for the exporter tests: a complete return, the guide's Word layout built from its
text layout, hypothesis strategies for returns, and a small JSON Schema checker.

Imported by the test modules in this folder as ``exports_testkit`` (the folder is on
sys.path under pytest's default import mode; it has no __init__.py so that it does not
shadow the real ``exports`` package)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from hypothesis import strategies as st

from app.domain.framework import Framework
from app.domain.returns import (
    DataModelStatement,
    DescriptorAnswer,
    Evidence,
    EvidenceKind,
    GroupFigures,
    Permissions,
    PriorityChoice,
    Return,
    RoundFigures,
    SignOff,
    WorkshopSummary,
)

#: Sefton's 2022 scores (docs/domain.md).
SEFTON_2022: dict[str, int] = {
    **{f"5.{i}": 3 for i in range(1, 8)},
    **{f"6.{i}": 2 for i in range(1, 5)},
    **{f"6.{i}": 3 for i in range(5, 8)},
    "7.1": 3, "7.2": 3, "7.3": 2, "7.4": 2, "7.5": 2,
    **{f"8.{i}": 2 for i in range(1, 6)},
    "9.1": 3, "9.2": 2, "9.3": 3, "9.4": 2, "9.5": 3, "9.6": 3, "9.7": 3,
}  # fmt: skip


# --------------------------------------------------------------------------------------
# A complete return
# --------------------------------------------------------------------------------------


def complete_return(framework: Framework, scores: dict[str, int] | None = None, year: int = 2022) -> Return:
    """A complete 31-descriptor return: scores, both narratives (several paragraphs, one with
    a line break), evidence for every descriptor, workshops on a few, data model, priorities,
    permissions, sign-off."""
    scores = scores or SEFTON_2022
    answers = []
    kinds = list(EvidenceKind)
    for i, d in enumerate(framework.descriptors):
        workshop = None
        if i % 5 == 0:
            workshop = WorkshopSummary(
                workshop_title=f"{framework.section_of(d.id).name} workshop",
                held_on=date(year, 5, 10 + i % 15),
                count=14,
                median=3.0 if i % 2 else 2.5,
                minimum=1,
                maximum=5,
                histogram=(0, 1, 4, 6, 2, 1),
                dont_know=2,
                agreed_score=scores[d.id],
                rationale="Health and schools saw more consistency than the voluntary sector did.",
                by_group=(
                    GroupFigures("Health", 5, 3.0, 2, 4),
                    GroupFigures("Voluntary and community sector", 4, 2.0, 1, 3),
                    GroupFigures("Schools", 5, 3.5, 3, 5),
                ),
                # Every tenth descriptor was scored in three rounds before the score was agreed.
                rounds=((RoundFigures(1, 12, 2.0, 0, 5), RoundFigures(2, 13, 2.5, 1, 5),
                         RoundFigures(3, 14, 3.0 if i % 2 else 2.5, 1, 5)) if i % 10 == 0 else ()),
            )
        answers.append(
            DescriptorAnswer(
                descriptor_id=d.id,
                score=scores[d.id],
                working_well=(
                    f"Working well for {d.id}: partners agree on the approach.\n\n"
                    f"Audits of 20 cases show progress.\nFamily feedback confirms it.\n\n"
                    f"A third paragraph for {d.id}."
                ),
                prioritising_next=f"Next for {d.id}: embed the practice standards.\n\nReview in six months.",
                evidence=(
                    Evidence(f"Case file audit, {d.id}", kinds[i % len(kinds)], "Council", date(year, 3, 1 + i % 28), "https://example.org/audit"),
                    Evidence("Family survey", EvidenceKind.FAMILY_FEEDBACK, "Health", None, ""),
                ),
                workshop=workshop,
            )
        )
    return Return(
        area="Sefton",
        year=year,
        edition_id=framework.edition.id,
        answers=tuple(answers),
        data_model=DataModelStatement(submitted=3, survey_date=date(year - 1, 9, 1), changed=False),
        priorities=(
            PriorityChoice("7.3", "Community capacity grew in the pandemic and we want to keep it."),
            PriorityChoice("6.4", "The workforce plan is the foundation for the rest."),
            PriorityChoice("9.4", "A data governance board will unlock data sharing."),
        ),
        permissions=Permissions({"dfe": True, "coordinators": True, "other_departments": False}),
        sign_off=SignOff("Chair of the Early Help Partnership Board", datetime(year, 7, 12, 14, 30)),
    )


def previous_return(framework: Framework) -> Return:
    """Last year's return: a little lower in places."""
    ret = complete_return(framework, year=2021)
    answers = tuple(replace(a, score=max(0, (a.score or 0) - (1 if i % 3 == 0 else 0))) for i, a in enumerate(ret.answers))
    return replace(ret, answers=answers)


# --------------------------------------------------------------------------------------
# The guide's Word layout, from the seed's text layout
# --------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\d+\.\d+\s*-\s")
_NEXT = "What are you prioritising next?"


def guide_text_to_docx(text: str, prioritising_in_table: bool = False, heading_style: str | None = None) -> bytes:
    """Build the official Word layout from the seed's text layout.

    Per descriptor: its heading line as a paragraph (bold, or in ``heading_style``); a
    two-column table, row 1 [Self-Assessment Score ... | What is working well ...], row 2
    [score | one paragraph per line of the narrative]; then "What are you prioritising
    next?" and its lines as paragraphs, or (``prioritising_in_table``) as a one-column table
    [prompt] / [paragraphs]. Every other line becomes a paragraph.
    """
    doc = Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _HEADING.match(line):
            if heading_style:
                doc.add_paragraph(stripped, style=heading_style)
            else:
                doc.add_paragraph().add_run(stripped).bold = True
            i += 1
        elif line.startswith("\t") and stripped.startswith("Self-Assessment Score"):
            i = _score_table(doc, lines, i)
        elif stripped == _NEXT and prioritising_in_table:
            i = _next_table(doc, lines, i)
        else:
            doc.add_paragraph(stripped)
            i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell_paragraphs(cell: Any, texts: list[str]) -> None:
    cell.paragraphs[0].text = texts[0] if texts else ""
    for extra in texts[1:]:
        cell.add_paragraph(extra)


def _score_table(doc: Any, lines: list[str], i: int) -> int:
    """The two-column score table from the prompt at line ``i``; the line after it."""
    n = len(lines)
    prompt1, prompt2 = lines[i].strip(), lines[i + 1].strip()
    i += 2
    while i < n and not lines[i].strip() and not lines[i].startswith("\t"):  # a lone tab: an empty score cell
        i += 1
    score = lines[i].strip()
    i += 1
    narrative = []
    while i < n and lines[i].strip() != _NEXT and not _HEADING.match(lines[i]):
        narrative.append(lines[i].strip())
        i += 1
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = prompt1
    table.cell(0, 1).text = prompt2
    table.cell(1, 0).text = score
    _cell_paragraphs(table.cell(1, 1), narrative)
    return i


def _next_table(doc: Any, lines: list[str], i: int) -> int:
    """"What are you prioritising next?" at line ``i`` and its text as a one-column table;
    the line after the descriptor's block."""
    end = i + 1
    while end < len(lines) and not _HEADING.match(lines[end]) and not lines[end].startswith("Earned Autonomy Criteria"):
        end += 1
    table = doc.add_table(rows=2, cols=1)
    table.style = "Table Grid"
    table.cell(0, 0).text = _NEXT
    _cell_paragraphs(table.cell(1, 0), [line.strip() for line in lines[i + 1 : end]])
    return end


def has_style(doc: Any, name: str) -> bool:
    return any(s.name == name for s in doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH)


# --------------------------------------------------------------------------------------
# Hypothesis strategies: valid returns, with awkward text
# --------------------------------------------------------------------------------------

AWKWARD = [
    "مرحبا بالعالم: العائلات أولاً",
    "שלום עולם",
    "\u202eevil RTL override\u202c",
    "👨\u200d👩\u200d👧\u200d👦 family 🏠",
    "control \x00\x01\x07\x1b\x7f\x85 chars",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+44 151 934 4000",
    "-1 is not a score",
    "@SUM(A1:A9)",
    "line one\r\nline two\rline three\n\nnew paragraph",
    "\ttabbed\ttext",
    "Ünïcödé ñ — “quotes” ‘and’ …",
    "",
    " ",
    "\ufffe\uffff nonchars",
]
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(AWKWARD), st.lists(st.sampled_from(AWKWARD), max_size=3).map("\n".join))
SCORE = st.one_of(st.none(), st.integers(0, 5))
COUNT = st.integers(0, 10_000)
MEDIAN = st.one_of(st.none(), st.floats(0, 5, allow_nan=False, allow_infinity=False))
DATES = st.one_of(st.none(), st.dates())
OFFSETS = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59))
DATETIMES = st.datetimes(timezones=st.one_of(st.none(), st.builds(timezone, OFFSETS)))
DESCRIPTOR_IDS = st.one_of(
    st.sampled_from([f"{s}.{i}" for s, k in ((5, 7), (6, 7), (7, 5), (8, 5), (9, 7)) for i in range(1, k + 1)]),
    st.text(min_size=1, max_size=8).filter(lambda s: s.strip()),
)

EVIDENCE = st.builds(Evidence, description=TEXT, kind=st.sampled_from(list(EvidenceKind)), agency=TEXT, dated=DATES, link=TEXT)
GROUPS = st.builds(GroupFigures, group=TEXT, count=COUNT, median=MEDIAN, minimum=SCORE, maximum=SCORE)
WORKSHOPS = st.builds(
    WorkshopSummary,
    workshop_title=TEXT,
    held_on=DATES,
    count=COUNT,
    median=MEDIAN,
    minimum=SCORE,
    maximum=SCORE,
    histogram=st.lists(COUNT, max_size=7).map(tuple),
    dont_know=COUNT,
    agreed_score=SCORE,
    rationale=TEXT,
    by_group=st.lists(GROUPS, max_size=3).map(tuple),
)


def answers(ids: st.SearchStrategy[str] = DESCRIPTOR_IDS, max_size: int = 6) -> st.SearchStrategy[tuple[DescriptorAnswer, ...]]:
    answer = st.builds(
        DescriptorAnswer,
        descriptor_id=ids,
        score=SCORE,
        working_well=TEXT,
        prioritising_next=TEXT,
        evidence=st.lists(EVIDENCE, max_size=2).map(tuple),
        workshop=st.one_of(st.none(), WORKSHOPS),
    )
    return st.lists(answer, max_size=max_size, unique_by=lambda a: a.descriptor_id).map(tuple)


def returns(ids: st.SearchStrategy[str] = DESCRIPTOR_IDS, edition: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Return]:
    level = st.one_of(st.none(), st.integers(1, 6))
    return st.builds(
        Return,
        area=TEXT,
        year=st.one_of(st.none(), st.integers(1900, 2200)),
        edition_id=edition if edition is not None else st.text(min_size=1, max_size=12).filter(lambda s: s.strip()),
        answers=answers(ids),
        data_model=st.builds(DataModelStatement, submitted=level, survey_date=DATES, changed=st.one_of(st.none(), st.booleans()), current=level, change_reason=TEXT),
        priorities=st.lists(st.builds(PriorityChoice, descriptor_id=ids, rationale=TEXT), max_size=4).map(tuple),
        permissions=st.builds(Permissions, st.fixed_dictionaries({k: st.one_of(st.none(), st.booleans()) for k in ("dfe", "coordinators", "other_departments")})),
        sign_off=st.one_of(st.none(), st.builds(SignOff, signed_off_by=TEXT, signed_off_at=DATETIMES)),
        local_authority=TEXT,
    )


def importable(ret: Return) -> Return:
    """``ret`` made as the toolkit lets people type it (what every importer checks,
    exports/return_checks.py): evidence links that are web addresses, a current data model when
    it changed, each priority once. Text is short already."""
    answers = tuple(
        replace(a, evidence=tuple(replace(e, link=f"https://example.org/{i}" if e.link else "")
                                  for i, e in enumerate(a.evidence)))
        for a in ret.answers
    )
    statement = ret.data_model
    if statement.changed and statement.current is None:
        statement = replace(statement, current=4)
    firsts = {p.descriptor_id: p for p in reversed(ret.priorities)}
    once = tuple(p for p in ret.priorities if firsts[p.descriptor_id] is p)
    return replace(ret, answers=answers, data_model=statement, priorities=once)


# --------------------------------------------------------------------------------------
# A small JSON Schema checker (the subset return.schema.json uses; jsonschema is not installed)
# --------------------------------------------------------------------------------------

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_errors(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$") -> list[str]:
    root = root or schema
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return schema_errors(value, target, root, path)
    if "oneOf" in schema:
        matches = sum(1 for option in schema["oneOf"] if not schema_errors(value, option, root, path))
        return [] if matches == 1 else [f"{path}: matches {matches} of oneOf"]
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: not in enum")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{path}: {value!r:.40} is not {types}"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        errors += _number_errors(value, schema, path)
    if isinstance(value, str):
        errors += _string_errors(value, schema, path)
    if isinstance(value, dict):
        errors += _object_errors(value, schema, root, path)
    if isinstance(value, list):
        errors += _array_errors(value, schema, root, path)
    return errors


def _number_errors(value: float, schema: dict[str, Any], path: str) -> list[str]:
    errors = []
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{path}: below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        errors.append(f"{path}: above maximum")
    return errors


def _string_errors(value: str, schema: dict[str, Any], path: str) -> list[str]:
    errors = []
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors.append(f"{path}: too short")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{path}: too long")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: does not match {schema['pattern']}")
    return errors


def _object_errors(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    errors = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
    props = schema.get("properties", {})
    for key, item in value.items():
        if key in props:
            errors += schema_errors(item, props[key], root, f"{path}.{key}")
        elif schema.get("additionalProperties") is False:
            errors.append(f"{path}: unexpected {key}")
    return errors


def _array_errors(value: list[Any], schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    errors = []
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(f"{path}: too many items")
    if "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], root, f"{path}[{i}]")
    return errors
