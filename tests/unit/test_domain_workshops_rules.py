"""When a workshop's code stops working, when its results show, where a descriptor stands, and
how its figures read: the rules the workshop pages rest on, without an app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from app.domain.consensus import Answer, consensus
from app.domain.workshops import (
    AUTO_REVEAL_MINIMUM,
    WorkshopMode,
    bars,
    figure,
    is_closed,
    last_day,
    results_shown,
    whereabouts,
)


@dataclass
class Planned:
    mode: WorkshopMode
    held_on: date
    closes_on: date | None = None
    closed_at: datetime | None = None


LIVE = Planned(WorkshopMode.LIVE, held_on=date(2026, 3, 10))
OPEN = Planned(WorkshopMode.OPEN, held_on=date(2026, 3, 10), closes_on=date(2026, 3, 31))


def test_a_live_workshops_code_works_to_the_end_of_its_day_in_the_uk() -> None:
    assert last_day(LIVE) == date(2026, 3, 10)
    assert not is_closed(LIVE, datetime(2026, 3, 10, 23, 59))
    assert is_closed(LIVE, datetime(2026, 3, 11, 0, 0))


def test_an_open_rounds_code_works_to_its_closing_date_in_summer_time_too() -> None:
    summer = Planned(WorkshopMode.OPEN, held_on=date(2026, 6, 1), closes_on=date(2026, 6, 30))
    assert last_day(OPEN) == date(2026, 3, 31)
    assert not is_closed(OPEN, datetime(2026, 3, 20, 12, 0))  # after the day it is held: still open
    assert not is_closed(summer, datetime(2026, 6, 30, 22, 59))  # 23:59 in London
    assert is_closed(summer, datetime(2026, 6, 30, 23, 0))  # midnight in London, 11 pm UTC


def test_a_workshop_closed_by_its_facilitator_is_closed_at_once() -> None:
    closed = Planned(WorkshopMode.OPEN, held_on=date(2026, 3, 10), closes_on=date(2026, 3, 31),
                     closed_at=datetime(2026, 3, 12, 9, 0))
    assert is_closed(closed, datetime(2026, 3, 12, 9, 1))


def test_results_show_when_revealed_or_when_everyone_who_joined_has_answered() -> None:
    assert results_shown(True, answered=0, joined=0)
    assert not results_shown(False, answered=4, joined=5)
    assert results_shown(False, answered=5, joined=5)
    # One early arrival, or two, do not put their own scores on the screen.
    small = AUTO_REVEAL_MINIMUM - 1
    assert not results_shown(False, answered=small, joined=small)
    assert results_shown(False, answered=AUTO_REVEAL_MINIMUM, joined=AUTO_REVEAL_MINIMUM)


def test_where_a_descriptor_stands_among_those_a_workshop_covers() -> None:
    ids = ["5.1", "5.2", "5.3"]
    first, middle, last = (whereabouts(ids, d) for d in ids)
    assert (first.position, first.total, first.previous_id, first.next_id) == (1, 3, None, "5.2")
    assert (middle.previous_id, middle.next_id) == ("5.1", "5.3")
    assert (last.position, last.previous_id, last.next_id) == (3, "5.2", None)
    with pytest.raises(ValueError):
        whereabouts(ids, "6.1")


def test_bars_are_shares_of_the_scores_given_in_steps_of_5_per_cent() -> None:
    figures = consensus([Answer(1), Answer(1), Answer(2), Answer(None)] + [Answer(3)] * 3)
    widths = {score: (count, width) for score, count, width in bars(figures)}
    assert widths[0] == (0, 0)
    assert widths[1] == (2, 35)  # 2 of the 6 scores: a third, to the nearest 5 per cent
    assert widths[3] == (3, 50)
    assert all(width == 0 for _, _, width in bars(consensus([])))


@pytest.mark.parametrize(("value", "places", "shown"), [
    (3.0, 1, "3"), (2.5, 1, "2.5"), (2.25, 2, "2.25"), (2.5, 2, "2.5"), (2.04, 1, "2"), (None, 1, "–"),
])
def test_figures_read_without_trailing_noughts(value: float | None, places: int, shown: str) -> None:
    assert figure(value, places) == shown
