"""Year-on-year pairing follows the edition's crosswalk, never the descriptor's number alone."""

from app.domain.crosswalk import Crosswalk, CrosswalkEntry, pairing

WALK = Crosswalk(
    "old",
    {
        "1.1": CrosswalkEntry("same", ("5.1",)),
        "1.2": CrosswalkEntry("reworded", ("5.2",)),
        "1.3": CrosswalkEntry("split", ("5.3",)),
        "1.4": CrosswalkEntry("merged", ("5.4", "5.5")),
        "5.1": CrosswalkEntry("new"),
    },
    retired=("9.7",),
)


def test_same_edition_pairs_each_descriptor_with_itself():
    p = pairing("5.1", "old", None, "old")
    assert (p.earlier, p.compare_with, p.note) == (("5.1",), "5.1", None)


def test_a_shared_number_across_editions_is_not_a_pairing():
    # 5.1 exists in both editions, but the crosswalk says the new 5.1 is new.
    p = pairing("5.1", "new", WALK, "old", "the 2022 guide")
    assert p.compare_with is None and p.earlier_score({"5.1": 4}) is None
    assert p.note == "New since the 2022 guide: nothing earlier to compare with."


def test_each_kind_of_change():
    assert pairing("1.1", "new", WALK, "old").earlier_score({"5.1": 3}) == 3
    assert pairing("1.1", "new", WALK, "old").note == "Was 5.1 in old."
    assert pairing("1.2", "new", WALK, "old").earlier_score({"5.2": 2}) == 2
    assert "Reworded" in pairing("1.2", "new", WALK, "old").note
    assert "covered more" in pairing("1.3", "new", WALK, "old").note
    merged = pairing("1.4", "new", WALK, "old")
    assert merged.earlier == ("5.4", "5.5") and merged.earlier_score({"5.4": 1, "5.5": 2}) is None
    assert pairing("1.9", "new", WALK, "old").compare_with is None  # left out: new


def test_no_crosswalk_from_that_edition_compares_nothing():
    p = pairing("1.1", "new", WALK, "older", "the 2019 guide")
    assert p.earlier == () and "no crosswalk from the 2019 guide" in p.note


def test_a_whole_earlier_year_pairs_through_the_crosswalk_and_within_one_edition_by_id():
    from app.domain.crosswalk import pair_earlier_year

    earlier = {"5.1": 3, "5.2": 2, "5.4": 1, "5.5": None}
    paired = pair_earlier_year(("1.1", "1.4", "5.1"), "new", WALK, "old", earlier, "the 2022 guide")
    assert (paired["1.1"].score, paired["1.1"].change(4)) == (3, 1)
    assert paired["1.4"].scores == (("5.4", 1), ("5.5", None)) and paired["1.4"].change(4) is None
    assert not paired["5.1"].comparable and paired["5.1"].score is None and paired["5.1"].note.startswith("New since")
    same = pair_earlier_year(("5.1", "5.2"), "old", None, "old", earlier)
    assert [(a.score, a.note) for a in same.values()] == [(3, None), (2, None)]


def test_an_earlier_edition_on_another_scale_is_shown_with_no_change_worked_out():
    same = pairing("1.1", "new", WALK, "old", "the old guide", earlier_scale="0 to 5")
    assert same.earlier == ("5.1",) and same.compare_with is None
    assert same.note == "Was 5.1 in the old guide. Scored then on a scale of 0 to 5: no change is worked out."
    assert pairing("5.1", "new", WALK, "old", "the old guide", earlier_scale="0 to 5").note.startswith("New since")


def test_a_scale_differs_from_another_only_when_its_scores_do(ehsg, mini):
    assert ehsg.scale.differs_from(ehsg.scale) is None
    assert ehsg.scale.differs_from(mini.scale) == "0 to 3" and mini.scale.differs_from(ehsg.scale) == "0 to 5"
