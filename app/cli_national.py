"""`ehsg national [--year Y] [--json]`: the department's figures across the areas that permit it."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from app.cli import fail
from app.domain.national import National, national_json
from app.domain.wording import plural


def national_text(n: National) -> str:
    """The figures for a person to read."""
    lines = [f"Returns sent to the department for {n.year}: {plural(n.areas_sent, 'area')} sent, "
             f"{len(n.areas_included)} included, {n.areas_withheld} withheld (no permission to share with the department)."]
    if not n.areas_included:
        return "\n".join(lines)
    lines += ["Areas included: " + ", ".join(n.areas_included), "",
              "Scores across areas (the toolkit's figures, not the guide's):",
              f"  {'descriptor':<10} {'n':>3} {'median':>6} {'min':>3} {'max':>3}  counts by score"]
    for s in n.descriptors:
        median = "-" if s.median is None else f"{s.median:g}"
        low, high = ("-" if v is None else str(v) for v in (s.minimum, s.maximum))
        counts = " ".join(f"{score}:{count}" for score, count in s.counts.items())
        lines.append(f"  {s.descriptor_id:<10} {s.n:>3} {median:>6} {low:>3} {high:>3}  {counts}")
    lines += ["", f"Earned Autonomy Stage 1: {n.eligible} eligible, {n.not_eligible} not eligible",
              "Data models: " + ", ".join(f"{'not given' if k is None else f'model {k}'}: {plural(v, 'area')}"
                                          for k, v in n.data_models.items()),
              "Priorities chosen most: " + (", ".join(f"{d} ({c})" for d, c in n.priorities) or "none"),
              "Action-learning sets (areas sharing a priority descriptor; the toolkit's, not the guide's):"]
    lines += [f"  {d}: {', '.join(areas)}" for d, areas in n.action_learning_sets.items()] or ["  none"]
    return "\n".join(lines)


@click.command("national")
@click.option("--year", type=int, default=None, help="The year (default: the latest year a return was sent for).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def national_command(year: int | None, as_json: bool):
    """The figures across the areas whose latest return sent permits the department now."""
    from app.services import national

    try:
        _, figures = national.department(year)
    except LookupError as problem:
        fail(f"{problem}. Years sent: {', '.join(map(str, national.years_sent())) or 'none'}")
    if figures is None:
        fail("No return has been sent yet")
    click.echo(json.dumps(national_json(figures), ensure_ascii=False) if as_json else national_text(figures))
