"""Revision 0011_prompts on a database that already holds work: the 2022 edition's two narrative
columns become the keys of the same names in descriptor_response.narratives, every character
kept; the application reads them as before; a downgrade gives the two columns back."""

from __future__ import annotations

import json

import flask_migrate
from sqlalchemy import inspect, text

from app.extensions import db
from tests.integration.test_migrations import fresh_app, fresh_url  # noqa: F401 (the fixtures)

BEFORE = "0010_sharing"
#: Long, multi-paragraph, quoted, accented, emoji and right-to-left text, as partnerships write it.
WELL = "Family voice is heard.\n\nWe ran a “Parents’ panel” – 12 times – مرحبا 👨‍👩‍👧 " + "x" * 20_000
NEXT = "Keep going; 'quotes' and \\ backslashes"

ROWS = [
    "INSERT INTO partnership (id, name, local_authority, created_at) VALUES (1, 'Sefton', 'Sefton', '2026-01-01')",
    "INSERT INTO assessment (id, partnership_id, year, edition_id, data_model_change_reason, status,"
    " created_at) VALUES (1, 1, 2022, 'ehsg-2022', '', 'IN_PROGRESS', '2026-01-01')",
]
RESPONSES = [(1, "5.1", WELL, NEXT), (2, "5.2", "", ""), (3, "5.3", "", "Only next")]


def _all(sql: str):
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).all()


def test_the_two_narratives_move_into_narratives_and_back(fresh_app):  # noqa: F811
    flask_migrate.upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
        for row_id, descriptor_id, well, nxt in RESPONSES:
            connection.execute(text(
                "INSERT INTO descriptor_response (id, assessment_id, descriptor_id, working_well, prioritising_next,"
                " version) VALUES (:id, 1, :d, :well, :next, 1)"), {"id": row_id, "d": descriptor_id, "well": well,
                                                                    "next": nxt})
    flask_migrate.upgrade()
    columns = {c["name"] for c in inspect(db.engine).get_columns("descriptor_response")}
    assert "narratives" in columns and not {"working_well", "prioritising_next"} & columns
    kept = {row.id: json.loads(row.narratives) for row in _all("SELECT id, narratives FROM descriptor_response")}
    assert kept == {1: {"working_well": WELL, "prioritising_next": NEXT}, 2: {}, 3: {"prioritising_next": "Only next"}}

    from app.data import DescriptorResponse

    first = db.session.get(DescriptorResponse, 1)
    assert first is not None and (first.working_well, first.prioritising_next) == (WELL, NEXT)
    db.session.remove()

    flask_migrate.downgrade(revision=BEFORE)
    back = _all("SELECT id, working_well, prioritising_next FROM descriptor_response ORDER BY id")
    assert [tuple(row) for row in back] == [(1, WELL, NEXT), (2, "", ""), (3, "", "Only next")]
