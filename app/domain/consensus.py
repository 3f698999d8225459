"""Reaching a partnership score from many people's answers.

The guide asks areas to "work as a partnership to identify on average their score for the
individual descriptors" (seed 003, line 111), whether in multi-agency workshops, through
individual interviews or by peer review (line 44). This module summarises the scores that
stakeholders give one descriptor so a workshop can see where it agrees and where it does not.

Figures:

- ``count`` scored answers; "don't know" answers (score None) are counted apart in
  ``dont_know`` and take no part in any figure;
- ``mean``, ``median``, ``modes`` (every most common score, ascending), ``minimum``,
  ``maximum``, ``spread`` (maximum - minimum);
- quartiles ``q1`` and ``q3`` by the *inclusive* method (``statistics.quantiles(method=
  "inclusive")``, the same as numpy's default linear method and Excel's QUARTILE.INC): the
  scores are treated as the whole population, so q1 and q3 always lie between the minimum
  and the maximum and the middle quartile is the median. With one answer q1 = q3 = that
  score. ``iqr`` = q3 - q1;
- ``disagreement``: spread at least ``spread_threshold`` (3 by default) or IQR at least
  ``iqr_threshold`` (2 by default), a cue for the facilitator to discuss before settling;
- ``histogram``: how many answers gave each score 0..5;
- ``suggested``: the median, a half rounded down (2.5 suggests 2): a cautious starting
  point for the discussion, not the partnership's decision;
- ``by_group``: the same figures per stakeholder group (e.g. "Health", "Police").

With no scored answers every figure is None (``modes`` empty) and ``disagreement`` is False.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

__all__ = ["Answer", "Consensus", "ConsensusSettings", "consensus"]


@dataclass(frozen=True)
class Answer:
    """One person's answer for one descriptor: a score, or None for "don't know", and the
    stakeholder group they speak for (optional)."""

    score: int | None
    group: str | None = None


@dataclass(frozen=True)
class ConsensusSettings:
    """When to flag disagreement, and the top of the scale (5 in the 2022 guide)."""

    spread_threshold: int = 3
    iqr_threshold: float = 2
    max_score: int = 5

    def __post_init__(self) -> None:
        if self.spread_threshold < 1 or self.iqr_threshold <= 0:
            raise ValueError("The disagreement thresholds must be above zero")
        if self.max_score < 1:
            raise ValueError("The scale must go above zero")


@dataclass(frozen=True)
class Consensus:
    """Summary figures for the answers to one descriptor (see the module docstring)."""

    count: int
    dont_know: int
    mean: float | None
    median: float | None
    modes: tuple[int, ...]
    minimum: int | None
    maximum: int | None
    spread: int | None
    q1: float | None
    q3: float | None
    iqr: float | None
    disagreement: bool
    histogram: tuple[int, ...]
    suggested: int | None
    by_group: Mapping[str, Consensus] = field(default_factory=lambda: MappingProxyType({}))


def _summarise(scores: list[int], dont_know: int, settings: ConsensusSettings) -> Consensus:
    histogram = [0] * (settings.max_score + 1)
    for score in scores:
        histogram[score] += 1
    if not scores:
        return Consensus(
            count=0, dont_know=dont_know, mean=None, median=None, modes=(), minimum=None, maximum=None,
            spread=None, q1=None, q3=None, iqr=None, disagreement=False, histogram=tuple(histogram), suggested=None,
        )
    ordered = sorted(scores)
    median = float(statistics.median(ordered))
    if len(ordered) == 1:
        q1 = q3 = float(ordered[0])
    else:
        q1, _, q3 = (float(q) for q in statistics.quantiles(ordered, n=4, method="inclusive"))
    low, high = ordered[0], ordered[-1]
    spread = high - low
    iqr = q3 - q1
    return Consensus(
        count=len(ordered),
        dont_know=dont_know,
        mean=statistics.fmean(ordered),  # correctly rounded, so within minimum..maximum
        median=median,
        modes=tuple(sorted(statistics.multimode(ordered))),
        minimum=low,
        maximum=high,
        spread=spread,
        q1=q1,
        q3=q3,
        iqr=iqr,
        disagreement=spread >= settings.spread_threshold or iqr >= settings.iqr_threshold,
        histogram=tuple(histogram),
        suggested=math.floor(median),
    )


def _split(answers: Iterable[Answer], settings: ConsensusSettings) -> tuple[list[int], int]:
    scores: list[int] = []
    dont_know = 0
    for answer in answers:
        score = answer.score
        if score is None:
            dont_know += 1
        elif isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= settings.max_score:
            raise ValueError(
                f"A score must be a whole number from 0 to {settings.max_score}, or None for don't know; not {score!r}"
            )
        else:
            scores.append(score)
    return scores, dont_know


def consensus(answers: Iterable[Answer], settings: ConsensusSettings = ConsensusSettings()) -> Consensus:
    """Summarise the answers to one descriptor, overall and per stakeholder group.

    Answers without a group count overall only. Groups are listed in alphabetical order.
    Raises ValueError for a score that is not a whole number on the scale.
    """
    answers = list(answers)
    scores, dont_know = _split(answers, settings)
    overall = _summarise(scores, dont_know, settings)
    groups: dict[str, list[Answer]] = {}
    for answer in answers:
        if answer.group is not None:
            groups.setdefault(answer.group, []).append(answer)
    by_group = {name: _summarise(*_split(groups[name], settings), settings) for name in sorted(groups)}
    return replace(overall, by_group=MappingProxyType(by_group))
