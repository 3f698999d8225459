"""The department's figures across areas (app.domain.national): spreads on the edition's scale,
Earned Autonomy counts, data models, the priorities chosen most and the action-learning sets."""

from __future__ import annotations

from app.domain.national import national_figures, national_json
from app.domain.sharing import SentFigures


def _area(name: str, score: int | None, priorities: tuple[str, ...], model: int | None = 3,
          eligible: bool | None = False) -> SentFigures:
    return SentFigures(area=name, year=2026, edition_id="ehsg-2022", scores={"5.1": score, "6.1": 2},
                       priorities=priorities, data_model=model, earned_autonomy_eligible=eligible)


def test_spread_across_areas_on_the_editions_scale(ehsg):
    n = national_figures(2026, [_area("Sefton", 2, ()), _area("Knowsley", 5, ()), _area("Wirral", None, ())], 4,
                         ehsg)
    s = n.spread("5.1")
    assert (s.n, s.median, s.minimum, s.maximum) == (2, 3.5, 2, 5)
    assert s.counts == {0: 0, 1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert n.spread("9.7").n == 0 and n.spread("9.7").median is None
    assert n.areas_sent == 7 and n.areas_withheld == 4
    assert n.areas_included == ("Knowsley", "Sefton", "Wirral")


def test_priorities_most_chosen_first_and_sets_of_two_or_more(ehsg):
    n = national_figures(2026, [_area("Sefton", 3, ("7.3", "6.4", "9.4")), _area("Knowsley", 3, ("9.4", "7.3", "9.4")),
                                _area("Wirral", 3, ("7.3", "5.1", "8.1"))], 0, ehsg)
    assert n.priorities[:2] == (("7.3", 3), ("9.4", 2))
    assert dict(n.priorities)["9.4"] == 2  # the same descriptor twice in one return counts once
    assert n.action_learning_sets == {"7.3": ("Knowsley", "Sefton", "Wirral"), "9.4": ("Knowsley", "Sefton")}


def test_earned_autonomy_and_data_models_counted(ehsg):
    n = national_figures(2026, [_area("A", 3, (), model=2, eligible=True), _area("B", 3, (), model=3),
                                _area("C", 3, (), model=None, eligible=None)], 0, ehsg)
    assert (n.eligible, n.not_eligible) == (1, 1)
    assert n.data_models == {2: 1, 3: 1, None: 1}


def test_json_has_the_shape_the_issue_gives(ehsg):
    figures = national_json(national_figures(2026, [_area("Sefton", 3, ("7.3",)), _area("Wirral", 4, ("7.3",))], 1,
                                             ehsg))
    assert set(figures) == {"year", "areas_sent", "areas_included", "areas_withheld", "descriptors",
                            "earned_autonomy", "priorities", "action_learning_sets"}
    assert figures["descriptors"]["5.1"] == {"n": 2, "median": 3.5, "min": 3, "max": 4,
                                             "counts": {"0": 0, "1": 0, "2": 0, "3": 1, "4": 1, "5": 0}}
    assert figures["descriptors"]["6.1"]["median"] == 2 and isinstance(figures["descriptors"]["6.1"]["median"], int)
    assert figures["action_learning_sets"] == {"7.3": ["Sefton", "Wirral"]}
    assert len(figures["descriptors"]) == 31


def test_no_areas_included(ehsg):
    n = national_figures(2026, [], 3, ehsg)
    assert n.areas_sent == 3 and n.areas_included == () and n.priorities == ()
    assert all(s.n == 0 for s in n.descriptors)
