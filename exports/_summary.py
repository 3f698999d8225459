"""What every writer works out from a return in the same way: scores on the scale, the
Earned Autonomy check, the priority check, the descriptor rows of the spreadsheets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.earned_autonomy import EarnedAutonomyResult, check_earned_autonomy, prospectus_year
from app.domain.framework import Framework
from app.domain.priorities import PriorityCheck, check_priorities, explain_rule
from app.domain.returns import Return
from app.domain.wording import yes_no

__all__ = [
    "DESCRIPTOR_HEADERS",
    "PriorityStatus",
    "descriptor_headers",
    "descriptor_rows",
    "earned_autonomy",
    "format_median",
    "priority_status",
    "scale_scores",
    "score_label",
    "toolkit_wording",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def scale_scores(ret: Return, framework: Framework) -> dict[str, int | None]:
    """The return's scores for this edition's descriptors, None where not scored or off the
    scale (a writer shows what is there; it does not fail on a bad score)."""
    on_scale = set(framework.scale.scores)
    out: dict[str, int | None] = {}
    for answer in ret.answers:
        if framework.has_descriptor(answer.descriptor_id):
            score = answer.score
            ok = isinstance(score, int) and not isinstance(score, bool) and score in on_scale
            out[answer.descriptor_id] = score if ok else None
    return out


def earned_autonomy(ret: Return, framework: Framework, year: int | None = None) -> EarnedAutonomyResult:
    return check_earned_autonomy(framework, scale_scores(ret, framework), year if year is not None else prospectus_year(framework, ret.year))


@dataclass(frozen=True)
class PriorityStatus:
    """The priority rule for this return, in words, and the check of its choices (None when
    the data model is not recorded, so the rule cannot be applied)."""

    data_model: int | None
    rule: str
    check: PriorityCheck | None

    @property
    def summary(self) -> str:
        if self.check is None:
            return "The data model is not recorded, so the choice of priorities cannot be checked against the rule."
        if self.check.valid:
            return "The priority descriptors follow the rule."
        return "The priority descriptors do not follow the rule: " + "; ".join(self.check.problems) + "."


def priority_status(ret: Return, framework: Framework) -> PriorityStatus:
    if not framework.priority_rule.by_data_model:  # "choose N from any section": no data model needed
        return PriorityStatus(None, explain_rule(framework, None), check_priorities(framework, list(ret.priority_ids), None))
    model = ret.data_model.effective
    if model is None or model not in framework.data_model_levels:
        return PriorityStatus(model, "", None)
    return PriorityStatus(model, explain_rule(framework, model), check_priorities(framework, list(ret.priority_ids), model))


def score_label(framework: Framework, score: int | None) -> str:
    """``"3 – Established in places"``; ``"Not scored"`` for None."""
    if score is None:
        return "Not scored"
    try:
        return f"{score} – {framework.scale.level(score).label}"
    except KeyError:
        return str(score)


def format_median(median: float | None) -> str:
    if median is None:
        return ""
    return f"{median:g}"


def month_year(d: Any) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


DESCRIPTOR_HEADERS = (
    "Section",
    "Section name",
    "Descriptor",
    "Title",
    "Statement",
    "Score",
    "Score label",
    "Earned Autonomy minimum",
    "Minimum met",
    "Priority",
    "What is working well and what evidence do you have?",
    "What are you prioritising next?",
    "Evidence items",
    "Workshop n",
    "Workshop median",
    "Workshop min",
    "Workshop max",
)


def toolkit_wording(framework: Framework) -> str:
    """The one short sentence that goes wherever a scale label shows ("" when the labels are
    the guide's own)."""
    return "The score labels are the toolkit's wording, not the guide's." if framework.scale.source == "toolkit" else ""


_EA_COLUMNS = ("Earned Autonomy minimum", "Minimum met")
#: Where the narrative columns stand in DESCRIPTOR_HEADERS (the 2022 edition's two prompts).
_NARRATIVES = slice(10, 12)


def descriptor_headers(framework: Framework) -> tuple[str, ...]:
    """:data:`DESCRIPTOR_HEADERS` as the edition has them: the score label's heading saying
    whose wording it is, a narrative column for each of the edition's prompts in its words (in
    place of the 2022 edition's two), and no Earned Autonomy columns for an edition without it."""
    label = "Score label (the toolkit's wording, not the guide's)" if framework.scale.source == "toolkit" else "Score label"
    headers = [label if h == "Score label" else h for h in DESCRIPTOR_HEADERS]
    headers[_NARRATIVES] = framework.prompts
    return tuple(h for h in headers if framework.has_earned_autonomy or h not in _EA_COLUMNS)


def descriptor_rows(
    ret: Return, framework: Framework, previous: Return | None = None
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The header and one row per descriptor of the edition, in the guide's order.

    With ``previous``, two more columns: last year's score and the change. Values are
    Python values (str, int, float or None); the writer makes text cells safe.
    """
    scores = scale_scores(ret, framework)
    minimums: Mapping[str, int] = framework.thresholds(prospectus_year(framework, ret.year))
    position: dict[str, int] = {}
    for i, pid in enumerate(ret.priority_ids, start=1):
        position.setdefault(pid, i)
    before = scale_scores(previous, framework) if previous is not None else {}
    headers = descriptor_headers(framework) + (("Last year's score", "Change since last year") if previous is not None else ())
    rows: list[list[Any]] = []
    for section in framework.sections:
        for d in section.descriptors:
            answer = ret.answer(d.id)
            score = scores.get(d.id)
            minimum = minimums.get(d.id)
            if minimum is None:
                met = ""
            elif score is None:
                met = "Not scored"
            else:
                met = yes_no(score >= minimum)
            ws = answer.workshop if answer else None
            row: list[Any] = [
                section.id,
                section.name,
                d.id,
                d.title or "",
                d.text,
                score,
                score_label(framework, score) if score is not None else "Not scored",
                minimum,
                met,
                position.get(d.id),
                *(answer.narrative(key) if answer else "" for key in framework.prompt_keys),
                len(answer.evidence) if answer else 0,
                ws.count if ws else None,
                ws.median if ws else None,
                ws.minimum if ws else None,
                ws.maximum if ws else None,
            ]
            if not framework.has_earned_autonomy:
                del row[7:9]  # the Earned Autonomy columns (_EA_COLUMNS)
            if previous is not None:
                last = before.get(d.id)
                row += [last, (score - last) if score is not None and last is not None else None]
            rows.append(row)
    return headers, rows
