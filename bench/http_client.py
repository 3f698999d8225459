"""A small browser for the load test: one keep-alive connection (http.client), its own cookies,
and the hidden form fields a page carries. Standard library only.

Like a browser, a request that fails on a kept-alive connection the server has since closed
(before any of the response arrived) is sent again once on a new connection; such retries are
counted, not treated as errors. Anything else that goes wrong is an error for the caller.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_NAME = re.compile(r'\bname="([^"]*)"')
_VALUE = re.compile(r'\bvalue="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    """The name and value of every <input> that has both (the CSRF token, the round...)."""
    found = {}
    for tag in _INPUT.findall(html):
        name, value = _NAME.search(tag), _VALUE.search(tag)
        if name and value and name.group(1) not in found:
            found[name.group(1)] = value.group(1)
    return found


@dataclass
class Response:
    status: int
    location: str | None
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine)


class Browser:
    def __init__(self, host: str, port: int, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.used = False  # the connection has carried a response already
        self.cookies: dict[str, str] = {}
        self.retries = 0

    def _connect(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.used = False
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            first, *attributes = header.split(";")
            name, _, value = first.strip().partition("=")
            attrs = {a.strip().split("=", 1)[0].lower(): a.strip().partition("=")[2] for a in attributes}
            expired = attrs.get("max-age") == "0" or "1970" in attrs.get("expires", "")
            if expired or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(self, method: str, path: str, form: dict | None = None, accept: str = "text/html") -> Response:
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Host": f"{self.host}:{self.port}", "Accept": accept, "User-Agent": "ehsg-bench"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn = self._connect()
            reused = self.used
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
            except _STALE:
                self.close()
                if reused and attempt == 1:
                    self.retries += 1
                    continue
                raise
            except BaseException:
                self.close()
                raise
            elapsed = time.perf_counter() - started
            self.used = True
            if response.will_close:
                self.close()
            self._store_cookies(response.msg.get_all("Set-Cookie") or [])
            location = response.getheader("Location")
            if location:
                parts = urlsplit(location)
                location = parts.path + (f"?{parts.query}" if parts.query else "")
            return Response(response.status, location, content, elapsed)
        raise AssertionError("unreachable")

    def get(self, path: str, accept: str = "text/html") -> Response:
        return self.request("GET", path, accept=accept)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form=form)
