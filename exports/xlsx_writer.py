"""The return as an Excel workbook.

:func:`write_xlsx` gives the bytes of an ``.xlsx`` with these sheets, each a single table
whose header row is bold, frozen and filterable:

- **Summary**: area, year, edition, data model, the priority rule and check, the Earned
  Autonomy result, sign-off;
- **Descriptors**: one row per descriptor (section, id, title, statement, score, Earned
  Autonomy minimum and whether it is met, priority position, both narratives, number of
  evidence items, the workshop's n, median, min and max; with ``previous``, last year's
  score and the change);
- **Priorities**, **Earned Autonomy**, **Permissions**, **Evidence** (one row per item);
- **Workshops**: per descriptor with a workshop, one row for everyone (with the spread of
  scores 0 to 5, "don't know" and, after several rounds, each round's median) and one row per
  stakeholder group.

Every text cell is made safe: control characters a workbook cannot hold are removed and
text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so no cell is ever a formula. Text longer than a cell holds is cut, saying so.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.framework import Framework
from app.domain.returns import EVIDENCE_KIND_LABELS, Return, rounds_line
from app.domain.wording import yes_no
from exports._summary import (
    descriptor_rows,
    earned_autonomy,
    month_year,
    priority_status,
    scale_scores,
    toolkit_wording,
)
from exports._text import cell_text, clip_cell

__all__ = ["SHEETS", "write_xlsx"]

SHEETS = ("Summary", "Descriptors", "Priorities", "Earned Autonomy", "Permissions", "Evidence", "Workshops")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_WIDE = 60  # characters: the width of a narrative column


def _value(value: Any) -> Any:
    """A cell value: text made safe, numbers and dates as they are, None as an empty cell."""
    if isinstance(value, str):
        return clip_cell(cell_text(value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: local time as recorded
    return value


def _sheet(wb: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], wide: Sequence[int] = ()) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append([cell_text(h) for h in headers])
    for cell in ws[1]:
        cell.font = _BOLD
        cell.alignment = _WRAP
    count = 0
    for row in rows:
        ws.append([_value(v) for v in row])
        count += 1
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(headers), 1))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    for i, header in enumerate(headers, start=1):
        width = _WIDE if i in wide else min(max(len(header) + 2, 10), 28)
        ws.column_dimensions[get_column_letter(i)].width = width
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(cell.value, datetime) else "yyyy-mm-dd"
            cell.alignment = _WRAP if cell.column in wide else _TOP
    return ws


def write_xlsx(ret: Return, framework: Framework, previous: Return | None = None,
               previous_framework: Framework | None = None) -> bytes:
    """The return as an Excel workbook (``.xlsx`` bytes); see the module for the sheets.
    ``previous_framework``: last year's edition, when it is not this year's."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Early Help System Guide toolkit"
    wb.properties.title = cell_text(f"{ret.area} {ret.year or ''} Early Help System Guide self-assessment".replace("  ", " "))
    _summary_sheet(wb, ret, framework)
    _descriptors_sheet(wb, ret, framework, previous, previous_framework)
    _priorities_sheet(wb, ret, framework)
    if framework.has_earned_autonomy:
        _earned_autonomy_sheet(wb, ret, framework)
    _permissions_sheet(wb, ret, framework)
    _evidence_sheet(wb, ret)
    _workshops_sheet(wb, ret, framework)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _summary_sheet(wb: Workbook, ret: Return, framework: Framework) -> None:
    ea = earned_autonomy(ret, framework)
    status = priority_status(ret, framework)
    scores = scale_scores(ret, framework)
    dm = ret.data_model
    summary: list[tuple[str, Any]] = [
        ("Area", ret.area),
        ("Local authority", ret.local_authority),
        ("Year", ret.year),
        ("Edition", f"{framework.edition.title}, {framework.edition.label} ({ret.edition_id})"),
        ("Data model (as submitted)", dm.submitted),
        ("Data survey", month_year(dm.survey_date) if dm.survey_date else ""),
        ("Data model changed since", yes_no(dm.changed)),
        ("Current data model", dm.current),
        ("Reason for the change", dm.change_reason),
        ("Data model the priority rule uses", status.data_model),
        ("Priority rule", status.rule),
        ("Priority check", status.summary),
        ("Earned Autonomy Stage 1", f"{ea.summary} ({ea.source})"),
        ("Descriptors scored", f"{sum(1 for d in framework.descriptors if scores.get(d.id) is not None)} of {len(framework.descriptors)}"),
        ("Signed off by", ret.sign_off.signed_off_by if ret.sign_off else "Not signed off"),
        ("Signed off at", ret.sign_off.signed_off_at if ret.sign_off else None),
    ]
    if not framework.has_data_models:  # the edition asks for no data model
        summary = [row for row in summary if "data model" not in row[0].lower() and row[0] not in ("Data survey", "Reason for the change")]
    if not framework.has_earned_autonomy:
        summary = [row for row in summary if not row[0].startswith("Earned Autonomy")]
    if framework.scale.source == "toolkit":
        summary.append(("Scale wording", toolkit_wording(framework) + " " + framework.scale.note))
    _sheet(wb, "Summary", ("Item", "Value"), summary, wide=(2,))


