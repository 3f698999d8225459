"""The proof edition in Chromium (issue 14): with tests/fixtures/editions/proof-2025.yaml beside
the 2022 guide, a coordinator starts an assessment in it, scores every descriptor on its 1-4
scale and writes its narratives, answers its two permissions; the strategic lead chooses two
priorities from any section; every format downloads, and the JSON imported by another
partnership comes back unchanged, all three prompts' answers with it. A workshop round in the
same edition: a facilitator sets one up, a participant on their own phone answers on the 1-4
scale, and the agreed score lands on the assessment. Axe clean throughout, no CSP refusals or
missing files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    LiveServer,
    PageProblems,
    assert_no_axe_violations,
    served_app,
    sign_in,
)
from workshop_steps import click_and_wait, create_live_workshop, join_workshop

ROOT = Path(__file__).resolve().parents[2]
PROOF = ROOT / "tests" / "fixtures" / "editions" / "proof-2025.yaml"
SCORES = {"F.1": 1, "F.2": 2, "P.1": 3, "P.2": 4, "N.1": 2, "I.1": 1, "I.2": 3}
LABELS = {1: "1 – Emerging", 2: "2 – Growing", 3: "3 – Strong", 4: "4 – Leading"}
OTHER = "other-coordinator@example.gov.uk"


@pytest.fixture(scope="module")
def two_edition_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from app.domain.editions import DEFAULT_DESCRIPTORS_DIR
    from app.domain.roles import Role
    from tests import factories

    folder = tmp_path_factory.mktemp("editions")
    shutil.copy(DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml", folder)
    shutil.copy(PROOF, folder)
    with served_app(tmp_path_factory.mktemp("other-edition-db"), DESCRIPTORS_DIR=str(folder),
                    prepare=lambda app: factories.user(app, OTHER, Role.COORDINATOR, "Knowsley Early Help Partnership")) as server:
        yield server


@pytest.fixture
def edition_page(browser: Any, two_edition_server: LiveServer) -> Iterator[Any]:
    ctx = browser.new_context(base_url=two_edition_server.url, viewport={"width": 1280, "height": 900},
                              locale="en-GB", timezone_id="Europe/London", accept_downloads=True)
    ctx.set_default_timeout(15_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def _sign_in(page: Any, server: LiveServer, role: str) -> None:
    user = server.logins[role]
    assert sign_in(page, user.email, user.password).ok


def _download(page: Any, name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    path = download.value.path()
    return Path(path).read_bytes()


def test_an_assessment_in_the_proof_edition_from_start_to_json_and_back(edition_page: Any, two_edition_server: LiveServer,
                                                                        tmp_path: Path) -> None:
    page = edition_page
    problems = PageProblems.attach(page)
    _sign_in(page, two_edition_server, "coordinator")

    page.goto("/assessments/new")
    assert "If you chose The Proof Framework (2025), leave them blank." in page.locator("#data-model-note").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Which year is this assessment for?").fill("2025")
    page.get_by_label("The Proof Framework, Proof edition (2025)").check()
    page.get_by_role("button", name="Start assessment").click()
    page.wait_for_load_state("load")
    assert "The 2025 assessment has started" in page.locator(".govuk-notification-banner").inner_text()
    overview = page.url
    assert "Earned Autonomy" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    for descriptor_id, score in SCORES.items():
        page.goto(f"{overview}/descriptors/{descriptor_id}")
        if descriptor_id == "F.1":
            assert_no_axe_violations(page)
        page.get_by_label(LABELS[score], exact=True).check()
        page.get_by_label("What are your strengths here?").fill(f"Strengths of {descriptor_id}")
        page.get_by_label("What evidence shows it?").fill(f"Evidence for {descriptor_id}")
        page.get_by_label("What will you do next?").fill(f"Next for {descriptor_id}")
        page.get_by_role("button", name="Save and return to the overview").click()
        page.wait_for_load_state("load")
    assert page.locator("main").inner_text().count("Score: ") == len(SCORES)

    page.goto(f"{overview}/permissions")
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Yes", exact=True).check()
    assert page.locator("fieldset").count() == 2
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_load_state("load")
    page.context.clear_cookies()

    _sign_in(page, two_edition_server, "strategic_lead")
    page.goto(f"{overview}/priorities")
    assert page.locator("#priority-rule").inner_text().startswith("Choose two descriptors from any section.")
    page.get_by_label("First priority descriptor").select_option("I.1")
    page.get_by_role("button", name="Save priorities").click()
    page.wait_for_load_state("load")
    assert "You chose 1 priority descriptor; choose 2" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)  # the error state
    page.get_by_label("First priority descriptor").select_option("I.1")
    page.get_by_label("Second priority descriptor").select_option("I.2")
    page.get_by_role("button", name="Save priorities").click()
    page.wait_for_load_state("load")
    assert "Priority descriptors saved" in page.locator(".govuk-notification-banner").inner_text()

    page.goto(f"{overview}/export")
    assert_no_axe_violations(page)
    files = {key: _download(page, f"Download {key.upper() if key != 'scores' else 'scores only'} file")
             for key in ("docx", "xlsx", "csv", "json", "scores")}
    assert files["docx"].startswith(b"PK") and files["xlsx"].startswith(b"PK")
    assert "What are your strengths here?" in files["csv"].decode("utf-8-sig")
    assert json.loads(files["scores"])["edition"] == "proof-2025"
    sent = json.loads(files["json"])
    assert sent["edition"] == "proof-2025" and [a["score"] for a in sent["answers"]] == list(SCORES.values())
    every_prompt = {d: {"strengths": f"Strengths of {d}", "evidence": f"Evidence for {d}", "next_steps": f"Next for {d}"}
                    for d in SCORES}
    assert {a["descriptor"]: a["narratives"] for a in sent["answers"]} == every_prompt
    page.context.clear_cookies()

    from tests import factories

    assert sign_in(page, OTHER, factories.PASSWORD).ok
    page.goto("/assessments/import")
    assert_no_axe_violations(page)
    json_path = tmp_path / "proof-2025-return.json"
    json_path.write_bytes(files["json"])
    page.get_by_label("Upload returns").set_input_files(str(json_path))
    page.get_by_label("Tell from each file").check()
    page.get_by_role("button", name="Import returns").click()
    page.wait_for_load_state("load")
    assert "Imported the 2025 return" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(page.url.rstrip("/") + "/export")
    again = json.loads(_download(page, "Download JSON file"))
    for part in ("edition", "year", "answers", "priorities", "permissions"):
        assert again[part] == sent[part], part
    assert {a["descriptor"]: a["narratives"] for a in again["answers"]} == every_prompt  # all three prompts came back
    page.goto(page.url.rsplit("/export", 1)[0] + "/descriptors/F.1")
    assert page.get_by_label("What will you do next?").input_value() == "Next for F.1"
    problems.assert_none()


def test_a_workshop_round_in_the_proof_edition(edition_page: Any, browser: Any, two_edition_server: LiveServer) -> None:
    page = edition_page
    problems = PageProblems.attach(page)
    _sign_in(page, two_edition_server, "coordinator")
    page.goto("/assessments/new")
    page.get_by_label("Which year is this assessment for?").fill("2024")
    page.get_by_label("The Proof Framework, Proof edition (2025)").check()
    click_and_wait(page, page.get_by_role("button", name="Start assessment"))
    overview = page.url
    page.context.clear_cookies()

    facilitator = page
    _sign_in(facilitator, two_edition_server, "facilitator")
    facilitator.goto(overview + "/workshops/new")
    workshop_url, code = create_live_workshop(facilitator, "Partners workshop",
                                              "P.1 Partners share one plan for each family.")
    assert_no_axe_violations(facilitator)
    click_and_wait(facilitator, facilitator.get_by_role("link", name="P.1", exact=True))
    assert_no_axe_violations(facilitator)

    # A participant on their own phone: the edition's 1-4 scale, in its own wording.
    phone_context = browser.new_context(base_url=two_edition_server.url, viewport={"width": 390, "height": 844},
                                        locale="en-GB", timezone_id="Europe/London")
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    phone_problems = PageProblems.attach(phone)
    join_workshop(phone, code, "Priya Shah", "Demo NHS Foundation Trust", "Health")
    assert phone.locator("h1").inner_text().startswith("P.1")
    assert [phone.locator(f"label[for='{r.get_attribute('id')}']").inner_text().strip()
            for r in phone.locator("input[type=radio][name=score]").all()] == [*LABELS.values(), "I don't know"]
    assert "0 – " not in phone.locator("main").inner_text()  # nothing from the 2022 scale
    assert_no_axe_violations(phone)
    phone.get_by_label("3 – Strong").check()
    phone.get_by_label("Comment or evidence (optional)").fill("One plan per family in the north locality.")
    click_and_wait(phone, phone.get_by_role("button", name="Save my answer"))
    assert "Your answer to P.1 is saved" in phone.content()

    facilitator.wait_for_function(
        "() => document.querySelector('#answered-status').textContent.includes('1 of 1 person who joined has answered')",
        timeout=10_000)
    facilitator.goto(workshop_url + "/descriptors/P.1")
    click_and_wait(facilitator, facilitator.get_by_role("link", name="Agree a score"))
    assert facilitator.get_by_label("3 – Strong").is_checked()  # the suggested score, on this edition's scale
    facilitator.get_by_label("Why did the group settle on this score?").fill("Shared plans work in one locality.")
    facilitator.get_by_label("One plan per family in the north locality.").check()
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Draft the narratives again"))
    assert "Shared plans work in one locality." in facilitator.get_by_label("What are your strengths here?").input_value()
    assert "One plan per family in the north locality." in facilitator.get_by_label("What are your strengths here?").input_value()
    # The first and the last of the edition's prompts are drafted; the one between is left as it is.
    assert facilitator.get_by_label("What evidence shows it?").count() == 0
    facilitator.get_by_label("What will you do next?").fill("Spread the north's plans.")
    assert_no_axe_violations(facilitator)
    click_and_wait(facilitator, facilitator.get_by_role("button", name="Record the agreed score"))
    assert "Agreed score: 3" in facilitator.content()

    facilitator.goto(overview + "/descriptors/P.1")
    text = facilitator.locator("main").inner_text()
    assert "Agreed in workshop Partners workshop" in text and "n = 1" in text
    assert facilitator.get_by_label("3 – Strong", exact=True).is_checked()
    assert "Shared plans work in one locality." in facilitator.get_by_label("What are your strengths here?").input_value()
    assert facilitator.get_by_label("What will you do next?").input_value() == "Spread the north's plans."
    assert_no_axe_violations(facilitator)
    phone.get_by_text("the group has agreed a score of 3").wait_for(timeout=5_000)
    assert_no_axe_violations(phone)
    phone_problems.assert_none()
    phone_context.close()
    problems.assert_none()
