"""Part 1: a live workshop under load, and the same load on a bare Flask app (the ceiling).

Both applications run under gunicorn with the same settings, on 127.0.0.1 only. The same
client drives both: one thread per participant, each a browser with its own keep-alive
connection and cookies, plus one facilitator whose view refreshes every second.

A participant joins (GET the join page, POST the form with its CSRF token, GET the first
question), waits until everyone has joined, then answers every descriptor as fast as it can:
GET the question, POST the answer, GET the page the answer redirects to. Whenever it is not
sending an answer (waiting between phases, thinking at a person's pace), its phone follows the
room as the page's script does (bench/follow.py). The load is bounded:
each participant answers each descriptor once, and everything stops at a deadline whatever
happens.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.follow import Gate, Room, follow
from bench.http_client import Browser, hidden_fields
from bench.proc import cpu_seconds
from bench.stats import Samples

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # the only address the load goes to
GROUPS = ("health", "police", "education", "la_early_help", "childrens_social_care", "housing",
          "adult_services", "voluntary_sector", "family", "other")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- gunicorn ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    """gunicorn for a 2-core machine (see docs/benchmarks.md for the choice)."""

    workers: int = 4
    threads: int = 1
    worker_class: str = "sync"
    keepalive: int = 30  # gthread only: sync workers close the connection after each response

    def args(self) -> list[str]:
        args = ["--workers", str(self.workers), "--worker-class", self.worker_class, "--keep-alive", str(self.keepalive)]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return args

    def describe(self) -> str:
        if self.worker_class == "gthread":
            return (f"gunicorn gthread, {self.workers} workers x {self.threads} threads, "
                    f"keep-alive {self.keepalive} s")
        return f"gunicorn {self.worker_class}, {self.workers} workers"


class Server:
    """A gunicorn process serving ``target`` on 127.0.0.1, stopped on exit."""

    def __init__(self, target: str, settings: ServerSettings, env: dict[str, str], log: Path) -> None:
        self.target, self.settings, self.env, self.log = target, settings, env, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [str(GUNICORN), "--bind", f"{HOST}:{self.port}", *self.settings.args(), "--backlog", "2048",
                   "--log-level", "warning", "--error-logfile", str(self.log), "--graceful-timeout", "5",
                   "--no-control-socket", self.target]  # one socket file per machine otherwise (gunicorn 25+)
        self.output = open(self.log.with_suffix(".out"), "wb")  # closed in __exit__
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONFAULTHANDLER": "1", **self.env},
                                        stdout=self.output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn for {self.target} stopped at start; see {self.log}")
            try:
                if Browser(HOST, self.port, timeout=2).get("/health").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn for {self.target} did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "output", None):
            self.output.close()

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid) if self.process else 0.0


# --- The simulation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    code: str
    descriptor_ids: tuple[str, ...]
    assessment_id: int
    workshop_id: int
    facilitator_email: str
    password: str
    participants: int
    deadline_s: float = 240.0  # each phase stops by then, whatever happens
    refresh_s: float = 1.0
    paced_answers: int = 0  # answers each participant changes at a person's pace afterwards (0: none)
    think_s: tuple[float, float] = (5.0, 15.0)  # a person's time to read a descriptor and choose

    @property
    def code_path(self) -> str:
        return f"/join/{self.code[:4]}-{self.code[4:]}"


@dataclass
class Record:
    samples: dict[str, Samples] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: Counter = field(default_factory=Counter)  # by phase
    retries: int = 0
    follow_errors: Counter = field(default_factory=Counter)  # the phones following the room (bench/follow.py)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples.setdefault(kind, Samples()).add(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1

    def follow_error(self, what: str) -> None:
        with self.lock:
            self.follow_errors[what] += 1

    def get(self, kind: str) -> Samples:
        return self.samples.get(kind, Samples())


@dataclass
class LoadResult:
    name: str
    settings: str
    participants: int
    joined: int
    answers: int
    expected_answers: int
    join_seconds: float
    answer_seconds: float
    requests: int
    record: Record
    server_cpu_s: float
    database_cpu_s: float
    paced_answers: int = 0
    paced_expected: int = 0
    paced_seconds: float = 0.0

    @property
    def answers_per_s(self) -> float:
        return self.answers / self.answer_seconds if self.answer_seconds else 0.0

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.answer_seconds if self.answer_seconds else 0.0

    @property
    def error_count(self) -> int:
        missing = (self.expected_answers - self.answers) + (self.paced_expected - self.paced_answers)
        return sum(self.record.errors.values()) + missing


def _expect(record: Record, kind: str, response, status: int) -> bool:
    record.add(kind, response.seconds)
    if response.status != status:
        record.error(f"{kind}: HTTP {response.status} (expected {status})")
        return False
    return True


def _answer(browser: Browser, room: Room, record: Record, scenario: Scenario, descriptor_id: str,
            rng: random.Random, prefix: str = "") -> bool:
    """One answer as a browser gives it: the question page, the form sent, the page it leads to."""
    path = f"{scenario.code_path}/questions/{descriptor_id}"
    page = browser.get(path)
    room.shown(path, page)
    if not _expect(record, f"{prefix}question", page, 200):
        return False
    fields = hidden_fields(page.text)
    score = "dont_know" if rng.random() < 0.05 else str(rng.randint(0, 5))
    comment = "Seen in our team's cases this year." if rng.random() < 0.2 else ""
    sent = browser.post(path, {"csrf_token": fields.get("csrf_token", ""), "round": fields.get("round", "1"),
                               "score": score, "comment": comment})
    if not _expect(record, f"{prefix}answer", sent, 302):
        return False
    after = browser.get(sent.location or "/")
    room.shown(sent.location or "/", after)
    _expect(record, f"{prefix}after answer", after, 200)
    return True


@dataclass
class _Phases:
    """Where the participants meet between phases, and when each phase must stop."""

    joined: Gate
    fast_done: Gate
    paced_done: Gate
    stop_fast: list[float]
    stop_paced: list[float]


def _participant(n: int, scenario: Scenario, port: int, record: Record, phases: _Phases) -> None:
    rng = random.Random(n)
    browser, room = Browser(HOST, port), Room()
    joined = _join(n, scenario, browser, record, room)
    _wait(phases.joined, browser, room, record, scenario, "joining")
    if joined:
        _answer_fast(scenario, browser, room, record, phases, rng)
    _wait(phases.fast_done, browser, room, record, scenario, "fast")
    if joined and scenario.paced_answers:
        _answer_paced(scenario, browser, room, record, phases, rng)
    _wait(phases.paced_done, browser, room, record, scenario, "paced")
    with record.lock:
        record.retries += browser.retries
    browser.close()


def _wait(gate: Gate, browser: Browser, room: Room, record: Record, scenario: Scenario, phase: str) -> None:
    """Wait for the others, the phone following the room meanwhile."""
    gate.arrive()
    follow(browser, room, record, phase, until=time.monotonic() + scenario.deadline_s + 60, stop=gate.open)


def _join(n: int, scenario: Scenario, browser: Browser, record: Record, room: Room) -> bool:
    """Join the workshop as the n-th participant; True once the first question has shown."""
    try:
        page = browser.get(scenario.code_path)
        if _expect(record, "join page", page, 200):
            form = {**hidden_fields(page.text), "name": f"Participant {n + 1}",  # the CSRF and form tokens
                    "organisation": f"Organisation {n % 17 + 1}", "group": GROUPS[n % len(GROUPS)]}
            sent = browser.post(scenario.code_path, form)
            if _expect(record, "join", sent, 302):
                first = browser.get(sent.location or "/")
                room.shown(sent.location or "/", first)
                return _expect(record, "first question", first, 200)
    except Exception as problem:  # every failure is counted, none stops the run
        record.error(f"join: {type(problem).__name__}")
    return False


def _silent_participant(scenario: Scenario, port: int) -> None:
    """One more person joins and never answers, as someone in a room is always slow: the answer
    that completes the room would show the results and close the round (docs/benchmarks.md), and
    then no answer could be changed at a person's pace."""
    browser = Browser(HOST, port)
    _join(scenario.participants, scenario, browser, Record(), Room())
    browser.close()


