"""Bad input never breaks anything: every text a person can enter, tried with markup and
script, control characters, emoji and right-to-left text, and 100,000 characters.

What a user would notice: the text comes back on the pages as they typed it (markup shown as
text, never run; invisible control characters dropped); a limit passed gives a GOV.UK error
message naming the field and the limit; never a server error, never a half-saved record.
Runs on SQLite and, in the postgres stage, on PostgreSQL (which refuses NUL characters and
text longer than a column holds, so the app must not hand it either).
"""

from __future__ import annotations

import io
import json
import random
import string
from pathlib import Path

import pytest

from app.data.models import (
    Assessment,
    AuditEntry,
    DescriptorResponse,
    EvidenceItem,
    Invitation,
    Partnership,
    PriorityChoiceRow,
    User,
    Workshop,
    WorkshopAnswer,
)
from app.domain import limits
from app.domain.roles import Role
from app.extensions import db
from tests.integration.assessment_helpers import create_assessment, new_assessment_form, save, version_on
from tests.integration.conftest import PASSWORD
from tests.integration.workshop_helpers import answer, create_workshop, join_code, sign_in_as, workshop_form
from tests.strict_client import Page, squash

SEED = Path(__file__).resolve().parents[2] / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
LONG = "x" * 100_000
#: 100,000 letters that do not compress (a message holding them would not fit in a cookie).
NOISE = "".join(random.Random(8).choices(string.ascii_letters, k=100_000))


class Hostile:
    """A text as typed, what a reader sees of it on the page, and what must never appear in the
    HTML itself (markup that would run, characters a page cannot hold)."""

    def __init__(self, typed: str, never: tuple[str, ...]) -> None:
        self.typed, self.never = typed, never
        self.shown = squash(_plain(typed))

    def check(self, html: str, where: str) -> None:
        for raw in self.never:
            assert raw not in html, f"{where}: {raw!r} is in the page"
        page = Page(html, where)
        assert not page.soup.select("img[onerror], script:not([src]):not([nonce])"), f"{where}: injected markup"
        assert self.shown in page.text, f"{where}: {self.shown!r} is not what the page shows"


def _plain(typed: str) -> str:
    """Text as stored: markup kept as text, control characters dropped."""
    return "".join(ch for ch in typed if ch in "\t\n\r" or ord(ch) >= 32)


SCRIPT = Hostile("<script>alert(1)</script>", ("<script>alert(1)",))
IMG = Hostile('"><img src=x onerror=alert(1)>', ("<img src=x",))
CONTROLS = Hostile("Bell\x07 nul\x00 esc\x1b[31m vtab\x0b end", ("\x00", "\x07", "\x1b", "\x0b"))
WORLD = Hostile("مرحبا 👨\u200d👩\u200d👧 שלום", ())
KINDS = {"markup": SCRIPT, "attribute": IMG, "controls": CONTROLS, "rtl-emoji": WORLD}


def _html(response, where: str) -> str:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    return response.get_data(as_text=True)


def _get(client, path: str) -> str:
    return client.get(path, expect=200).get_data(as_text=True)


def _counts(app) -> dict[str, int]:
    with app.app_context():
        models = (Partnership, User, Invitation, Assessment, DescriptorResponse, EvidenceItem, PriorityChoiceRow,
                  AuditEntry, Workshop, WorkshopAnswer)
        return {m.__name__: db.session.query(m).count() for m in models}


def _create_user_cli(app, name: str, partnership: str, email: str = "hostile@example.gov.uk", role: str = "coordinator"):
    return app.test_cli_runner().invoke(args=[
        "create-user", "--email", email, "--name", name, "--partnership", partnership,
        "--role", role, "--password", PASSWORD,
    ])


