"""The return through the pages and the commands: downloads, uploads, ehsg import/check/export."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.data.models import Assessment, AuditEntry
from app.domain.returns import Evidence, EvidenceKind
from app.domain.roles import Role
from app.extensions import db
from tests import factories

COORDINATOR = "coordinator@example.gov.uk"

SEED = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"


def test_the_coordinator_downloads_every_format(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    factories.scores(app, assessment_id, COORDINATOR)
    page = client.get(f"/assessments/{assessment_id}/export", expect=200).page
    assert "has not been signed off yet" in page.text

    def download(label: str):
        return client.get(page.link(f"Download {label} file of the 2022 return"), expect=200)

    word = download("DOCX")
    assert word.headers["Content-Disposition"] == 'attachment; filename="sefton-early-help-partnership-ehsg-2022.docx"'
    document = Document(io.BytesIO(word.data))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Working well for 9.7" in text
    assert len(document.inline_shapes) >= 2  # the charts
    sheet = load_workbook(io.BytesIO(download("XLSX").data))["Descriptors"]
    assert sheet.max_row == 32
    csv = download("CSV")
    assert csv.headers["Content-Disposition"].startswith("attachment;") and b"9.7" in csv.data
    exported = json.loads(download("JSON").data)
    assert exported["format"] == "ehsg-return" and exported["year"] == 2022


def test_scores_only_needs_the_partnerships_permission(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    refused = client.get(f"/assessments/{assessment_id}/export/scores", expect=302)
    explained = client.get(refused.headers["Location"], expect=200).page
    assert any("cannot be shared" in n for n in explained.notifications), explained.notifications
    client.post(f"/assessments/{assessment_id}/permissions", data={"dfe": "yes", "coordinators": "yes", "other_departments": "no"},
                expect=302)
    shared = client.get(f"/assessments/{assessment_id}/export/scores", expect=200)
    assert shared.headers["Content-Disposition"].startswith("attachment;")
    assert "working_well" not in shared.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.STRATEGIC_LEAD, Role.VIEWER])
def test_every_member_downloads_the_return_and_only_coordinators_import(signed_in, make_user, app, role):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR)
    make_user(f"{role.value}@example.gov.uk", role)
    other = app.test_client()
    other.post("/login", data={"email": f"{role.value}@example.gov.uk", "password": "correct horse battery staple"}, expect=302)
    other.get(f"/assessments/{assessment_id}/export/docx", expect=200).close()
    other.get("/assessments/import", expect=403)
    assert coordinator.get(f"/assessments/{assessment_id}/export/docx").status_code == 200


def test_importing_last_years_return_shows_it_beside_this_year(signed_in, app):
    client = signed_in(Role.COORDINATOR)
    response = client.post("/assessments/import", data={"file": (io.BytesIO(SEED.read_bytes()), "sefton-2022.txt")},
                           content_type="multipart/form-data", expect=302)
    overview = client.get(response.headers["Location"], expect=200).page
    assert any("Imported the 2022 return from sefton-2022.txt" in n for n in overview.notifications), overview.notifications
    assert "You have scored 31 of 31" in overview.text
    this_year = factories.assessment(app, COORDINATOR, year=2023)
    page = client.get(f"/assessments/{this_year}/descriptors/5.1", expect=200).page
    assert "Last year (2022)" in page.text and "Children and family feedback is captured" in page.text
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="imported").one().after == "sefton-2022.txt"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("return.docx", b"this is not a zip", "File: The file is named return.docx but is not a Word document"),
        ("return.json", b'{"format": "ehsg-return", "version": 1, "area"', "File: The file ends before the return does"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "File: This file is a PNG image, not a return"),
        ("return.txt", SEED.read_bytes().replace(b"\t3\n\tChildren and family", b"\t7\n\tChildren and family"),
         "5.1: The score for 5.1 is 7, but scores run from 0 to 5"),
        ("empty.txt", b"", "File: The file is empty"),
    ],
)
def test_a_bad_upload_says_what_is_wrong_and_saves_nothing(signed_in, app, name, content, message):
    client = signed_in(Role.COORDINATOR)
    page = client.post("/assessments/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", expect=200).page
    assert page.title.startswith("Error: Import an earlier return")
    assert len(page.errors) == 1 and page.errors[0].startswith(message), page.errors
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


def test_an_upload_without_a_file(signed_in):
    client = signed_in(Role.COORDINATOR)
    page = client.post("/assessments/import", data={}, content_type="multipart/form-data", expect=200).page
    assert page.errors == ["Select a file to import"]


def test_a_zip_that_expands_enormously_is_refused(signed_in, app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # 110 MB of spaces in under 1 MB: past the most a Word file may expand to, and its ratio.
        archive.writestr("word/document.xml", "<w:document>" + " " * 110_000_000 + "</w:document>")
    client = signed_in(Role.COORDINATOR)
    page = client.post("/assessments/import", data={"file": (io.BytesIO(buffer.getvalue()), "bomb.docx")},
                       content_type="multipart/form-data", expect=200).page
    assert len(page.errors) == 1 and "would expand to 105 MB when opened" in page.errors[0], page.errors
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


def test_malformed_uploads_beside_existing_work_save_nothing(signed_in, app):
    """With an assessment already there (answers, evidence, audit), each damaged upload is
    refused with an error summary and not one row of any table changes."""
    client = signed_in(Role.COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    factories.scores(app, assessment_id, COORDINATOR)
    factories.answer(app, assessment_id, COORDINATOR, "5.1", 3, working_well="Kept",
                     evidence=Evidence(description="Family survey", kind=EvidenceKind.FAMILY_FEEDBACK))
    exported = client.get(f"/assessments/{assessment_id}/export/json", expect=200).data
    word = client.get(f"/assessments/{assessment_id}/export/docx", expect=200).data
    as_2023 = json.loads(exported) | {"year": 2023}
    wrong_types = json.loads(exported) | {"year": 2024}
    wrong_types["answers"][4]["evidence"] = [{"description": ["not", "text"], "kind": "audit"}]
    flipped = bytearray(word)
    flipped[len(flipped) // 2 : len(flipped) // 2 + 64] = bytes(64)
    uploads = [
        ("cut.json", exported[: len(exported) // 3]),
        ("same-year.json", exported),  # read, then refused by the service: 2022 is already there
        ("wrong-types.json", json.dumps(wrong_types).encode()),
        ("too-long.json", json.dumps(as_2023 | {"answers": [{"descriptor": "5.1", "evidence": [
            {"description": "Audit", "kind": "audit", "agency": "x" * 201}]}]}).encode()),
        ("cut.docx", word[: len(word) // 2]),
        ("flipped.docx", bytes(flipped)),
        ("return.txt", SEED.read_bytes()[:5000]),
    ]

    def rows() -> dict[str, int]:
        with app.app_context():
            return {table.name: db.session.scalar(select(func.count()).select_from(table))
                    for table in db.metadata.sorted_tables}

    before = rows()
    assert before["assessment"] == 1 and before["evidence_item"] == 1
    for name, content in uploads:
        page = client.post("/assessments/import", data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data", expect=200).page
        assert page.errors, name
        assert rows() == before, name


def test_ehsg_import_check_and_export(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    imported = json.loads(result.output)
    assert imported["area"] == "Sefton" and imported["year"] == 2022
    again = runner.invoke(args=["import", str(SEED)])
    assert again.exit_code == 1 and "already has an assessment for 2022" in again.output
    for target in (str(SEED), str(imported["id"])):
        report = json.loads(runner.invoke(args=["check", target, "--json"]).output)
        assert report["area"] == "Sefton" and report["year"] == 2022
        assert report["scores"]["9.7"] == 3 and report["scores"]["6.1"] == 2
        assert report["earned_autonomy"]["met"] == 1 and report["earned_autonomy"]["eligible"] is False
        assert report["priorities"] == {"data_model": 3, "chosen": ["7.3", "6.4", "9.4"], "valid": True, "problems": []}
        assert report["permissions"] == {"dfe": True, "coordinators": True, "other_departments": True}
    out = tmp_path / "sefton.docx"
    result = runner.invoke(args=["export", str(imported["id"]), "--format", "docx", "--output", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 10_000
    round_trip = tmp_path / "sefton.json"
    runner.invoke(args=["export", str(imported["id"]), "--format", "json", "--output", str(round_trip)])
    moved = runner.invoke(args=["import", str(round_trip), "--partnership", "Knowsley", "--year", "2023", "--json"])
    assert moved.exit_code == 0, moved.output
    second = json.loads(runner.invoke(args=["check", str(json.loads(moved.output)["id"]), "--json"]).output)
    assert second["scores"] == report["scores"]


def test_ehsg_import_of_a_bad_file_saves_nothing(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ehsg-return"')
    result = app.test_cli_runner().invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    with app.app_context():
        assert db.session.query(Assessment).count() == 0
    missing = app.test_cli_runner().invoke(args=["import", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "There is no file" in missing.output
