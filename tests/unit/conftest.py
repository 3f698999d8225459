"""Shared fixtures for the domain unit tests: the 2022 guide, a small test edition, Sefton's
2022 scores. No Flask: these tests exercise app.domain only."""

from __future__ import annotations

import sys
from pathlib import Path
from types import MappingProxyType

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(PROJECT_ROOT) not in sys.path:  # so `import app.domain` works without PYTHONPATH
    sys.path.insert(0, str(PROJECT_ROOT))

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, load_framework  # noqa: E402
from app.domain.framework import Framework  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EHSG_2022 = DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml"
MINI = FIXTURES / "mini-edition.yaml"
_SHARED_SEED_003 = PROJECT_ROOT.parent / "shared" / "seeds" / "003_d9c2f1ded2bd0d1f.txt"
#: The project keeps a copy of seed 003 (the demo imports it); the shared seed is preferred when present.
_REPO_SEED_003 = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
SEED_003 = _SHARED_SEED_003 if _SHARED_SEED_003.is_file() else _REPO_SEED_003

#: Sefton's 2022 return (seed 003; docs/domain.md): 5.1-5.7 all 3; 6.1-6.4 all 2; 6.5-6.7
#: all 3; 7.1, 7.2 = 3; 7.3-7.5 = 2; 8.1-8.5 all 2; 9.1 = 3, 9.2 = 2, 9.3 = 3, 9.4 = 2,
#: 9.5-9.7 = 3. Data model 3, not changed; priorities 7.3, 6.4, 9.4.
SEFTON_2022 = MappingProxyType(
    {
        **{f"5.{i}": 3 for i in range(1, 8)},
        **{f"6.{i}": 2 for i in range(1, 5)},
        **{f"6.{i}": 3 for i in range(5, 8)},
        "7.1": 3, "7.2": 3, "7.3": 2, "7.4": 2, "7.5": 2,
        **{f"8.{i}": 2 for i in range(1, 6)},
        "9.1": 3, "9.2": 2, "9.3": 3, "9.4": 2, "9.5": 3, "9.6": 3, "9.7": 3,
    }
)


@pytest.fixture(scope="session")
def ehsg() -> Framework:
    """The Early Help System Guide, second iteration (2022)."""
    return load_framework(EHSG_2022)


@pytest.fixture(scope="session")
def mini() -> Framework:
    """A small made-up edition: sections A, B, C (C is data), 0-3 scale, two priorities."""
    return load_framework(MINI)


@pytest.fixture(scope="session")
def sefton() -> MappingProxyType[str, int]:
    return SEFTON_2022


@pytest.fixture(scope="session")
def ehsg_path() -> Path:
    return EHSG_2022


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return MINI


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The lines of seed 003 (Sefton's 2022 return), the authority for the guide's wording."""
    if not SEED_003.is_file():
        pytest.skip(f"seed 003 is not available at {SEED_003}, so the wording cannot be compared")
    return SEED_003.read_text(encoding="utf-8").splitlines()
