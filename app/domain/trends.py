"""A partnership's figures across every year it holds: what a strategic lead reports to the board.

From the returns of every year held (scored here or imported), :func:`trends` works out:

- every descriptor's score per year, and every section's figure per year (the median of its
  descriptors' scores that year);
- the distance travelled: the change from the first year with a figure to the latest year with
  one (the toolkit's rule; the guide names no measure);
- Earned Autonomy readiness by year: thresholds met of those required, under the prospectus
  that applies to that year (None when the year's edition has no thresholds);
- each year's priority descriptors, and whether they rose the following year held.

Descriptors are followed through the years as the latest year's edition numbers them. Each
step back from one year to the year before goes through :func:`app.domain.crosswalk.pairing`,
so across an edition change a descriptor is compared only with what the edition's crosswalk
says it was, and the change is noted; within one edition each descriptor pairs with itself.
When a step finds nothing to compare with (a new or merged descriptor, no crosswalk), the
earlier years show no figure for it.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Literal

from app.domain.crosswalk import Pairing, earlier_terms, pairing
from app.domain.earned_autonomy import check_earned_autonomy, prospectus_year
from app.domain.framework import Framework
from app.domain.returns import Return

__all__ = [
    "DISTANCE_RULE",
    "DescriptorTrend",
    "Distance",
    "FollowUp",
    "PriorityOutcome",
    "Readiness",
    "SectionTrend",
    "Trends",
    "YearHeld",
    "trends",
]

DISTANCE_RULE = (
    "Distance travelled is the toolkit's measure, not the guide's: the change from the first year "
    "with a figure to the latest year with one."
)

Result = Literal["rose", "unchanged", "fell", "not scored", "not compared"]


@dataclass(frozen=True)
class Readiness:
    """Earned Autonomy Stage 1 in one year: thresholds met of those required."""

    met: int
    required: int
    prospectus: int
    #: What the thresholds are called where they show ("the Earned Autonomy prospectus").
    source: str

    @property
    def eligible(self) -> bool:
        return self.met == self.required


@dataclass(frozen=True)
class YearHeld:
    """One year's return as the trends read it (scores by that year's own edition's ids)."""

    year: int
    edition_id: str
    edition_name: str
    signed_off: bool
    scores: Mapping[str, int | None]
    priorities: tuple[str, ...]
    readiness: Readiness | None

    @property
    def scored(self) -> int:
        return sum(1 for score in self.scores.values() if score is not None)


@dataclass(frozen=True)
class Distance:
    """From the first year with a figure to the latest year with one."""

    from_year: int
    before: float
    to_year: int
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class DescriptorTrend:
    """One descriptor of the latest edition, followed back through the years.

    ``scores`` has one figure per year held (oldest first; None: not scored, or nothing to
    compare with); ``was`` the id it had in each year (None where nothing pairs); ``notes``
    say, for the year of an edition change, how the descriptor changed."""

    descriptor_id: str
    label: str
    scores: tuple[int | None, ...]
    was: tuple[str | None, ...]
    notes: tuple[tuple[int, str], ...]
    distance: Distance | None


@dataclass(frozen=True)
class SectionTrend:
    """One section of the latest edition: its descriptors' trends and its median per year."""

    section_id: str
    name: str
    descriptors: tuple[DescriptorTrend, ...]
    medians: tuple[float | None, ...]
    distance: Distance | None


@dataclass(frozen=True)
class FollowUp:
    """A priority descriptor the following year: the descriptor it became, and its two scores."""

    descriptor_id: str
    before: int | None
    after: int | None
    result: Result
    note: str | None = None


@dataclass(frozen=True)
class PriorityOutcome:
    """A priority of one year and what became of it in the next year held (``next_year`` None: none yet)."""

    year: int
    descriptor_id: str
    next_year: int | None
    follow_ups: tuple[FollowUp, ...]
    note: str | None = None

    @property
    def rose(self) -> bool | None:
        """True when every comparable follow-up rose, False when one did not, None when none compares."""
        compared = [f.result for f in self.follow_ups if f.result in ("rose", "unchanged", "fell")]
        return all(r == "rose" for r in compared) if compared else None


@dataclass(frozen=True)
class Trends:
    """A partnership's trends across every year it holds (``years`` oldest first), on the
    scale of the latest year's edition (``low`` to ``high``)."""

    area: str
    years: tuple[YearHeld, ...]
    sections: tuple[SectionTrend, ...]
    priorities: tuple[PriorityOutcome, ...]
    low: int = 0
    high: int = 5

    @property
    def year_numbers(self) -> tuple[int, ...]:
        return tuple(y.year for y in self.years)

    @property
    def descriptors(self) -> tuple[DescriptorTrend, ...]:
        return tuple(d for s in self.sections for d in s.descriptors)

    def priorities_of(self, year: int) -> tuple[PriorityOutcome, ...]:
        return tuple(p for p in self.priorities if p.year == year)


# --------------------------------------------------------------------------------------
# Working it out
# --------------------------------------------------------------------------------------


