"""The backup file: its format, its values, and reading one back with every value checked.

The backup file (format version 1)
----------------------------------
gzip-compressed JSON in UTF-8 (plain JSON when the file name ends in ``.json``)::

    {
      "format": "ehsg-backup",
      "format_version": 1,
      "made_at": "2026-11-30T02:30:00Z",
      "database_revision": "0003_workshops",
      "partnership": null,
      "tables": {
        "partnership": {
          "columns": ["id", "name", "local_authority", "created_at"],
          "rows": [[1, "Demo Early Help Partnership", "Demo Borough Council", "2026-11-30T02:18:11.804509"]]
        },
        "user_account": {"columns": [...], "rows": [...]},
        ...
      }
    }

- ``tables`` holds every table of the database, each after the tables it refers to, with its
  column names and its rows (one list of values per row, in the columns' order, by id).
- ``partnership`` is null for a backup of the whole service. For a backup of one partnership
  it is that partnership's name, and the tables hold its rows only: the partnership, its
  memberships and invitations, its people (members, and anyone its rows name, such as who
  signed off), its assessments with their answers, evidence, priorities and audit log, and its
  workshops with their descriptors, participants and answers. The service's own tables
  (signed-in sessions, sign-in and join throttles, drafts kept over a sign-in) are left out.
- Values are JSON's own for whole numbers, decimals, true/false, text and null; a date is
  ``"YYYY-MM-DD"``; a date and time ``"YYYY-MM-DDTHH:MM:SS.ffffff"`` in UTC; a choice (a role,
  a status, a kind of evidence, a stakeholder group...) is the name the database stores, such
  as ``"COORDINATOR"``.
- People's password hashes (argon2) and everything they wrote are in it: keep backup files as
  safe as the database itself. ``ehsg backup`` makes them readable by their owner only.

Reading a file
--------------
A file is read in pieces: gzip is first expanded without keeping what it expands to, and a
file that would hold more than :data:`MAX_JSON_BYTES` of JSON (or a plain JSON file that big)
is refused before anything else, so a small "gzip bomb" cannot fill the memory. Then every
value is checked against its column (its kind, a choice among the stored names, a text within
the column's length) and every reference against the rows of the same file.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from app.data import backup as data
from app.data.backup import ColumnInfo, TableInfo
from app.data.base import utcnow
from app.services.backup_errors import BackupProblem
from app.services.backup_scope import PARTNERSHIP_TABLES, PEOPLE_TABLE

FORMAT = "ehsg-backup"
FORMAT_VERSION = 1

MB = 1024 * 1024
#: The most JSON a backup file may hold, expanded: 200 MB, the toolkit's choice. The demo's
#: whole service (two partnerships, three assessments, two workshops) is 130 KB; a year of full
#: narratives, each saved a few times (the audit log keeps every version), a few MB. A larger
#: file is refused unless the restore is given ``--largest-mb``; it may also be restored one
#: partnership at a time from backups made with ``ehsg backup --partnership``.
MAX_JSON_BYTES = 200 * MB
#: How much of a gzip file is expanded at a time.
_CHUNK = 1 * MB


# --- Values -----------------------------------------------------------------------------


def encode(value):
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


class _NotThisKind(Exception):
    """The value is not one the column's kind takes."""


