"""The charts of a return, as PNG bytes, and the alternative text that says what they show.

Drawn with matplotlib's object API on the Agg canvas (``Figure`` + ``FigureCanvasAgg``):
nothing touches pyplot or the process-wide backend, so nothing leaks between calls or into
the web application. Only descriptor ids, section names from the framework file and
numbers are drawn (no free text a font might not hold). Rendered PNGs are cached by the
figures they show: the same figures are not drawn twice.

- :func:`profile_chart`: the score of every descriptor, grouped by section;
- :func:`earned_autonomy_chart`: score against the Stage 1 minimum, for the threshold
  descriptors;
- :func:`comparison_chart`: this year's scores against last year's.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from app.domain.framework import Framework
from app.domain.returns import Return
from exports._summary import earned_autonomy, last_year, scale_scores

__all__ = [
    "comparison_alt_text",
    "comparison_chart",
    "earned_autonomy_alt_text",
    "earned_autonomy_chart",
    "profile_alt_text",
    "profile_chart",
]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
_SECTION_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
_MET, _NOT_MET, _PREVIOUS, _INK, _GRID = "#0072B2", "#D55E00", "#999999", "#222222", "#DDDDDD"
_WIDTH_IN, _DPI = 6.5, 150
_FONT = 8
_CACHE_SIZE = 128

# A chart's figures: ((section id, section name, ((descriptor id, score or None), ...)), ...)
_Sections = tuple[tuple[str, str, tuple[tuple[str, int | None], ...]], ...]


def _new_figure(height_in: float) -> Figure:
    fig = Figure(figsize=(_WIDTH_IN, height_in), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)  # the Agg canvas, explicitly: no pyplot, no global backend
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return buf.getvalue()


def style_score_axes(ax: Axes, low: int, high: int) -> None:
    """The score axis every chart of the toolkit shares: ticks, grid and frame."""
    ax.set_ylim(low, high + 0.9)
    ax.set_yticks(range(low, high + 1))
    ax.tick_params(labelsize=_FONT, length=2)
    ax.yaxis.grid(True, color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _sections_key(ret: Return, framework: Framework) -> _Sections:
    scores = scale_scores(ret, framework)
    return tuple(
        (s.id, s.name, tuple((d.id, scores.get(d.id)) for d in s.descriptors)) for s in framework.sections
    )


# --------------------------------------------------------------------------------------
# The profile: every descriptor's score, grouped by section
# --------------------------------------------------------------------------------------


def profile_chart(ret: Return, framework: Framework) -> bytes:
    """A bar chart (PNG) of the return's score for every descriptor, grouped by section."""
    return _render_profile(_sections_key(ret, framework), framework.scale.minimum, framework.scale.maximum)


@lru_cache(maxsize=_CACHE_SIZE)
def _render_profile(sections: _Sections, low: int, high: int) -> bytes:
    fig = _new_figure(3.4)
    ax = fig.add_subplot()
    x = 0.0
    ticks, labels = [], []
    bars_x, bars_h, bars_c = [], [], []
    for i, (section_id, name, items) in enumerate(sections):
        colour = _SECTION_COLOURS[i % len(_SECTION_COLOURS)]
        start = x
        for descriptor_id, score in items:
            if score is None:
                ax.plot([x], [low + 0.15], marker="x", color=_INK, markersize=4, linestyle="none")
                ax.text(x, low + 0.35, "n/s", ha="center", va="bottom", fontsize=_FONT - 2, color=_INK)
            else:
                bars_x.append(x)
                bars_h.append(score - low)
                bars_c.append(colour)
                ax.text(x, score + 0.05, str(score), ha="center", va="bottom", fontsize=_FONT - 1, color=_INK)
            ticks.append(x)
            labels.append(descriptor_id)
            x += 1
        middle = (start + x - 1) / 2
        label = textwrap.fill(f"{section_id} {name}", 16)
        ax.text(middle, high + 0.85, label, ha="center", va="top", fontsize=_FONT - 1, color=colour, fontweight="bold")
        x += 0.8
    ax.bar(bars_x, bars_h, bottom=low, width=0.75, color=bars_c, edgecolor="white", linewidth=0.4)
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels, rotation=90)
    ax.set_xlim(-0.7, max(x - 0.8, 0.3))
    style_score_axes(ax, low, high)
    ax.set_ylim(low, high + 1.1)
    ax.set_ylabel("Score", fontsize=_FONT)
    ax.set_xlabel("Descriptor", fontsize=_FONT)
    return _png(fig)


