"""The Word document's closing sections of the guide's form, after the descriptors: Earned
Autonomy Criteria (the guide's table of minimum scores), Selection of Descriptors (the
guide's methodology text and its list of data models from the edition file, the data model
statement in the guide's words, exactly the form's priority slots "Descriptor one/two/three"
and any further optional priorities under a heading of their own) and Permission to Share
(each question and its answer). The toolkit's checks are not here (they are in
:mod:`exports.docx_toolkit`). Written with
:class:`exports.docx_document.DocxBuilder`; the data model sentences, the priority lines and
the permission answers use the guide's wording, so that :mod:`exports.guide_closing` reads
them back."""

from __future__ import annotations

from app.domain.wording import NOT_ANSWERED, yes_no
from exports._layout import FURTHER_PRIORITY, ORDINALS
from exports._summary import month_year
from exports.docx_document import DocxBuilder, descriptor_heading, paragraph, run

__all__ = ["write_closing"]


def write_closing(b: DocxBuilder) -> None:
    """Earned Autonomy (if the edition has it), Selection of Descriptors and Permission to
    Share, in that order."""
    if b.fw.has_earned_autonomy:
        _earned_autonomy(b)
    _selection(b)
    _permissions(b)


def _earned_autonomy(b: DocxBuilder) -> None:
    """The guide's table of minimum scores; whether they are met is the toolkit's check."""
    fw = b.fw
    b.heading("Earned Autonomy Criteria and Eligibility – for information only", 1)
    minimums = fw.thresholds(b.ea.year)
    rows = [(descriptor_heading(d), minimums[d.id]) for d in fw.descriptors if d.id in minimums]
    b.table(["Descriptor", "Minimum score"], rows, [5.9, 1.0])


def _selection(b: DocxBuilder) -> None:
    rule = b.fw.priority_rule
    b.heading("Selection of Descriptors", 1)
    for text in rule.methodology:
        b.para(text)
    if b.fw.has_data_models:
        _data_model(b)
    _priorities(b)


def _data_model(b: DocxBuilder) -> None:
    ret, fw, area = b.ret, b.fw, b.area
    rule = fw.priority_rule
    dm = ret.data_model
    when = f"the {month_year(dm.survey_date)} data survey" if dm.survey_date else "the data survey"
    model = "Not recorded" if dm.submitted is None else str(dm.submitted)
    b.para(f"{area}'s data model (as submitted in {when}): {model}")
    if rule.data_models_intro:
        b.para(rule.data_models_intro)
    for m in fw.data_models:
        b.para(f"Data Model {m.level}: {m.name} – {m.definition}")
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


def _priorities(b: DocxBuilder) -> None:
    ret = b.ret
    required = b.fw.priority_rule.required
    for i in range(required):
        ordinal = ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
        choice = ret.priorities[i] if i < len(ret.priorities) else None
        b.para(f"Descriptor {ordinal}: {_name(b, choice.descriptor_id) if choice else 'Not chosen'}")
        if choice is not None and choice.rationale.strip():
            b.labelled("Rationale: ", choice.rationale)
    further = ret.priorities[required:]
    if further:
        b.heading("Further priority descriptors (optional)", 2)
        for n, choice in enumerate(further, start=1):
            b.para(f"{FURTHER_PRIORITY} {n}: {_name(b, choice.descriptor_id)}")
            if choice.rationale.strip():
                b.labelled("Rationale: ", choice.rationale)


def _name(b: DocxBuilder, descriptor_id: str) -> str:
    try:
        return f"{descriptor_id} – {b.fw.section_of(descriptor_id).name}"
    except KeyError:
        return f"{descriptor_id} – not a descriptor of {b.fw.edition.title}"


def _permissions(b: DocxBuilder) -> None:
    b.heading("Permission to Share", 1)
    for permission in b.fw.permissions:
        if permission.context:
            b.para(permission.context)
        value = b.ret.permissions.get(permission.key)
        b.buf.append(paragraph(run(permission.question + ": ") + run(yes_no(value) + ".", bold=True)))
