"""Error pages in the service's own layout, never a stack trace.

An unexpected error reaches Flask's own handling (no handler is registered for every exception),
so Flask logs it with its traceback (app.logs.log_unexpected_error) and then shows the 500 page,
which gives the request's id for the person to quote.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.data.transaction import discard_unfinished_work
from app.logs import request_id

PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    409: "errors/409.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def _render(code: int, **context):
    template = PAGES.get(code, "errors/500.html")
    return render_template(template, **context), code


def handle_csrf(error: CSRFError):
    return _render(400, csrf=True)


def handle_http(error: HTTPException):
    code = error.code or 500
    if code not in PAGES:
        return error
    return _render(code)


def handle_unexpected(error: InternalServerError):
    discard_unfinished_work()
    return _render(500, reference=request_id())


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    # Flask logs an unexpected error and then calls this with an InternalServerError.
    app.register_error_handler(InternalServerError, handle_unexpected)
