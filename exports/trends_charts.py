"""The trends charts: one per section, every descriptor's score and the section's median across
the years held, as PNG bytes, and the alternative text that says what each shows.

Drawn like the return's charts (:mod:`exports.charts`): matplotlib's object API on the Agg
canvas, only descriptor ids, years and numbers drawn, and each PNG cached by the figures it
shows, so the same figures are not drawn twice.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.domain.trends import Distance, SectionTrend, Trends
from app.domain.workshops import figure
from exports.charts import _DPI, _FONT, _INK, _png, style_score_axes

__all__ = ["clear_cache", "distance_words", "section_alt_text", "section_chart"]

# Okabe-Ito colours, with a marker and a line style each, so lines differ without colour too.
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_STYLES = ("-", "--", "-.", ":")
_CACHE_SIZE = 64

# A chart's figures: (years, ((descriptor id, (score or None per year)), ...), (median or None per year))
_Lines = tuple[tuple[str, tuple[int | None, ...]], ...]


def section_chart(t: Trends, section: SectionTrend) -> bytes:
    """A line chart (PNG) of every descriptor's score in the section, and the section's median, by year."""
    lines = tuple((d.descriptor_id, d.scores) for d in section.descriptors)
    return _render(t.year_numbers, lines, section.medians, t.low, t.high)


@lru_cache(maxsize=_CACHE_SIZE)
def _render(years: tuple[int, ...], lines: _Lines, medians: tuple[float | None, ...], low: int, high: int) -> bytes:
    fig = Figure(figsize=(4.6, 3.0), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)  # the Agg canvas, explicitly: no pyplot, no global backend
    ax = fig.add_subplot()
    xs = list(range(len(years)))
    for i, (descriptor_id, scores) in enumerate(lines):
        ys = [float("nan") if s is None else s for s in scores]
        ax.plot(xs, ys, color=_COLOURS[i % len(_COLOURS)], marker=_MARKERS[i % len(_MARKERS)],
                linestyle=_STYLES[i % len(_STYLES)], linewidth=1.2, markersize=4, label=descriptor_id)
    ax.plot(xs, [float("nan") if m is None else m for m in medians], color=_INK, linewidth=3, alpha=0.5,
            label="Median")
    ax.set_xticks(xs)
    ax.set_xticklabels([str(y) for y in years])
    ax.set_xlim(-0.3, max(len(years) - 0.7, 0.3))
    style_score_axes(ax, low, high)
    ax.set_ylim(low - 0.2, high + 0.2)
    ax.set_ylabel("Score", fontsize=_FONT)
    ax.set_xlabel("Year", fontsize=_FONT)
    ax.legend(fontsize=_FONT - 1, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return _png(fig)


def distance_words(distance: Distance | None) -> str:
    """``"up 2 (2022 to 2025)"``, ``"no change (2022 to 2025)"``; ``"not enough years"`` for None."""
    if distance is None:
        return "not enough years with a figure"
    change = distance.change
    how = "no change" if change == 0 else (f"up {figure(change)}" if change > 0 else f"down {figure(-change)}")
    return f"{how} ({distance.from_year} to {distance.to_year})"


def section_alt_text(t: Trends, section: SectionTrend) -> str:
    """What a section's chart shows: the years, each descriptor's first and latest figure, the median."""
    years = t.year_numbers
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0]) if years else "no years"
    parts = []
    for d in section.descriptors:
        shown = ", ".join("not scored" if s is None else str(s) for s in d.scores)
        parts.append(f"{d.descriptor_id}: {shown}")
    medians = ", ".join(figure(m) if m is not None else "none" for m in section.medians)
    return (
        f"Line chart of {t.area}'s scores for section {section.section_id} {section.name}, {span}, "
        f"0 to {t.high}, one line per descriptor and one for the section's median. "
        f"Scores by year: " + "; ".join(parts) + f". Median by year: {medians}; "
        f"{distance_words(section.distance)}."
    )


def clear_cache() -> None:
    """Forget every cached trends chart."""
    _render.cache_clear()
