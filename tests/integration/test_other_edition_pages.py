"""An assessment in the proof edition (four sections, three prompts, a 1-4 scale of the
toolkit's wording, no Earned Autonomy, no data models, two permissions, "choose two from any
section"): the pages follow the edition file (issue 14)."""

from __future__ import annotations

import re

from app.domain.roles import Role
from tests import factories
from tests.integration.assessment_helpers import new_assessment_form, save
from tests.integration.editions_world import two_editions_app, two_editions_dir  # noqa: F401

PROOF_SCORES = {"F.1": 1, "F.2": 2, "P.1": 3, "P.2": 4, "N.1": 2, "I.1": 1, "I.2": 3}


def _client(app, role: Role):
    email = f"{role.value}@example.gov.uk"
    factories.user(app, email, role, factories.SEFTON, name=role.label)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": factories.PASSWORD}, expect=302)
    return client


def _start(client, edition: str = "proof-2025", year: int = 2025) -> str:
    response = client.post("/assessments/new", data={"year": str(year), "edition": edition}, expect=302)
    return re.search(r"/assessments/\d+", response.headers["Location"]).group(0)


def test_an_edition_without_data_models_asks_none_and_the_2022_guide_still_does(two_editions_app):  # noqa: F811
    client = _client(two_editions_app, Role.COORDINATOR)
    page = client.get("/assessments/new", expect=200).page
    assert "If you chose The Proof Framework (2025), leave them blank." in page.text_of("#data-model-note")
    refused = client.post("/assessments/new", data={"year": "2024", "edition": "ehsg-2022"}, expect=200).page
    assert "Select the data model submitted in the data survey" in refused.errors
    client.post("/assessments/new", data=new_assessment_form(year=2024), expect=302)
    url = _start(client)
    overview = client.get(url, expect=200).page
    assert "The Proof Framework" in overview.text
    assert "State the data model" not in overview.text
    assert "Answer the two questions about permission to share" in overview.text
    assert "Choose the 2 priority descriptors" in overview.text
    assert "Earned Autonomy" not in overview.text
    answers = client.get(url + "/check-answers", expect=200).page
    assert "Data model submitted in the national data survey" not in answers.text


def test_scores_on_its_scale_two_permissions_two_priorities_and_sign_off(two_editions_app):  # noqa: F811
    coordinator = _client(two_editions_app, Role.COORDINATOR)
    url = _start(coordinator)
    number = int(url.rsplit("/", 1)[1])
    descriptor = coordinator.get(url + "/descriptors/F.1", expect=200).page
    assert descriptor.soup.select("input[name=score]") and [i["value"] for i in descriptor.soup.select("input[name=score]")] == ["1", "2", "3", "4"]
    assert "1 – Emerging" in descriptor.text and "the toolkit's own wording" in descriptor.text
    # One field per prompt, in its words; the "evidence" prompt's field is named apart from the
    # page's own Evidence section.
    assert [descriptor.text_of(f"label[for={name}]") for name in ("strengths", "prompt_evidence", "next_steps")] == [
        "What are your strengths here?", "What evidence shows it?", "What will you do next?"]
    assert not descriptor.soup.select("#working_well") and not descriptor.soup.select("#prompts-not-kept")
    refused = save(coordinator, number, "F.1", score=0, expect=200).page
    assert refused.title.startswith("Error: ") and refused.errors == ["Select a score from 1 to 4"]
    too_long = save(coordinator, number, "F.1", score=2, next_steps="x" * 20_001, expect=200).page
    assert too_long.errors == ["What will you do next must be 20,000 characters or fewer"]
    for descriptor_id, score in PROOF_SCORES.items():
        save(coordinator, number, descriptor_id, score=score, strengths=f"Strengths of {descriptor_id}",
             prompt_evidence=f"Evidence for {descriptor_id}", next_steps=f"Next for {descriptor_id}", expect=302)
    again = coordinator.get(url + "/descriptors/F.1", expect=200).page
    assert [again.value(name) for name in ("strengths", "prompt_evidence", "next_steps")] == [
        "Strengths of F.1", "Evidence for F.1", "Next for F.1"]
    check = coordinator.get(url + "/check-answers", expect=200).page
    answered = check.soup.select_one("#summary-F\\.1").find_next("dl")
    assert [(row.select_one("dt").get_text(strip=True), row.select_one("dd").get_text(strip=True))
            for row in answered.select(".govuk-summary-list__row")][1:4] == [
        ("What are your strengths here?", "Strengths of F.1"), ("What evidence shows it?", "Evidence for F.1"),
        ("What will you do next?", "Next for F.1")]

    permissions = coordinator.get(url + "/permissions", expect=200).page
    assert [f.select_one("legend").get_text(strip=True) for f in permissions.soup.select("fieldset")] == [
        "Please confirm that you understand your scores and narrative will be shared with the department",
        "Please confirm that you are happy for your scores and priorities to be shared with other areas' coordinators"]
    coordinator.post(url + "/permissions", data={"dfe": "yes", "coordinators": "no"}, expect=302)

    lead = _client(two_editions_app, Role.STRATEGIC_LEAD)
    priorities = lead.get(url + "/priorities", expect=200).page
    assert priorities.text_of("#priority-rule").startswith("Choose two descriptors from any section.")
    assert "I.1" in priorities.text_of("#suggestions") and "Earned Autonomy" not in priorities.text_of("#suggestions")
    one = lead.post(url + "/priorities", data={"entries-0-descriptor": "I.1", "entries-0-rationale": "Why"}, expect=200).page
    assert one.errors == ["You chose 1 priority descriptor; choose 2"]
    lead.post(url + "/priorities", data={"entries-0-descriptor": "I.1", "entries-0-rationale": "Why",
                                         "entries-1-descriptor": "I.2", "entries-1-rationale": "Why"}, expect=302)

    ea = lead.get(url + "/earned-autonomy", expect=200).page
    assert ea.text_of("#earned-autonomy-summary").startswith("This edition of the guide has no Earned Autonomy thresholds")
    assert not ea.soup.select("#earned-autonomy-table")
    sign_off = lead.get(url + "/sign-off", expect=200).page
    assert "Confirm and sign off" in sign_off.buttons


