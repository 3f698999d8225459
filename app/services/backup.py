"""Backing up and restoring the toolkit's data: the whole service, or one partnership.

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

Restoring
---------
Into an empty database, a whole backup gives back every row as it was, ids included. Into a
database that already holds data, only one partnership that is not there yet can be restored
(``--partnership NAME``, or the only one in the file): its rows are added with new ids and every
reference between them follows; people already in the database (the same email address) are
linked to, not changed. Anything else is refused. A restore is one transaction: a file with a
problem changes nothing, and the message says what is wrong and where.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from app.data import backup as data
from app.data.backup import ColumnInfo, TableInfo
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain.wording import plural

FORMAT = "ehsg-backup"
FORMAT_VERSION = 1

#: For each table that holds a partnership's own data, the column that ties a row to the row
#: of the partnership (or of the assessment, workshop... that belongs to it) it is part of.
PARTNERSHIP_TABLES: dict[str, str | None] = {
    "partnership": None,
    "membership": "partnership_id",
    "invitation": "partnership_id",
    "assessment": "partnership_id",
    "descriptor_response": "assessment_id",
    "evidence_item": "response_id",
    "priority_choice": "assessment_id",
    "audit_entry": "assessment_id",
    "workshop": "assessment_id",
    "workshop_descriptor": "workshop_id",
    "workshop_participant": "workshop_id",
    "workshop_answer": "workshop_descriptor_id",
}
#: People belong to every partnership they are a member of, or that names them.
PEOPLE_TABLE = "user_account"
#: The service's own tables: in a backup of the whole service only.
SERVICE_TABLES: dict[str, str] = {
    "user_session": "signed-in sessions",
    "login_throttle": "failed sign-ins",
    "join_throttle": "wrong workshop codes",
    "draft": "text kept over a sign-in",
    "password_reset": "password reset links",  # email-and-passwords
}

#: How the summary names a table's rows (one, many); tables not here are counted as rows.
LABELS = {
    "partnership": ("partnership", "partnerships"),
    "user_account": ("person", "people"),
    "assessment": ("assessment", "assessments"),
    "workshop": ("workshop", "workshops"),
    "workshop_answer": ("workshop answer", "workshop answers"),
    "audit_entry": ("audit entry", "audit entries"),
}


class BackupProblem(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


def covered_tables() -> set[str]:
    return set(PARTNERSHIP_TABLES) | {PEOPLE_TABLE} | set(SERVICE_TABLES)


def _check_every_table_is_covered(tables: list[TableInfo]) -> None:
    """A table the rules above do not mention would be left out of a partnership's backup
    without anyone noticing: refuse instead, naming it."""
    missing = sorted({t.name for t in tables} - covered_tables())
    if missing:
        raise BackupProblem(
            f"The backup does not know which partnership the rows of {', '.join(missing)} belong to. "
            "Add the table to app/services/backup.py before making backups")


# --- Values -----------------------------------------------------------------------------


def _encode(value):
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


# --- Choosing a partnership's rows ------------------------------------------------------


def _partnership_rows(tables: list[TableInfo], rows: dict[str, list[dict]], partnership_id: int) -> dict[str, list[dict]]:
    """The rows of one partnership, and of the people it has or names, from rows of any tables."""
    chosen: dict[str, list[dict]] = {}
    ids: dict[str, set[int]] = {}
    for info in tables:
        if info.name not in PARTNERSHIP_TABLES:
            continue
        column = PARTNERSHIP_TABLES[info.name]
        if column is None:
            keep = [r for r in rows.get(info.name, []) if r["id"] == partnership_id]
        else:
            parents = ids[info.column(column).references or ""]
            keep = [r for r in rows.get(info.name, []) if r[column] in parents]
        chosen[info.name] = keep
        ids[info.name] = {r["id"] for r in keep}
    named = {
        row[column.name]
        for info in tables if info.name in chosen
        for column in info.columns if column.references == PEOPLE_TABLE
        for row in chosen[info.name] if row[column.name] is not None
    }
    chosen[PEOPLE_TABLE] = [r for r in rows.get(PEOPLE_TABLE, []) if r["id"] in named]
    return {info.name: chosen[info.name] for info in tables if info.name in chosen}


# --- Backing up -------------------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    content: bytes
    partnership: str | None
    counts: dict[str, int]

    def describe(self) -> str:
        return describe(self.counts)


def describe(counts: dict[str, int]) -> str:
    """'1 partnership, 4 people, 2 assessments, ... (164 rows in 17 tables)'."""
    parts = []
    for table, (one, many) in LABELS.items():
        if table in counts:
            parts.append(plural(counts[table], one, many))
    total = sum(counts.values())
    return f"{', '.join(parts)} ({plural(total, 'row')} in {len(counts)} tables)"


def make_backup(partnership: str | None = None, compress: bool = True, now: datetime | None = None) -> Backup:
    """Every row of every table, or one partnership's, as the bytes of a backup file."""
    tables = data.tables()
    _check_every_table_is_covered(tables)
    with data.snapshot():
        rows = {info.name: data.read_rows(info.name) for info in tables}
        revision = data.schema_revision()
    if partnership is not None:
        found = [p for p in rows["partnership"] if p["name"].strip().lower() == partnership.strip().lower()]
        if not found:
            known = ", ".join(sorted(p["name"] for p in rows["partnership"])) or "none yet"
            raise BackupProblem(f"There is no partnership called {partnership}. Partnerships: {known}")
        partnership = found[0]["name"]
        rows = _partnership_rows(tables, rows, found[0]["id"])
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "made_at": (now or utcnow()).replace(microsecond=0).isoformat() + "Z",
        "database_revision": revision,
        "partnership": partnership,
        "tables": {
            info.name: {
                "columns": list(info.column_names),
                "rows": [[_encode(row[c]) for c in info.column_names] for row in rows[info.name]],
            }
            for info in tables if info.name in rows
        },
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    content = gzip.compress(text.encode("utf-8"), mtime=0) if compress else text.encode("utf-8")
    return Backup(content, partnership, {name: len(table_rows) for name, table_rows in rows.items()})


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