def trends(returns: Sequence[Return], frameworks: Mapping[str, Framework], area: str = "") -> Trends:
    """The trends of a partnership's returns (one per year; those with no year are left out).

    ``frameworks`` maps every edition id the returns use to its framework (KeyError if one is
    missing). Descriptors and sections follow the latest year's edition."""
    held = sorted((r for r in returns if r.year is not None), key=lambda r: r.year or 0)
    years = tuple(_year_held(r, frameworks[r.edition_id]) for r in held)
    if not years:
        return Trends(area=area, years=(), sections=(), priorities=())
    chain = tuple(frameworks[y.edition_id] for y in years)
    latest = chain[-1]
    sections = tuple(_section_trend(s.id, s.name, [d.id for d in s.descriptors], years, chain, latest)
                     for s in latest.sections)
    outcomes = tuple(o for i in range(len(years)) for o in _priority_outcomes(i, years, chain))
    return Trends(area=area or held[-1].area, years=years, sections=sections, priorities=outcomes,
                  low=latest.scale.minimum, high=latest.scale.maximum)


def _on_scale(ret: Return, framework: Framework) -> dict[str, int | None]:
    """The return's scores for the edition's descriptors; a score off the scale counts as not scored."""
    scale = set(framework.scale.scores)
    given = {a.descriptor_id: a.score for a in ret.answers if framework.has_descriptor(a.descriptor_id)}
    return {d.id: (score if (score := given.get(d.id)) in scale and not isinstance(score, bool) else None)
            for d in framework.descriptors}


def _readiness(framework: Framework, scores: Mapping[str, int | None], year: int) -> Readiness | None:
    if not framework.earned_autonomy:
        return None
    chosen = prospectus_year(framework, year)
    result = check_earned_autonomy(framework, scores, chosen)
    return Readiness(result.met, result.required, chosen, result.source)


def _year_held(ret: Return, framework: Framework) -> YearHeld:
    scores = _on_scale(ret, framework)
    year = ret.year or 0
    return YearHeld(
        year=year,
        edition_id=framework.id,
        edition_name=f"{framework.edition.title}, {framework.edition.label}",
        signed_off=ret.sign_off is not None,
        scores=scores,
        priorities=ret.priority_ids,
        readiness=_readiness(framework, scores, year),
    )


def _step(descriptor_id: str, later: Framework, earlier: Framework) -> Pairing:
    """How a descriptor of the later year's edition pairs with the year before's."""
    return pairing(descriptor_id, later.id, later.crosswalk, earlier.id, *earlier_terms(later, earlier.id, earlier))


def _descriptor_trend(descriptor_id: str, years: Sequence[YearHeld], chain: Sequence[Framework],
                      latest: Framework) -> DescriptorTrend:
    was: list[str | None] = [None] * len(years)
    notes: list[tuple[int, str]] = []
    current: str | None = descriptor_id
    for i in range(len(years) - 1, -1, -1):
        was[i] = current
        if current is None or i == 0:
            continue
        step = _step(current, chain[i], chain[i - 1])
        if step.note:
            notes.append((years[i].year, step.note))
        current = step.compare_with
    scores = tuple(years[i].scores.get(found) if found else None for i, found in enumerate(was))
    return DescriptorTrend(
        descriptor_id=descriptor_id,
        label=latest.descriptor(descriptor_id).label,
        scores=scores,
        was=tuple(was),
        notes=tuple(reversed(notes)),
        distance=_distance([y.year for y in years], scores),
    )


def _section_trend(section_id: str, name: str, descriptor_ids: Sequence[str], years: Sequence[YearHeld],
                   chain: Sequence[Framework], latest: Framework) -> SectionTrend:
    rows = tuple(_descriptor_trend(d, years, chain, latest) for d in descriptor_ids)
    medians = tuple(_median([row.scores[i] for row in rows]) for i in range(len(years)))
    return SectionTrend(section_id, name, rows, medians, _distance([y.year for y in years], medians))


def _median(scores: Sequence[int | None]) -> float | None:
    given = [s for s in scores if s is not None]
    return float(median(given)) if given else None


def _distance(year_numbers: Sequence[int], figures: Sequence[float | None]) -> Distance | None:
    known = [(year, value) for year, value in zip(year_numbers, figures, strict=True) if value is not None]
    if len(known) < 2:
        return None
    (first_year, first), (last_year, last) = known[0], known[-1]
    return Distance(first_year, float(first), last_year, float(last))


def _compare(before: int | None, after: int | None) -> Result:
    if before is None or after is None:
        return "not scored"
    return "rose" if after > before else ("fell" if after < before else "unchanged")


def _priority_outcomes(i: int, years: Sequence[YearHeld], chain: Sequence[Framework]) -> list[PriorityOutcome]:
    year = years[i]
    if i + 1 == len(years):
        return [PriorityOutcome(year.year, p, None, ()) for p in year.priorities]
    after, later = years[i + 1], chain[i + 1]
    steps = {d.id: _step(d.id, later, chain[i]) for d in later.descriptors}
    outcomes = []
    for p in year.priorities:
        before = year.scores.get(p)
        follow_ups = tuple(
            FollowUp(d, before, after.scores.get(d), _compare(before, after.scores.get(d)), step.note)
            if step.compare_with == p else FollowUp(d, before, after.scores.get(d), "not compared", step.note)
            for d, step in steps.items() if p in step.earlier
        )
        note = None if follow_ups else f"Not compared: {p} has no successor in the {after.year} return's edition."
        outcomes.append(PriorityOutcome(year.year, p, after.year, follow_ups, note))
    return outcomes
