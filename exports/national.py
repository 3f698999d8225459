"""The department's downloads and charts across areas (issue 16): pure, domain objects in, bytes out.

- :func:`areas_table`: one row per area, the descriptors as columns (for the XLSX and CSV);
- :func:`write_areas_xlsx`, :func:`write_areas_csv`, :func:`write_returns_json`;
- :func:`spread_chart` and :func:`spread_alt_text`: per section, each descriptor's median and
  range across areas, drawn on the Agg canvas and cached by the figures it shows.

Every text cell is made safe as in the return's own files (no cell is ever a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Font

from app.domain.framework import Framework, Section
from app.domain.national import National
from app.domain.sharing import SentFigures
from app.domain.wording import plural
from exports._text import cell_text
from exports.charts import _DPI, _FONT, _INK, _png, style_score_axes

__all__ = ["areas_table", "spread_alt_text", "spread_chart", "write_areas_csv", "write_areas_xlsx",
           "write_returns_json"]

_CACHE_SIZE = 32


def areas_table(areas: Sequence[SentFigures], guide: Framework, *, scores_only: bool = False) -> list[list[Any]]:
    """A header row, then one row per area: area, year, edition, every descriptor's score and
    (unless ``scores_only``) the data model, Earned Autonomy and the priorities."""
    ids = [d.id for d in guide.descriptors]
    header: list[Any] = ["Area", "Year", "Edition", *ids]
    if not scores_only:
        header += ["Data model", "Earned Autonomy Stage 1", "Priorities"]
    rows = [header]
    for f in areas:
        row: list[Any] = [f.area, f.year, f.edition_id, *(f.scores.get(i) for i in ids)]
        if not scores_only:
            ea = {True: "eligible", False: "not eligible"}.get(f.earned_autonomy_eligible)  # type: ignore[arg-type]
            row += [f.data_model, ea, ", ".join(f.priorities)]
        rows.append(row)
    return rows


def _safe(value: Any) -> Any:
    return cell_text(value) if isinstance(value, str) else value


def write_areas_xlsx(table: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Areas"
    for row in table:
        sheet.append([_safe(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_areas_csv(table: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_returns_json(returns: Sequence[str]) -> bytes:
    """A JSON list of the returns as they were sent, each unchanged."""
    return ("[" + ",\n".join(returns) + "]\n").encode("utf-8")


# A chart's figures: ((descriptor id, n, median, min, max), ...)
_Spreads = tuple[tuple[str, int, float | None, int | None, int | None], ...]


def _key(n: National, section: Section) -> _Spreads:
    return tuple((s.descriptor_id, s.n, s.median, s.minimum, s.maximum)
                 for d in section.descriptors for s in (n.spread(d.id),))


def spread_chart(n: National, section: Section, guide: Framework) -> bytes:
    """A chart (PNG) of each descriptor's median (a dot) and range (a line) across the areas."""
    return _render(_key(n, section), guide.scale.minimum, guide.scale.maximum)


@lru_cache(maxsize=_CACHE_SIZE)
def _render(spreads: _Spreads, low: int, high: int) -> bytes:
    fig = Figure(figsize=(4.6, 3.0), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for x, (_, count, middle, lowest, highest) in enumerate(spreads):
        if count == 0 or middle is None or lowest is None or highest is None:
            continue
        ax.plot([x, x], [lowest, highest], color="#0072B2", linewidth=3, solid_capstyle="round")
        ax.plot([x], [middle], marker="o", color=_INK, markersize=6, linestyle="none")
        ax.text(x, high + 0.3, f"n={count}", ha="center", va="bottom", fontsize=_FONT - 2, color=_INK)
    ax.set_xticks(range(len(spreads)))
    ax.set_xticklabels([s[0] for s in spreads])
    ax.set_xlim(-0.6, len(spreads) - 0.4)
    style_score_axes(ax, low, high)
    ax.set_ylabel("Score", fontsize=_FONT)
    ax.set_xlabel("Descriptor", fontsize=_FONT)
    return _png(fig)


def _number(value: float) -> str:
    return f"{value:g}"


def spread_alt_text(n: National, section: Section) -> str:
    """What the section's chart shows, in words."""
    parts = []
    for d in section.descriptors:
        s = n.spread(d.id)
        if s.n == 0 or s.median is None:
            parts.append(f"{d.id} no scores")
        else:
            parts.append(f"{d.id} median {_number(s.median)}, {s.minimum} to {s.maximum}")
    return (f"Chart of the median and range of scores across {plural(len(n.areas_included), 'area')} for section "
            f"{section.id} {section.name}: " + "; ".join(parts) + ".")
