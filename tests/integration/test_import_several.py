"""Importing several years at once (issue 15) and reading returns consistently (issue 14): the
upload page with several files, `ehsg import A B C`, `--edition`, and what `ehsg check` says of a
partial return."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import func, select

from app.data.models import Assessment
from app.domain.roles import Role
from app.extensions import db

SEED = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"


def _seed_for(year: int, *replacements: tuple[str, str]) -> bytes:
    text = SEED.read_text(encoding="utf-8")
    text = f"Year: {year}\n" + text
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text.encode()


def _years(app) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(Assessment.year)))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assessment))


REPEATED = ("Descriptor two: 6.4 – Workforce", "Descriptor two: 7.3 – Communities")


def test_the_upload_page_takes_several_files_and_one_bad_file_loses_no_good_one(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    form = client.get("/assessments/import", expect=200).page
    file_input = form.soup.select_one("input[type=file]")
    assert file_input is not None and file_input.has_attr("multiple")
    files = [(io.BytesIO(_seed_for(2021)), "sefton-2021.txt"), (io.BytesIO(_seed_for(2022, REPEATED)), "sefton-2022.txt"),
             (io.BytesIO(_seed_for(2023)), "sefton-2023.txt")]
    page = client.post("/assessments/import", data={"file": files}, content_type="multipart/form-data",
                       expect=200).page
    assert _years(app) == [2021, 2023]
    assert page.errors == ["sefton-2022.txt: Priorities: 7.3 is chosen more than once (lines 1,292 and 1,294). The "
                           "same descriptor twice is one priority: choose another descriptor or remove the repeat"]
    results = page.summary_list()
    assert results["sefton-2021.txt"].startswith("Imported the 2021 return")
    assert results["sefton-2022.txt"].startswith("Not imported nothing of it was saved")
    assert results["sefton-2023.txt"].startswith("Imported the 2023 return")


def test_a_year_given_with_several_files_is_refused_and_nothing_is_imported(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    files = [(io.BytesIO(_seed_for(2021)), "a.txt"), (io.BytesIO(_seed_for(2023)), "b.txt")]
    page = client.post("/assessments/import", data={"file": files, "year": "2020"},
                       content_type="multipart/form-data", expect=200).page
    assert page.errors == ["Leave the year blank when you import several files: each file must say its year"]
    assert _count(app) == 0


def test_one_file_still_goes_to_its_assessment(app, signed_in):
    client = signed_in(Role.COORDINATOR)
    response = client.post("/assessments/import", data={"file": [(io.BytesIO(_seed_for(2022)), "s.txt")]},
                           content_type="multipart/form-data", expect=302)
    assert "/assessments/" in response.headers["Location"] and _years(app) == [2022]


def test_ehsg_import_several_paths(app, tmp_path):
    paths = []
    for year, extra in ((2021, ()), (2022, (REPEATED,)), (2023, ())):
        path = tmp_path / f"sefton-{year}.txt"
        path.write_bytes(_seed_for(year, *extra))
        paths.append(str(path))
    missing = str(tmp_path / "nope.txt")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", *paths, missing])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{paths[0]}: imported as assessment ") and lines[0].endswith("(Sefton, 2021)")
    assert lines[1].startswith(f"{paths[1]}: not imported, nothing saved: Priorities: 7.3 is chosen more than once")
    assert lines[2].endswith("(Sefton, 2023)")
    assert lines[3] == f"{missing}: not imported, nothing saved: File: There is no file at {missing}"
    assert _years(app) == [2021, 2023]
    again = runner.invoke(args=["import", paths[0], paths[2], "--json"])
    assert again.exit_code == 1
    reports = json.loads(again.output)
    assert [r["imported"] for r in reports] == [False, False]
    assert "already has an assessment for 2021" in reports[0]["problems"][0]
    fixed = tmp_path / "sefton-2022-fixed.txt"
    fixed.write_bytes(_seed_for(2022))
    ok = runner.invoke(args=["import", str(fixed), str(tmp_path / "sefton-2024.txt"), "--json"])
    reports = json.loads(ok.output)
    assert reports[0] == {"path": str(fixed), "imported": True, "id": reports[0]["id"], "area": "Sefton",
                          "year": 2022, "edition": "ehsg-2022"}
    assert reports[1]["imported"] is False and ok.exit_code == 1


def test_edition_is_reported_and_can_be_chosen(app, tmp_path):
    runner = app.test_cli_runner()
    report = json.loads(runner.invoke(args=["check", str(SEED), "--json", "--edition", "ehsg-2022"]).output)
    assert report["edition"] == "ehsg-2022"
    for command in (["check", str(SEED)], ["import", str(SEED)]):
        wrong = runner.invoke(args=[*command, "--edition", "ehsg-1999"])
        assert wrong.exit_code != 0 and "There is no edition 'ehsg-1999'. Editions: ehsg-2022" in wrong.output
    imported = json.loads(runner.invoke(args=["import", str(SEED), "--json", "--edition", "ehsg-2022"]).output)
    assert imported["edition"] == "ehsg-2022" and imported["year"] == 2022
    assert _count(app) == 1


def test_a_partial_return_imports_and_check_says_which_thresholds_are_unscored(app, tmp_path):
    partial = tmp_path / "partial.txt"
    text = SEED.read_text(encoding="utf-8")
    old = "\t3\n\tChildren and family feedback"  # 5.1's score in seed 003
    assert old in text
    partial.write_text(text.replace(old, "\tNot scored\n\tChildren and family feedback", 1), encoding="utf-8")
    runner = app.test_cli_runner()
    report = json.loads(runner.invoke(args=["check", str(partial), "--json"]).output)
    assert report["scores"]["5.1"] is None
    first = report["earned_autonomy"]["descriptors"][0]
    assert first["id"] == "5.1" and first["missing"] is True and first["met"] is False
    assert all(t["missing"] is False for t in report["earned_autonomy"]["descriptors"][1:])
    words = runner.invoke(args=["check", str(partial)]).output
    assert "Scores: 30 of 31 descriptors scored" in words
    assert "Earned Autonomy: 1 of 9 thresholds met; not eligible; not scored, so not met: 5.1" in words
    imported = runner.invoke(args=["import", str(partial), "--json"])
    assert imported.exit_code == 0, imported.output
    again = json.loads(runner.invoke(args=["check", str(json.loads(imported.output)["id"]), "--json"]).output)
    assert again["scores"]["5.1"] is None and again["earned_autonomy"]["descriptors"][0]["missing"] is True