def _descriptors_sheet(wb: Workbook, ret: Return, framework: Framework, previous: Return | None,
                       previous_framework: Framework | None) -> None:
    headers, rows = descriptor_rows(ret, framework, previous, previous_framework)
    narrative_cols = tuple(i for i, h in enumerate(headers, start=1) if h in ("Statement", *framework.prompts))
    _sheet(wb, "Descriptors", headers, rows, wide=narrative_cols)


def _priorities_sheet(wb: Workbook, ret: Return, framework: Framework) -> None:
    required = framework.priority_rule.required
    scores = scale_scores(ret, framework)
    rows = []
    for i, choice in enumerate(ret.priorities, start=1):
        known = framework.has_descriptor(choice.descriptor_id)
        d = framework.descriptor(choice.descriptor_id) if known else None
        rows.append((
            i,
            choice.descriptor_id,
            (d.title or d.text) if d else "Not a descriptor of this edition",
            framework.section_of(choice.descriptor_id).name if known else "",
            "Required by the rule" if i <= required else "Further choice",
            scores.get(choice.descriptor_id) if known else None,
            choice.rationale,
        ))  # fmt: skip
    _sheet(wb, "Priorities", ("Position", "Descriptor", "Title or statement", "Section", "Choice", "Score", "Rationale"), rows, wide=(3, 7))


def _earned_autonomy_sheet(wb: Workbook, ret: Return, framework: Framework) -> None:
    ea = earned_autonomy(ret, framework)
    rows = [
        (r.descriptor_id, framework.descriptor(r.descriptor_id).text, r.minimum, r.score,
         "Not scored" if r.missing else yes_no(r.met), r.gap, ea.year)
        for r in ea.descriptors
    ]  # fmt: skip
    _sheet(wb, "Earned Autonomy", ("Descriptor", "Statement", "Minimum score", "Score", "Met", "Gap", "Prospectus year"), rows, wide=(2,))


def _permissions_sheet(wb: Workbook, ret: Return, framework: Framework) -> None:
    rows = [
        (p.key, p.question, yes_no(ret.permissions.get(p.key)), p.context) for p in framework.permissions
    ]
    _sheet(wb, "Permissions", ("Permission", "Question", "Answer", "Context"), rows, wide=(2, 4))


def _evidence_sheet(wb: Workbook, ret: Return) -> None:
    rows = [
        (a.descriptor_id, e.description, EVIDENCE_KIND_LABELS.get(e.kind, str(e.kind)), e.agency, e.dated, e.link)
        for a in ret.answers
        for e in a.evidence
    ]
    _sheet(wb, "Evidence", ("Descriptor", "Evidence", "Kind", "Agency", "Date", "Link"), rows, wide=(2,))


def _workshops_sheet(wb: Workbook, ret: Return, framework: Framework) -> None:
    width = max([len(framework.scale.levels)] + [len(a.workshop.histogram) for a in ret.answers if a.workshop])
    headers = (
        ["Descriptor", "Workshop", "Held on", "Group", "n", "Median", "Min", "Max"]
        + [f"Scored {i}" for i in range(width)]
        + ["Don't know", "Agreed score", "Why the group settled on this score", "Median round by round"]
    )
    rows: list[list[Any]] = []
    for a in ret.answers:
        w = a.workshop
        if w is None:
            continue
        hist = list(w.histogram) + [None] * (width - len(w.histogram))
        rows.append([a.descriptor_id, w.workshop_title, w.held_on, "Everyone", w.count, w.median, w.minimum, w.maximum, *hist, w.dont_know, w.agreed_score, w.rationale,
                     rounds_line(w.rounds) or None])
        for g in w.by_group:
            rows.append([a.descriptor_id, w.workshop_title, w.held_on, g.group, g.count, g.median, g.minimum, g.maximum, *([None] * width), None, None, None, None])
    _sheet(wb, "Workshops", headers, rows, wide=(len(headers) - 1, len(headers)))
