"""A made-up later edition of the guide, written as a file beside a copy of the 2022 edition:
``ehsg-2026``, whose ``crosswalk:`` from ``ehsg-2022`` says 5.1 was reworded, 5.2 is new
(though the 2022 edition has a 5.2 too) and 5.3 was made from 2022's 5.3 and 5.4 (so 5.4 is
gone). Every other descriptor is the same. For the tests of last year beside this year."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR

EDITION_2022 = DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml"
REWORDED_5_1 = "Families are heard, and what they say changes services."
NEW_5_2 = "Families can find help online at any hour."
MERGED_5_3 = "Families' needs and plans are recorded once and shared."


def write_later_edition(folder: Path) -> Path:
    """Write both edition files into ``folder`` (the application's DESCRIPTORS_DIR); return it."""
    shutil.copy(EDITION_2022, folder / EDITION_2022.name)
    data = yaml.safe_load(EDITION_2022.read_text(encoding="utf-8"))
    data["edition"].update(id="ehsg-2026", label="Test edition", year=2026)
    family = data["sections"][0]
    changed = {"5.1": REWORDED_5_1, "5.2": NEW_5_2, "5.3": MERGED_5_3}
    family["descriptors"] = [{**d, "text": changed.get(d["id"], d["text"])} for d in family["descriptors"] if d["id"] != "5.4"]
    walk = {d["id"]: {"change": "same", "earlier": [d["id"]]} for s in data["sections"] for d in s["descriptors"]}
    walk.update({"5.1": {"change": "reworded", "earlier": ["5.1"]}, "5.2": {"change": "new"},
                 "5.3": {"change": "merged", "earlier": ["5.3", "5.4"]}})
    data["crosswalk"] = {"from": "ehsg-2022", "descriptors": walk}
    (folder / "ehsg-2026.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder
