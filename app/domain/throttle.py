"""One rule for repeated failures, shared by signing in (wrong passwords for one email address)
and joining a workshop (wrong codes from one client), and one way of saying how long to wait.

A tally counts the failures since the first one of the current window. Once ``lock_after`` of
them fall within ``window_minutes``, every attempt waits ``lock_minutes``, whatever it is. A
window that has run out, or a lock that has ended, starts the count afresh at the next failure.
Signing in also slows down before it locks (``slow_after``): from then on each failure makes the
next attempt wait 5 seconds, then 10, 20 and so on.

This module is pure: no Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain.wording import plural

__all__ = ["Refusal", "Tally", "ThrottleRule", "after_failure", "refusal", "wait_wording"]


@dataclass(frozen=True)
class ThrottleRule:
    lock_after: int
    window_minutes: int
    lock_minutes: int
    #: Failures after which each further one slows the next attempt; None: never slowed.
    slow_after: int | None = None

    def slow_wait(self, failures: int) -> timedelta:
        """How long to wait after the last failure before the next attempt, once slowed."""
        if self.slow_after is None or failures < self.slow_after:
            return timedelta(0)
        return timedelta(seconds=5 * 2 ** (failures - self.slow_after))


@dataclass(frozen=True)
class Tally:
    """The failures counted so far: how many, since when, the latest, and any lock."""

    failures: int
    first_failure_at: datetime
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Refusal:
    """An attempt that must wait: ``locked`` when the lock is on, else merely slowed."""

    wait: timedelta
    locked: bool


def _afresh(tally: Tally, rule: ThrottleRule, now: datetime) -> bool:
    """Whether the next failure starts a new count: the window has run out, or a lock has ended."""
    return now - tally.first_failure_at > timedelta(minutes=rule.window_minutes) or tally.locked_until is not None


def refusal(tally: Tally | None, rule: ThrottleRule, now: datetime) -> Refusal | None:
    """Why an attempt now must wait, or None when it may go ahead."""
    if tally is None:
        return None
    if tally.locked_until is not None and now < tally.locked_until:
        return Refusal(wait=tally.locked_until - now, locked=True)
    if _afresh(tally, rule, now) or tally.last_failure_at is None:
        return None
    ready_at = tally.last_failure_at + rule.slow_wait(tally.failures)
    return Refusal(wait=ready_at - now, locked=False) if now < ready_at else None


def after_failure(tally: Tally | None, rule: ThrottleRule, now: datetime) -> Tally:
    """The tally once one more failure, now, is counted (locking when it reaches the limit)."""
    if tally is None or _afresh(tally, rule, now):
        tally = Tally(failures=0, first_failure_at=now)
    failures = tally.failures + 1
    locked_until = now + timedelta(minutes=rule.lock_minutes) if failures >= rule.lock_after else None
    return replace(tally, failures=failures, last_failure_at=now, locked_until=locked_until)




def wait_wording(remaining: timedelta) -> str:
    """How long to wait, as people read it: whole seconds (rounded up) under 2 minutes, whole
    minutes (rounded up) from then on; never less than 1 second."""
    seconds = max(1, int(remaining.total_seconds() + 0.999))
    if seconds >= 120:
        return plural((seconds + 59) // 60, "minute")
    return plural(seconds, "second")
