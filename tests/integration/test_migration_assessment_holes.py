"""Revision 0005_assessment_holes on a database that already holds work: evidence listed twice on
one descriptor is kept once, and a return imported before it (which came in "signed off" by
nobody) becomes imported, keeping the file's date; a downgrade gives the old statuses back."""

from __future__ import annotations

from datetime import date

import flask_migrate
from sqlalchemy import text

from app.domain.returns import Evidence, EvidenceKind
from app.extensions import db
from tests.integration.test_migrations import fresh_app, fresh_url  # noqa: F401 (the fixtures)

BEFORE = "0004_signin"

ROWS = [
    "INSERT INTO partnership (id, name, local_authority, created_at) VALUES (1, 'Sefton', 'Sefton', '2026-01-01')",
    "INSERT INTO assessment (id, partnership_id, year, edition_id, data_model_change_reason, status, signed_off_at,"
    " imported_from, created_at) VALUES (1, 1, 2022, 'ehsg-2022', '', 'SIGNED_OFF', '2022-07-12 14:30:00',"
    " 'sefton-2022.txt', '2026-01-01')",
    "INSERT INTO descriptor_response (id, assessment_id, descriptor_id, working_well, prioritising_next, version)"
    " VALUES (1, 1, '5.1', '', '', 1)",
    *(
        "INSERT INTO evidence_item (id, response_id, description, kind, agency, dated, link, created_at)"
        f" VALUES ({i}, 1, '{description}', 'FAMILY_FEEDBACK', 'Council', '2026-03-27', '', '2026-01-01')"
        for i, description in ((1, "Family survey"), (2, "Family survey"), (3, "Parent panel minutes"))
    ),
]


def _one(sql: str):
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).all()


def test_work_already_there_comes_through_the_revision(fresh_app):  # noqa: F811
    flask_migrate.upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
    flask_migrate.upgrade()
    evidence = _one("SELECT id, description, identity FROM evidence_item ORDER BY id")
    assert [(e.id, e.description) for e in evidence] == [(1, "Family survey"), (3, "Parent panel minutes")]
    # The identity the revision gave is the one the application makes, so the same evidence sent
    # again is still found.
    survey = Evidence("Family survey", EvidenceKind.FAMILY_FEEDBACK, "Council", date(2026, 3, 27), "")
    assert evidence[0].identity == survey.identity
    [assessment] = _one("SELECT status, signed_off_at, imported_signed_off_at FROM assessment")
    assert assessment.status == "IMPORTED" and assessment.signed_off_at is None
    assert str(assessment.imported_signed_off_at).startswith("2022-07-12 14:30")

    flask_migrate.downgrade(revision=BEFORE)
    [assessment] = _one("SELECT status, signed_off_at FROM assessment")
    assert assessment.status == "SIGNED_OFF" and str(assessment.signed_off_at).startswith("2022-07-12 14:30")