# -- stored and shown: one journey per kind of text ---------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_text_is_kept_and_shown_escaped(app, make_user, kind):
    text = KINDS[kind]
    t = text.typed

    # ehsg create-user: the person's and the partnership's names.
    result = _create_user_cli(app, name=f"Coordinator {t}", partnership=f"Partnership {t}")
    assert result.exit_code == 0, result.output
    coordinator = app.test_client()
    coordinator.post("/login", data={"email": "hostile@example.gov.uk", "password": PASSWORD}, expect=302)
    text.check(_get(coordinator, "/partnerships"), "partnerships: partnership name")
    text.check(_get(coordinator, "/team"), "team: the coordinator's name")
    partnership = f"Partnership {text.typed}"

    # The team: an invitation's name, then the name the newcomer gives.
    response = coordinator.post("/team/invite", data={"name": f"Invited {t}", "email": "new@example.gov.uk", "role": "viewer"})
    assert response.status_code == 302, _html(response, "invite")
    team = _get(coordinator, "/team")
    text.check(team, "team: invitation")
    link = Page(team).text_of("#invitation-link").removeprefix("http://localhost")
    newcomer = app.test_client()
    text.check(_get(newcomer, link), "invitation page: partnership name")
    joined = newcomer.post(link, data={"name": f"Newcomer {t}", "password": "a long enough passphrase"})
    assert joined.status_code == 302, _html(joined, "accept invitation")
    text.check(_get(coordinator, "/team"), "team: the newcomer's name")

    # An assessment whose data model has changed, with the reason.
    assessment_id = create_assessment(coordinator, changed="yes", current="4", reason=f"Reason {t}")
    text.check(_get(coordinator, f"/assessments/{assessment_id}/check-answers"), "check answers: change reason")
    text.check(_get(coordinator, f"/assessments/{assessment_id}/data-model"), "data model page: change reason")

    # A descriptor: both narratives and an evidence item (its link has no spaces, as links do).
    link_text = "https://example.org/" + t.replace(" ", "")
    response = save(coordinator, assessment_id, "5.1", score=3, working_well=f"Well {t}", prioritising_next=f"Next {t}",
                    action="add_evidence", evidence_description=f"Evidence {t}", evidence_kind="audit",
                    evidence_agency=f"Agency {t}", evidence_link=link_text)
    assert response.status_code == 302, _html(response, "descriptor")
    descriptor = _get(coordinator, f"/assessments/{assessment_id}/descriptors/5.1")
    text.check(descriptor, "descriptor page")
    page = Page(descriptor)
    assert squash(page.value("working_well")) == f"Well {text.shown}"
    assert squash(page.value("prioritising_next")) == f"Next {text.shown}"
    evidence = page.table_rows("Evidence for 5.1")[0]
    assert evidence[0].startswith(f"Evidence {text.shown}") and evidence[2] == f"Agency {text.shown}"
    assert [a["href"] for a in page.soup.select("table a")] == [_plain(link_text)]
    text.check(_get(coordinator, f"/assessments/{assessment_id}/check-answers"), "check answers: narratives")
    text.check(_get(coordinator, f"/assessments/{assessment_id}/descriptors/5.1/history"), "descriptor history")

    # Priorities, chosen by the strategic lead, with their rationale.
    lead = sign_in_as(app, make_user, Role.STRATEGIC_LEAD, "lead@example.gov.uk", f"Lead {t}", partnership=partnership)
    data = {}
    for index, chosen in enumerate(("7.3", "6.4", "5.2", "", "", "")):  # data model 4: service sections
        data[f"entries-{index}-descriptor"] = chosen
        data[f"entries-{index}-rationale"] = f"Because {t}" if chosen else ""
    response = lead.post(f"/assessments/{assessment_id}/priorities", data=data)
    assert response.status_code == 302, _html(response, "priorities")
    text.check(_get(lead, f"/assessments/{assessment_id}/priorities"), "priorities: rationale")
    text.check(_get(coordinator, f"/assessments/{assessment_id}/history"), "history: names and changes")

    # A workshop: its title, a participant's name, organisation and comment, the agreed rationale.
    facilitator = sign_in_as(app, make_user, Role.FACILITATOR, "facilitator@example.gov.uk", f"Facilitator {t}",
                             partnership=partnership)
    workshop_id = create_workshop(facilitator, assessment_id, title=f"Workshop {t}", names="named")
    code = join_code(facilitator, assessment_id, workshop_id)
    text.check(_get(facilitator, f"/assessments/{assessment_id}/workshops"), "workshops: title")
    text.check(_get(facilitator, f"/assessments/{assessment_id}/workshops/{workshop_id}"), "workshop page: title")
    device = app.test_client()
    text.check(_get(device, f"/join/{code}"), "join page: workshop title")
    response = device.post(f"/join/{code}", data={"name": f"Priya {t}", "organisation": f"Trust {t}", "group": "health"})
    assert response.status_code == 302, _html(response, "join")
    response = answer(device, code, "5.1", 2, f"Comment {t}")
    assert response.status_code == 302, _html(response, "answer")
    text.check(_get(device, f"/join/{code}/questions/5.1"), "participant's question page: their comment")
    room = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1"
    assert facilitator.post(room + "/reveal").status_code == 302
    room_page = _get(facilitator, room)
    text.check(room_page, "facilitator page")
    assert f"Comment {text.shown}" in Page(room_page).text and f"Priya {text.shown}" in Page(room_page).text
    live = json.loads(_get(facilitator, room + "/live"))
    text.check(live["html"], "facilitator page, refreshed part")
    assert f"Comment {text.shown}" in Page(live["html"]).text
    agree_page = _get(facilitator, room + "/agree")
    text.check(agree_page, "agree page: comment, name, organisation")
    comment_value = Page(agree_page).value("evidence")  # the comment's checkbox, as the page names it
    version = Page(agree_page).value("version")
    facilitator.post(room + "/agree", data={"score": "3", "rationale": f"Agreed {t}",
                                            "evidence": [comment_value], "version": version}, expect=302)
    descriptor = Page(_get(coordinator, f"/assessments/{assessment_id}/descriptors/5.1"))
    for shown in (f"Agreed in workshop Workshop {text.shown}", f"Agreed {text.shown}", f"Comment {text.shown}"):
        assert shown in descriptor.text, shown
    text.check(_get(facilitator, f"/assessments/{assessment_id}/workshops/{workshop_id}/present"), "presenter view")

    # An earlier return uploaded under a file name holding the text (a browser sends a double
    # quote in a file name as %22, which Werkzeug decodes).
    file_name = t.replace('"', "%22") + ".txt"
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(SEED.read_bytes()), file_name)},
                                content_type="multipart/form-data", follow_redirects=True)
    imported = _html(response, "import")
    assert response.status_code == 200
    assert any(f"Imported the 2022 return from {text.shown}.txt" in n for n in Page(imported).notifications)
    text.check(imported, "import: file name in the message")
    with app.app_context():
        imported_id = db.session.query(Assessment).filter_by(year=2022).one().id
    text.check(_get(coordinator, f"/assessments/{imported_id}/history"), "imported return's history: file name")

    # Nothing reached the database that it could not hold, and the words are all there.
    with app.app_context():
        stored = db.session.query(DescriptorResponse).filter_by(assessment_id=assessment_id, descriptor_id="5.1").one()
        assert stored.working_well == f"Well {_plain(t)}"