def _answer_fast(scenario: Scenario, browser: Browser, room: Room, record: Record, phases: _Phases,
                 rng: random.Random) -> None:
    answered = 0
    for descriptor_id in scenario.descriptor_ids:  # as fast as they can
        if time.monotonic() > phases.stop_fast[0]:
            record.error("answer: not sent before the deadline")
            break
        try:
            answered += _answer(browser, room, record, scenario, descriptor_id, rng)
        except Exception as problem:
            record.error(f"answer: {type(problem).__name__}")
    with record.lock:
        record.answers["fast"] += answered


def _answer_paced(scenario: Scenario, browser: Browser, room: Room, record: Record, phases: _Phases,
                  rng: random.Random) -> None:
    answered = 0
    for descriptor_id in rng.sample(scenario.descriptor_ids, scenario.paced_answers):
        think = rng.uniform(*scenario.think_s)  # reading, thinking, choosing
        if time.monotonic() + think > phases.stop_paced[0]:
            record.error("paced answer: not sent before the deadline")
            break
        follow(browser, room, record, "paced", until=time.monotonic() + think)  # the phone follows the room
        try:
            answered += _answer(browser, room, record, scenario, descriptor_id, rng, prefix="paced ")
        except Exception as problem:
            record.error(f"paced answer: {type(problem).__name__}")
    with record.lock:
        record.answers["paced"] += answered