def test_every_export_and_the_json_comes_back_unchanged(two_editions_app):  # noqa: F811
    import io
    import json

    coordinator = _client(two_editions_app, Role.COORDINATOR)
    url = _start(coordinator)
    number = int(url.rsplit("/", 1)[1])
    for descriptor_id, score in PROOF_SCORES.items():
        save(coordinator, number, descriptor_id, score=score, strengths=f"Strengths of {descriptor_id}",
             prompt_evidence=f"Evidence for {descriptor_id}", next_steps=f"Next for {descriptor_id}", expect=302)
    coordinator.post(url + "/permissions", data={"dfe": "yes", "coordinators": "yes"}, expect=302)
    lead = _client(two_editions_app, Role.STRATEGIC_LEAD)
    lead.post(url + "/priorities", data={"entries-0-descriptor": "N.1", "entries-1-descriptor": "I.1"}, expect=302)
    downloads = {key: coordinator.get(f"{url}/export/{key}", expect=200) for key in ("docx", "xlsx", "csv", "json", "scores")}
    from docx import Document
    from openpyxl import load_workbook

    word = Document(io.BytesIO(downloads["docx"].get_data()))
    word_text = "\n".join(p.text for p in word.paragraphs)
    assert "Earned Autonomy" not in word_text and "data model" not in word_text.lower()
    assert "Choose two descriptors from any section." in word_text
    assert any(t.rows[0].cells[0].text == "Self-Assessment Score – Answer 1 to 4 – see scale above" for t in word.tables)
    workbook = load_workbook(io.BytesIO(downloads["xlsx"].get_data()))
    assert "Earned Autonomy" not in workbook.sheetnames
    headers = [c.value for c in workbook["Descriptors"][1]]
    assert "What are your strengths here?" in headers and "Earned Autonomy minimum" not in headers
    csv_text = downloads["csv"].get_data(as_text=True)
    assert "F.1" in csv_text and "9.1" not in csv_text and "Emerging" in csv_text
    scores = json.loads(downloads["scores"].get_data(as_text=True))
    assert scores["edition"] == "proof-2025"
    sent = json.loads(downloads["json"].get_data(as_text=True))
    assert sent["edition"] == "proof-2025" and [a["score"] for a in sent["answers"]] == list(PROOF_SCORES.values())
    assert sent["permissions"] == {"dfe": True, "coordinators": True}  # the edition's two, no third
    assert sent["answers"][0]["narratives"] == {"strengths": "Strengths of F.1", "evidence": "Evidence for F.1",
                                                "next_steps": "Next for F.1"}

    factories.user(two_editions_app, "other@example.gov.uk", Role.COORDINATOR, "Knowsley Early Help Partnership")
    other = two_editions_app.test_client()
    other.post("/login", data={"email": "other@example.gov.uk", "password": factories.PASSWORD}, expect=302)
    back = other.post("/assessments/import", data={"file": [(io.BytesIO(downloads["json"].get_data()), "proof.json")],
                                                   "edition": "from-the-file"},
                      content_type="multipart/form-data", expect=302)
    again = json.loads(other.get(back.headers["Location"] + "/export/json", expect=200).get_data(as_text=True))
    for part in ("edition", "year", "answers", "priorities", "permissions"):
        assert again[part] == sent[part], part


