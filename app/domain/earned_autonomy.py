"""Earned Autonomy, Stage 1: is the area eligible to be invited to apply?

The guide's "Earned Autonomy Criteria and Eligibility - for information only" section (seed
003, lines 1194-1252) lists the minimum score an area must reach on nine descriptors "before
the national team may invite you to apply for Earned Autonomy status", as published in the
Earned Autonomy prospectus. In the 2022 edition they are 5.1, 6.1, 8.1, 9.1, 9.3 and 9.4
at 4 or more, and 6.3, 8.3 and 9.7 at 3 or more. Every threshold must be met.

The thresholds are data (``earned_autonomy`` in the framework file), keyed by the year from
which they apply, and named where they show as the file's ``earned_autonomy_sources`` names
them (the guide gives no prospectus year, so none is invented); this module only applies them,
and says which year's thresholds apply to an assessment year (:func:`prospectus_year`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.framework import Framework, validate_scores

__all__ = ["NO_PROSPECTUS", "EarnedAutonomyResult", "ThresholdResult", "check_earned_autonomy", "prospectus_year"]


#: The "prospectus year" of an edition without Earned Autonomy: it has no thresholds.
NO_PROSPECTUS = 0


def prospectus_year(framework: Framework, year: int | None) -> int:
    """The Earned Autonomy prospectus year whose thresholds apply to an assessment of ``year``.

    A prospectus stays in force until a later one replaces it, so the rule is: the latest
    prospectus year not after the assessment's year; if every prospectus is later than the
    assessment, the earliest one (the nearest there is); when the assessment's year is not
    known (None), the latest. With prospectuses for 2022 and 2024, an assessment of 2023 is
    checked against 2022, one of 2024 or 2025 against 2024, and one of 2021 against 2022.

    Every page, chart and export that shows the thresholds for an assessment uses this rule.
    An edition with no Earned Autonomy at all gives 0 (no prospectus): its thresholds are none.
    """
    years = framework.threshold_years
    if not years:
        return NO_PROSPECTUS
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@dataclass(frozen=True)
class ThresholdResult:
    """One threshold: the area's score against the minimum.

    ``gap`` is how far the score is below the minimum (0 when met); an unscored descriptor
    has ``missing`` set, is not met, and its gap is the whole minimum.
    """

    descriptor_id: str
    score: int | None
    minimum: int
    met: bool
    gap: int
    missing: bool


@dataclass(frozen=True)
class EarnedAutonomyResult:
    """The Stage 1 check for one prospectus year.

    ``met`` counts the thresholds met, ``required`` is how many there are (all must be met),
    ``missing`` lists the threshold descriptors not scored yet, ``summary`` says it in one line.
    """

    year: int
    #: What these thresholds are called where they show ("the Earned Autonomy prospectus").
    source: str
    descriptors: tuple[ThresholdResult, ...]
    met: int
    required: int
    eligible: bool
    missing: tuple[str, ...]
    summary: str

    @property
    def unmet(self) -> tuple[ThresholdResult, ...]:
        """The thresholds not met yet (scored too low or not scored), in guide order."""
        return tuple(r for r in self.descriptors if not r.met)


def check_earned_autonomy(
    framework: Framework,
    scores: Mapping[str, int | None],
    year: int | None = None,
) -> EarnedAutonomyResult:
    """Check the area's scores against the Earned Autonomy Stage 1 minimums.

    ``scores`` maps descriptor id to score (None or absent = not scored yet); ``year`` is the
    prospectus year, the latest in the framework file when None. Results are in guide order.
    Raises ValueError for an unknown descriptor id or a score off the scale, and
    :class:`~app.domain.framework.UnknownThresholdYear` (a KeyError) for an unknown year.
    """
    checked = validate_scores(framework, scores)
    if not framework.has_earned_autonomy:
        return EarnedAutonomyResult(year=NO_PROSPECTUS, source="", descriptors=(), met=0, required=0, eligible=False, missing=(),
                                    summary="This edition of the guide has no Earned Autonomy thresholds")
    if year is None:
        year = framework.latest_threshold_year
    minimums = framework.thresholds(year)
    results = []
    for descriptor_id in sorted(minimums, key=framework.order_of):
        minimum = minimums[descriptor_id]
        score = checked.get(descriptor_id)
        if score is None:
            results.append(ThresholdResult(descriptor_id, None, minimum, met=False, gap=minimum, missing=True))
        else:
            results.append(
                ThresholdResult(descriptor_id, score, minimum, met=score >= minimum, gap=max(0, minimum - score), missing=False)
            )
    met = sum(r.met for r in results)
    required = len(results)
    eligible = met == required
    missing = tuple(r.descriptor_id for r in results if r.missing)
    summary = f"{met} of {required} thresholds met: " + (
        "eligible to be invited to apply" if eligible else "not yet eligible to be invited to apply"
    )
    if missing:
        summary += f"; {len(missing)} not scored yet"
    return EarnedAutonomyResult(
        year=year,
        source=framework.threshold_source(year),
        descriptors=tuple(results),
        met=met,
        required=required,
        eligible=eligible,
        missing=missing,
        summary=summary,
    )