def test_the_downloads_of_a_return_full_of_hostile_text_open(app, signed_in):
    """Every export of a return holding each kind of text is served and opens."""
    from docx import Document
    from openpyxl import load_workbook

    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator, changed="yes", current="4", reason=SCRIPT.typed + CONTROLS.typed)
    for descriptor_id, text in zip(("5.1", "5.2", "5.3", "5.4"), KINDS.values(), strict=True):
        response = save(coordinator, assessment_id, descriptor_id, score=2, working_well="=HYPERLINK(\"x\") " + text.typed,
                        prioritising_next=text.typed, action="add_evidence", evidence_description=text.typed,
                        evidence_kind="other", evidence_agency="@" + text.typed[:150])
        assert response.status_code == 302, _html(response, descriptor_id)
    base = f"/assessments/{assessment_id}/export"
    doc = Document(io.BytesIO(coordinator.get(base + "/docx", expect=200).data))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert SCRIPT.typed in body and WORLD.typed in body and "Bell nul esc[31m vtab end" in body
    workbook = load_workbook(io.BytesIO(coordinator.get(base + "/xlsx", expect=200).data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    csv_text = coordinator.get(base + "/csv", expect=200).data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and '\n"=' not in csv_text and ",=" not in csv_text
    exported = json.loads(coordinator.get(base + "/json", expect=200).data)
    assert exported["answers"][0]["narratives"]["prioritising_next"] == _plain(SCRIPT.typed)


# -- input the form layer turns away or cleans ----------------------------------------------


def test_text_that_is_not_utf8_or_holds_lone_surrogates_does_not_break_a_form(app, signed_in):
    """A browser cannot send a lone surrogate; raw bytes that would decode to one (or other
    broken UTF-8) are refused or replaced by the form layer, never stored as they are."""
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    version = version_on(coordinator, assessment_id, "5.1")
    path = f"/assessments/{assessment_id}/descriptors/5.1"
    for body in (
        b"score=3&working_well=a\xed\xa0\x80b&prioritising_next=ok&action=overview&version=" + version.encode(),
        b"score=3&working_well=a%ED%A0%80b%FF&prioritising_next=ok&action=overview&version=" + version.encode(),
    ):
        response = coordinator.post(path, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 302, 400), response.status_code  # 400: the form arrived empty
        version = version_on(coordinator, assessment_id, "5.1")
    with app.app_context():
        stored = db.session.query(DescriptorResponse).filter_by(assessment_id=assessment_id, descriptor_id="5.1").one()
        stored.working_well.encode("utf-8")  # no lone surrogate reached the database


# -- 100,000 characters: a GOV.UK error naming the limit, nothing saved ---------------------


def _error_page(response, *messages: str) -> str:
    """The form's page again, its error summary holding each message."""
    assert response.status_code == 200, response.describe()
    page = response.page
    assert page.title.startswith("Error: ") and page.errors, page.title
    for message in messages:
        assert any(message in error for error in page.errors), (message, page.errors)
    return response.get_data(as_text=True)


def test_long_names_in_the_team_invitation_and_the_invitation_itself(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    before = _counts(app)
    response = coordinator.post("/team/invite", data={"name": LONG, "email": "new@example.gov.uk", "role": "viewer"})
    _error_page(response, "Name must be 200 characters or fewer")
    assert _counts(app) == before
    coordinator.post("/team/invite", data={"name": "Nia New", "email": "new@example.gov.uk", "role": "viewer"}, expect=302)
    link = coordinator.get("/team", expect=200).page.text_of("#invitation-link").removeprefix("http://localhost")
    before = _counts(app)
    _error_page(app.test_client().post(link, data={"name": LONG, "password": "a long enough passphrase"}),
                "Name must be 200 characters or fewer")
    assert _counts(app) == before


@pytest.mark.parametrize("field", ["name", "partnership"])
def test_long_names_through_ehsg_create_user_are_refused_clearly(app, field):
    names = {"name": "Casey Coordinator", "partnership": "Sefton Early Help Partnership", field: LONG}
    before = _counts(app)
    result = _create_user_cli(app, **names)
    assert result.exit_code == 1, result.output
    assert "200 characters or fewer" in result.output
    assert "Traceback" not in result.output
    assert _counts(app) == before


def test_control_characters_through_ehsg_create_user_are_dropped(app):
    result = _create_user_cli(app, name="Casey\x00 Coordinator\x07", partnership="Sefton\x1b Early Help\x0b")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).one().name == "Casey Coordinator"
        assert db.session.query(Partnership).one().name == "Sefton Early Help"


def test_long_text_in_a_new_assessment_and_the_data_model(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    before = _counts(app)
    response = coordinator.post("/assessments/new", data=new_assessment_form(changed="yes", current="4", reason=LONG))
    _error_page(response, f"Reason must be {limits.REASON:,} characters or fewer")
    assert _counts(app) == before
    assessment_id = create_assessment(coordinator)
    before = _counts(app)
    form = {k: v for k, v in new_assessment_form(changed="yes", current="4", reason=LONG).items() if k not in ("year", "edition")}
    _error_page(coordinator.post(f"/assessments/{assessment_id}/data-model", data=form), f"Reason must be {limits.REASON:,} characters or fewer")
    assert _counts(app) == before


def test_long_text_on_a_descriptor_page(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    before = _counts(app)
    response = save(coordinator, assessment_id, "5.1", score=3, working_well=LONG, prioritising_next=LONG,
                    action="add_evidence", evidence_description=LONG, evidence_kind="audit", evidence_agency=LONG,
                    evidence_link="https://example.org/" + LONG)
    _error_page(
        response,
        f"What is working well must be {limits.NARRATIVE:,} characters or fewer",
        f"What you are prioritising next must be {limits.NARRATIVE:,} characters or fewer",
        "Evidence must be 2,000 characters or fewer",
        "Agency must be 200 characters or fewer",
        "Link must be 2,000 characters or fewer",
    )
    assert _counts(app) == before
    with app.app_context():
        assert db.session.query(DescriptorResponse).filter_by(descriptor_id="5.1").one().working_well == ""


def test_long_priority_rationale(app, make_user, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    lead = sign_in_as(app, make_user, Role.STRATEGIC_LEAD, "lead@example.gov.uk")
    before = _counts(app)
    data = {}
    for index, chosen in enumerate(("7.3", "6.4", "9.4", "", "", "")):
        data[f"entries-{index}-descriptor"] = chosen
        data[f"entries-{index}-rationale"] = LONG if chosen else ""
    _error_page(lead.post(f"/assessments/{assessment_id}/priorities", data=data), f"Reason must be {limits.RATIONALE:,} characters or fewer")
    assert _counts(app) == before


def test_long_text_in_a_workshop(app, make_user, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    facilitator = sign_in_as(app, make_user, Role.FACILITATOR, "facilitator@example.gov.uk")
    before = _counts(app)
    response = facilitator.post(f"/assessments/{assessment_id}/workshops/new", data=workshop_form(title=LONG))
    _error_page(response, f"Title must be {limits.TITLE} characters or fewer")
    assert _counts(app) == before

    workshop_id = create_workshop(facilitator, assessment_id, names="named")
    code = join_code(facilitator, assessment_id, workshop_id)
    device = app.test_client()
    before = _counts(app)
    response = device.post(f"/join/{code}", data={"name": LONG, "organisation": LONG, "group": "health"})
    _error_page(response, "Name must be 200 characters or fewer", "Organisation must be 200 characters or fewer")
    assert _counts(app) == before

    device.post(f"/join/{code}", data={"name": "Priya Shah", "organisation": "Trust", "group": "health"}, expect=302)
    before = _counts(app)
    _error_page(answer(device, code, "5.1", 2, LONG), f"Comment must be {limits.COMMENT:,} characters or fewer")
    assert _counts(app) == before

    room = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1"
    answer(device, code, "5.1", 2, "A comment")
    version = facilitator.get(room + "/agree", expect=200).page.value("version")
    before = _counts(app)
    response = facilitator.post(room + "/agree", data={"score": "3", "rationale": LONG, "version": version})
    _error_page(response, f"Rationale must be {limits.RATIONALE:,} characters or fewer")
    assert _counts(app) == before


def test_a_file_name_of_100000_characters(app, signed_in):
    """Imported, and the message names the file shortly (a message travels in the session
    cookie; one too large for a browser to keep would be lost)."""
    coordinator = signed_in(Role.COORDINATOR)
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(SEED.read_bytes()), NOISE + ".txt")},
                                content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200, response.describe()
    assert any(f"Imported the 2022 return from {NOISE[:99]}…" in n for n in response.page.notifications)
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        assert assessment.imported_from == NOISE[:300]


@pytest.mark.parametrize("kind", ["markup", "controls"])
def test_a_bad_file_name_on_a_refused_upload_is_shown_safely(app, signed_in, kind):
    text = KINDS[kind]
    coordinator = signed_in(Role.COORDINATOR)
    before = _counts(app)
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(b"not a zip"), text.typed + ".docx")},
                                content_type="multipart/form-data")
    html = _error_page(response, "is not a Word document")
    for raw in text.never:
        assert raw not in html
    assert _counts(app) == before


def test_markup_inside_an_imported_file_is_shown_as_text(app, signed_in):
    """Problems name what the file holds (a descriptor id here): shown escaped in the summary."""
    coordinator = signed_in(Role.COORDINATOR)
    before = _counts(app)
    bad = {"format": "ehsg-return", "version": 1, "area": SCRIPT.typed, "year": 2022, "edition": "ehsg-2022",
           "answers": [{"descriptor": SCRIPT.typed, "score": 3}]}
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(json.dumps(bad).encode()), "r.json")},
                                content_type="multipart/form-data")
    html = _error_page(response, "is not a descriptor")
    SCRIPT.check(html, "import problems")
    assert _counts(app) == before


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_imported_json_return_holding_hostile_text_is_saved_cleanly(app, signed_in, kind):
    """The JSON format keeps control characters; the database keeps what a page can show. (A link
    must be a web address: one holding anything else is refused: tests/unit/exports/test_exports_reading_consistently.py)"""
    text = KINDS[kind]
    coordinator = signed_in(Role.COORDINATOR)
    ret = {
        "format": "ehsg-return", "version": 1, "area": text.typed, "local_authority": text.typed, "year": 2022,
        "edition": "ehsg-2022",
        "answers": [{"descriptor": "5.1", "score": 3, "working_well": text.typed, "prioritising_next": text.typed,
                     "evidence": [{"description": text.typed, "kind": "audit", "agency": text.typed,
                                   "dated": None, "link": "https://example.org/audit"}]}],
        "data_model": {"submitted": 3, "survey_date": "2021-09-01", "changed": True, "current": 4,
                       "change_reason": text.typed},
        "priorities": [{"descriptor": "7.3", "rationale": text.typed}],
    }
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(json.dumps(ret).encode()), "r.json")},
                                content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200, response.describe()
    assert any("Imported the 2022 return" in n for n in response.page.notifications)
    with app.app_context():
        assessment_id = db.session.query(Assessment).one().id
    text.check(_get(coordinator, f"/assessments/{assessment_id}/descriptors/5.1"), "imported descriptor")
    text.check(_get(coordinator, f"/assessments/{assessment_id}/check-answers"), "imported check answers")


def test_an_imported_json_return_with_text_too_long_to_keep_is_refused(app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    create_assessment(coordinator)
    ret = {
        "format": "ehsg-return", "version": 1, "area": "Sefton", "year": 2022, "edition": "ehsg-2022",
        "answers": [{"descriptor": "5.1", "score": 3, "working_well": "fine",
                     "evidence": [{"description": "Audit", "kind": "audit", "agency": LONG, "link": "https://x.org/" + LONG}]}],
    }
    before = _counts(app)
    response = coordinator.post("/assessments/import", data={"file": (io.BytesIO(json.dumps(ret).encode()), "r.json")},
                                content_type="multipart/form-data")
    html = _error_page(response, "200 characters", "2,000 characters")
    assert all(error.startswith("5.1") for error in response.page.errors), response.page.errors
    assert _counts(app) == before
    assert "x" * 300 not in html  # the problem names the limit; it does not repeat the text
