"""The return: exporting an assessment as files, importing a return into an assessment, and
the figures `ehsg check` reports. The writers and readers live in exports/ (no Flask); this
module joins them to the database.

An import is all or nothing: the assessment, its answers, evidence and priorities are written in
one transaction, and nothing at all is written when the file has a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from app.data import (
    Assessment,
    AssessmentStatus,
    AuditEntry,
    DescriptorResponse,
    EvidenceItem,
    Partnership,
    PermissionAnswer,
    PriorityChoiceRow,
    User,
)
from app.data import accounts as account_data
from app.data import assessments as data
from app.data import returns as return_data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import limits
from app.domain.earned_autonomy import check_earned_autonomy, prospectus_year
from app.domain.framework import Framework
from app.domain.priorities import check_priorities
from app.domain.returns import Evidence, Return
from app.domain.text import clean_text, cleaned
from app.frameworks import all_frameworks
from app.services import plans_json
from exports import csv_writer, docx_writer, json_format, scores_only, xlsx_writer
from exports.importers import read_return, read_return_in
from exports.problems import ImportProblems, NotShareable, Problem

__all__ = ["FORMATS", "FileImport", "ImportProblems", "NotShareable", "ReturnFile", "check_report", "export",
           "import_files", "import_return", "previous_edition", "read", "read_in_its_edition", "return_filename", "return_json", "return_of"]


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    mimetype: str


FORMATS = {
    f.key: f
    for f in (
        ExportFormat("docx", "Word document, laid out like the guide's return, with charts", "docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ExportFormat("xlsx", "Spreadsheet, one row per descriptor, with priorities, Earned Autonomy, permissions, "
                     "evidence and workshop sheets", "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ExportFormat("csv", "CSV of the descriptor rows", "csv", "text/csv"),
        ExportFormat("json", "JSON: the complete return, which the toolkit can import again", "json", "application/json"),
        ExportFormat("scores", "Scores and priorities only (no narrative), for sharing with other areas' "
                     "Supporting Families coordinators, as the partnership permitted", "json", "application/json"),
    )
}


@dataclass(frozen=True)
class ReturnFile:
    content: bytes
    filename: str
    mimetype: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "return"


def return_filename(area: str, year: int | None, suffix: str, extension: str) -> str:
    """A download's name: the area, the guide and the year, then what kind of file it is."""
    return f"{_slug(area)}-ehsg-{year}{suffix}.{extension}"


def export(assessment: Assessment, guide: Framework, format_key: str) -> ReturnFile:
    """The assessment as a file in one of FORMATS (KeyError for an unknown format).

    Raises NotShareable for the scores-only file when the partnership has not said yes.
    """
    chosen = FORMATS[format_key]
    ret = _return_of(assessment.id)
    previous = return_data.previous_return_of(assessment.partnership_id, assessment.year)
    earlier = previous_edition(previous)
    if format_key == "docx":
        content = docx_writer.write_docx(ret, guide, previous, previous_framework=earlier)
    elif format_key == "xlsx":
        content = xlsx_writer.write_xlsx(ret, guide, previous, previous_framework=earlier)
    elif format_key == "csv":
        content = csv_writer.write_csv(ret, guide)
    elif format_key == "json":  # the partnership's own file: the return and the year's action plan
        content = json_format.to_json(replace(ret, action_plan=plans_json.action_plan_of(assessment)),
                                      tuple(p.key for p in guide.permissions))
    else:
        content = scores_only.write_scores_only(ret, guide, "coordinators")
    suffix = "-scores" if format_key == "scores" else ""
    filename = return_filename(ret.area, ret.year, suffix, chosen.extension)
    return ReturnFile(content=content, filename=filename, mimetype=chosen.mimetype)


def previous_edition(previous: Return | None) -> Framework | None:
    """Last year's edition, for pairing its scores through this edition's crosswalk (None when
    there is no last year, or its edition is not installed)."""
    return None if previous is None else all_frameworks().get(previous.edition_id)


def return_json(assessment: Assessment) -> bytes:
    """The return alone in the toolkit's JSON: what is sent to the department (no action plan),
    with its edition's permissions only."""
    return json_format.to_json(_return_of(assessment.id), _permission_keys(assessment.edition_id))


def _permission_keys(edition_id: str) -> tuple[str, ...] | None:
    guide = all_frameworks().get(edition_id)
    return None if guide is None else tuple(p.key for p in guide.permissions)


def return_of(assessment_id: int) -> Return | None:
    """The assessment's return, with its workshop figures (None if there is no such assessment)."""
    return return_data.return_of(assessment_id)


