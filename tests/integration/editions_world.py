"""An application with two editions installed: descriptors/ehsg-2022.yaml and the proof edition
(tests/fixtures/editions/proof-2025.yaml), in a folder named by DESCRIPTORS_DIR, on the same
migrated database as the session's application (import the fixtures into a test module)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from app.config import TestConfig
from app.domain.editions import DEFAULT_DESCRIPTORS_DIR
from app.factory import create_app
from tests.strict_client import StrictClient

PROOF = Path(__file__).resolve().parents[1] / "fixtures" / "editions" / "proof-2025.yaml"


@pytest.fixture(scope="session")
def two_editions_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("editions")
    shutil.copy(DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml", folder)
    shutil.copy(PROOF, folder)
    return folder


@contextmanager
def app_with_editions(database_url: str, folder: Path) -> Iterator[Flask]:
    """An application loading the editions in ``folder`` (its DESCRIPTORS_DIR), on the session's
    database, for as long as the ``with`` lasts."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        DESCRIPTORS_DIR = str(folder)

    application = create_app(Config)
    application.test_client_class = StrictClient
    try:
        yield application
    finally:
        with application.app_context():
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def two_editions_app(app, database_url, two_editions_dir):
    """Depends on ``app``, which migrates the database this one shares."""
    with app_with_editions(database_url, two_editions_dir) as application:
        yield application
