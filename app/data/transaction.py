"""One commit per service operation, and nothing half-saved.

A service operation that changes data is decorated with ``@operation``. Data functions only add
and flush; the operation commits once, at its end. If anything raises before that (a constraint,
a dropped connection, a bug), everything the operation flushed is rolled back before the error
goes on, so nothing that runs later in the same app context can commit half of it.

Operations may call other operations: only the outermost one commits or rolls back, so no
function rolls back its caller's work.

An insert that may race with the same form sent twice at once runs inside ``savepoint()``: if it
raises, only that insert is undone and the operation can read what the other request made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import IntegrityError

from app.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

#: The key in the session's info that counts the operations running (0 or absent: none).
OPERATION_DEPTH = "ehsg_operation_depth"


def operation(work: Callable[P, R]) -> Callable[P, R]:
    """Run ``work`` as one transaction: commit at the end of the outermost operation, roll back on error."""

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        info = db.session.info
        depth = info.get(OPERATION_DEPTH, 0)
        info[OPERATION_DEPTH] = depth + 1
        try:
            result = work(*args, **kwargs)
            if depth == 0:
                db.session.commit()
            return result
        except BaseException:
            if depth == 0:
                db.session.rollback()
            raise
        finally:
            info[OPERATION_DEPTH] = depth

    return run


@contextmanager
def savepoint() -> Iterator[None]:
    """Undo only the work inside the block if it raises (an insert that lost a race, say)."""
    _open_sqlite_transaction()
    with db.session.begin_nested():
        yield


def _open_sqlite_transaction() -> None:
    """Python's sqlite3 begins a transaction only before an INSERT, UPDATE or DELETE. A SAVEPOINT
    sent before any of those would begin one of its own, and releasing it would commit
    everything so far; so begin the transaction first, as PostgreSQL has already."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN")


def discard_unfinished_work() -> None:
    """After an error no operation caught (the error page is next), undo whatever the request
    left in the session, so rendering the page does not meet a transaction that failed."""
    db.session.rollback()


def race_lost(error: BaseException) -> bool:
    """Whether an error is a unique key taken by a request made at the same moment."""
    return isinstance(error, IntegrityError)

