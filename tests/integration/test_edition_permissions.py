"""An edition's own permissions to share (issue 14): an edition that declares a permission other
than the 2022 guide's three has it asked, stored, shown, exported in every format that carries
permissions, sent, and read back from its JSON and its Word return; and one without the
coordinators' permission never lets other areas' coordinators compare with it."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
import yaml

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR
from app.domain.roles import Role
from app.services import returns
from tests import factories
from tests.integration.assessment_helpers import save
from tests.integration.editions_world import PROOF, app_with_editions

LOCAL = "Please confirm that you are happy for your scores to be shared with the partnership's local partners"
DFE = "Please confirm that you understand your scores and narrative will be shared with the department"
SCORES = {"F.1": 1, "F.2": 2, "P.1": 3, "P.2": 4, "N.1": 2, "I.1": 1, "I.2": 3}


@pytest.fixture(scope="module")
def local_app(app, database_url, tmp_path_factory):
    """ehsg-2022 and a local edition made from the proof one, asking the department's permission
    and one of its own (``local_partners``), and not the coordinators' or other departments'."""
    folder = tmp_path_factory.mktemp("local-editions")
    shutil.copy(DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml", folder)
    edition = yaml.safe_load(PROOF.read_text(encoding="utf-8"))
    edition["edition"].update(id="local-2026", title="The Local Framework", label="Local edition", year=2026)
    edition["permissions"] = [
        {"key": "dfe", "question": DFE},
        {"key": "local_partners", "question": LOCAL, "hint": "Health, police and schools in the area."},
    ]
    (folder / "local-2026.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with app_with_editions(database_url, folder) as application:
        yield application


def _client(app, role: Role, partnership: str = factories.SEFTON):
    email = f"{role.value}.{partnership.split()[0].lower()}@example.gov.uk"
    factories.user(app, email, role, partnership, name=role.label)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": factories.PASSWORD}, expect=302)
    return client


def _filled(app) -> tuple[object, str]:
    coordinator = _client(app, Role.COORDINATOR)
    response = coordinator.post("/assessments/new", data={"year": "2026", "edition": "local-2026"}, expect=302)
    url = re.search(r"/assessments/\d+", response.headers["Location"]).group(0)
    for descriptor_id, score in SCORES.items():
        save(coordinator, int(url.rsplit("/", 1)[1]), descriptor_id, score=score,
             working_well=f"Strengths of {descriptor_id}", prioritising_next=f"Evidence for {descriptor_id}", expect=302)
    return coordinator, url


def test_its_own_permission_is_asked_refused_unanswered_and_stored(local_app):
    coordinator, url = _filled(local_app)
    page = coordinator.get(url + "/permissions", expect=200).page
    assert [f.select_one("legend").get_text(strip=True) for f in page.soup.select("fieldset")] == [DFE, LOCAL]
    assert "Health, police and schools in the area." in page.text
    refused = coordinator.post(url + "/permissions", data={"dfe": "yes"}, expect=200).page
    assert refused.title.startswith("Error: ")
    assert refused.errors == ["Select yes or no for “Please confirm that you are happy for your scores to be…”"]
    checked = coordinator.get(url + "/check-answers", expect=200).page
    assert LOCAL in checked.text and "Not answered" in checked.text  # nothing of the refused form was kept
    assert "Answer the two questions about permission to share" in checked.text

    coordinator.post(url + "/permissions", data={"dfe": "yes", "local_partners": "no"}, expect=302)
    again = coordinator.get(url + "/permissions", expect=200).page
    assert again.soup.select_one("input[name=local_partners][value=no]").has_attr("checked")
    checked = coordinator.get(url + "/check-answers", expect=200).page
    rows = {dt.get_text(strip=True): dd.get_text(strip=True)
            for dt, dd in ((row.select_one("dt"), row.select_one("dd")) for row in checked.soup.select(".govuk-summary-list__row"))
            if dt is not None and dd is not None}
    assert rows[DFE] == "Yes" and rows[LOCAL] == "No"
    assert "about permission to share" not in checked.text


def test_its_own_permission_is_exported_sent_and_read_back(local_app, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    coordinator, url = _filled(local_app)
    coordinator.post(url + "/permissions", data={"dfe": "yes", "local_partners": "no"}, expect=302)
    lead = _client(local_app, Role.STRATEGIC_LEAD)
    lead.post(url + "/priorities", data={"entries-0-descriptor": "N.1", "entries-1-descriptor": "I.1"}, expect=302)
    downloads = {key: coordinator.get(f"{url}/export/{key}", expect=200) for key in ("docx", "xlsx", "json")}

    sent = json.loads(downloads["json"].get_data(as_text=True))
    assert sent["permissions"] == {"dfe": True, "local_partners": False}  # the edition's two, no other
    workbook = load_workbook(io.BytesIO(downloads["xlsx"].get_data()))
    sheet = [[c.value for c in row] for row in workbook["Permissions"].iter_rows(min_row=2)]
    assert [(row[0], row[1], row[2]) for row in sheet] == [("dfe", DFE, "Yes"), ("local_partners", LOCAL, "No")]
    word = "\n".join(p.text for p in Document(io.BytesIO(downloads["docx"].get_data())).paragraphs)
    assert f"{LOCAL}: No." in word and "Supporting Families coordinators" not in word
    with local_app.app_context():
        from app.data.models import Assessment
        from app.extensions import db

        assessment = db.session.get(Assessment, int(url.rsplit("/", 1)[1]))
        assert json.loads(returns.return_json(assessment))["permissions"] == {"dfe": True, "local_partners": False}

    # The JSON, imported by another partnership, and the Word return, by a third: the answer comes back.
    other = _client(local_app, Role.COORDINATOR, "Knowsley Early Help Partnership")
    back = other.post("/assessments/import", data={"file": [(io.BytesIO(downloads["json"].get_data()), "local.json")],
                                                   "edition": "from-the-file"},
                      content_type="multipart/form-data", expect=302)
    again = json.loads(other.get(back.headers["Location"] + "/export/json", expect=200).get_data(as_text=True))
    assert again["edition"] == "local-2026" and again["permissions"] == sent["permissions"]
    checked = other.get(back.headers["Location"] + "/check-answers", expect=200).page
    assert LOCAL in checked.text

    word_file = tmp_path / "local-2026.docx"
    word_file.write_bytes(downloads["docx"].get_data())
    result = local_app.test_cli_runner().invoke(args=["import", str(word_file), "--partnership", "Wirral Early Help Partnership",
                                                      "--edition", "local-2026", "--json"])
    assert result.exit_code == 0, result.output
    checked = json.loads(local_app.test_cli_runner().invoke(args=["check", str(word_file), "--edition", "local-2026",
                                                                  "--json"]).output)
    assert checked["permissions"] == {"dfe": True, "local_partners": False}


def test_a_json_file_of_an_earlier_version_still_reads_in_an_edition_without_its_keys(local_app):
    coordinator, url = _filled(local_app)
    coordinator.post(url + "/permissions", data={"dfe": "no", "local_partners": "yes"}, expect=302)
    written = json.loads(coordinator.get(f"{url}/export/json", expect=200).get_data(as_text=True))
    # Earlier versions always wrote the 2022 guide's three keys, whatever the edition asked.
    written["permissions"] = {"dfe": False, "coordinators": True, "other_departments": None, "local_partners": True}
    other = _client(local_app, Role.COORDINATOR, "Halton Early Help Partnership")
    back = other.post("/assessments/import", data={"file": [(io.BytesIO(json.dumps(written).encode()), "old.json")],
                                                   "edition": "from-the-file"},
                      content_type="multipart/form-data", expect=302)
    again = json.loads(other.get(back.headers["Location"] + "/export/json", expect=200).get_data(as_text=True))
    assert again["permissions"] == {"dfe": False, "local_partners": True}  # the coordinators' answer is not its question


def test_an_edition_without_the_coordinators_permission_is_never_compared(local_app):
    coordinator, url = _filled(local_app)
    coordinator.post(url + "/permissions", data={"dfe": "yes", "local_partners": "yes"}, expect=302)
    page = coordinator.get(url + "/compare", expect=200).page
    assert page.text_of("#nothing-to-compare").startswith("There is nothing to compare:")
    assert page.text_of("#no-such-permission") == (
        "This edition of the guide asks no permission to share with coordinators in other areas, "
        "so its assessments are not compared with other areas.")
    # Nor is a scores-only file made for them: the edition never asked.
    refused = coordinator.get(f"{url}/export/scores", expect=302)
    downloads = coordinator.get(refused.headers["Location"], expect=200).page
    assert ("Sefton Early Help Partnership's scores and priorities cannot be shared with Supporting Families "
            "coordinators in other areas: The Local Framework asks no permission to share with them.") in downloads.text


def test_the_consent_page_counts_and_names_the_editions_own_permissions(local_app):
    coordinator, url = _filled(local_app)
    coordinator.post(url + "/permissions", data={"dfe": "yes", "local_partners": "no"}, expect=302)
    lead = _client(local_app, Role.STRATEGIC_LEAD)
    lead.post(url + "/priorities", data={"entries-0-descriptor": "N.1", "entries-1-descriptor": "I.1"}, expect=302)
    lead.post(url + "/sign-off", expect=302)
    coordinator.post(url + "/send", expect=302)
    page = coordinator.get(url + "/sharing", expect=200).page
    assert "The return answered two questions of permission." in page.text
    assert [row[:3] for row in page.table_rows("Permissions to share")] == [["The department", "Yes", "Yes"],
                                                                             [LOCAL, "No", "No"]]
