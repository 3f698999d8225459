"""The phones following the room: what app/static/js/room-follow.js does while a person waits.

A participant's question page and waiting page carry a marker (``id="room-follow"``) with the
address to poll and the room's key when the page was drawn. The script asks that address about
once a second (one second after the page loaded, then one second after each answer came back).
When the key it gets differs and the state names a page, it goes there; on 410 (closed) or a
redirect (no longer in the workshop) it reloads the page; on 404 it stops; anything else, it
tries again next time. The participants here are reading, never typing, while they follow, so a
moved room always takes them to its page, as it takes a person who has not started to answer.

Each poll's time is recorded as "room poll" and as "room poll, <phase>"; any response other than
200 and any exception is a follow error, counted apart from the answers' errors.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.http_client import Browser, Response
    from bench.load import Record

INTERVAL_S = 1.0  # room-follow.js: INTERVAL_MS
_MARKER = re.compile(r'<div\b[^>]*\bid="room-follow"[^>]*>', re.IGNORECASE)
_URL = re.compile(r'\bdata-room-url="([^"]*)"')
_KEY = re.compile(r'\bdata-room-key="([^"]*)"')


@dataclass
class Room:
    """What the page on a participant's screen knows to follow the room."""

    address: str | None = None  # data-room-url; None: the page does not follow (no marker)
    key: str | None = None  # data-room-key
    here: str = ""  # the page on the screen, for a reload

    def shown(self, path: str, response: Response) -> None:
        """The browser now shows ``response`` (from ``path``): read its marker, if any."""
        self.here, self.address, self.key = path, None, None
        marker = _MARKER.search(response.text) if response.status == 200 else None
        if marker:
            url, key = _URL.search(marker.group(0)), _KEY.search(marker.group(0))
            self.address = html.unescape(url.group(1)) if url else None
            self.key = html.unescape(key.group(1)) if key else ""


class Gate:
    """Where everyone meets between phases. Like a barrier, but a participant who has arrived goes
    on following the room while it waits; opens when all have arrived, or when ``release``d."""

    def __init__(self, parties: int) -> None:
        self.parties, self.arrived = parties, 0
        self.lock = threading.Lock()
        self.open = threading.Event()

    def arrive(self) -> None:
        with self.lock:
            self.arrived += 1
            if self.arrived >= self.parties:
                self.open.set()

    def wait(self, timeout: float) -> bool:
        """Arrive and wait (the main thread); False if it had to be opened at the timeout."""
        self.arrive()
        met = self.open.wait(timeout)
        self.open.set()
        return met


def follow(browser: Browser, room: Room, record: Record, phase: str, until: float,
           stop: threading.Event | None = None) -> None:
    """Follow the room as the page does until the monotonic time ``until``, or until ``stop``."""
    next_at = time.monotonic() + INTERVAL_S
    while True:
        if next_at >= until:
            _pause(until - time.monotonic(), stop)
            return
        if _pause(next_at - time.monotonic(), stop):
            return
        if room.address is not None:  # a page without the marker only waits
            try:
                _poll(browser, room, record, phase)
            except Exception as problem:  # offline for a moment: try again next time
                record.follow_error(f"room poll: {type(problem).__name__}")
        next_at = time.monotonic() + INTERVAL_S


def _pause(seconds: float, stop: threading.Event | None) -> bool:
    """Sleep (at most ``seconds``); True if ``stop`` was set."""
    if stop is not None:
        return stop.wait(max(0.0, seconds))
    time.sleep(max(0.0, seconds))
    return False


def _poll(browser: Browser, room: Room, record: Record, phase: str) -> None:
    address = room.address or ""
    response = browser.get(address, accept="application/json")
    record.add("room poll", response.seconds)
    record.add(f"room poll, {phase}", response.seconds)
    if response.status != 200:
        record.follow_error(f"room poll: HTTP {response.status} (expected 200)")
        if response.status == 410 or 300 <= response.status < 400:
            _go(browser, room, record, room.here)  # the page reloads
        elif response.status == 404:
            room.address = None  # the page stops following
        return
    state = json.loads(response.body)
    if state.get("key") != room.key and state.get("url"):
        _go(browser, room, record, state["url"])  # the room moved: the page it points to
        return
    room.key = state.get("key")


def _go(browser: Browser, room: Room, record: Record, path: str) -> None:
    page = browser.get(path)
    record.add("room moved: page", page.seconds)
    if page.status != 200:
        record.follow_error(f"room moved: page HTTP {page.status} (expected 200)")
    room.shown(path, page)
