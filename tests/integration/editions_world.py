"""An application with two editions installed: descriptors/ehsg-2022.yaml and the proof edition
(tests/fixtures/editions/proof-2025.yaml), in a folder named by DESCRIPTORS_DIR, on the same
migrated database as the session's application (import the fixtures into a test module)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def two_editions_app(app, database_url, two_editions_dir):
    """Depends on ``app``, which migrates the database this one shares."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        DESCRIPTORS_DIR = str(two_editions_dir)

    application = create_app(Config)
    application.test_client_class = StrictClient
    yield application
    with application.app_context():
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()
