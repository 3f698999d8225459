"""The views of people outside every partnership (issue 16): the department's analysts (the
figures across the areas that permit the department, its charts and one download of every
permitted return) and other government departments (scores only). Thin routes over
app.services.national."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from app.domain.sharing import Audience
from app.domain.wording import plural
from app.services import national as service
from app.web.access import AudienceAccess, for_audience
from app.web.downloads import attachment
from exports import national as files

bp = Blueprint("department", __name__)

DOWNLOADS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX spreadsheet"),
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON (each return as it was sent)"),
}
_YEAR_PROBLEM = "Select a year that returns were sent for"


def _asked_year() -> int | None:
    """The year in the address (None: the latest sent); -1 for one that is not a year."""
    asked = request.args.get("year", "").strip()
    return None if not asked else int(asked) if asked.isdigit() and len(asked) <= 4 else -1


def _view(read, year: int | None):
    """What ``read`` gives for the year asked for, or for the latest year with the problem to
    show, when the address names a year no return was sent for."""
    try:
        return read(year), []
    except LookupError:
        return read(None), [{"text": _YEAR_PROBLEM, "href": "#year"}]


def _year_or_404() -> int | None:
    year = _asked_year()
    if year is not None and year not in service.years_sent():
        abort(404)
    return year


@bp.get("/department")
@for_audience(Audience.DEPARTMENT)
def index(access: AudienceAccess):
    (view, figures), problems = _view(service.department, _asked_year())
    guide = view.guide
    return render_template("department/index.html", view=view, n=figures, guide=guide, error_list=problems,
                           year_problem=_YEAR_PROBLEM if problems else None, downloads=DOWNLOADS,
                           alt_text=files.spread_alt_text, plural=plural,
                           data_model_names={m.level: m.name for m in guide.data_models}), 400 if problems else 200


@bp.get("/department/sections/<section_id>/chart.png")
@for_audience(Audience.DEPARTMENT)
def section_chart(section_id: str, access: AudienceAccess):
    view, figures = service.department(_year_or_404())
    section = next((s for s in view.guide.sections if s.id == section_id), None)
    if figures is None or section is None:
        abort(404)
    return Response(files.spread_chart(figures, section, view.guide), mimetype="image/png")


@bp.get("/department/returns.<format_key>")
@for_audience(Audience.DEPARTMENT)
def download(format_key: str, access: AudienceAccess):
    if format_key not in DOWNLOADS:
        abort(404)
    view, _ = service.department(_year_or_404())
    if view.year is None:
        abort(404)
    if format_key == "json":
        content = files.write_returns_json(service.returns_sent(view))
    else:
        table = files.areas_table([a.figures for a in view.included], view.guide)
        content = files.write_areas_xlsx(table) if format_key == "xlsx" else files.write_areas_csv(table)
    return attachment(content, f"returns-sent-{view.year}.{format_key}", DOWNLOADS[format_key][0])


@bp.get("/other-departments")
@for_audience(Audience.OTHER_DEPARTMENT)
def other_departments(access: AudienceAccess):
    view, problems = _view(service.other_departments, _asked_year())
    table = files.areas_table([a.figures for a in view.included], view.guide, scores_only=True)
    return render_template("department/other-departments.html", view=view, table=table, error_list=problems,
                           year_problem=_YEAR_PROBLEM if problems else None), 400 if problems else 200
