"""Percentiles, medians and a plain-text table."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable


class Samples:
    """Durations in seconds."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def add(self, seconds: float) -> None:
        self.values.append(seconds)

    @property
    def count(self) -> int:
        return len(self.values)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile (p in 0..100) in seconds; 0 when empty."""
        if not self.values:
            return 0.0
        ordered = sorted(self.values)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    def ms(self, p: float) -> float:
        return round(self.percentile(p) * 1000, 1)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else 0.0


def timed(action: Callable[[], object], runs: int, warm_up: int = 1, before: Callable[[], object] | None = None) -> Samples:
    """Run ``action`` ``warm_up`` times untimed, then ``runs`` times timed (``before`` runs
    untimed ahead of each)."""
    for _ in range(warm_up):
        if before:
            before()
        action()
    samples = Samples()
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        samples.add(time.perf_counter() - started)
    return samples


def table(title: str, header: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=False)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(cells[0]), rule, *(line(r) for r in cells[1:])])
