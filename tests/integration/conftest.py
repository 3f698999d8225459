"""The application on a migrated database: SQLite by default, PostgreSQL when
TEST_DATABASE_URL names one (make test runs the suite on both)."""

from __future__ import annotations

import os
import re

import flask_migrate
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from app.config import TestConfig
from app.domain.roles import Role
from app.extensions import db
from app.factory import create_app
from app.services import accounts
from tests import factories
from tests.strict_client import StrictClient

PASSWORD = factories.PASSWORD


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url):
    # Full-strength argon2 costs a tenth of a second a hash; these tests are not about its strength.
    accounts.use_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    application = create_app(Config)
    application.test_client_class = StrictClient
    with application.app_context():
        if database_url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_database(app):
    """Each test starts with empty tables (the schema stays, built by the migrations)."""
    yield
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Create a user with a role in a partnership; returns their email."""

    def make(email: str, role: Role = Role.VIEWER, partnership: str = factories.SEFTON,
             name: str = "Test Person") -> str:
        return factories.user(app, email, role, partnership, name)

    return make


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def signed_in(client, make_user):
    """A client signed in with a given role."""

    def as_role(role: Role, email: str | None = None, partnership: str = "Sefton Early Help Partnership"):
        address = email or f"{role.value}@example.gov.uk"
        make_user(address, role, partnership)
        client.post("/login", data={"email": address, "password": PASSWORD}, expect=302)
        return client

    return as_role


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def mailbox(app):
    """A real SMTP server on 127.0.0.1 that the application sends its email to, for this test."""
    from tests.integration.mail_helpers import SMTP_SETTINGS, SmtpServer

    saved = {key: app.config[key] for key in SMTP_SETTINGS}
    with SmtpServer() as server:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.controller.port, SMTP_STARTTLS=False,
                          EMAIL_FROM="Early Help toolkit <toolkit@example.gov.uk>")
        try:
            yield server.mailbox
        finally:
            app.config.update(saved)
