"""The Word document's descriptor pages: per section a Heading 1, per descriptor a Heading 2
(its id, title and whole statement), the guide's two-column table (the score with its scale
label, saying when the label is the toolkit's wording | "What is working well and what
evidence do you have?", the edition's first prompt), the evidence items as a table where there
are any, each later prompt with its answer ("What are you prioritising next?") and, where there
was one, the workshop's figures
(n, median, range, spread of scores and the figures per stakeholder group) and the reason
for the agreed score. Written with :class:`exports.docx_document.DocxBuilder`; read back by
:func:`exports.guide_reader.read_guide_docx`."""

from __future__ import annotations

from app.domain.framework import Framework
from app.domain.returns import EVIDENCE_KIND_LABELS, DescriptorAnswer, WorkshopSummary
from app.domain.wording import plural
from exports._layout import EVIDENCE_HEADERS, NONE_RECORDED
from exports._summary import format_median, score_label, toolkit_wording
from exports._text import paragraphs
from exports.docx_document import DocxBuilder, day, descriptor_heading, table_xml

__all__ = ["score_prompt", "write_descriptors"]

_ANSWER_WIDTHS = (1.5, 5.0)


def score_prompt(framework: Framework) -> str:
    """The score column's heading for this edition's scale."""
    return f"Self-Assessment Score – Answer {framework.scale.minimum} to {framework.scale.maximum} – see scale above"


def write_descriptors(b: DocxBuilder) -> None:
    """Every section and its descriptors, answered or not, in the framework's order."""
    prompts = b.fw.prompts
    grid = b.style_ids["Table Grid"]
    wording = toolkit_wording(b.fw)
    for section in b.fw.sections:
        b.heading(f"{section.id} {section.name}", 1)
        for d in section.descriptors:
            answer = b.ret.answer(d.id) or DescriptorAnswer(d.id)
            b.heading(descriptor_heading(d), 2)
            score = [score_label(b.fw, b.scores.get(d.id))]
            if wording and b.scores.get(d.id) is not None:
                score[0] += ". " + wording
            narrative = paragraphs(answer.narrative(b.fw.prompt_keys[0])) or [NONE_RECORDED]
            b.buf.append(table_xml(grid, [score_prompt(b.fw), prompts[0]], [[score, narrative]], _ANSWER_WIDTHS))
            if answer.evidence:
                b.heading("Evidence", 3)
                b.table(
                    EVIDENCE_HEADERS,
                    [
                        (e.description, EVIDENCE_KIND_LABELS.get(e.kind, str(e.kind)), e.agency,
                         day(e.dated) if e.dated else "", e.link)
                        for e in answer.evidence
                    ],  # fmt: skip
                    [2.7, 1.4, 1.1, 0.9, 0.8],
                )
            for prompt in b.fw.narrative_prompts[1:]:
                b.heading(prompt.label, 3)
                b.narrative(answer.narrative(prompt.key))
            if answer.workshop is not None:
                _workshop(b, answer.workshop)


def _workshop(b: DocxBuilder, ws: WorkshopSummary) -> None:
    b.heading(f"Workshop: {ws.workshop_title}" if ws.workshop_title.strip() else "Workshop", 3)
    facts = []
    if ws.held_on:
        facts.append(f"Held on {day(ws.held_on)}.")
    line = f"{plural(ws.count, 'person', 'people')} scored this descriptor"
    if ws.dont_know:
        line += f" and {ws.dont_know} said they did not know"
    facts.append(line + ".")
    if ws.median is not None:
        facts.append(f"Median {format_median(ws.median)}.")
    if ws.minimum is not None and ws.maximum is not None:
        facts.append(f"Range {ws.minimum} to {ws.maximum}.")
    if ws.agreed_score is not None:
        facts.append(f"Agreed score: {ws.agreed_score}.")
    b.para(" ".join(facts))
    if ws.histogram:
        headers = ["Score"] + [str(i) for i in range(len(ws.histogram))] + (["Don't know"] if ws.dont_know else [])
        row = ["Number of people"] + list(ws.histogram) + ([ws.dont_know] if ws.dont_know else [])
        rest = 5.0 / (len(headers) - 1)
        b.table(headers, [row], [1.9] + [rest] * (len(headers) - 1))
    if ws.by_group:
        b.para("By stakeholder group:")
        b.table(
            ["Stakeholder group", "n", "Median", "Range"],
            [
                (g.group, g.count, format_median(g.median), _range(g.minimum, g.maximum))
                for g in ws.by_group
            ],  # fmt: skip
            [3.4, 0.9, 1.1, 1.5],
        )
    if ws.rounds:
        b.para("Round by round:")
        b.table(
            ["Round", "n", "Median", "Range"],
            [
                (f"Round {r.number}", r.count, format_median(r.median),
                 _range(r.minimum, r.maximum))
                for r in ws.rounds
            ],  # fmt: skip
            [3.4, 0.9, 1.1, 1.5],
        )
    if ws.rationale.strip():
        b.labelled("Why the group settled on this score: ", ws.rationale)


def _range(low: int | None, high: int | None) -> str:
    if low is None or high is None:
        return ""
    return str(low) if low == high else f"{low} to {high}"
