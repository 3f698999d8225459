"""The optional trends appendix of the Word return: every year the partnership holds.

Off by default (the department's form has none): :func:`write_trends` writes nothing when no
trends are given. With them it adds, after the closing sections, an appendix with the years
held and Earned Autonomy readiness by year, the distance travelled by section, a chart and a
table per section (the chart's alternative text says what it shows) and each year's
priorities with whether they rose the following year.
"""

from __future__ import annotations

from app.domain.trends import DISTANCE_RULE, SectionTrend, Trends
from app.domain.workshops import figure
from exports.docx_document import DocxBuilder
from exports.trends_charts import distance_words, section_alt_text, section_chart
from exports.trends_report import priority_words

__all__ = ["write_trends"]


def write_trends(b: DocxBuilder, t: Trends | None) -> None:
    """The trends appendix, when ``t`` is given (else nothing)."""
    if t is None or not t.years:
        return
    b.heading("Appendix: trends across the years", 1)
    b.para("This appendix is not part of the department's form. It shows every year the partnership holds, "
           "scored in the toolkit or imported, with descriptors followed through the years as this edition "
           "numbers them: across a change of edition only where the edition's crosswalk pairs them.", italic=True)
    _years(b, t)
    _distance(b, t)
    for section in t.sections:
        _section(b, t, section)
    _priorities(b, t)


def _years(b: DocxBuilder, t: Trends) -> None:
    b.heading("Years held and Earned Autonomy readiness", 2)
    rows = []
    for y in t.years:
        ready = "No thresholds in this edition" if y.readiness is None else (
            f"{y.readiness.met} of {y.readiness.required} met ({y.readiness.source})")
        rows.append([str(y.year), y.edition_name, "Signed off" if y.signed_off else "Not signed off",
                     str(y.scored), ready])
    b.table(["Year", "Edition", "Status", "Descriptors scored", "Earned Autonomy Stage 1"], rows,
            [0.6, 2.0, 1.1, 0.9, 2.0])


def _distance(b: DocxBuilder, t: Trends) -> None:
    b.heading("Distance travelled by section", 2)
    b.para(DISTANCE_RULE, italic=True)
    rows = [[f"{s.section_id} {s.name}", *(figure(m) for m in s.medians), distance_words(s.distance)]
            for s in t.sections]
    years = [str(y) for y in t.year_numbers]
    width = 3.6 / max(len(years), 1)
    b.table(["Section (median)", *years, "Distance travelled"], rows, [1.6, *([width] * len(years)), 1.4])


def _section(b: DocxBuilder, t: Trends, section: SectionTrend) -> None:
    b.heading(f"{section.section_id} {section.name}", 2)
    b.picture(section_chart(t, section), section_alt_text(t, section),
              f"Scores in section {section.section_id} by year, with the section's median")
    years = [str(y) for y in t.year_numbers]
    rows = []
    for d in section.descriptors:
        notes = "; ".join(f"{year}: {note}" for year, note in d.notes)
        shown = ["Not scored" if s is None else str(s) for s in d.scores]
        rows.append([d.descriptor_id, *shown, distance_words(d.distance), notes])
    rows.append(["Median", *(figure(m) for m in section.medians), distance_words(section.distance), ""])
    width = 2.6 / max(len(years), 1)
    b.table(["Descriptor", *years, "Distance travelled", "Changes between editions"], rows,
            [0.8, *([width] * len(years)), 1.3, 2.0])


def _priorities(b: DocxBuilder, t: Trends) -> None:
    b.heading("Priorities and whether they rose", 2)
    rows = [[str(p.year), p.descriptor_id, priority_words(p)] for p in t.priorities]
    if not rows:
        b.para("No priority descriptors were chosen in the years held.")
        return
    b.table(["Year", "Priority descriptor", "The following year"], rows, [0.8, 1.4, 4.5])