def profile_alt_text(ret: Return, framework: Framework) -> str:
    """What the profile chart shows, in a few sentences."""
    scores = scale_scores(ret, framework)
    parts = []
    for s in framework.sections:
        got = [score for d in s.descriptors if (score := scores.get(d.id)) is not None]
        if got:
            parts.append(f"{s.name} {min(got)} to {max(got)}" if min(got) != max(got) else f"{s.name} all {got[0]}")
        else:
            parts.append(f"{s.name} not scored")
    total = len(framework.descriptors)
    scored = sum(1 for d in framework.descriptors if scores.get(d.id) is not None)
    who = f"{ret.area}'s" if ret.area else "The"
    when = f" {ret.year}" if ret.year else ""
    text = (
        f"Bar chart of {who}{when} self-assessment scores (0 to {framework.scale.maximum}) for "
        f"{total} descriptors, grouped by section. Scores by section: " + "; ".join(parts) + "."
    )
    if scored < total:
        text += f" {total - scored} descriptors are not scored."
    return text


# --------------------------------------------------------------------------------------
# Earned Autonomy: score against the Stage 1 minimum
# --------------------------------------------------------------------------------------


def earned_autonomy_chart(ret: Return, framework: Framework, year: int | None = None) -> bytes:
    """A chart (PNG) of the score against the Earned Autonomy Stage 1 minimum for each
    threshold descriptor. ``year`` is the prospectus year (by default the one that applies to
    the return's year: :func:`~app.domain.earned_autonomy.prospectus_year`)."""
    result = earned_autonomy(ret, framework, year)
    key = tuple((r.descriptor_id, r.score, r.minimum) for r in result.descriptors)
    return _render_earned_autonomy(key, framework.scale.minimum, framework.scale.maximum)


@lru_cache(maxsize=_CACHE_SIZE)
def _render_earned_autonomy(rows: tuple[tuple[str, int | None, int], ...], low: int, high: int) -> bytes:
    fig = _new_figure(3.0)
    ax = fig.add_subplot()
    xs = list(range(len(rows)))
    for x, (_, score, minimum) in enumerate(rows):
        met = score is not None and score >= minimum
        if score is not None and score > low:
            ax.bar(
                [x], [score - low], bottom=low, width=0.6, color=_MET if met else _NOT_MET,
                hatch="" if met else "///", edgecolor="white", linewidth=0.4,
            )  # fmt: skip
        ax.plot([x - 0.42, x + 0.42], [minimum, minimum], color=_INK, linewidth=2)
    handles = [
        Line2D([], [], color=_INK, linewidth=2, label="Minimum score"),
        Patch(facecolor=_MET, label="Score: minimum met"),
        Patch(facecolor=_NOT_MET, hatch="///", edgecolor="white", label="Score: below minimum"),
    ]
    ax.set_xticks(xs)
    ax.set_xticklabels(
        [f"{d}\nscore {'n/s' if s is None else s}\nmin {m}" for d, s, m in rows], fontsize=_FONT - 1
    )
    ax.set_xlim(-0.7, max(len(rows) - 0.3, 0.3))
    style_score_axes(ax, low, high)
    ax.set_ylabel("Score", fontsize=_FONT)
    ax.legend(handles=handles, fontsize=_FONT - 1, loc="upper center", ncols=3, frameon=False, bbox_to_anchor=(0.5, 1.0))
    return _png(fig)


def earned_autonomy_alt_text(ret: Return, framework: Framework, year: int | None = None) -> str:
    """What the Earned Autonomy chart shows."""
    result = earned_autonomy(ret, framework, year)
    met = [r.descriptor_id for r in result.descriptors if r.met]
    below = [
        f"{r.descriptor_id} ({'not scored' if r.score is None else r.score}, minimum {r.minimum})"
        for r in result.descriptors
        if not r.met
    ]
    text = (
        f"Chart of the score against the Earned Autonomy Stage 1 minimum ({result.source}) for "
        f"{result.required} descriptors: {result.met} of {result.required} met"
    )
    text += f" ({', '.join(met)})." if met else "."
    if below:
        text += " Below the minimum: " + ", ".join(below) + "."
    return text


