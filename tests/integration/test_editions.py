"""Several editions at once (issue 14): with the proof edition beside ehsg-2022, `ehsg import`
and `ehsg check` read each file in the edition it names or matches, `--edition` overrides, the
upload page offers the choice, and a file the toolkit cannot place is refused with a question."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from app.data.models import Assessment
from app.domain.returns import DescriptorAnswer, PriorityChoice, Return
from app.domain.roles import Role
from app.extensions import db
from exports import json_format
from tests import factories
from tests.integration.editions_world import two_editions_app, two_editions_dir  # noqa: F401

SEED = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
ASK = "Choose the edition of the guide the file follows (the edition on the upload page, or --edition KEY)"


def _proof_json(year: int = 2025) -> bytes:
    ids = ["F.1", "F.2", "P.1", "P.2", "N.1", "I.1", "I.2"]
    answers = tuple(DescriptorAnswer(d, 1 + i % 4, narratives={"strengths": f"Well {d}.", "next_steps": f"Next {d}."})
                    for i, d in enumerate(ids))
    return json_format.to_json(Return("Testshire", year, "proof-2025", answers=answers,
                                      priorities=(PriorityChoice("I.1"), PriorityChoice("F.2"))))


def _editions(app) -> list[tuple[str, int, str]]:
    with app.app_context():
        return [(a.partnership.name, a.year, a.edition_id) for a in db.session.scalars(select(Assessment).order_by(Assessment.year))]


def test_framework_show_and_check_work_on_both(two_editions_app):  # noqa: F811
    runner = two_editions_app.test_cli_runner()
    proof = json.loads(runner.invoke(args=["framework", "show", "--edition", "proof-2025", "--json"]).output)
    assert proof["priority_rule"]["kind"] == "any_section" and proof["scale_lowest"] == 1
    ehsg = json.loads(runner.invoke(args=["framework", "show", "--edition", "ehsg-2022", "--json"]).output)
    assert [p["key"] for p in ehsg["prompts"]] == ["working_well", "prioritising_next"]


def test_import_and_check_tell_the_edition_from_each_file(two_editions_app, tmp_path):  # noqa: F811
    runner = two_editions_app.test_cli_runner()
    proof = tmp_path / "testshire-2025.json"
    proof.write_bytes(_proof_json())
    checked = json.loads(runner.invoke(args=["check", str(SEED), "--json"]).output)
    assert checked["edition"] == "ehsg-2022" and checked["earned_autonomy"]["met"] == 1
    checked = json.loads(runner.invoke(args=["check", str(proof), "--json"]).output)
    assert checked["edition"] == "proof-2025"
    assert checked["earned_autonomy"]["required"] == 0 and checked["priorities"]["valid"] is True
    result = runner.invoke(args=["import", str(SEED), str(proof), "--json"])
    assert result.exit_code == 0, result.output
    assert [(r["year"], r["edition"]) for r in json.loads(result.output)] == [(2022, "ehsg-2022"), (2025, "proof-2025")]
    assert _editions(two_editions_app) == [("Sefton", 2022, "ehsg-2022"), ("Testshire", 2025, "proof-2025")]


def test_sefton_2022_json_export_re_imports_in_its_edition(two_editions_app, tmp_path):  # noqa: F811
    runner = two_editions_app.test_cli_runner()
    first = json.loads(runner.invoke(args=["import", str(SEED), "--json"]).output)
    exported = tmp_path / "sefton.json"
    assert runner.invoke(args=["export", str(first["id"]), "--format", "json", "--output", str(exported)]).exit_code == 0
    again = runner.invoke(args=["import", str(exported), "--partnership", "Sefton again", "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["edition"] == "ehsg-2022"


def test_edition_overrides_and_a_file_it_cannot_place_is_refused_with_a_question(two_editions_app, tmp_path):  # noqa: F811
    runner = two_editions_app.test_cli_runner()
    wrong = runner.invoke(args=["import", str(SEED), "--edition", "proof-2025"])
    assert wrong.exit_code == 1
    assert "No descriptors were found, so this does not look like a return of The Proof Framework" in wrong.output
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the partnership board\nNothing about descriptors.\n", encoding="utf-8")
    refused = runner.invoke(args=["import", str(notes)])
    assert refused.exit_code == 1 and ASK in refused.output
    assert runner.invoke(args=["check", str(notes)]).exit_code == 1
    unknown = runner.invoke(args=["check", str(SEED), "--edition", "ehsg-1999"])
    assert unknown.exit_code == 1 and "There is no edition 'ehsg-1999'" in unknown.output
    assert _editions(two_editions_app) == []


def test_the_upload_page_offers_the_edition_and_asks_when_it_cannot_tell(two_editions_app):  # noqa: F811
    factories.user(two_editions_app, "coordinator@example.gov.uk", Role.COORDINATOR, factories.SEFTON)
    client = two_editions_app.test_client()
    client.post("/login", data={"email": "coordinator@example.gov.uk", "password": factories.PASSWORD}, expect=302)
    page = client.get("/assessments/import", expect=200).page
    assert page.checked("edition") == ["from-the-file"]
    assert "The Proof Framework, Proof edition (2025)" in page.text_of("#edition-fieldset, fieldset")
    notes = (io.BytesIO(b"Minutes of the board\nNothing else.\n"), "notes.txt")
    page = client.post("/assessments/import", data={"file": [notes], "edition": "from-the-file"},
                       content_type="multipart/form-data", expect=200).page
    assert page.title.startswith("Error: ")
    assert page.errors[0].startswith("Edition: No descriptor of any edition") and ASK in page.errors[0]
    assert page.error_links["#edition"] == page.errors[0]
    assert page.one("#edition")["value"] == "from-the-file"  # the link lands on the choice
    response = client.post("/assessments/import", data={"file": [(io.BytesIO(_proof_json()), "t.json")],
                                                        "edition": "from-the-file"},
                           content_type="multipart/form-data", expect=302)
    assert response.headers["Location"].startswith("/assessments/")
    chosen = client.post("/assessments/import", data={"file": [(io.BytesIO(SEED.read_bytes()), "s.txt")],
                                                      "edition": "proof-2025"},
                         content_type="multipart/form-data", expect=200).page
    assert "does not look like a return of The Proof Framework" in chosen.errors[0]
    bad = client.post("/assessments/import", data={"file": [(io.BytesIO(SEED.read_bytes()), "s.txt")],
                                                   "edition": "ehsg-1999"},
                      content_type="multipart/form-data", expect=200).page
    assert bad.errors == ["Select the edition of the guide the files follow"]
    assert [e[1:] for e in _editions(two_editions_app)] == [(2025, "proof-2025")]


def test_the_demo_seeds_its_2022_guide_assessments_with_another_edition_installed(two_editions_app):  # noqa: F811
    result = two_editions_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert {edition for _, _, edition in _editions(two_editions_app)} == {"ehsg-2022"}


def test_check_as_text_prints_each_permission_of_the_files_edition_with_its_answer(two_editions_app, tmp_path):  # noqa: F811
    runner = two_editions_app.test_cli_runner()
    lines = runner.invoke(args=["check", str(SEED)]).output.splitlines()
    shared = lines[lines.index("Permissions to share:") + 1:]
    assert [line.split(":")[0] for line in shared] == ["  Yes [dfe]", "  Yes [coordinators]", "  Yes [other_departments]"]
    assert shared[2].endswith("to be shared with Other Government Departments")
    proof = tmp_path / "testshire-2025.json"
    proof.write_bytes(_proof_json())
    lines = runner.invoke(args=["check", str(proof)]).output.splitlines()
    assert lines[lines.index("Permissions to share:") + 1:] == [
        "  Not answered [dfe]: Please confirm that you understand your scores and narrative will be shared with the department",
        "  Not answered [coordinators]: Please confirm that you are happy for your scores and priorities to be shared with other areas' coordinators"]
