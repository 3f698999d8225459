"""Which rows of a backup belong to which partnership: the rule for each table, and one
partnership's rows (with the people it has or names) chosen from rows of every table.

A table the rules here do not mention is refused before any backup is made, so a new table
cannot silently drop out of a partnership's backup.
"""

from __future__ import annotations

from app.data.backup import TableInfo
from app.services.backup_errors import BackupProblem

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
    "assessment_permission": "assessment_id",
    "audit_entry": "assessment_id",
    "workshop": "assessment_id",
    "workshop_descriptor": "workshop_id",
    "workshop_participant": "workshop_id",
    "workshop_answer": "workshop_descriptor_id",
    "team_event": "partnership_id",
    "peer_review": "assessment_id",
    "peer_challenge": "review_id",
    "submission": "assessment_id",
    "sharing_consent": "assessment_id",
    "plan_action": "assessment_id",
    "plan_note": "action_id",
    "mid_year_score": "assessment_id",
}
#: People belong to every partnership they are a member of, or that names them.
PEOPLE_TABLE = "user_account"
#: The service's own tables: in a backup of the whole service only.
SERVICE_TABLES: dict[str, str] = {
    "user_session": "signed-in sessions",
    "login_throttle": "failed sign-ins",
    "join_throttle": "wrong workshop codes",
    "draft": "text kept over a sign-in",
    "known_device": "browsers people have signed in from",
    "password_reset": "password reset links",
}


def covered_tables() -> set[str]:
    return set(PARTNERSHIP_TABLES) | {PEOPLE_TABLE} | set(SERVICE_TABLES)


def check_every_table_is_covered(tables: list[TableInfo]) -> None:
    """A table the rules above do not mention would be left out of a partnership's backup
    without anyone noticing: refuse instead, naming it."""
    missing = sorted({t.name for t in tables} - covered_tables())
    if missing:
        raise BackupProblem(
            f"The backup does not know which partnership the rows of {', '.join(missing)} belong to. "
            "Add the table to app/services/backup_scope.py before making backups")


def partnership_rows(tables: list[TableInfo], rows: dict[str, list[dict]], partnership_id: int) -> dict[str, list[dict]]:
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




def owners(tables: list[TableInfo], rows: dict[str, list[dict]]) -> dict[str, dict[int, int | None]]:
    """For each partnership table, {row id: the id of the partnership the row is part of}
    (None when the row it hangs from is not in the rows)."""
    found: dict[str, dict[int, int | None]] = {}
    for info in tables:
        if info.name not in PARTNERSHIP_TABLES or info.name not in rows:
            continue
        column = PARTNERSHIP_TABLES[info.name]
        if column is None:
            found[info.name] = {r["id"]: r["id"] for r in rows[info.name]}
        else:
            parents = found.get(info.column(column).references or "", {})
            found[info.name] = {r["id"]: parents.get(r[column]) for r in rows[info.name]}
    return found
