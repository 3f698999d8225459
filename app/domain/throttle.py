"""One rule for repeated failures, shared by signing in (wrong passwords for one email address)
and joining a workshop (wrong codes from one client), and one way of saying how long to wait.

A tally counts the failures since the first one of the current window. Once ``lock_after`` of
them fall within ``window_minutes``, every attempt waits ``lock_minutes``, whatever it is. A
window that has run out, or a lock that has ended, starts the count afresh at the next failure.
Signing in also slows down before it locks (``slow_after``): from then on each failure makes the
next attempt wait 5 seconds, then 10, 20 and so on.

Joining a workshop also has a ceiling for a whole address (``Ceiling``): far above the mistakes
of a room sharing one address, it paces a bulk guesser rather than locking anyone out.

This module is pure: no Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain.wording import plural

__all__ = ["Ceiling", "Refusal", "Tally", "ThrottleRule", "after_failure", "at_ceiling", "ceiling_after_failure",
           "ceiling_wait", "next_turn_at", "refusal", "wait_wording"]


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


@dataclass(frozen=True)
class Ceiling:
    """Wrong codes from one address: once ``wrong_codes`` of them fall within ``window_minutes``,
    the address's attempts are paced, one every ``pace_seconds``, until the window runs out.
    Nobody is locked out: each attempt waits its turn for at most a few seconds."""

    wrong_codes: int
    window_minutes: int
    pace_seconds: int


def _ceiling_window_over(tally: Tally, ceiling: Ceiling, now: datetime) -> bool:
    return now - tally.first_failure_at > timedelta(minutes=ceiling.window_minutes)


def at_ceiling(tally: Tally | None, ceiling: Ceiling, now: datetime) -> bool:
    return tally is not None and not _ceiling_window_over(tally, ceiling, now) and tally.failures >= ceiling.wrong_codes


def ceiling_wait(tally: Tally | None, ceiling: Ceiling, now: datetime) -> timedelta | None:
    """How long an attempt from the address must wait for its turn, or None when it may go ahead.
    ``locked_until`` holds the moment the address's next turn comes, while it is at the ceiling."""
    if not at_ceiling(tally, ceiling, now) or tally is None or tally.locked_until is None:
        return None
    return tally.locked_until - now if now < tally.locked_until else None


def next_turn_at(ceiling: Ceiling, now: datetime) -> datetime:
    """When the address's next turn comes, once an attempt at the ceiling has taken this one."""
    return now + timedelta(seconds=ceiling.pace_seconds)


def ceiling_after_failure(tally: Tally | None, ceiling: Ceiling, now: datetime) -> Tally:
    """The address's tally once one more wrong code, now, is counted (a fresh window if the last ran out)."""
    if tally is None or _ceiling_window_over(tally, ceiling, now):
        return Tally(failures=1, first_failure_at=now, last_failure_at=now)
    return replace(tally, failures=tally.failures + 1, last_failure_at=now)


def wait_wording(remaining: timedelta) -> str:
    """How long to wait, as people read it: whole seconds (rounded up) under 2 minutes, whole
    minutes (rounded up) from then on; never less than 1 second."""
    seconds = max(1, int(remaining.total_seconds() + 0.999))
    if seconds >= 120:
        return plural((seconds + 59) // 60, "minute")
    return plural(seconds, "second")
