"""Revision 0012_permissions on a database that already holds work: the answers in the three
columns of assessment become rows of assessment_permission, by key, an unanswered one (NULL)
no row; a downgrade puts each answer back in its column."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from app.extensions import db
from tests.integration.test_migrations import fresh_app, fresh_url  # noqa: F401 (the fixtures)

BEFORE = "0011_prompts"
ANSWERS = {1: (True, True, False), 2: (False, None, True), 3: (None, None, None)}


def _rows(sql: str):
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).all()


def test_every_answer_comes_through_the_revision_and_back(fresh_app):  # noqa: F811
    flask_migrate.upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO partnership (id, name, local_authority, created_at, contact_for_peers)"
                                " VALUES (1, 'Sefton', 'Sefton', '2026-01-01', '')"))
        for assessment_id, (dfe, coordinators, other) in ANSWERS.items():
            connection.execute(
                text("INSERT INTO assessment (id, partnership_id, year, edition_id, data_model_change_reason, status,"
                     " created_at, permission_dfe, permission_coordinators, permission_other_departments)"
                     " VALUES (:id, 1, :year, 'ehsg-2022', '', 'IN_PROGRESS', '2026-01-01', :dfe, :coordinators, :other)"),
                {"id": assessment_id, "year": 2020 + assessment_id, "dfe": dfe, "coordinators": coordinators,
                 "other": other})
    flask_migrate.upgrade()
    moved = _rows("SELECT assessment_id, key, answer FROM assessment_permission ORDER BY assessment_id, key")
    assert [(r.assessment_id, r.key, bool(r.answer)) for r in moved] == [
        (1, "coordinators", True), (1, "dfe", True), (1, "other_departments", False),
        (2, "dfe", False), (2, "other_departments", True),
    ]
    assert "permission_dfe" not in {c for c in _rows("SELECT * FROM assessment")[0]._fields}

    flask_migrate.downgrade(revision=BEFORE)
    back = _rows("SELECT id, permission_dfe, permission_coordinators, permission_other_departments"
                 " FROM assessment ORDER BY id")
    assert {r.id: tuple(None if v is None else bool(v) for v in r[1:]) for r in back} == ANSWERS
