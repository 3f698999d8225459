"""Taking a backup: every row of every table, or one partnership's, as a backup file.

The file's format is described in :mod:`app.services.backup_file`, which rows belong to a
partnership in :mod:`app.services.backup_scope`, and restoring in :mod:`app.services.restore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.data import backup as data
from app.domain.wording import plural
from app.logs import security_event
from app.services.backup_errors import BackupProblem
from app.services.backup_file import MAX_JSON_BYTES, MB, write_document
from app.services.backup_scope import check_every_table_is_covered, partnership_rows

#: How the summary names a table's rows (one, many); tables not here are counted as rows.
LABELS = {
    "partnership": ("partnership", "partnerships"),
    "user_account": ("person", "people"),
    "assessment": ("assessment", "assessments"),
    "workshop": ("workshop", "workshops"),
    "workshop_answer": ("workshop answer", "workshop answers"),
    "audit_entry": ("audit entry", "audit entries"),
}


@dataclass(frozen=True)
class Backup:
    content: bytes
    partnership: str | None
    counts: dict[str, int]
    json_bytes: int = 0  # how much JSON the file holds, expanded

    def describe(self) -> str:
        return describe(self.counts)

    def over_restore_limit(self) -> str | None:
        """What to tell whoever made a backup that ``ehsg restore`` would not read without
        ``--largest-mb``; None for one it reads as it is."""
        if self.json_bytes <= MAX_JSON_BYTES:
            return None
        needed = -(-self.json_bytes // MB)
        return (f"This backup holds {needed:,} MB of JSON, more than the {MAX_JSON_BYTES // MB:,} MB ehsg restore "
                f"reads unless told: restore it with --largest-mb {needed}")


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
    check_every_table_is_covered(tables)
    with data.snapshot():
        rows = {info.name: data.read_rows(info.name) for info in tables}
        revision = data.schema_revision()
    if partnership is not None:
        found = [p for p in rows["partnership"] if p["name"].strip().lower() == partnership.strip().lower()]
        if not found:
            known = ", ".join(sorted(p["name"] for p in rows["partnership"])) or "none yet"
            raise BackupProblem(f"There is no partnership called {partnership}. Partnerships: {known}")
        partnership = found[0]["name"]
        rows = partnership_rows(tables, rows, found[0]["id"])
    content, json_bytes = write_document(tables, rows, partnership, revision, compress=compress, now=now)
    security_event("backup_written", whole=partnership is None, rows=sum(len(r) for r in rows.values()))
    return Backup(content, partnership, {name: len(table_rows) for name, table_rows in rows.items()}, json_bytes)
