"""Trends across the years: figures per year, distance travelled, readiness, priorities, editions."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.domain.crosswalk import Crosswalk, CrosswalkEntry
from app.domain.framework import Descriptor, Framework, ScaleLevel, Section
from app.domain.returns import DescriptorAnswer, PriorityChoice, Return, SignOff
from app.domain.trends import trends


def _return(year: int, scores: dict[str, int | None], priorities: tuple[str, ...] = (), edition: str = "ehsg-2022",
            signed: bool = True) -> Return:
    return Return(
        area="Sefton Early Help Partnership", year=year, edition_id=edition,
        answers=tuple(DescriptorAnswer(d, s) for d, s in scores.items()),
        priorities=tuple(PriorityChoice(p) for p in priorities),
        sign_off=SignOff("Lee", datetime(year, 7, 1)) if signed else None,
    )


@pytest.fixture
def four_years(ehsg, sefton):
    y2022 = dict(sefton)
    y2023 = {**sefton, "5.1": 4, "7.3": 3, "6.4": 2, "9.4": 1}
    y2024 = {**y2023, "5.1": None}  # 5.1 not scored in 2024
    y2025 = {**y2023, "5.1": 5, "9.4": 4, "6.1": 4, "8.1": 4, "9.1": 4, "9.3": 4, "6.3": 3, "8.3": 3, "9.7": 3}
    returns = [
        _return(2024, y2024, ("5.1", "8.1", "9.4")),  # out of order on purpose
        _return(2022, y2022, ("7.3", "6.4", "9.4")),
        _return(2023, y2023, ("9.4", "5.1", "8.1")),
        _return(2025, y2025, signed=False),
    ]
    return trends(returns, {"ehsg-2022": ehsg})


def test_every_year_held_in_order_with_each_descriptor_and_section(four_years):
    t = four_years
    assert t.year_numbers == (2022, 2023, 2024, 2025)
    by_id = {d.descriptor_id: d for d in t.descriptors}
    assert by_id["5.1"].scores == (3, 4, None, 5)
    assert by_id["7.3"].scores == (2, 3, 3, 3)
    family = t.sections[0]
    assert family.section_id == "5"
    # 5.1-5.7 all 3 in 2022; 5.1 is 4 in 2023 and the median of seven is still 3
    assert family.medians == (3.0, 3.0, 3.0, 3.0)
    assert [y.signed_off for y in t.years] == [True, True, True, False]
    assert all(not d.notes for d in t.descriptors)  # one edition: each pairs with itself


def test_distance_travelled_from_the_first_year_with_a_figure(four_years):
    by_id = {d.descriptor_id: d for d in four_years.descriptors}
    five_one = by_id["5.1"].distance
    assert (five_one.from_year, five_one.before, five_one.to_year, five_one.after, five_one.change) == (
        2022, 3.0, 2025, 5.0, 2.0)
    assert by_id["9.4"].distance.change == 2.0  # 2 → 4
    data = next(s for s in four_years.sections if s.section_id == "9")
    assert data.distance.from_year == 2022 and data.distance.to_year == 2025


def test_a_year_missing_a_score_is_skipped_not_counted_as_nought(ehsg, sefton):
    t = trends([_return(2022, {"5.1": None}), _return(2023, {"5.1": 2}), _return(2024, {"5.1": 4})],
               {"ehsg-2022": ehsg})
    five_one = t.descriptors[0]
    assert five_one.scores == (None, 2, 4)
    assert (five_one.distance.from_year, five_one.distance.change) == (2023, 2.0)
    assert t.sections[0].medians == (None, 2.0, 4.0)
    only_once = trends([_return(2022, {"5.1": 3}), _return(2023, {"5.1": None})], {"ehsg-2022": ehsg})
    assert only_once.descriptors[0].distance is None


def test_earned_autonomy_readiness_by_year(four_years):
    readiness = [(y.readiness.met, y.readiness.required) for y in four_years.years]
    # 2022 Sefton: only 9.7 (3, minimum 3) is met; 6.3 and 8.3 are 2, the others below 4
    assert readiness[0] == (1, 9)
    assert readiness[3] == (9, 9) and four_years.years[3].readiness.eligible


def test_an_edition_with_no_thresholds_has_no_readiness(ehsg, sefton):
    bare = replace(ehsg, earned_autonomy={})
    t = trends([_return(2022, dict(sefton))], {"ehsg-2022": bare})
    assert t.years[0].readiness is None


def test_priorities_and_whether_they_rose_the_following_year(four_years):
    p2022 = {p.descriptor_id: p for p in four_years.priorities_of(2022)}
    assert p2022["7.3"].next_year == 2023 and p2022["7.3"].rose is True  # 2 → 3
    assert p2022["6.4"].rose is False  # 2 → 2
    assert p2022["6.4"].follow_ups[0].result == "unchanged"
    assert p2022["9.4"].follow_ups[0].result == "fell"  # 2 → 1
    p2023 = {p.descriptor_id: p for p in four_years.priorities_of(2023)}
    assert p2023["5.1"].follow_ups[0].result == "not scored" and p2023["5.1"].rose is None
    assert all(p.next_year is None for p in four_years.priorities_of(2025))


def _renumbered(mini: Framework) -> Framework:
    """A later edition of the mini guide: A.1 is now A.9, A.2 reworded, B.1 and B.2 merged into
    B.4, B.3 split into B.5 and B.6, C.1 new (the old C.1 retired)."""
    a, b, c = mini.sections
    sections = (
        replace(a, descriptors=(Descriptor("A.9", "A", "Voice", "Families are heard."),
                                Descriptor("A.2", "A", None, "Families are helped early."))),
        replace(b, descriptors=(Descriptor("B.4", "B", None, "Staff share and train."),
                                Descriptor("B.5", "B", None, "Staff are supervised."),
                                Descriptor("B.6", "B", None, "Supervision is reflective."))),
        Section("C", "Numbers", c.descriptors, True),
    )
    walk = Crosswalk("mini-2030", {
        "A.9": CrosswalkEntry("same", ("A.1",)),
        "A.2": CrosswalkEntry("reworded", ("A.2",)),
        "B.4": CrosswalkEntry("merged", ("B.1", "B.2")),
        "B.5": CrosswalkEntry("split", ("B.3",)),
        "B.6": CrosswalkEntry("split", ("B.3",)),
        "C.1": CrosswalkEntry("new"),
        "C.2": CrosswalkEntry("same", ("C.2",)),
        "C.3": CrosswalkEntry("same", ("C.3",)),
    }, retired=("C.1",))
    edition = replace(mini.edition, id="mini-2032", label="Next edition", year=2032)
    return replace(mini, edition=edition, sections=sections, crosswalk=walk,
                   earned_autonomy={2032: {"A.9": 2, "B.4": 1, "C.2": 2}})


def test_an_edition_change_follows_the_crosswalk_and_says_where_a_descriptor_changed(mini):
    later = _renumbered(mini)
    old = {"A.1": 1, "A.2": 1, "B.1": 1, "B.2": 2, "B.3": 1, "C.1": 3, "C.2": 0, "C.3": 1}
    t = trends(
        [
            _return(2030, old, ("A.1", "B.3"), edition="mini-2030"),
            _return(2031, {**old, "A.1": 2}, ("A.1", "B.1", "C.1"), edition="mini-2030"),
            _return(2032, {"A.9": 3, "A.2": 2, "B.4": 2, "B.5": 2, "B.6": 1, "C.1": 1, "C.2": 1, "C.3": 1},
                    edition="mini-2032"),
        ],
        {"mini-2030": mini, "mini-2032": later},
    )
    by_id = {d.descriptor_id: d for d in t.descriptors}
    assert by_id["A.9"].scores == (1, 2, 3) and by_id["A.9"].was == ("A.1", "A.1", "A.9")
    assert by_id["A.9"].notes == ((2032, "Was A.1 in the test edition (2030)."),)
    assert "Reworded" in by_id["A.2"].notes[0][1]
    assert by_id["B.4"].scores == (None, None, 2) and "Merged" in by_id["B.4"].notes[0][1]
    assert by_id["B.5"].scores == (1, 1, 2) and "covered more" in by_id["B.5"].notes[0][1]
    assert by_id["C.1"].scores == (None, None, 1) and "New since" in by_id["C.1"].notes[0][1]
    assert by_id["C.1"].distance is None
    # 2031's priorities in 2032: A.1 became A.9 and rose; B.1 merged (not compared); C.1 retired
    outcome = {p.descriptor_id: p for p in t.priorities_of(2031)}
    assert outcome["A.1"].follow_ups[0].descriptor_id == "A.9" and outcome["A.1"].rose is True
    assert outcome["B.1"].follow_ups[0].result == "not compared" and outcome["B.1"].rose is None
    assert outcome["C.1"].follow_ups == () and "no successor" in outcome["C.1"].note
    # 2030's B.3 in 2031, within one edition: itself
    assert [f.descriptor_id for f in t.priorities_of(2030)[1].follow_ups] == ["B.3"]
    # each year's readiness under its own edition's thresholds
    assert [y.readiness.required for y in t.years] == [2, 3, 3]


def test_no_returns_no_trends(ehsg):
    t = trends([], {"ehsg-2022": ehsg}, area="Sefton")
    assert t.years == () and t.sections == () and t.area == "Sefton"


def test_a_later_edition_on_another_scale_ends_the_trend_there_and_says_why(mini):
    """The mini guide scores 0 to 3; a later edition scoring 1 to 4 says "3" of something else,
    so A.9's trend starts again at the edition change (no 0-3 score on a 1-4 chart), the note
    saying why, and a priority of the earlier year is not said to have risen."""
    later = _renumbered(mini)
    later = replace(later, scale=replace(later.scale, levels=tuple(
        ScaleLevel(level.score + 1, level.label, level.meaning) for level in later.scale.levels)))
    old = {"A.1": 1, "A.2": 1, "B.1": 1, "B.2": 2, "B.3": 1, "C.1": 3, "C.2": 0, "C.3": 1}
    t = trends([_return(2031, old, ("A.1",), edition="mini-2030"),
                _return(2032, {"A.9": 3, "A.2": 2, "B.4": 2, "B.5": 2, "B.6": 1, "C.1": 1, "C.2": 1, "C.3": 1},
                        edition="mini-2032")],
               {"mini-2030": mini, "mini-2032": later})
    by_id = {d.descriptor_id: d for d in t.descriptors}
    assert by_id["A.9"].scores == (None, 3) and by_id["A.9"].distance is None
    assert by_id["A.9"].notes == ((2032, "Was A.1 in the test edition (2030). Scored then on a scale of 0 to 3: "
                                         "no change is worked out."),)
    (a1,) = t.priorities_of(2031)
    assert a1.rose is None and a1.follow_ups[0].result == "not compared"
    assert (t.low, t.high) == (1, 4)
