"""The one rule for repeated failures (sign-in and workshop codes alike) and how a wait is worded."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from app.domain.throttle import (
    Ceiling,
    Tally,
    ThrottleRule,
    after_failure,
    at_ceiling,
    ceiling_after_failure,
    ceiling_wait,
    next_turn_at,
    refusal,
    wait_wording,
)

START = datetime(2026, 3, 10, 9, 0)
JOINING = ThrottleRule(lock_after=3, window_minutes=15, lock_minutes=15)
SIGNING_IN = ThrottleRule(lock_after=10, window_minutes=15, lock_minutes=15, slow_after=3)


def _fail(rule: ThrottleRule, times: int, every: timedelta = timedelta(seconds=1)):
    tally = None
    for n in range(times):
        tally = after_failure(tally, rule, START + n * every)
    return tally


def test_no_failures_no_wait() -> None:
    assert refusal(None, JOINING, START) is None
    assert refusal(_fail(JOINING, 2), JOINING, START + timedelta(seconds=2)) is None


def test_the_limit_within_the_window_locks_until_the_lock_ends() -> None:
    tally = _fail(JOINING, 3)
    last = START + timedelta(seconds=2)
    refused = refusal(tally, JOINING, last + timedelta(minutes=5))
    assert refused is not None and refused.locked and refused.wait == timedelta(minutes=10)
    assert refusal(tally, JOINING, last + timedelta(minutes=15)) is None
    # After the lock, counting starts again from one.
    assert after_failure(tally, JOINING, last + timedelta(minutes=16)).failures == 1


def test_failures_spread_beyond_the_window_never_lock() -> None:
    tally = _fail(JOINING, 10, every=timedelta(minutes=8))
    assert tally.locked_until is None and tally.failures == 2
    assert refusal(tally, JOINING, START + timedelta(minutes=80)) is None


def test_signing_in_slows_down_before_it_locks() -> None:
    tally = _fail(SIGNING_IN, 3)
    last = START + timedelta(seconds=2)
    refused = refusal(tally, SIGNING_IN, last + timedelta(seconds=1))
    assert refused is not None and not refused.locked and refused.wait == timedelta(seconds=4)
    assert refusal(tally, SIGNING_IN, last + timedelta(seconds=5)) is None
    slower = refusal(after_failure(tally, SIGNING_IN, last + timedelta(seconds=5)), SIGNING_IN,
                     last + timedelta(seconds=5))
    assert slower is not None and slower.wait == timedelta(seconds=10)
    # Joining is never slowed, only locked.
    assert refusal(_fail(JOINING, 2), JOINING, START + timedelta(seconds=1)) is None


@pytest.mark.parametrize(("wait", "words"), [
    (timedelta(seconds=0), "1 second"),
    (timedelta(seconds=0.2), "1 second"),
    (timedelta(seconds=1), "1 second"),
    (timedelta(seconds=4.1), "5 seconds"),
    (timedelta(seconds=119), "119 seconds"),
    (timedelta(seconds=120), "2 minutes"),
    (timedelta(seconds=121), "3 minutes"),
    (timedelta(minutes=15), "15 minutes"),
    (timedelta(minutes=14, seconds=59, microseconds=1), "15 minutes"),
])
def test_a_wait_is_rounded_up_in_seconds_then_minutes(wait: timedelta, words: str) -> None:
    assert wait_wording(wait) == words


# --- The address's ceiling for workshop codes ---------------------------------------------------

CEILING = Ceiling(wrong_codes=3, window_minutes=15, pace_seconds=3)


def _wrong_codes(count: int, at: datetime) -> Tally | None:
    tally = None
    for _ in range(count):
        tally = ceiling_after_failure(tally, CEILING, at)
    return tally


def test_below_the_ceiling_nothing_waits() -> None:
    tally = _wrong_codes(2, START)
    assert not at_ceiling(tally, CEILING, START) and ceiling_wait(tally, CEILING, START) is None


def test_at_the_ceiling_attempts_take_turns_a_few_seconds_apart() -> None:
    tally = _wrong_codes(3, START)
    assert tally is not None and at_ceiling(tally, CEILING, START)
    assert ceiling_wait(tally, CEILING, START) is None  # the first turn is free
    taken = replace(tally, locked_until=next_turn_at(CEILING, START))
    assert ceiling_wait(taken, CEILING, START + timedelta(seconds=1)) == timedelta(seconds=2)
    assert ceiling_wait(taken, CEILING, START + timedelta(seconds=3)) is None


def test_the_ceiling_ends_with_its_window_and_never_locks() -> None:
    tally = replace(_wrong_codes(5, START), locked_until=next_turn_at(CEILING, START))
    later = START + timedelta(minutes=15, seconds=1)
    assert not at_ceiling(tally, CEILING, later) and ceiling_wait(tally, CEILING, later) is None
    afresh = ceiling_after_failure(tally, CEILING, later)
    assert afresh.failures == 1 and afresh.locked_until is None
