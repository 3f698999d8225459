"""The phone's question "where is the room?", asked every second by every phone in a live
workshop: the busiest request of a national day (issue 18, docs/benchmarks.md).

Every phone in a room gets the same answer, so each app process keeps the last answer for a
room for half a second (``FRESH_SECONDS``) with the hashes of the people who joined, and
answers from it without the database. A change in the room (the facilitator moves on, the
results show, a round starts) reaches a phone within half a second more than its once-a-second
poll, well inside the 2 seconds a phone has to follow (tests/browser/test_room.py); a process
that has not seen the room for half a second reads it afresh, so several app servers never
disagree for longer than that. The half second is the setting ROOM_FRESH_SECONDS (0: off). Nothing else is kept: a closed workshop, a code that opens
nothing, a browser not in the workshop all take the full path, which says so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.data import Workshop
from app.data import workshops as data
from app.domain.workshops import normalise_code, secret_hash

_KEPT_AT_MOST = 5000  # rooms a process keeps at once, far above a national day's


@dataclass(frozen=True)
class Seen:
    """The answer a room gave, and who may have it."""

    workshop_id: int
    answer: dict[str, Any]
    members: frozenset[str]  # hashes of the secrets of those who joined
    at: float

    def answers(self, secret: str | None) -> bool:
        return bool(secret) and secret_hash(secret or "") in self.members


_seen: dict[str, Seen] = {}
_lock = threading.Lock()


def recent(code: str, fresh_seconds: float, clock: Callable[[], float] = time.monotonic) -> Seen | None:
    """The room's answer, if this process read it in the last ``fresh_seconds``."""
    key = normalise_code(code) if fresh_seconds > 0 else None
    found = _seen.get(key) if key else None
    if found is None or clock() - found.at > fresh_seconds:
        return None
    return found


def keep(code: str, workshop: Workshop, answer: dict[str, Any], fresh_seconds: float,
         clock: Callable[[], float] = time.monotonic) -> None:
    """Keep a room's answer (read in full by the caller just now) for the next ``fresh_seconds``."""
    key = normalise_code(code) if fresh_seconds > 0 else None
    if not key:
        return
    seen = Seen(workshop.id, answer, frozenset(data.token_hashes_of(workshop.id)), clock())
    with _lock:
        if len(_seen) >= _KEPT_AT_MOST:
            _seen.clear()
        _seen[key] = seen
