"""Fixtures for the exporter and importer tests: the 2022 guide, the seed return (Sefton,
2022) as text and as a Word document in the guide's official layout, a complete return."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # for `import exports_testkit` whatever the import mode
    sys.path.insert(0, str(HERE))

from exports_testkit import complete_return, guide_text_to_docx, previous_return  # noqa: E402

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, load_framework  # noqa: E402
from app.domain.framework import Framework  # noqa: E402
from app.domain.returns import Return  # noqa: E402

_SHARED_SEED_003 = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "003_d9c2f1ded2bd0d1f.txt"
#: The project keeps a copy of seed 003 (the demo imports it); the shared seed is preferred when present.
_REPO_SEED_003 = Path(__file__).resolve().parents[3] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
SEED_003 = _SHARED_SEED_003 if _SHARED_SEED_003.is_file() else _REPO_SEED_003


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework(DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml")


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    if not SEED_003.is_file():
        pytest.skip(f"seed 003 is not available at {SEED_003}")
    return SEED_003.read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes: bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def seed_docx(seed_text: str) -> bytes:
    """Seed 003 in the guide's official Word layout (built by the test helper)."""
    return guide_text_to_docx(seed_text)


@pytest.fixture(scope="session")
def full_return(framework: Framework) -> Return:
    return complete_return(framework)


@pytest.fixture(scope="session")
def last_year(framework: Framework) -> Return:
    return previous_return(framework)
