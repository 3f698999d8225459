"""The department's figures across areas (issue 16): from the sent returns that permit it.

Pure: the figures of each area's latest version sent (``SentFigures``) in, one ``National`` out.
An area that did not give the department its permission is never passed in: it is only counted
(``withheld``). The medians, spreads and action-learning sets are the toolkit's figures, not the
guide's (the guide says only that the national team groups areas that chose the same priority
descriptors, 003 line 1297).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median
from typing import Any

from app.domain.framework import Framework
from app.domain.sharing import SentFigures

#: An action-learning set is this many areas or more sharing one priority descriptor (the toolkit's choice).
SMALLEST_SET = 2


@dataclass(frozen=True)
class Spread:
    """One descriptor's scores across the areas included."""

    descriptor_id: str
    n: int
    median: float | None
    minimum: int | None
    maximum: int | None
    counts: Mapping[int, int]  # every score on the scale, 0 where no area gave it


@dataclass(frozen=True)
class National:
    year: int
    areas_sent: int
    areas_included: tuple[str, ...]
    areas_withheld: int
    descriptors: tuple[Spread, ...]
    eligible: int
    not_eligible: int
    data_models: Mapping[int | None, int]  # None: the return gave none
    priorities: tuple[tuple[str, int], ...]  # most chosen first
    action_learning_sets: Mapping[str, tuple[str, ...]]

    def spread(self, descriptor_id: str) -> Spread:
        return next(s for s in self.descriptors if s.descriptor_id == descriptor_id)


def _spread(descriptor_id: str, scores: list[int], scale: tuple[int, ...]) -> Spread:
    counted = Counter(scores)
    return Spread(descriptor_id, len(scores), median(scores) if scores else None,
                  min(scores) if scores else None, max(scores) if scores else None,
                  {score: counted.get(score, 0) for score in scale})


def national_figures(year: int, included: Iterable[SentFigures], withheld: int, guide: Framework) -> National:
    """The figures of the areas included, read against ``guide`` (the edition of the year's
    returns): a descriptor the edition does not have is left out."""
    areas = sorted(included, key=lambda f: f.area.lower())
    scale = guide.scale.scores
    spreads = tuple(
        _spread(d.id, [s for f in areas if (s := f.scores.get(d.id)) is not None and s in scale], scale)
        for d in guide.descriptors
    )
    chosen: dict[str, list[str]] = {}
    for f in areas:
        for descriptor_id in dict.fromkeys(f.priorities):  # the same descriptor twice counts once
            chosen.setdefault(descriptor_id, []).append(f.area)
    order = {d.id: i for i, d in enumerate(guide.descriptors)}
    most = sorted(chosen.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], len(order)), kv[0]))
    models = Counter(f.data_model for f in areas)
    return National(
        year=year, areas_sent=len(areas) + withheld, areas_included=tuple(f.area for f in areas),
        areas_withheld=withheld, descriptors=spreads,
        eligible=sum(1 for f in areas if f.earned_autonomy_eligible is True),
        not_eligible=sum(1 for f in areas if f.earned_autonomy_eligible is False),
        data_models=dict(sorted(models.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        priorities=tuple((d, len(names)) for d, names in most),
        action_learning_sets={d: tuple(names) for d, names in most if len(names) >= SMALLEST_SET},
    )


def _number(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def national_json(n: National) -> dict[str, Any]:
    """The figures as ``ehsg national --json`` prints them (the shape issue 16 gives)."""
    return {
        "year": n.year,
        "areas_sent": n.areas_sent,
        "areas_included": list(n.areas_included),
        "areas_withheld": n.areas_withheld,
        "descriptors": {s.descriptor_id: {"n": s.n, "median": _number(s.median), "min": s.minimum, "max": s.maximum,
                                          "counts": {str(k): v for k, v in s.counts.items()}}
                        for s in n.descriptors},
        "earned_autonomy": {"eligible": n.eligible, "not_eligible": n.not_eligible},
        "priorities": dict(n.priorities),
        "action_learning_sets": {k: list(v) for k, v in n.action_learning_sets.items()},
    }