def _document(content: bytes) -> dict[str, Any]:
    """The backup file's JSON document, or BackupProblem saying why it is not one."""
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error):
            raise BackupProblem("The file is not a complete gzip file: it may have been cut short when it was "
                                "copied") from None
    try:
        document = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise BackupProblem("The file is not a toolkit backup: it is not text in UTF-8, nor gzip-compressed") from None
    except json.JSONDecodeError as problem:
        raise BackupProblem(f"The file is not a toolkit backup: it is not JSON (line {problem.lineno}, column "
                            f"{problem.colno}: {problem.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupProblem(f'The file is not a toolkit backup: it does not say "format": "{FORMAT}"')
    return document


def read_backup(content: bytes) -> BackupFile:
    """Read and check a backup file; BackupProblem says what is wrong with it and where."""
    document = _document(content)
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
    absent = [c for c in info.columns if c.name not in columns]
    for column in absent:
        if not column.nullable:
            raise BackupProblem(f"Table {info.name} has no {column.name} column, and it must have a value")
    rows, seen = [], set()
    for number, values in enumerate(table["rows"], start=1):
        where = f"Table {info.name}, row {number}"
        if not isinstance(values, list) or len(values) != len(columns):
            raise BackupProblem(f"{where}: it must be a list of {len(columns)} values, one for each column")
        row = {}
        for name, value in zip(columns, values, strict=True):
            row[name] = _decode(info.column(name), value, where)
        for column in absent:
            row[column.name] = None
        if row["id"] in seen:
            raise BackupProblem(f"{where}: id {row['id']} appears twice")
        seen.add(row["id"])
        rows.append(row)
    return rows


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
                    raise BackupProblem(f"Table {name}, row {number}: {column.name} is {value}, but the backup has no "
                                        f"{column.references} with that id")


# --- Restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]
    added_partnership: str | None = None  # set when one partnership was added with new ids
    people_already_here: int = 0

    def describe(self) -> str:
        text = describe(self.counts)
        if self.people_already_here:
            were = "was" if self.people_already_here == 1 else "were"
            text += (f"; {self.people_already_here} of the people {were} here already, so they were linked to, "
                     "not changed")
        return text


@operation
def restore(content: bytes, partnership: str | None = None) -> Restored:
    """Restore a backup file: everything into an empty database, or one partnership that is not
    in the database yet. One transaction; BackupProblem says why when nothing was restored."""
    backup = read_backup(content)
    tables = data.tables()
    _check_every_table_is_covered(tables)
    if data.schema_revision() is None:
        raise BackupProblem("This database has no tables yet. Run ehsg db upgrade first, then restore into it")
    filled = {info.name: data.count_rows(info.name) for info in tables}
    empty = not any(filled.values())
    try:
        if partnership is None and backup.partnership is None and empty:
            restored = _restore_everything(tables, backup)
        else:
            restored = _add_partnership(tables, backup, _which_partnership(backup, partnership, filled))
    except data.DatabaseRefusal as problem:
        reason = data.refusal_reason(problem)
        raise BackupProblem(f"The database refused the backup's rows: {reason}") from None
    return restored


def _which_partnership(backup: BackupFile, asked: str | None, filled: dict[str, int]) -> str:
    names = backup.partnership_names
    if asked is not None:
        match = [n for n in names if n.strip().lower() == asked.strip().lower()]
        if not match:
            raise BackupProblem(f"The backup has no partnership called {asked}. It has: {', '.join(names) or 'none'}")
        return match[0]
    if len(names) == 1:
        return names[0]
    people = filled.get(PEOPLE_TABLE, 0)
    raise BackupProblem(
        f"This database already holds data ({plural(filled.get('partnership', 0), 'partnership', 'partnerships')}, "
        f"{plural(people, 'person', 'people')}). A backup of the whole service is restored only into an empty "
        "database: make a new database (ehsg db upgrade, with DATABASE_URL naming it) and restore into that. "
        "To add one partnership that is not in this database, give --partnership NAME")


def _restore_everything(tables: list[TableInfo], backup: BackupFile) -> Restored:
    for info in tables:
        data.insert_rows(info.name, backup.rows[info.name])
    data.reset_id_sequences(info.name for info in tables if backup.rows[info.name])
    return Restored({info.name: len(backup.rows[info.name]) for info in tables})


def _add_partnership(tables: list[TableInfo], backup: BackupFile, name: str) -> Restored:
    """Add one partnership from the backup with new ids, its rows' references following."""
    here = data.read_rows("partnership")
    if any(p["name"].strip().lower() == name.strip().lower() for p in here):
        raise BackupProblem(f"{name} is already in this database. Restore it into a database that does not have "
                            "it, or restore a whole backup into an empty database")
    partnership_id = next(p["id"] for p in backup.rows["partnership"] if p["name"] == name)
    rows = _partnership_rows(tables, backup.rows, partnership_id)
    existing_people = data.values_in(PEOPLE_TABLE, "email", (u["email"] for u in rows[PEOPLE_TABLE]))
    new_ids: dict[str, dict[int, int]] = {info.name: {} for info in tables}
    counts: dict[str, int] = {}
    already = 0
    for info in tables:
        if info.name not in rows:
            continue
        counts[info.name] = len(rows[info.name])
        for row in rows[info.name]:
            if info.name == PEOPLE_TABLE and row["email"] in existing_people:
                new_ids[PEOPLE_TABLE][row["id"]] = existing_people[row["email"]]
                already += 1
                continue
            values = {key: value for key, value in row.items() if key != "id"}
            for column in info.columns:
                if column.references is not None and values[column.name] is not None:
                    values[column.name] = new_ids[column.references][values[column.name]]
            new_ids[info.name][row["id"]] = data.insert_row(info.name, values)
    return Restored(counts, added_partnership=name, people_already_here=already)
