"""The Word document's closing sections, after the descriptors: Earned Autonomy Stage 1
(the thresholds table and chart), Selection of Descriptors (the rule for the area's data
model, the data model statement in the guide's words, the priority descriptors with their
rationale) and Permission to Share (each question and its answer). Written with
:class:`exports.docx_document.DocxBuilder`; the data model sentences, the priority lines and
the permission answers use the guide's wording, so that :mod:`exports.guide_closing` reads
them back."""

from __future__ import annotations

from app.domain.wording import NOT_ANSWERED, yes_no
from exports import charts
from exports._layout import ORDINALS
from exports._summary import month_year
from exports.docx_document import DocxBuilder, descriptor_heading, paragraph, run

__all__ = ["write_closing"]


def write_closing(b: DocxBuilder) -> None:
    """Earned Autonomy, Selection of Descriptors and Permission to Share, in that order."""
    _earned_autonomy(b)
    _selection(b)
    _permissions(b)


def _earned_autonomy(b: DocxBuilder) -> None:
    fw, ea = b.fw, b.ea
    b.heading("Earned Autonomy Criteria and Eligibility – for information only", 1)
    b.para(
        f"The minimum score on each of these {ea.required} descriptors before the national team may invite "
        f"an area to apply for Earned Autonomy status (Stage 1, {ea.year} prospectus). Every minimum must be met."
    )
    b.para(ea.summary + ".", bold=True)
    rows = []
    for r in ea.descriptors:
        met = "Not scored" if r.missing else ("Yes" if r.met else f"No ({r.gap} below)")
        score = "Not scored" if r.score is None else r.score
        rows.append((descriptor_heading(fw.descriptor(r.descriptor_id)), r.minimum, score, met))
    b.table(["Descriptor", "Minimum score", "Score", "Met"], rows, [3.9, 1.0, 0.9, 1.1])
    b.picture(
        charts.earned_autonomy_chart(b.ret, fw, ea.year),
        charts.earned_autonomy_alt_text(b.ret, fw, ea.year),
        "Score against the Earned Autonomy Stage 1 minimum",
    )


def _selection(b: DocxBuilder) -> None:
    ret, fw, area = b.ret, b.fw, b.area
    b.heading("Selection of Descriptors", 1)
    status = b.priorities
    if status.rule:
        b.para(status.rule)
    b.heading("Data model", 2)
    dm = ret.data_model
    when = f"the {month_year(dm.survey_date)} data survey" if dm.survey_date else "the data survey"
    model = "Not recorded" if dm.submitted is None else b.model_name(dm.submitted)
    b.para(f"{area}'s data model (as submitted in {when}): {model}")
    since = f" in {month_year(dm.survey_date)}" if dm.survey_date else ""
    if dm.changed is None:
        answer = NOT_ANSWERED + "."
    elif dm.changed:
        answer = "Yes."
        if dm.current is not None:
            answer += f" Current data model: {b.model_name(dm.current)}."
    else:
        answer = "No."
    b.para(f"Do you think that {area}'s data model has changed since you submitted the data survey{since}? {answer}")
    if dm.change_reason.strip():
        b.labelled("Reason: ", dm.change_reason)
    b.heading("Priority descriptors", 2)
    if not ret.priorities:
        b.para("No priority descriptors chosen.")
    for i, choice in enumerate(ret.priorities):
        ordinal = ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
        try:
            name = f"{choice.descriptor_id} – {fw.section_of(choice.descriptor_id).name}"
        except KeyError:
            name = f"{choice.descriptor_id} – not a descriptor of {fw.edition.title}"
        b.para(f"Descriptor {ordinal}: {name}", bold=i < fw.priority_rule.required)
        if choice.rationale.strip():
            b.labelled("Rationale: ", choice.rationale)
    b.para(status.summary, italic=True)


def _permissions(b: DocxBuilder) -> None:
    b.heading("Permission to Share", 1)
    for permission in b.fw.permissions:
        if permission.context:
            b.para(permission.context)
        value = getattr(b.ret.permissions, permission.key, None)
        b.buf.append(paragraph(run(permission.question + ": ") + run(yes_no(value) + ".", bold=True)))
