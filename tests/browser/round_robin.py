"""Two app servers and a round-robin load balancer, for tests/browser/test_two_servers.py.

    AppServer   `gunicorn run:app` on 127.0.0.1 in a process of its own, with the environment given
    RoundRobin  a load balancer in miniature (http.server and a thread per connection): each request
                goes to the next server in turn; every answer is recorded and marked X-Served-By
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from browser_support import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"
HOST = "127.0.0.1"

#: Headers that belong to one connection, not to the request or response passed on.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
                        "upgrade", "content-length"})


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- two servers


@dataclass
class AppServer:
    """`gunicorn run:app` on 127.0.0.1, as production runs it (sync workers)."""

    name: str
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self._output = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"{HOST}:{self.port}", "--workers", "2", "--graceful-timeout", "5",
             # Two servers on one machine: gunicorn's control socket (~/.gunicorn/gunicorn.ctl by
             # default) would be one file for both, and the second logs an error. Neither needs it.
             "--no-control-socket", "--log-level", "warning", "run:app"],
            cwd=REPO_ROOT, env=self.env, stdout=self._output, stderr=subprocess.STDOUT)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, (
                f"server {self.name} stopped at start:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server {self.name} did not answer /health within 60 s:\n{self.output()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_output", None):
            self._output.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:] if self.log.exists() else ""

    def errors_logged(self) -> list[str]:
        """The lines this server logged at ERROR (unexpected errors, with their traceback)."""
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                if "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line:
                    found.append(line)
                continue
            if isinstance(entry, dict) and entry.get("level") in ("ERROR", "CRITICAL"):
                found.append(line)
        return found


# --------------------------------------------------------------------------- the load balancer


@dataclass
class Answered:
    server: str
    method: str
    path: str
    status: int


class RoundRobin:
    """A load balancer in miniature: each request goes to the next server in turn, whatever
    connection or browser it comes from, with X-Forwarded-For and X-Forwarded-Proto set as a
    load balancer sets them. Every answer is recorded (`answered`)."""

    def __init__(self, servers: list[AppServer]) -> None:
        self.servers = servers
        self.answered: list[Answered] = []
        self.failures: list[str] = []
        self._turn = 0
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        proxy = self

        class Handler(_Forward):
            balancer = proxy

        self._http = ThreadingHTTPServer((HOST, 0), Handler)
        self._http.daemon_threads = True
        self._http.handle_error = self._ignore_dropped  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._http.serve_forever, name="round-robin", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._http.server_port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait for ever on a server never started
            self._http.shutdown()
        with self._lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self._http.server_close()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def next_server(self) -> AppServer:
        with self._lock:
            server = self.servers[self._turn % len(self.servers)]
            self._turn += 1
            return server

    def record(self, answered: Answered) -> None:
        with self._lock:
            self.answered.append(answered)

    def opened(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _ignore_dropped(self, request: Any, client_address: Any) -> None:
        """A browser dropping a connection it no longer needs is not a failure of the servers."""

    def counts(self) -> Counter:
        return Counter(a.server for a in self.answered)

    def by(self, server: str, *, method: str | None = None, prefix: str = "/") -> list[Answered]:
        return [a for a in self.answered if a.server == server and a.path.startswith(prefix)
                and (method is None or a.method == method)]


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive with the browser, as a load balancer does
    balancer: RoundRobin

    def setup(self) -> None:
        super().setup()
        self.balancer.opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.balancer.closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # paths may hold a workshop code; the test reports what it needs itself

    def do_GET(self) -> None:
        self._forward()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_GET

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.balancer.next_server()
        upstream = http.client.HTTPConnection(HOST, server.port, timeout=30)
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP and not name.lower().startswith("x-forwarded-"):
                    upstream.putheader(name, value)
            upstream.putheader("X-Forwarded-For", self.client_address[0])
            upstream.putheader("X-Forwarded-Proto", "http")
            if body or self.command in ("POST", "PUT"):
                upstream.putheader("Content-Length", str(len(body)))
            upstream.endheaders(body or None)
            response = upstream.getresponse()
            payload = response.read()
        except OSError as problem:
            self.balancer.failures.append(f"{server.name}: {self.command} {self.path}: {problem!r}")
            self.send_error(502)
            return
        finally:
            upstream.close()
        self.balancer.record(Answered(server.name, self.command, self.path.split("?")[0], response.status))
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("X-Served-By", server.name)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
