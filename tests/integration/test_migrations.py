"""The migrations build the schema the models describe, and every one of them can be undone.

Each test works on a database of its own, never the suite's: a fresh SQLite file, and, when
TEST_DATABASE_URL names a PostgreSQL server, a new database created on that server for the
test and dropped after it.
"""

from __future__ import annotations

import os
import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from app.config import TestConfig
from app.data.models import DescriptorResponse, Partnership, User
from app.extensions import db
from app.factory import MIGRATIONS_DIR, create_app

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite3")
        return
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL server to run this on PostgreSQL too")
    name = f"ehsg_migrations_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def fresh_app(fresh_url):
    """The application on the fresh database: nothing in it yet, not even the migrations table."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = fresh_url

    application = create_app(Config)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def _differences() -> list:
    """What `ehsg db check` would report: the models against the database's schema."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _schema() -> dict:
    """Everything about the tables that a migration changes: columns, keys, indexes, constraints."""
    found = inspect(db.engine)
    schema = {}
    for table in sorted(_tables()):
        schema[table] = {
            "columns": sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)),
            "primary key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (fk["name"], tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]),
                 (fk.get("options") or {}).get("ondelete"))
                for fk in found.get_foreign_keys(table)
            ),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(table)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in found.get_unique_constraints(table)),
        }
    return schema


def test_upgrade_from_empty_gives_the_models_schema(fresh_app):
    assert _tables() == set()
    flask_migrate.upgrade()
    assert _tables() == set(db.metadata.tables)
    assert _differences() == []


def test_downgrade_to_base_then_upgrade_again(fresh_app):
    flask_migrate.upgrade()
    built = _schema()
    flask_migrate.downgrade(revision="base")
    assert _tables() == set(), "tables left behind after downgrading to base"
    flask_migrate.upgrade()
    assert _schema() == built
    assert _differences() == []


def test_each_downgrade_gives_back_the_schema_before_its_upgrade(fresh_app):
    revisions = _revisions()
    assert revisions[0] == "0001_accounts" and len(revisions) >= 3
    before = _schema()  # empty
    for revision in revisions:
        flask_migrate.upgrade(revision=revision)
        after = _schema()
        assert after != before, f"{revision} changed nothing"
        flask_migrate.downgrade(revision="-1")
        assert _schema() == before, f"downgrading {revision} did not give back the schema before it"
        flask_migrate.upgrade(revision=revision)
        assert _schema() == after, f"upgrading {revision} a second time gave a different schema"
        before = after


def test_downgrade_keeps_the_data_of_the_tables_that_remain(fresh_app):
    """A downgrade with the demo's data in the database: the tables the earlier revision has
    keep their rows, then the upgrade brings the later tables back, empty."""
    from app.services import demo

    flask_migrate.upgrade()
    demo.seed_demo()
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    people, responses = count(User), count(DescriptorResponse)
    assert people == 4 and responses > 0
    db.session.remove()

    flask_migrate.downgrade(revision="0002_assessments")
    assert "workshop" not in _tables()
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM user_account")) == people
        assert connection.scalar(text("SELECT count(*) FROM descriptor_response")) == responses
        assert connection.scalar(text("SELECT count(*) FROM partnership")) == 1

    flask_migrate.upgrade()
    assert count(Partnership) == 1 and count(DescriptorResponse) == responses
    assert _differences() == []