def _return_of(assessment_id: int) -> Return:
    found = return_data.return_of(assessment_id)
    if found is None:
        raise LookupError(f"There is no assessment {assessment_id}")
    return found


def read(filename: str, content: bytes, guide: Framework) -> Return:
    """Read a file as a return without saving anything (ImportProblems if it cannot be read)."""
    return read_return(filename, content, guide)


def read_in_its_edition(filename: str, content: bytes, frameworks: Mapping[str, Framework],
                        edition: str | None = None) -> tuple[Return, Framework]:
    """Read a file as a return in ``edition`` when given, else in the edition the file names
    (JSON) or matches (Word, text), and that edition. ImportProblems when it cannot tell, or
    the file cannot be read (nothing is saved)."""
    ret = read_return_in(filename, content, frameworks, edition)
    return ret, frameworks[ret.edition_id]


@operation
def import_return(ret: Return, guide: Framework, *, partnership: Partnership | None = None,
                  partnership_name: str | None = None, year: int | None = None, user: User | None = None,
                  source: str = "") -> Assessment:
    """Make an assessment of a partnership for a year from a return; all or nothing.

    ``partnership`` is used as given (an upload from the web); otherwise the partnership named
    ``partnership_name`` (or the area the return names) is used, created if it does not exist.
    Raises ImportProblems when the year is unknown or the partnership already has that year,
    or when text is longer than the database keeps. Text is cleaned as typed text is (control
    characters dropped: the JSON format keeps them, the database does not).
    """
    ret, source = cleaned(ret), clean_text(source)
    too_long = _too_long_to_keep(ret, None if partnership is not None else clean_text(partnership_name or ret.area))
    if too_long:
        raise ImportProblems(too_long)
    year = year if year is not None else ret.year
    if year is None:
        raise ImportProblems([Problem("Year", "The return does not say which year it is for. Give the year "
                                      "(for example --year 2022 on the command line, or the year box on the page)")])
    name = (partnership_name or ret.area or "").strip()
    if partnership is None and not name:
        raise ImportProblems([Problem("Area", "The return does not name its area. Give the partnership's name")])
    try:
        with savepoint():
            chosen = partnership or account_data.partnership_by_name(name) or account_data.add_partnership(
                name, ret.local_authority or name)
            assessment = _add_assessment(ret, guide, chosen, year, user, source)
            if ret.action_plan is not None:
                plans_json.add_imported_plan(assessment, ret.action_plan)
    except Exception as error:
        if not race_lost(error):
            raise
        raise ImportProblems([Problem("Year", f"An assessment for {year} was saved by someone else at the same "
                                      "moment. Nothing was imported")]) from None
    data.add_audit(AuditEntry(
        assessment_id=assessment.id, user_id=user.id if user else None,
        user_name=user.name if user else "ehsg import (command line)", at=utcnow(), action="imported",
        field="", after=source or "a return file"))
    return assessment


def _too_long_to_keep(ret: Return, partnership_name: str | None) -> list[Problem]:
    """A problem for each name longer than its database column holds (the readers check the
    return's own text against the forms' limits: exports/return_checks.py).
    ``partnership_name``: the partnership to find or create, None when it is given."""
    problems = []
    if partnership_name is not None:
        for label, text in (("partnership's name", partnership_name), ("local authority", ret.local_authority)):
            limit, length = limits.NAME, len(text.strip())
            if length > limit:
                problems.append(Problem("Area", f"The {label} must be {limit:,} characters or fewer; it is "
                                        f"{length:,}. Shorten it and import the file again"))
    return problems


@dataclass(frozen=True)
class FileImport:
    """What became of one file of several imported at once: the assessment it made, or the
    problems that kept it out (nothing of it saved)."""

    name: str
    assessment: Assessment | None = None
    problems: tuple[Problem, ...] = ()


def import_files(files: Iterable[tuple[str, bytes]], frameworks: Mapping[str, Framework], *,
                 edition: str | None = None, partnership: Partnership | None = None,
                 partnership_name: str | None = None, year: int | None = None,
                 user: User | None = None) -> list[FileImport]:
    """Read and import each file (name, content) as :func:`import_return` does, each all or
    nothing on its own: a file that is refused leaves the ones before and after it imported.
    Each file goes into ``edition`` when given, else into the edition it names or matches
    (:func:`read_in_its_edition`)."""
    results = []
    for name, content in files:
        try:
            ret, guide = read_in_its_edition(name, content, frameworks, edition)
            assessment = import_return(ret, guide, partnership=partnership, partnership_name=partnership_name,
                                       year=year, user=user, source=name or "an uploaded file")
        except ImportProblems as problems:
            results.append(FileImport(name, problems=tuple(problems.problems)))
        else:
            results.append(FileImport(name, assessment=assessment))
    return results


