"""An import never makes a signed-off assessment: a return whose file says it was signed off
comes in as imported, read-only history until a coordinator reopens it, with the file's own
sign-off shown as the file's words; "a former member" is said only of a signer who has left."""

from __future__ import annotations

import io
from datetime import datetime

from sqlalchemy import delete

from app.data.models import Assessment, AuditEntry, User
from app.domain.returns import SignOff
from app.domain.roles import Role
from app.extensions import db
from app.frameworks import framework
from exports.json_format import to_json
from tests import factories
from tests.integration.assessment_helpers import save
from tests.integration.conftest import PASSWORD
from tests.unit.exports.exports_testkit import complete_return

COORDINATOR = "coordinator@example.gov.uk"
LEAD = "strategic_lead@example.gov.uk"


def signed_off_file(app, signer: str = "Chair of the Early Help Partnership Board", year: int = 2022) -> bytes:
    with app.app_context():
        ret = complete_return(framework("ehsg-2022"), year=year)
    return to_json(ret.__class__(**{**ret.__dict__, "sign_off": SignOff(signer, datetime(year, 7, 12, 14, 30))}))


def signed_in(app, email: str):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD}, expect=302)
    return client


def upload(client, content: bytes, name: str = "sefton-2022.json") -> int:
    response = client.post("/assessments/import", data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data", expect=302)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_a_signed_off_file_comes_in_imported_with_its_own_words(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR, name="Chris Coordinator")
    coordinator = signed_in(app, COORDINATOR)
    assessment_id = upload(coordinator, signed_off_file(app))
    overview = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    imported = overview.text_of("#imported")
    assert "Imported from sefton-2022.json" in imported
    assert "The file says: “Signed off by Chair of the Early Help Partnership Board on 12 July 2022”" in imported
    assert "Nobody signed it off in this service" in imported
    assert "a former member" not in overview.text
    assert "Imported" in overview.text_of("#assessment-status")
    check = coordinator.get(f"/assessments/{assessment_id}/check-answers", expect=200).page
    assert check.text_of("#file-sign-off").startswith("Not signed off in this service")
    assert "a former member" not in check.text
    listed = coordinator.get("/assessments", expect=200).page
    row = next(r for r in listed.texts("tbody tr") if "2022" in r)
    assert "Imported" in row and "(imported)" not in row and "Signed off" not in row
    workshops = coordinator.get(f"/assessments/{assessment_id}/workshops", expect=200).page
    assert "was imported from a signed-off return, so no new workshop can be set up" in workshops.text
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        assert found.status.value == "imported"
        assert (found.signed_off_at, found.signed_off_by_id) == (None, None)  # no member signed it off


def test_an_imported_return_is_read_only_until_a_coordinator_reopens_it(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    coordinator = signed_in(app, COORDINATOR)
    assessment_id = upload(coordinator, signed_off_file(app))
    save(coordinator, assessment_id, "5.1", score=1, version="1", expect=403)
    coordinator.get(f"/assessments/{assessment_id}/permissions", expect=409)
    reopen = coordinator.get(f"/assessments/{assessment_id}/reopen", expect=200).page
    assert "imported from a return that says it was signed off" in reopen.text
    coordinator.post(f"/assessments/{assessment_id}/reopen", data={"reason": "Correct the 2022 figures"}, expect=302)
    save(coordinator, assessment_id, "5.1", score=1, expect=302)
    overview = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "In progress" in overview.text_of("#assessment-status")
    # The file's words stay, as history, and are still not a member's sign-off.
    assert "reopened since. The file says: “Signed off by Chair of the Early Help Partnership Board" in overview.text
    with app.app_context():
        actions = [(e.action, e.before, e.after) for e in db.session.query(AuditEntry).filter_by(field="status")]
        assert actions == [("reopened", "Imported", "In progress: Correct the 2022 figures")]


def test_a_file_without_a_sign_off_comes_in_to_be_worked_on(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    coordinator = signed_in(app, COORDINATOR)
    with app.app_context():
        ret = complete_return(framework("ehsg-2022"), year=2021)
    unsigned = to_json(ret.__class__(**{**ret.__dict__, "sign_off": None}))
    assessment_id = upload(coordinator, unsigned, "sefton-2021.json")
    save(coordinator, assessment_id, "5.1", score=1, expect=302)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status.value == "in_progress"


def test_an_imported_return_exported_again_keeps_the_files_sign_off(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    coordinator = signed_in(app, COORDINATOR)
    assessment_id = upload(coordinator, signed_off_file(app, signer="Jo Chair"))
    exported = coordinator.get(f"/assessments/{assessment_id}/export/json", expect=200).get_data()
    assert b"Jo Chair" in exported


def _signed_off_by_the_lead(app) -> int:
    assessment_id = factories.assessment(app, COORDINATOR, year=2022)
    factories.scores(app, assessment_id, COORDINATOR)
    factories.priorities(app, assessment_id, LEAD, "7.3", "6.4", "9.4")
    factories.permissions(app, assessment_id, COORDINATOR)
    signed_in(app, LEAD).post(f"/assessments/{assessment_id}/sign-off", expect=302)
    return assessment_id


def test_a_member_who_signed_off_is_named_and_a_former_member_only_once_they_have_left(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    make_user(LEAD, Role.STRATEGIC_LEAD, name="Sam Lead")
    assessment_id = _signed_off_by_the_lead(app)
    coordinator = signed_in(app, COORDINATOR)
    for url in (f"/assessments/{assessment_id}", f"/assessments/{assessment_id}/check-answers"):
        page = coordinator.get(url, expect=200).page
        assert "Signed off by Sam Lead on" in page.text and "a former member" not in page.text
    with app.app_context():  # Sam's account is closed
        db.session.execute(delete(User).where(User.email == LEAD))
        db.session.commit()
    page = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "Signed off by a former member on" in page.text
