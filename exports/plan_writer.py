"""The action plan's own exports, separate from the return to the department: a Word "Action
plan" and a spreadsheet, from the domain's :class:`~app.domain.plans.PlanReport`."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from app.domain.plans import PlanReport
from exports._text import cell_text, xml_safe

HEADINGS = ("Descriptor", "Action", "What done looks like", "Owner", "Due", "Status", "Overdue", "Progress notes")
NOTE_ON_WORDING = ("The guide does not set out an action plan: the statuses and the order (at risk and overdue "
                   "first) are the toolkit's own.")


def _when(d) -> str:
    return d.strftime("%-d %B %Y") if d else "No date"


def _notes(action) -> str:
    return "\n".join(f"{_when(n.on)}, {n.by}{' (mid-year review)' if n.mid_year else ''}: {n.text}"
                     for n in action.notes)


def _row(action) -> list[str]:
    return [action.descriptor_id, action.title, action.done_looks_like, action.owner, _when(action.due),
            action.status.label, "Yes" if action.overdue else "No", _notes(action)]


def plan_docx(report: PlanReport) -> bytes:
    doc = Document()
    doc.add_heading(xml_safe(f"Action plan: {report.partnership}, {report.year}"), level=0)
    doc.add_paragraph(f"Made on {_when(report.made_on)}. Kept apart from the return to the department. "
                      + NOTE_ON_WORDING)
    if not report.actions:
        doc.add_paragraph("There are no actions yet.")
    else:
        table = doc.add_table(rows=1, cols=len(HEADINGS))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
            cell.text = heading
        for action in report.actions:
            for cell, value in zip(table.add_row().cells, _row(action), strict=True):
                cell.text = xml_safe(value)
    if report.mid_year:
        doc.add_heading("Mid-year re-scores", level=1)
        doc.add_paragraph("Kept apart from the signed-off return: its scores do not change.")
        for line in report.mid_year:
            returned = "not scored" if line.returned is None else str(line.returned)
            mid = "none" if line.mid_year is None else str(line.mid_year)
            doc.add_paragraph(f"{line.descriptor_id}: return's score {returned}, mid-year score {mid}",
                              style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_xlsx(report: PlanReport) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Action plan"
    sheet.append([cell_text(f"Action plan: {report.partnership}, {report.year}")])
    sheet.append([cell_text(NOTE_ON_WORDING)])
    sheet.append(list(HEADINGS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for action in report.actions:
        sheet.append([cell_text(v) for v in _row(action)])
    if report.mid_year:
        scores = wb.create_sheet("Mid-year re-scores")
        scores.append(["Descriptor", "Return's score", "Mid-year score"])
        for line in report.mid_year:
            scores.append([line.descriptor_id, line.returned, line.mid_year])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
