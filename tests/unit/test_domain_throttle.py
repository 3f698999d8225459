"""The one rule for repeated failures (sign-in and workshop codes alike) and how a wait is worded."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.throttle import ThrottleRule, after_failure, refusal, wait_wording

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