# --------------------------------------------------------------------------------------
# This year against last year
# --------------------------------------------------------------------------------------


def _year_label(ret: Return, fallback: str) -> str:
    return str(ret.year) if ret.year is not None else fallback


def comparison_chart(ret: Return, previous: Return, framework: Framework,
                     previous_framework: Framework | None = None) -> bytes:
    """A grouped bar chart (PNG) of this year's score against last year's, per descriptor
    (last year's: the one the edition's crosswalk pairs it with, none for a new or merged one)."""
    now, before = scale_scores(ret, framework), last_year(previous, framework, previous_framework)
    rows = tuple((d.id, before[d.id].score, now.get(d.id)) for d in framework.descriptors)
    labels = (_year_label(previous, "Last year"), _year_label(ret, "This year"))
    if labels[0] == labels[1]:
        labels = ("Previous", "This return")
    return _render_comparison(rows, labels, framework.scale.minimum, framework.scale.maximum)


@lru_cache(maxsize=_CACHE_SIZE)
def _render_comparison(
    rows: tuple[tuple[str, int | None, int | None], ...], labels: tuple[str, str], low: int, high: int
) -> bytes:
    fig = _new_figure(3.2)
    ax = fig.add_subplot()
    width = 0.4
    xs = list(range(len(rows)))
    before = [(x, b - low) for x, (_, b, _) in enumerate(rows) if b is not None]
    now = [(x, n - low) for x, (_, _, n) in enumerate(rows) if n is not None]
    if before:
        ax.bar([x - width / 2 for x, _ in before], [h for _, h in before], bottom=low, width=width,
               color=_PREVIOUS, hatch="...", edgecolor="white", linewidth=0.3)  # fmt: skip
    if now:
        ax.bar([x + width / 2 for x, _ in now], [h for _, h in now], bottom=low, width=width, color=_MET, edgecolor="white", linewidth=0.3)
    handles = [
        Patch(facecolor=_PREVIOUS, hatch="...", edgecolor="white", label=labels[0]),
        Patch(facecolor=_MET, label=labels[1]),
    ]
    ax.set_xticks(xs)
    ax.set_xticklabels([r[0] for r in rows], rotation=90)
    ax.set_xlim(-0.7, max(len(rows) - 0.3, 0.3))
    style_score_axes(ax, low, high)
    ax.set_ylabel("Score", fontsize=_FONT)
    ax.legend(handles=handles, fontsize=_FONT - 1, loc="upper center", ncols=2, frameon=False, bbox_to_anchor=(0.5, 1.0))
    return _png(fig)


def comparison_alt_text(ret: Return, previous: Return, framework: Framework,
                        previous_framework: Framework | None = None) -> str:
    """What the comparison chart shows: how many scores went up, down or stayed."""
    now, before = scale_scores(ret, framework), last_year(previous, framework, previous_framework)
    up, down, same, gaps, uncompared = [], [], 0, 0, 0
    for d in framework.descriptors:
        a, b = before[d.id].score, now.get(d.id)
        if before[d.id].pairing.compare_with is None:
            uncompared += 1
        elif a is None or b is None:
            gaps += 1
        elif b > a:
            up.append(f"{d.id} ({a} to {b})")
        elif b < a:
            down.append(f"{d.id} ({a} to {b})")
        else:
            same += 1
    then, this = _year_label(previous, "last year"), _year_label(ret, "this year")
    text = (
        f"Grouped bar chart comparing {this} scores with {then} for {len(framework.descriptors)} descriptors: "
        f"{len(up)} up, {len(down)} down, {same} unchanged"
    )
    text += f", {gaps} not comparable (not scored in one of the years)" if gaps else ""
    text += (f", {uncompared} not compared (new or merged since last year's edition, or no crosswalk from it)"
             if uncompared else "")
    text += "."
    if up:
        text += " Up: " + ", ".join(up) + "."
    if down:
        text += " Down: " + ", ".join(down) + "."
    return text


def clear_cache() -> None:
    """Forget every cached chart (for tests and long-running processes that want memory back)."""
    _render_profile.cache_clear()
    _render_earned_autonomy.cache_clear()
    _render_comparison.cache_clear()


__all__ += ["clear_cache"]
