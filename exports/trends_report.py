"""The trends as `ehsg trends` prints them: JSON figures, or readable text.

The JSON is ``{"partnership": ..., "years": [2022, ...], "descriptors": {"5.1": {"2022": 3, ...}},
"sections": {"5": {"2022": <median>, ...}}, "earned_autonomy": {"2022": {"met": n, "required": m}},
"priorities": {"2022": ["7.3", ...]}}``. Descriptors and sections are the latest year's edition's;
an earlier year's figure is that of the descriptor the crosswalk pairs it with (null: not scored,
or nothing to compare with). A year whose edition has no Earned Autonomy thresholds has null.
"""

from __future__ import annotations

from typing import Any

from app.domain.trends import DISTANCE_RULE, PriorityOutcome, Trends
from app.domain.workshops import figure
from exports.trends_charts import distance_words

__all__ = ["priority_words", "trends_figures", "trends_text"]


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def trends_figures(t: Trends) -> dict[str, Any]:
    """The trends as plain JSON-ready figures."""
    years = [str(y) for y in t.year_numbers]
    return {
        "partnership": t.area,
        "years": list(t.year_numbers),
        "descriptors": {d.descriptor_id: dict(zip(years, d.scores, strict=True)) for d in t.descriptors},
        "sections": {s.section_id: {y: _number(m) for y, m in zip(years, s.medians, strict=True)} for s in t.sections},
        "earned_autonomy": {
            str(y.year): None if y.readiness is None else {"met": y.readiness.met, "required": y.readiness.required}
            for y in t.years
        },
        "priorities": {str(y.year): list(y.priorities) for y in t.years},
    }


def priority_words(outcome: PriorityOutcome) -> str:
    """What became of a priority the following year, in a few words."""
    if outcome.next_year is None:
        return "no later year held yet"
    if not outcome.follow_ups:
        return outcome.note or "not compared"
    parts = []
    for f in outcome.follow_ups:
        named = f"as {f.descriptor_id} " if f.descriptor_id != outcome.descriptor_id else ""
        if f.result in ("rose", "fell", "unchanged"):
            parts.append(f"{named}{f.result} ({f.before} to {f.after})".strip())
        else:
            parts.append(f"{named}{f.result}".strip())
    return f"in {outcome.next_year}: " + "; ".join(parts)


def trends_text(t: Trends) -> str:
    """The trends as readable lines of text."""
    if not t.years:
        return f"{t.area}: no returns held yet."
    lines = [f"{t.area}: {len(t.years)} years held ({', '.join(str(y) for y in t.year_numbers)})", ""]
    lines.append("Years")
    for y in t.years:
        ready = "no Earned Autonomy thresholds" if y.readiness is None else (
            f"Earned Autonomy {y.readiness.met} of {y.readiness.required} met")
        status = "signed off" if y.signed_off else "not signed off"
        lines.append(f"  {y.year}  {y.edition_name}; {status}; {y.scored} scored; {ready}")
    lines += ["", "Sections (median by year; distance travelled)"]
    for s in t.sections:
        medians = ", ".join(figure(m) for m in s.medians)
        lines.append(f"  {s.section_id} {s.name}: {medians}; {distance_words(s.distance)}")
    lines += ["", "Descriptors (score by year; distance travelled)"]
    for d in t.descriptors:
        shown = ", ".join("–" if v is None else str(v) for v in d.scores)
        lines.append(f"  {d.descriptor_id}: {shown}; {distance_words(d.distance)}")
        lines += [f"      {year}: {note}" for year, note in d.notes]
    lines += ["", "Priorities"]
    for y in t.years:
        chosen = t.priorities_of(y.year)
        if not chosen:
            lines.append(f"  {y.year}: none chosen")
        for p in chosen:
            lines.append(f"  {y.year} {p.descriptor_id}: {priority_words(p)}")
    lines += ["", DISTANCE_RULE]
    return "\n".join(lines)
