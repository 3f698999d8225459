"""Restoring a backup file: everything into an empty database, or one partnership beside others.

Into an empty database, a whole backup gives back every row as it was, ids included. Into a
database that already holds data, only one partnership that is not there yet can be restored
(``--partnership NAME``, or the only one in the file): its rows are added with new ids and every
reference between them follows; people already in the database (the same email address) are
linked to, not changed. Anything else is refused.

Before anything is written, every row to restore is checked as an import would check it
(:mod:`app.services.backup_checks`). A restore is one transaction: a file with a problem
changes nothing, and the message says what is wrong and where.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.data import backup as data
from app.data.backup import TableInfo
from app.data.transaction import operation
from app.domain.wording import plural
from app.frameworks import all_frameworks
from app.logs import security_event
from app.services.backup import describe
from app.services.backup_checks import check_rows
from app.services.backup_errors import BackupProblem
from app.services.backup_file import MAX_JSON_BYTES, BackupFile, read_backup
from app.services.backup_scope import PEOPLE_TABLE, check_every_table_is_covered, partnership_rows


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
def restore(content: bytes, partnership: str | None = None, largest: int = MAX_JSON_BYTES) -> Restored:
    """Restore a backup file of at most ``largest`` bytes of JSON: everything into an empty
    database, or one partnership that is not in the database yet. Every row is checked before
    any is written; one transaction. BackupProblem says why when nothing was restored."""
    backup = read_backup(content, largest)
    tables = data.tables()
    check_every_table_is_covered(tables)
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
    security_event("restore_done", whole=restored.added_partnership is None, rows=sum(restored.counts.values()))
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
    check_rows(tables, backup.rows, backup.rows, all_frameworks())
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
    rows = partnership_rows(tables, backup.rows, partnership_id)
    check_rows(tables, rows, backup.rows, all_frameworks())
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
