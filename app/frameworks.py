"""The editions of the Early Help System Guide, loaded once at start-up.

The files in descriptors/ are validated when the application starts, so a broken edition stops
the application with the file, the place and the problem instead of failing on some later page.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, load_frameworks, newest
from app.domain.framework import Framework

EXTENSION_KEY = "ehsg_frameworks"


def init_frameworks(app: Flask) -> None:
    directory = Path(app.config.get("DESCRIPTORS_DIR") or DEFAULT_DESCRIPTORS_DIR)
    app.extensions[EXTENSION_KEY] = load_frameworks(directory)


def all_frameworks() -> dict[str, Framework]:
    return current_app.extensions[EXTENSION_KEY]


def framework(edition_id: str) -> Framework:
    """The edition with this id (KeyError when there is none)."""
    return all_frameworks()[edition_id]


def newest_framework() -> Framework:
    return newest(all_frameworks())