def _whole_number(column: ColumnInfo, value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _NotThisKind


def _number(column: ColumnInfo, value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise _NotThisKind


def _true_or_false(column: ColumnInfo, value: object) -> object:
    if isinstance(value, bool):
        return value
    raise _NotThisKind


def _text(column: ColumnInfo, value: object) -> object:
    if isinstance(value, str):
        return value
    raise _NotThisKind


def _choice(column: ColumnInfo, value: object) -> object:
    if isinstance(value, str) and value in column.choices:
        return value
    raise _NotThisKind


def _date(column: ColumnInfo, value: object) -> object:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _NotThisKind


def _moment(column: ColumnInfo, value: object) -> object:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _NotThisKind from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    raise _NotThisKind


#: For each kind of column: how a value from the file becomes the database's, and what it should be.
_DECODERS = {
    "integer": (_whole_number, "a whole number"),
    "float": (_number, "a number"),
    "boolean": (_true_or_false, "true or false"),
    "text": (_text, "text"),
    "date": (_date, "a date like 2026-03-27"),
    "datetime": (_moment, "a date and time like 2026-03-27T14:05:00"),
    "enum": (_choice, "one of the choices"),
}


def _decode(column: ColumnInfo, value: object, where: str) -> object:
    """A value from the file as the database takes it, or BackupProblem saying what is wrong."""
    if value is None:
        if not column.nullable:
            raise BackupProblem(f"{where}: {column.name} is empty, but it must have a value")
        return None
    decoder, expected = _DECODERS[column.kind]
    try:
        decoded = decoder(column, value)
    except _NotThisKind:
        if column.kind == "enum":
            expected = "one of " + ", ".join(column.choices)
        shown = json.dumps(value, ensure_ascii=False)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise BackupProblem(f"{where}: {column.name} is {shown}, not {expected}") from None
    if isinstance(decoded, str) and column.length is not None and len(decoded) > column.length:
        raise BackupProblem(f"{where}: {column.name} is {len(decoded):,} characters long; the database keeps "
                            f"{column.length:,}")
    return decoded



# --- Writing a backup -------------------------------------------------------------------


def write_document(tables: list[TableInfo], rows: dict[str, list[dict]], partnership: str | None,
                   revision: str | None, compress: bool = True, now: datetime | None = None) -> tuple[bytes, int]:
    """The bytes of a backup file holding these rows (the tables in ``rows``, in the tables' order),
    and how many bytes of JSON it holds."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "made_at": (now or utcnow()).replace(microsecond=0).isoformat() + "Z",
        "database_revision": revision,
        "partnership": partnership,
        "tables": {
            info.name: {
                "columns": list(info.column_names),
                "rows": [[encode(row[c]) for c in info.column_names] for row in rows[info.name]],
            }
            for info in tables if info.name in rows
        },
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return (gzip.compress(text, mtime=0) if compress else text), len(text)


# --- Reading a backup -------------------------------------------------------------------


@dataclass
class BackupFile:
    """A backup file, read and checked: every value as the database takes it."""

    partnership: str | None
    revision: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def partnership_names(self) -> list[str]:
        return [p["name"] for p in self.rows.get("partnership", [])]


def too_big(largest: int) -> BackupProblem:
    """The refusal of a file holding more than ``largest`` bytes of JSON (for the command line
    to raise before it reads a file that big, too)."""
    return BackupProblem(
        f"The file holds more than {largest / MB:,.0f} MB of JSON, the most a restore reads, so it is not read "
        "further (a small file that expands to that much may be a \"gzip bomb\"). If it is a backup you made, "
        "restore it with --largest-mb and a larger number of megabytes, or restore each partnership from a "
        "backup made with ehsg backup --partnership NAME")


def _gunzipped(content: bytes, largest: int, keep: bool) -> bytes:
    """Expand gzip a piece at a time, refusing more than ``largest`` bytes; the bytes when
    ``keep``, else nothing (a first pass that only counts, so memory never holds more than a
    piece of a file that turns out too big)."""
    pieces, total = [], 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            while piece := stream.read(_CHUNK):
                total += len(piece)
                if total > largest:
                    raise too_big(largest)
                if keep:
                    pieces.append(piece)
    except (OSError, EOFError, zlib.error):
        raise BackupProblem("The file is not a complete gzip file: it may have been cut short when it was "
                            "copied") from None
    return b"".join(pieces)


def _json_bytes(content: bytes, largest: int) -> bytes:
    """The file's JSON: expanded when it is gzip, and never more than ``largest`` bytes of it."""
    if content[:2] != b"\x1f\x8b":
        if len(content) > largest:
            raise too_big(largest)
        return content
    _gunzipped(content, largest, keep=False)
    return _gunzipped(content, largest, keep=True)


def _document(content: bytes, largest: int) -> dict[str, Any]:
    """The backup file's JSON document, or BackupProblem saying why it is not one."""
    content = _json_bytes(content, largest)
    try:
        document = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise BackupProblem("The file is not a toolkit backup: it is not text in UTF-8, nor gzip-compressed") from None
    except json.JSONDecodeError as problem:
        raise BackupProblem(f"The file is not a toolkit backup: it is not JSON (line {problem.lineno}, column "
                            f"{problem.colno}: {problem.msg})") from None
    except RecursionError:
        raise BackupProblem("The file is not a toolkit backup: its JSON is nested thousands of levels deep, and a "
                            "backup's is five") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupProblem(f'The file is not a toolkit backup: it does not say "format": "{FORMAT}"')
    return document


def read_backup(content: bytes, largest: int = MAX_JSON_BYTES) -> BackupFile:
    """Read and check a backup file of at most ``largest`` bytes of JSON; BackupProblem says
    what is wrong with it and where."""
    document = _document(content, largest)
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupProblem(f"The backup is in format version {version!r}; this version of the toolkit reads "
                            f"version {FORMAT_VERSION}. Restore it with the version of the toolkit that made it")
    partnership = document.get("partnership")
    if partnership is not None and not isinstance(partnership, str):
        raise BackupProblem('"partnership" must be a partnership\'s name, or null for a backup of the whole service')
    tables_in_file = document.get("tables")
    if not isinstance(tables_in_file, dict):
        raise BackupProblem('The backup has no "tables"')
    revision = document.get("database_revision")
    here = {info.name: info for info in data.tables()}
    unknown = sorted(set(tables_in_file) - set(here))
    if unknown:
        raise BackupProblem(f"The backup has tables this database does not: {', '.join(unknown)}. It was made at "
                            f"database revision {revision}; restore it with the version of the toolkit that made it")
    expected = set(here) if partnership is None else set(PARTNERSHIP_TABLES) | {PEOPLE_TABLE}
    missing = sorted(expected - set(tables_in_file))
    if missing:
        raise BackupProblem(f"The backup is incomplete: it has no {', '.join(missing)} table"
                            f"{'s' if len(missing) > 1 else ''}")
    backup = BackupFile(partnership=partnership, revision=revision)
    for name, info in here.items():
        if name in tables_in_file:
            backup.rows[name] = _read_table(info, tables_in_file[name], revision)
    _check_references(here, backup.rows)
    if partnership is not None and backup.partnership_names != [partnership]:
        raise BackupProblem(f"The backup says it is of {partnership}, but it holds "
                            f"{', '.join(backup.partnership_names) or 'no partnership'}")
    return backup


def _read_table(info: TableInfo, table, revision) -> list[dict]:
    if not isinstance(table, dict) or not isinstance(table.get("columns"), list) or not isinstance(table.get("rows"), list):
        raise BackupProblem(f'Table {info.name}: it must have "columns" (a list of names) and "rows" (a list of rows)')
    columns = table["columns"]
    extra = [c for c in columns if c not in info.column_names]
    if extra:
        raise BackupProblem(f"Table {info.name} has columns this database does not: {', '.join(map(str, extra))}. "
                            f"The backup was made at database revision {revision}; restore it with the version of "
                            "the toolkit that made it")
    if len(set(columns)) != len(columns):
        raise BackupProblem(f"Table {info.name} names a column twice")
    for column in info.columns:
        if column.name not in columns and not column.nullable:
            raise BackupProblem(f"Table {info.name} has no {column.name} column, and it must have a value")
    rows, seen = [], set()
    for number, values in enumerate(table["rows"], start=1):
        row = _read_row(info, columns, values, f"Table {info.name}, row {number}")
        if row["id"] in seen:
            raise BackupProblem(f"Table {info.name}, row {number}: id {row['id']} appears twice")
        seen.add(row["id"])
        rows.append(row)
    return rows


def _read_row(info: TableInfo, columns: list[str], values: object, where: str) -> dict:
    """One row's values as the database takes them; ``where`` names the row in a problem (with
    its id once the id is read)."""
    if not isinstance(values, list) or len(values) != len(columns):
        raise BackupProblem(f"{where}: it must be a list of {len(columns)} values, one for each column")
    named = dict(zip(columns, values, strict=True))
    row = {"id": _decode(info.column("id"), named.get("id"), where)}
    where = f"{where} (id {row['id']})"
    for column in info.columns:
        if column.name != "id":
            row[column.name] = _decode(column, named[column.name], where) if column.name in named else None
    return row


def _check_references(tables: dict[str, TableInfo], rows: dict[str, list[dict]]) -> None:
    ids = {name: {r["id"] for r in table_rows} for name, table_rows in rows.items()}
    for name, table_rows in rows.items():
        for column in tables[name].columns:
            if column.references is None:
                continue
            known = ids.get(column.references, set())
            for number, row in enumerate(table_rows, start=1):
                value = row[column.name]
                if value is not None and value not in known:
                    raise BackupProblem(f"Table {name}, row {number} (id {row['id']}): {column.name} is {value}, but "
                                        f"the backup has no {column.references} with that id")
