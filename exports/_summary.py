"""What every writer works out from a return in the same way: scores on the scale, the
Earned Autonomy check, the priority check, the descriptor rows of the spreadsheets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.crosswalk import EarlierAnswer, earlier_terms, pair_earlier_year
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
    "last_year",
    "last_year_note",
    "last_year_text",
    "LAST_YEAR_NOTE",
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


#: Heads the notes wherever last year's scores are of another edition than this year's.
LAST_YEAR_NOTE = ("How each descriptor changed since last year's edition, as this edition's crosswalk says "
                  "(the toolkit's wording, not part of the guide)")


def last_year(previous: Return, framework: Framework, previous_framework: Framework | None = None) -> dict[str, EarlierAnswer]:
    """Last year's scores beside this edition's descriptors, paired through the edition's
    crosswalk (:func:`app.domain.crosswalk.pair_earlier_year`): within one edition each
    descriptor with itself. ``previous_framework`` is last year's edition (for its scale and
    its name in the notes); without it, last year's whole-number scores are taken as given."""
    if previous.edition_id == framework.id:
        previous_framework = framework
    if previous_framework is not None:
        scores = scale_scores(previous, previous_framework)
    else:
        scores = {a.descriptor_id: a.score for a in previous.answers
                  if isinstance(a.score, int) and not isinstance(a.score, bool)}
    return pair_earlier_year((d.id for d in framework.descriptors), framework.id, framework.crosswalk,
                             previous.edition_id, scores, *earlier_terms(framework, previous.edition_id, previous_framework))


def last_year_text(answer: EarlierAnswer) -> str | int:
    """Last year's score as a cell shows it: the score, "Not scored", "Not comparable" (new,
    or no crosswalk), or each merged descriptor's score."""
    if not answer.comparable:
        return "Not comparable"
    if answer.pairing.compare_with is None:
        return "; ".join(f"{e}: {'not scored' if s is None else s}" for e, s in answer.scores)
    return "Not scored" if answer.score is None else answer.score


def last_year_note(answer: EarlierAnswer) -> str:
    """The pairing's note, with each merged descriptor's score after it ("" when unchanged)."""
    note = answer.note or ""
    if answer.comparable and answer.pairing.compare_with is None:
        note += f" Last year: {last_year_text(answer)}."
    return note


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
    ret: Return, framework: Framework, previous: Return | None = None, previous_framework: Framework | None = None
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The header and one row per descriptor of the edition, in the guide's order.

    With ``previous``, two more columns: last year's score and the change, paired through the
    edition's crosswalk (:func:`last_year`); when last year is of another edition, a third:
    how the descriptor changed. Values are Python values (str, int, float or None); the writer
    makes text cells safe.
    """
    scores = scale_scores(ret, framework)
    minimums: Mapping[str, int] = framework.thresholds(prospectus_year(framework, ret.year))
    position: dict[str, int] = {}
    for i, pid in enumerate(ret.priority_ids, start=1):
        position.setdefault(pid, i)
    before = last_year(previous, framework, previous_framework) if previous is not None else {}
    noted = previous is not None and previous.edition_id != framework.id
    headers = descriptor_headers(framework) + (("Last year's score", "Change since last year") if previous is not None else ())
    headers += (LAST_YEAR_NOTE,) if noted else ()
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
                last = before[d.id]
                row += [last.score, last.change(score)]
                if noted:
                    row.append(last_year_note(last))
            rows.append(row)
    return headers, rows
