"""An edition that asks one question per descriptor (the schema allows one to four): the
descriptor page asks it once, and a workshop's agree page drafts everything into that one
field, what works first and what those who scored lower raised after it, never the same text
twice."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR
from app.domain.roles import Role
from tests import factories
from tests.integration.assessment_helpers import save
from tests.integration.editions_world import PROOF, app_with_editions
from tests.integration.workshop_helpers import answer, create_workshop, join, join_code

QUESTION = "What do you see here?"


@pytest.fixture(scope="module")
def one_prompt_app(app, database_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("one-prompt-editions")
    shutil.copy(DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml", folder)
    edition = yaml.safe_load(PROOF.read_text(encoding="utf-8"))
    edition["edition"].update(id="single-2026", title="The Single Question Framework", label="Single edition", year=2026)
    edition["prompts"] = [{"key": "notes", "label": QUESTION}]
    (folder / "single-2026.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with app_with_editions(database_url, folder) as application:
        yield application


def _client(app, role: Role, partnership: str = "Halton Early Help Partnership"):
    email = f"{role.value}.{partnership.split()[0].lower()}.single@example.gov.uk"
    factories.user(app, email, role, partnership, name=role.label)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": factories.PASSWORD}, expect=302)
    return client


def test_a_workshop_drafts_into_the_one_question_and_keeps_what_it_held_once(one_prompt_app):
    coordinator = _client(one_prompt_app, Role.COORDINATOR)
    response = coordinator.post("/assessments/new", data={"year": "2026", "edition": "single-2026"}, expect=302)
    number = int(re.search(r"/assessments/(\d+)", response.headers["Location"]).group(1))
    page = coordinator.get(f"/assessments/{number}/descriptors/F.1", expect=200).page
    assert len(page.soup.select("textarea:not(#evidence_description)")) == 1 and page.text_of("label[for=notes]") == QUESTION
    save(coordinator, number, "F.1", notes="Our own notes.", expect=302)

    facilitator = _client(one_prompt_app, Role.FACILITATOR)
    workshop_id = create_workshop(facilitator, number, title="Families workshop", sections=("F",))
    code = join_code(facilitator, number, workshop_id)
    priya, dan, jo = (join(one_prompt_app, code, group, name)
                      for group, name in (("health", "Priya Shah"), ("police", "Dan Reilly"), ("education", "Jo Green")))
    assert answer(priya, code, "F.1", 2, "Feedback is patchy").status_code == 302
    assert answer(dan, code, "F.1", 3, "Good in the north").status_code == 302
    assert answer(jo, code, "F.1", 4).status_code == 302

    agree_url = f"/assessments/{number}/workshops/{workshop_id}/descriptors/F.1/agree"
    agree = facilitator.get(agree_url, expect=200).page
    assert agree.text_of("label[for=working_well]") == QUESTION
    assert not agree.soup.select("#prioritising_next")  # one question, one field
    assert "goes after them, as a lead for what to do next" in agree.text
    first_draft = agree.value("working_well")
    assert first_draft.startswith("Our own notes.") and first_draft.count("Our own notes.") == 1  # never twice
    ticked = [i["value"] for i in agree.soup.select("input[name=evidence]")]
    drafted = facilitator.post(agree_url, data={"score": "3", "rationale": "Strong in the north.", "version": agree.value("version"),
                                                "evidence": ticked, "working_well": agree.value("working_well"),
                                                "draft": "Draft the narratives again"}, expect=200).page
    text = drafted.value("working_well")
    assert text.count("Our own notes.") == 1
    assert text.index("Our own notes.") < text.index("Strong in the north.") < text.index("Good in the north")
    assert text.index("Good in the north") < text.index("Raised in the workshop Families workshop by those who scored below 3:")
    assert text.rstrip().endswith("Feedback is patchy")
    facilitator.post(agree_url, data={"score": "3", "rationale": "Strong in the north.", "version": drafted.value("version"),
                                      "evidence": ticked, "working_well": text}, expect=302)
    after = coordinator.get(f"/assessments/{number}/descriptors/F.1", expect=200).page
    assert after.value("notes") == text.replace("\r\n", "\n")


def test_every_format_carries_the_one_question_and_the_json_comes_back(one_prompt_app):
    import io
    import json

    coordinator = _client(one_prompt_app, Role.COORDINATOR, "Wigan Early Help Partnership")
    response = coordinator.post("/assessments/new", data={"year": "2025", "edition": "single-2026"}, expect=302)
    url = re.search(r"/assessments/\d+", response.headers["Location"]).group(0)
    number = int(url.rsplit("/", 1)[1])
    for descriptor_id in ("F.1", "F.2", "P.1"):
        save(coordinator, number, descriptor_id, score=3, notes=f"Seen in {descriptor_id}.", expect=302)
    files = {key: coordinator.get(f"{url}/export/{key}", expect=200).get_data() for key in ("docx", "xlsx", "csv", "json")}
    assert files["docx"].startswith(b"PK") and files["xlsx"].startswith(b"PK")
    assert QUESTION in files["csv"].decode("utf-8-sig") and "Seen in F.2." in files["csv"].decode("utf-8-sig")
    sent = json.loads(files["json"])
    assert {a["descriptor"]: a["narratives"] for a in sent["answers"] if a["narratives"]} == {
        d: {"notes": f"Seen in {d}."} for d in ("F.1", "F.2", "P.1")}
    other = _client(one_prompt_app, Role.COORDINATOR, "Bolton Early Help Partnership")
    back = other.post("/assessments/import", data={"file": [(io.BytesIO(json.dumps(sent).encode()), "single.json")],
                                                   "edition": "from-the-file"},
                      content_type="multipart/form-data", expect=302)
    again = json.loads(other.get(back.headers["Location"] + "/export/json", expect=200).get_data(as_text=True))
    assert again["edition"] == "single-2026" and again["answers"] == sent["answers"]
