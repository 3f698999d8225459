"""Part 1b: a national peak. Ten live rooms of 60 people at once, at a person's pace, every phone
following its room as the real page does (app/static/js/room-follow.js, bench/follow.py).

Each room is its own live workshop (its own partnership). Its people arrive over the first
``arrive_s`` seconds (a room fills as people sit down), join, then answer ``answers`` descriptors,
thinking 5 to 15 s before each with the phone following the room meanwhile, and follow the room
until every room is done. One silent person per room joins and never answers, so no round closes
by itself (see the silent participant in bench/load.py). Recorded, in one Record: "paced answer"
(the POST), "room poll" (every poll of every phone), and the errors of both.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, replace

from bench.follow import Gate, Room, follow
from bench.http_client import Browser
from bench.load import HOST, Record, Scenario, Server, _answer, _join, _silent_participant


@dataclass(frozen=True)
class RoomsResult:
    rooms: int
    people: int
    joined: int
    answers: int
    expected_answers: int
    seconds: float
    record: Record

    @property
    def errors(self) -> int:
        return sum(self.record.errors.values()) + sum(self.record.follow_errors.values())


def _person(n: int, scenario: Scenario, port: int, record: Record, start_at: float, done: Gate,
            stop_at: float) -> None:
    rng = random.Random(10_000 + n)
    time.sleep(max(0.0, start_at - time.monotonic()))
    browser, room = Browser(HOST, port), Room()
    answered = 0
    if _join(n, scenario, browser, record, room):
        for descriptor_id in rng.sample(scenario.descriptor_ids, scenario.paced_answers):
            think = rng.uniform(*scenario.think_s)
            if time.monotonic() + think > stop_at:
                record.error("room answer: not sent before the deadline")
                break
            follow(browser, room, record, "rooms", until=time.monotonic() + think)
            try:
                answered += _answer(browser, room, record, scenario, descriptor_id, rng, prefix="paced ")
            except Exception as problem:  # counted, never stops the run
                record.error(f"room answer: {type(problem).__name__}")
    with record.lock:
        record.answers["rooms"] += answered
    done.arrive()
    follow(browser, room, record, "rooms", until=stop_at + 30, stop=done.open)
    browser.close()


def simulate_rooms(server: Server, scenarios: list[Scenario], people: int, answers: int,
                   arrive_s: float = 30.0, deadline_s: float = 240.0) -> RoomsResult:
    """``people`` in each of the rooms, ``answers`` answers each at a person's pace."""
    record = Record()
    rooms = [replace(s, participants=people, paced_answers=answers) for s in scenarios]
    for scenario in rooms:
        _silent_participant(scenario, server.port)
    done = Gate(people * len(rooms) + 1)  # and this thread, which waits on it
    started = time.monotonic()
    stop_at = started + deadline_s
    rng = random.Random(7)
    threading.stack_size(512 * 1024)
    threads = [threading.Thread(target=_person, daemon=True,
                                args=(r * people + n, scenario, server.port, record,
                                      started + rng.uniform(0, arrive_s), done, stop_at))
               for r, scenario in enumerate(rooms) for n in range(people)]
    for thread in threads:
        thread.start()
    if not done.wait(timeout=deadline_s + 60):
        record.error("rooms: not everyone finished by the deadline")
    for thread in threads:
        thread.join(timeout=10)
    return RoomsResult(rooms=len(rooms), people=people, joined=record.get("first question").count,
                       answers=record.answers["rooms"], expected_answers=people * len(rooms) * answers,
                       seconds=time.monotonic() - started, record=record)
