"""All or nothing: an operation that fails part-way leaves nothing behind in the session.

A service commits once, at its end. If anything raises before that (a constraint, a dropped
connection, a bug), the work it has already flushed must not be committed later by whatever
runs next in the same app context: the session is rolled back before the error goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from app.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def all_or_nothing(operation: Callable[P, R]) -> Callable[P, R]:
    @wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return operation(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return run
