"""Whole tables, for backups: what each table's columns hold, and its rows read and written as
plain values. Every table in the models' metadata is here, in an order that puts each table
after the tables it refers to.

Values are plain Python: int, float, bool, str, date, datetime (UTC, no tzinfo) or None; an
enumeration as the name the database stores (``"COORDINATOR"``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Boolean, Date, DateTime, Enum, Float, Integer, String, Text, func, select, text
from sqlalchemy import inspect as inspect_database
from sqlalchemy.exc import DBAPIError

from app.data.transaction import OPERATION_DEPTH
from app.extensions import db


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    kind: str  # integer, float, boolean, text, date, datetime, enum
    nullable: bool
    primary_key: bool
    references: str | None = None  # the table a foreign key points at
    choices: tuple[str, ...] = ()  # an enumeration's stored names
    length: int | None = None  # a text column's limit


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[ColumnInfo, ...]

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _kind(column) -> tuple[str, tuple[str, ...], int | None]:
    kind = column.type
    if isinstance(kind, Enum):
        return "enum", tuple(kind.enums), None
    if isinstance(kind, Boolean):
        return "boolean", (), None
    if isinstance(kind, Integer):
        return "integer", (), None
    if isinstance(kind, Float):
        return "float", (), None
    if isinstance(kind, DateTime):
        return "datetime", (), None
    if isinstance(kind, Date):
        return "date", (), None
    if isinstance(kind, (String, Text)):
        return "text", (), getattr(kind, "length", None)
    raise TypeError(f"The backup does not know how to keep {column.table.name}.{column.name} ({kind!r})")


def tables() -> list[TableInfo]:
    """Every table in the models' metadata, each after the tables it refers to."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = []
        for column in table.columns:
            kind, choices, length = _kind(column)
            references = next(iter(column.foreign_keys)).column.table.name if column.foreign_keys else None
            columns.append(ColumnInfo(column.name, kind, bool(column.nullable), column.primary_key, references,
                                      choices, length))
        found.append(TableInfo(table.name, tuple(columns)))
    return found


def _table(name: str):
    return db.metadata.tables[name]


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.name
    return value


@contextmanager
def snapshot() -> Iterator[None]:
    """Read every table as of one moment, so rows written while the backup runs cannot leave it
    inconsistent: on PostgreSQL a repeatable-read, read-only transaction; on SQLite a read
    transaction begun before the first table is read (writers wait for it, or, with a
    write-ahead log, carry on without it seeing them).

    The snapshot is a transaction of its own, ended when the block ends, so it is taken outside
    any operation, with nothing unsaved in the session (a command's first step)."""
    if db.session.info.get(OPERATION_DEPTH) or db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("A snapshot is a transaction of its own: take it outside any operation")
    db.session.rollback()  # end the transaction the reads so far began: it holds nothing
    try:
        dialect = db.session.get_bind().dialect.name
        if dialect == "postgresql":
            db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            db.session.execute(text("SET TRANSACTION READ ONLY"))
        elif dialect == "sqlite":
            db.session.connection().exec_driver_sql("BEGIN")
        yield
    finally:
        db.session.rollback()  # read only: end the snapshot


def read_rows(table_name: str, where: dict[str, Iterable[int]] | None = None) -> list[dict]:
    """A table's rows, by id; only those whose column is among the given values, when asked."""
    table = _table(table_name)
    query = select(table).order_by(*table.primary_key.columns)
    for column, values in (where or {}).items():
        query = query.where(table.c[column].in_(list(values)))
    return [{key: _plain(value) for key, value in row._mapping.items()}
            for row in db.session.execute(query)]


def count_rows(table_name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(_table(table_name))) or 0


def values_in(table_name: str, column: str, values: Iterable) -> dict:
    """{value: id} for the rows of a table whose column holds one of the values."""
    table = _table(table_name)
    wanted = list(values)
    if not wanted:
        return {}
    return {row[0]: row[1] for row in db.session.execute(select(table.c[column], table.c.id).where(
        table.c[column].in_(wanted)))}


def insert_rows(table_name: str, rows: list[dict]) -> None:
    """Insert rows as they are, ids included."""
    if rows:
        db.session.execute(_table(table_name).insert(), rows)


def insert_row(table_name: str, row: dict) -> int:
    """Insert one row without its id; the id the database gave it."""
    table = _table(table_name)
    result = db.session.execute(table.insert().values(**row).returning(table.c.id))
    return result.scalar_one()


def reset_id_sequences(table_names: Iterable[str]) -> None:
    """After rows were inserted with their ids, make PostgreSQL's id sequences carry on after
    the highest (SQLite takes the next id from the table itself)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for name in table_names:
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{name}"), 1), (SELECT MAX(id) FROM "{name}") IS NOT NULL)'
        ))


def schema_revision() -> str | None:
    """The migration the database is at (None if it has never been migrated)."""
    if not inspect_database(db.session.connection()).has_table("alembic_version"):
        return None
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


# The database's own refusal of a row (a constraint, a wrong type), for the service to word.
DatabaseRefusal = DBAPIError


def refusal_reason(problem: DBAPIError) -> str:
    """The first line of what the database said, without SQLAlchemy's wrapping."""
    return str(getattr(problem, "orig", problem)).strip().splitlines()[0]