def _facilitator(scenario: Scenario, port: int, record: Record, started: threading.Event,
                 finished: threading.Event, phase: list[str]) -> None:
    browser = Browser(HOST, port)
    try:
        page = browser.get("/login")
        sent = browser.post("/login", {"csrf_token": hidden_fields(page.text).get("csrf_token", ""),
                                       "email": scenario.facilitator_email, "password": scenario.password})
        if not _expect(record, "facilitator sign-in", sent, 302):
            return
    except Exception as problem:
        record.error(f"facilitator sign-in: {type(problem).__name__}")
        return
    base = f"/assessments/{scenario.assessment_id}/workshops/{scenario.workshop_id}"
    started.wait(timeout=180)
    tick = 0
    next_at = time.monotonic()
    while not finished.is_set():
        # The live view of one descriptor, stepping to the next every 5 s; the workshop page every 5 s.
        descriptor_id = scenario.descriptor_ids[(tick // 5) % len(scenario.descriptor_ids)]
        prefix = phase[0]
        try:
            live = browser.get(f"{base}/descriptors/{descriptor_id}/live", accept="application/json")
            _expect(record, f"{prefix}facilitator live view", live, 200)
            if tick % 5 == 0:
                _expect(record, f"{prefix}facilitator workshop page", browser.get(base), 200)
        except Exception as problem:
            record.error(f"facilitator view: {type(problem).__name__}")
        tick += 1
        next_at += scenario.refresh_s
        finished.wait(max(0.0, next_at - time.monotonic()))
    browser.close()


def simulate(name: str, server: Server, scenario: Scenario, database_pid: int | None = None) -> LoadResult:
    """Join, answer everything as fast as possible, then (if asked) change a few answers at a
    person's pace; the facilitator's view refreshes every second from the first answer on."""
    record = Record()
    everyone = scenario.participants + 1
    phases = _Phases(Gate(everyone), Gate(everyone), Gate(everyone), [time.monotonic() + 10_000],
                     [time.monotonic() + 10_000])
    answering, finished = threading.Event(), threading.Event()
    phase_name = [""]
    _silent_participant(scenario, server.port)
    threading.stack_size(512 * 1024)
    facilitator = threading.Thread(target=_facilitator, daemon=True,
                                   args=(scenario, server.port, record, answering, finished, phase_name))
    facilitator.start()
    people = [threading.Thread(target=_participant, args=(n, scenario, server.port, record, phases), daemon=True)
              for n in range(scenario.participants)]
    join_started = time.perf_counter()
    for person in people:
        person.start()
    if not phases.joined.wait(timeout=150):
        record.error("join: not everyone joined within 150 s")
    join_seconds = time.perf_counter() - join_started
    joined = record.get("first question").count
    cpu_before = server.cpu_seconds()
    db_before = cpu_seconds(database_pid) if database_pid else 0.0
    phases.stop_fast[0] = time.monotonic() + scenario.deadline_s
    answer_started = time.perf_counter()
    answering.set()
    if not phases.fast_done.wait(timeout=scenario.deadline_s + 60):
        record.error("answer: the participants did not finish by the deadline")
    answer_seconds = time.perf_counter() - answer_started
    server_cpu = server.cpu_seconds() - cpu_before
    database_cpu = (cpu_seconds(database_pid) - db_before) if database_pid else 0.0
    phase_name[0] = "paced "
    phases.stop_paced[0] = time.monotonic() + scenario.deadline_s
    paced_started = time.perf_counter()
    phases.paced_done.wait(timeout=max(1.0, phases.stop_paced[0] + 30 - time.monotonic()))
    for person in people:
        person.join(timeout=10)
    paced_seconds = time.perf_counter() - paced_started
    finished.set()
    facilitator.join(timeout=10)
    requests = sum(record.get(k).count for k in ("question", "answer", "after answer"))
    return LoadResult(
        name=name, settings=server.settings.describe(), participants=scenario.participants, joined=joined,
        answers=record.answers["fast"], expected_answers=scenario.participants * len(scenario.descriptor_ids),
        join_seconds=join_seconds, answer_seconds=answer_seconds, requests=requests, record=record,
        server_cpu_s=server_cpu, database_cpu_s=database_cpu,
        paced_answers=record.answers["paced"], paced_expected=scenario.participants * scenario.paced_answers,
        paced_seconds=paced_seconds if scenario.paced_answers else 0.0,
    )
