"""What the service tells its operators: one line per request, every unexpected error with its
traceback, and security events, each line carrying the request's id.

In production each line is one JSON object on stdout (``time``, ``level``, ``logger``,
``message``, ``request_id`` and the record's fields; an error's traceback as ``traceback``); in
development a readable line. The test profile adds no handler: records reach pytest's capture.

``security_event("sign_in_failed", user_id=3)`` records that something an operator watches for
happened. Fields are ids, counts and kinds only: never a password, a token, an invitation link,
an email address or any text a person typed. The request line names the route's rule
(``/assessments/<int:assessment_id>``), never the path as typed, which may hold a workshop code
or an invitation's token, and never the query string, the form, cookies or headers.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from typing import Any, Literal

from flask import Flask, Response, current_app, g, has_request_context, request

SECURITY = logging.getLogger("ehsg.security")
ACCESS = logging.getLogger("ehsg.access")
ERRORS = logging.getLogger("ehsg.errors")

#: The loggers given the service's handler: ours, and Flask's and our modules' (``app.*``).
CONFIGURED = ("ehsg", "app")

#: A request id a trusted proxy may pass on: letters, digits and ``._-``, up to 128 of them.
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
#: The attributes every log record has; anything else on a record is a field someone added.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

LogFormat = Literal["json", "text"]


def security_event(event: str, **fields: object) -> None:
    """Log a security event with its fields (ids and kinds, nothing secret or typed by a person)."""
    SECURITY.info(event, extra={"event": event, "fields": fields})


# --- Formats ---------------------------------------------------------------------------------


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields added to a record (``extra=``), with those under ``fields`` spread out."""
    added = {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES}
    spread = added.pop("fields", None)
    if isinstance(spread, dict):
        added.update({key: value for key, value in spread.items() if key not in added})
    return added


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, the record's fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """A readable line: time, level, logger, [request id], message, key=value fields; then the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        fields = "".join(f" {key}={value}" for key, value in _fields(record).items() if key != "event")
        line = (f"{self.formatTime(record)} {record.levelname} {record.name} "
                f"[{getattr(record, 'request_id', None) or '-'}] {record.getMessage()}{fields}")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class RequestIdFilter(logging.Filter):
    """Puts the request's id (or None outside a request) on every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


class ServiceHandler(logging.StreamHandler):
    """The service's one handler (so setting logging up again replaces it rather than adding one)."""


def configure_logging(env_name: str, level: str, log_format: LogFormat | None) -> None:
    """Set up the service's loggers for a profile: JSON on stdout in production (unless
    ``log_format`` says otherwise), readable lines in development; in the test profile no
    handler, so records go on to pytest's capture and nowhere else."""
    for name in CONFIGURED:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        for handler in [h for h in logger.handlers if isinstance(h, ServiceHandler)]:
            logger.removeHandler(handler)
        logger.propagate = env_name == "test"
        if env_name == "test":
            continue
        handler = ServiceHandler(sys.stdout)
        chosen = log_format or ("json" if env_name == "production" else "text")
        handler.setFormatter(JsonFormatter() if chosen == "json" else TextFormatter())
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)


# --- Requests --------------------------------------------------------------------------------


def request_id() -> str | None:
    """This request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


def _start_request() -> None:
    """The request's id: a trusted proxy's well-formed X-Request-Id, or a new one."""
    offered = request.headers.get("X-Request-Id", "") if current_app.config["PROXY_HOPS"] > 0 else ""
    g.request_id = offered if _WELL_FORMED_ID.fullmatch(offered) else secrets.token_hex(8)
    g.request_started = time.perf_counter()


def _rule() -> str | None:
    return request.url_rule.rule if request.url_rule is not None else None


def _signed_in_ids() -> tuple[int | None, int | None]:
    """The signed-in user's id and the partnership the page was of, if the request looked them up.

    Only what the request loaded already (no sign-in is looked up for a stylesheet); never raises:
    after a failed request the rows may be gone.
    """
    try:
        user = g.get("_login_user")  # where Flask-Login keeps the user it loaded for this request
        user_id = user.id if user is not None and user.is_authenticated else None
        access = g.get("access")
        member = getattr(access, "member", None) or g.get("membership")
        partnership_id = getattr(member, "partnership_id", None) if user_id is not None else None
    except Exception:
        return None, None
    return user_id, partnership_id


def _answered(response: Response) -> Response:
    """One line for the request: method, rule, endpoint, status, duration, user and partnership ids."""
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    user_id, partnership_id = _signed_in_ids()
    rule = _rule()
    ACCESS.info(f"{request.method} {rule or '-'} {response.status_code}", extra={"fields": {
        "method": request.method, "rule": rule, "endpoint": request.endpoint, "status": response.status_code,
        "duration_ms": duration, "user_id": user_id, "partnership_id": partnership_id}})
    if "request_id" in g:
        response.headers["X-Request-Id"] = g.request_id
    return response


def log_unexpected_error(exc_info: Any) -> None:
    """An error no page handles, with its traceback (named by the route's rule, never its path)."""
    ERRORS.error(f"Unexpected error in {request.method} {_rule() or '-'}", exc_info=exc_info,
                 extra={"fields": {"endpoint": request.endpoint}})


def init_request_logging(app: Flask) -> None:
    """A request id first thing in every request; the request's line last thing before it is sent."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_answered)
