"""The Word document's last part, the toolkit's own checks: not part of the guide's form, and
titled so. Sign-off, the scores at a glance (the profile chart, a table of every score with
last year's when given, and a chart of the change), Earned Autonomy Stage 1 readiness (each
minimum met or not, and its chart) and whether the priority descriptors follow the guide's
rule. Written with :class:`exports.docx_document.DocxBuilder`; the Word reader does not read
this part back (it is worked out from the return)."""

from __future__ import annotations

from exports import charts
from exports._summary import LAST_YEAR_NOTE, last_year, last_year_note, last_year_text, score_label, toolkit_wording
from exports.docx_document import DocxBuilder, day, descriptor_heading

__all__ = ["TOOLKIT_HEADING", "write_toolkit_checks"]

TOOLKIT_HEADING = "The toolkit's checks (not part of the guide's form)"


def write_toolkit_checks(b: DocxBuilder) -> None:
    """The toolkit's part: a Heading 1 that says whose it is, then its checks."""
    b.heading(TOOLKIT_HEADING, 1)
    b.para(
        "This part is written by the Early Help System Guide toolkit for the partnership. It is the toolkit's "
        "check of the return above, not part of the guide's form, and the guide does not ask for it.",
        italic=True,
    )
    ret = b.ret
    b.heading("Sign-off", 2)
    if ret.sign_off is not None:
        b.para(f"Signed off by {ret.sign_off.signed_off_by} on {day(ret.sign_off.signed_off_at)}.")
    else:
        b.para("Not signed off.")
    _at_a_glance(b)
    if b.fw.has_earned_autonomy:
        _earned_autonomy(b)
    _priorities(b)


def _at_a_glance(b: DocxBuilder) -> None:
    fw, ret = b.fw, b.ret
    b.heading("Scores at a glance", 2)
    scored = sum(1 for d in fw.descriptors if b.scores.get(d.id) is not None)
    b.para(f"{scored} of {len(fw.descriptors)} descriptors scored.")
    b.picture(
        charts.profile_chart(ret, fw), charts.profile_alt_text(ret, fw), "Scores by descriptor, grouped by section"
    )
    minimums = fw.thresholds(b.ea.year)
    positions: dict[str, int] = {}
    for i, pid in enumerate(ret.priority_ids, start=1):
        positions.setdefault(pid, i)
    before = last_year(b.previous, fw, b.previous_fw) if b.previous is not None else None
    wording = toolkit_wording(fw)
    if wording:
        b.para(wording, italic=True)
    headers = (
        ["Descriptor", "Score"]
        + (["Last year"] if before is not None else [])
        + (["Earned Autonomy minimum"] if fw.has_earned_autonomy else [])
        + ["Priority"]
    )
    rows = []
    for d in fw.descriptors:
        row: list[object] = [descriptor_heading(d), score_label(fw, b.scores.get(d.id))]
        if before is not None:
            row.append(last_year_text(before[d.id]))
        row += ([minimums.get(d.id, "")] if fw.has_earned_autonomy else []) + [positions.get(d.id, "")]
        rows.append(row)
    widths = [3.0, 1.5, 0.8, 0.9, 0.7] if before is not None else [3.6, 1.6, 0.9, 0.8]
    if not fw.has_earned_autonomy:
        widths = widths[:-2] + [widths[-2] + widths[-1]]
    b.table(headers, rows, widths)
    notes = [(d.id, last_year_note(before[d.id])) for d in fw.descriptors] if before is not None else []
    if any(note for _, note in notes):
        b.para(LAST_YEAR_NOTE + ":", italic=True)
        for descriptor_id, note in notes:
            if note:
                b.para(f"{descriptor_id}: {note}")
    if b.previous is not None:
        b.heading("Change since last year", 3)
        b.picture(
            charts.comparison_chart(ret, b.previous, fw, b.previous_fw),
            charts.comparison_alt_text(ret, b.previous, fw, b.previous_fw),
            "This year's scores against last year's",
        )


def _earned_autonomy(b: DocxBuilder) -> None:
    fw, ea = b.fw, b.ea
    b.heading("Earned Autonomy Stage 1 readiness", 2)
    b.para(f"{ea.summary} (Stage 1, {ea.source}).", bold=True)
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


def _priorities(b: DocxBuilder) -> None:
    status = b.priorities
    b.heading("Whether the priority descriptors follow the guide's rule", 2)
    if status.rule:
        b.para(status.rule)
    b.para(status.summary)