def _add_assessment(ret: Return, guide: Framework, partnership: Partnership, year: int, user: User | None,
                    source: str) -> Assessment:
    if data.assessment_for_year(partnership.id, year):
        raise ImportProblems([Problem("Year", f"{partnership.name} already has an assessment for {year}. "
                                      "Nothing was imported")])
    return data.add_assessment(_assessment_from(ret, guide, partnership, year, user, source))


def _assessment_from(ret: Return, guide: Framework, partnership: Partnership, year: int, user: User | None,
                     source: str) -> Assessment:
    statement = ret.data_model
    assessment = Assessment(
        partnership_id=partnership.id,
        year=year,
        edition_id=guide.id,
        data_model_submitted=statement.submitted,
        survey_date=statement.survey_date,
        data_model_changed=statement.changed,
        data_model_current=statement.current if statement.changed else None,
        data_model_change_reason=statement.change_reason if statement.changed else "",
        # Nobody here signed it off: a file that says it was signed off comes in as read-only
        # history, with the file's own sign-off kept as the file gives it.
        status=AssessmentStatus.IMPORTED if ret.sign_off else AssessmentStatus.IN_PROGRESS,
        imported_signed_off_by=(ret.sign_off.signed_off_by.strip()[:limits.NAME] or None) if ret.sign_off else None,
        imported_signed_off_at=ret.sign_off.signed_off_at if ret.sign_off else None,
        imported_from=(source or "a return file")[:300],
        created_by_id=user.id if user else None,
    )
    answers = {a.descriptor_id: a for a in ret.answers}
    responses = []
    for descriptor in guide.descriptors:
        answer = answers.get(descriptor.id)
        response = DescriptorResponse(descriptor_id=descriptor.id, version=1)
        if answer is not None:
            response.score = answer.score
            response.narratives = {key: answer.narrative(key) for key in guide.prompt_keys}
            response.evidence = [
                EvidenceItem(description=e.description, kind=e.kind, agency=e.agency, dated=e.dated, link=e.link)
                for e in _each_once(answer.evidence)
            ]
        responses.append(response)
    assessment.responses = responses
    assessment.priorities = [
        PriorityChoiceRow(position=i, descriptor_id=p.descriptor_id, rationale=p.rationale)
        for i, p in enumerate(ret.priorities, start=1)
    ]
    # Only the edition's own permissions are kept: it is the edition that asks them.
    assessment.permission_answers = [
        PermissionAnswer(key=p.key, answer=ret.permissions.get(p.key))
        for p in guide.permissions if ret.permissions.get(p.key) is not None
    ]
    return assessment


def _each_once(evidence: Iterable[Evidence]) -> list[Evidence]:
    """A descriptor lists each piece of evidence once: one a file repeats is kept once, where it first comes."""
    seen: set[str] = set()
    kept = []
    for item in evidence:
        if item.identity not in seen:
            seen.add(item.identity)
            kept.append(item)
    return kept


def check_report(ret: Return, guide: Framework) -> dict:
    """What `ehsg check --json` prints: scores, Earned Autonomy, priorities, permissions."""
    scores = {d.id: ret.scores.get(d.id) for d in guide.descriptors}
    ea = check_earned_autonomy(guide, scores, prospectus_year(guide, ret.year))
    model = ret.data_model.effective
    chosen = list(ret.priority_ids)
    priorities: dict[str, object]
    if model is None and guide.priority_rule.by_data_model:
        priorities = {"data_model": None, "chosen": chosen, "valid": False,
                      "problems": ["The return does not state its data model"]}
    else:
        check = check_priorities(guide, chosen, model)
        priorities = {"data_model": model, "chosen": chosen, "valid": check.valid, "problems": list(check.problems)}
    return {
        "area": ret.area,
        "year": ret.year,
        "edition": guide.id,
        "scores": scores,
        "earned_autonomy": {
            "eligible": ea.eligible,
            "met": ea.met,
            "required": ea.required,
            "descriptors": [
                {"id": t.descriptor_id, "score": t.score, "minimum": t.minimum, "met": t.met, "gap": t.gap,
                 "missing": t.missing}
                for t in ea.descriptors
            ],
        },
        "priorities": priorities,
        "permissions": ret.permissions.for_keys(p.key for p in guide.permissions),
    }


def assessment_by_id(assessment_id: int) -> Assessment | None:
    return data.assessment_with_everything(assessment_id)
