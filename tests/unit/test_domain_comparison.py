"""The comparison between areas: who is counted, the thresholds, the spread and where an area sits."""

from __future__ import annotations

import pytest

from app.domain.comparison import Shown, compare, is_contact, own_permission, peers_of
from app.domain.sharing import PEERS_KEY, SentArea, SentFigures


def _area(pid: int, scores: dict[str, int | None], answer: bool | None = True, consent: dict[str, bool] | None = None,
          edition: str = "ehsg-2022") -> SentArea:
    figures = SentFigures(area=f"Area {pid}", year=2026, edition_id=edition, scores=scores,
                          permissions={PEERS_KEY: answer})
    return SentArea(pid, 100 + pid, 1, figures, consent or {})


def test_only_other_areas_of_the_edition_that_permit_now_are_peers():
    areas = [_area(1, {}), _area(2, {}), _area(3, {}, answer=None), _area(4, {}, answer=False, consent={PEERS_KEY: True}),
             _area(5, {}, consent={PEERS_KEY: False}), _area(6, {}, edition="ehsg-2026")]
    assert [a.partnership_id for a in peers_of(areas, 1, "ehsg-2022")] == [2, 4]


def test_this_partnership_permits_by_its_sent_return_and_consent_or_else_its_own_answer():
    assert own_permission(_area(1, {}), answer_now=False, consent={})
    assert not own_permission(_area(1, {}, consent={PEERS_KEY: False}), answer_now=True, consent={})
    assert own_permission(None, answer_now=True, consent={})
    assert not own_permission(None, answer_now=None, consent={})
    assert not own_permission(None, answer_now=True, consent={PEERS_KEY: False})


def test_nothing_is_shown_without_permission_or_with_fewer_than_two_others():
    peers = [_area(2, {"5.1": 4}), _area(3, {"5.1": 2})]
    assert compare(["5.1"], {"5.1": 3}, ["5.1"], False, peers).shown is Shown.NOT_PERMITTED
    too_few = compare(["5.1"], {"5.1": 3}, ["5.1"], True, peers[:1])
    assert too_few.shown is Shown.TOO_FEW and too_few.others == 1 and not too_few.spreads and not too_few.learn_from
    assert compare(["5.1"], {"5.1": 3}, ["5.1"], True, peers).shown is Shown.SHOWN


@pytest.mark.parametrize(("own", "sits"), [
    (5, "Higher than every other area"),
    (0, "Lower than every other area"),
    (2, "At the median: 1 of 3 other areas score lower, 1 higher"),
    (3, "Above the median: 2 of 3 other areas score lower, 1 higher"),
    (None, "You have not scored this descriptor"),
])
def test_the_spread_and_where_this_area_sits(own, sits):
    peers = [_area(2, {"5.1": 1}), _area(3, {"5.1": 2}), _area(4, {"5.1": 4})]
    [spread] = compare(["5.1"], {"5.1": own}, [], True, peers).spreads
    assert (spread.n, spread.median, spread.minimum, spread.maximum) == (3, 2.0, 1, 4)
    assert spread.sits == sits


def test_a_descriptor_fewer_than_two_others_scored_shows_no_figures():
    peers = [_area(2, {"5.1": 1, "5.2": 3}), _area(3, {"5.1": None, "5.2": 4})]
    one, two = compare(["5.1", "5.2"], {"5.1": 3, "5.2": 3}, [], True, peers).spreads
    assert (one.n, one.median, one.minimum, one.maximum) == (1, None, None, None)
    assert one.sits == "Too few areas scored this descriptor to show"
    assert (two.n, two.median) == (2, 3.5)
    [same] = compare(["5.1"], {"5.1": 3}, [], True, [_area(2, {"5.1": 3}), _area(3, {"5.1": 3})]).spreads
    assert same.sits == "The same as every other area"


def test_areas_to_learn_from_score_4_or_more_on_each_priority_highest_first():
    peers = [_area(2, {"7.3": 4}), _area(3, {"7.3": 5}), _area(4, {"7.3": 3}), _area(5, {"7.3": None})]
    learn = compare(["7.3", "9.4"], {}, ["7.3", "9.4", "7.3"], True, peers).learn_from
    assert [(item.descriptor_id, [(a.name, a.score) for a in item.areas]) for item in learn] == [
        ("7.3", [("Area 3", 5), ("Area 2", 4)]), ("9.4", [])]


@pytest.mark.parametrize(("text", "ok"), [
    ("Jo Bloggs, jo.bloggs@example.gov.uk", True), ("Jo Bloggs 0151 934 2000", True), ("+44 151 934 2000", True),
    ("Jo Bloggs", False), ("call 999", False), ("jo@", False),
])
def test_a_contact_holds_an_email_address_or_a_phone_number(text, ok):
    assert is_contact(text) is ok