def test_a_workshop_round_on_its_scale(two_editions_app):  # noqa: F811
    from tests.integration.workshop_helpers import answer, create_workshop, facilitator_page, join, join_code

    coordinator = _client(two_editions_app, Role.COORDINATOR)
    url = _start(coordinator)
    number = int(url.rsplit("/", 1)[1])
    facilitator = _client(two_editions_app, Role.FACILITATOR)
    workshop_id = create_workshop(facilitator, number, title="Families workshop", sections=("F",))
    code = join_code(facilitator, number, workshop_id)
    joined = facilitator.get(f"/join/{code}", expect=200).page
    assert "of The Proof Framework from 1 to 4" in joined.text
    priya, dan = join(two_editions_app, code, "health", "Priya Shah"), join(two_editions_app, code, "police", "Dan Reilly")
    question = priya.get(f"/join/{code}/questions/F.1", expect=200).page
    assert [i["value"] for i in question.soup.select("input[name=score]")][:4] == ["1", "2", "3", "4"]
    assert answer(priya, code, "F.1", 0).status_code == 200  # off the scale: refused, asked again
    assert answer(priya, code, "F.1", 2, "Feedback is patchy").status_code == 302
    assert answer(dan, code, "F.1", 4).status_code == 302
    save(coordinator, number, "F.1", prompt_evidence="Our own evidence", next_steps="Our plan", expect=302)
    agree_url = f"/assessments/{number}/workshops/{workshop_id}/descriptors/F.1/agree"
    agree = facilitator.get(agree_url, expect=200).page
    assert "Suggested score: 3, the median" in agree.text
    # The workshop drafts onto the first prompt and the last (what to do next).
    assert agree.text_of("label[for=working_well]") == "What are your strengths here?"
    assert agree.text_of("label[for=prioritising_next]") == "What will you do next?"
    assert "goes under “What will you do next?”. The edition's other questions are left as they are." in agree.text
    assert agree.value("prioritising_next").startswith("Our plan")  # what the last prompt holds comes first
    facilitator.post(agree_url, data={"score": "3", "rationale": "Strong in most places.", "version": agree.value("version"),
                                      "working_well": agree.value("working_well"),
                                      "prioritising_next": agree.value("prioritising_next")}, expect=302)
    assert "Agreed score: 3 – Strong" in facilitator_page(facilitator, number, workshop_id, "F.1")
    # The drafted text is on the first prompt, what was there kept on the others.
    after = coordinator.get(f"/assessments/{number}/descriptors/F.1", expect=200).page
    assert after.value("strengths").startswith("Agreed score 3 in the workshop Families workshop.")
    assert after.value("prompt_evidence") == "Our own evidence" and after.value("next_steps").startswith("Our plan")
    history = coordinator.get(f"/assessments/{number}/descriptors/F.1/history", expect=200).page
    assert "drafted from workshop Families workshop strengths" in history.text
    assert "changed evidence" in history.text and "changed next steps" in history.text


def test_text_typed_as_the_session_ended_is_kept_for_every_prompt(two_editions_app, time_machine):  # noqa: F811
    from datetime import UTC, datetime, timedelta

    from tests.integration.assessment_helpers import version_on

    coordinator = _client(two_editions_app, Role.COORDINATOR)
    number = int(_start(coordinator).rsplit("/", 1)[1])
    version = version_on(coordinator, number, "F.2")
    time_machine.move_to(datetime.now(UTC) + timedelta(hours=3), tick=False)
    typed = save(coordinator, number, "F.2", score=2, strengths="Unsaved strengths", prompt_evidence="Unsaved evidence",
                 next_steps="Unsaved next steps", version=version, expect=302)
    signed_in = coordinator.post(typed.headers["Location"], data={"email": "coordinator@example.gov.uk",
                                                                  "password": factories.PASSWORD}, expect=302)
    page = coordinator.get(signed_in.headers["Location"], expect=200).page
    assert any(n.startswith("We kept what you wrote before your session ended") for n in page.notifications)
    assert [page.value(name) for name in ("strengths", "prompt_evidence", "next_steps")] == [
        "Unsaved strengths", "Unsaved evidence", "Unsaved next steps"]


def test_the_action_plan_drafts_from_the_editions_last_prompt(two_editions_app):  # noqa: F811
    coordinator = _client(two_editions_app, Role.COORDINATOR)
    url = _start(coordinator)
    number = int(url.rsplit("/", 1)[1])
    save(coordinator, number, "F.1", score=2, strengths="Not an action", prompt_evidence="Nor this",
         next_steps="Train every lead practitioner\n\nPublish the family offer", expect=302)
    lead = _client(two_editions_app, Role.STRATEGIC_LEAD)
    lead.post(url + "/priorities", data={"entries-0-descriptor": "F.1", "entries-1-descriptor": "F.2"}, expect=302)
    plan = coordinator.get(url + "/plan", expect=200).page
    assert 'no "What will you do next?" text yet' in plan.text  # the descriptors without it, in its words
    coordinator.post(url + "/plan/descriptors/F.2/draft", expect=302)
    refused = coordinator.get(url + "/plan", expect=200).page
    assert any('Descriptor F.2 has no "What will you do next?" text' in n for n in refused.notifications)
    coordinator.post(url + "/plan/descriptors/F.1/draft", expect=302)
    drafted = coordinator.get(url + "/plan", expect=200).page
    assert "2 draft actions added from descriptor F.1's text" in drafted.notifications
    assert "Train every lead practitioner" in drafted.text and "Publish the family offer" in drafted.text
    assert "Not an action" not in drafted.text
