"""Sending the signed-off return to the department: a recorded, versioned submission; a
correction is the next version; reopening withdraws nothing but marks the assessment as changed
since it was sent; `ehsg send ID` refuses what is not signed off."""

from __future__ import annotations

import json

import pytest

from app.domain.roles import Role
from tests import factories
from tests.integration.conftest import sign_in

COORDINATOR = "coordinator@sefton.example.gov.uk"
LEAD = "lead@sefton.example.gov.uk"
VIEWER = "viewer@sefton.example.gov.uk"


@pytest.fixture
def people(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR, name="Cara Coordinator")
    make_user(LEAD, Role.STRATEGIC_LEAD, name="Lee Lead")
    make_user(VIEWER, Role.VIEWER, name="Vic Viewer")
    clients = {}
    for email in (COORDINATOR, LEAD, VIEWER):
        clients[email] = app.test_client()
        sign_in(clients[email], email)
    return clients


def _ready(app, year=2026) -> int:
    assessment_id = factories.assessment(app, COORDINATOR, year=year)
    factories.scores(app, assessment_id, COORDINATOR)
    factories.priorities(app, assessment_id, LEAD, "7.3", "6.4", "9.4")
    factories.permissions(app, assessment_id, COORDINATOR)
    return assessment_id


def _send(client, assessment_id):
    response = client.post(f"/assessments/{assessment_id}/send", expect=302)
    return client.get(response.location, expect=200).page


def test_a_signed_off_return_is_sent_as_version_1_and_kept_as_it_was_sent(app, people):
    coordinator, lead = people[COORDINATOR], people[LEAD]
    assessment_id = _ready(app)
    page = coordinator.get(f"/assessments/{assessment_id}/send", expect=200).page
    assert "Only a signed-off assessment can be sent" in page.text_of("#send-state")
    assert "Send the return" not in page.buttons
    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)

    page = _send(coordinator, assessment_id)
    assert page.notifications[-1].startswith("Version 1 of the 2026 return is now recorded as sent to the department")
    rows = page.table_rows("Versions sent")
    assert [r[0] for r in rows] == ["1"] and rows[0][2] == "Cara Coordinator"
    assert "Nothing has changed since" in page.text_of("#send-state")
    sent = json.loads(coordinator.get(f"/assessments/{assessment_id}/sent/1", expect=200).data)
    assert sent["year"] == 2026 and len(sent["answers"]) == 31
    overview = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "Sent to the department on" in overview.text_of("#sent")
    assert "sent to the department return" in [r[2] for r in coordinator.get(
        f"/assessments/{assessment_id}/history").page.table_rows()]


def test_sending_twice_makes_one_version(app, people):
    coordinator = people[COORDINATOR]
    assessment_id = _ready(app)
    people[LEAD].post(f"/assessments/{assessment_id}/sign-off", expect=302)
    _send(coordinator, assessment_id)
    page = _send(coordinator, assessment_id)
    assert page.notifications[-1].startswith("Version 1 of the 2026 return was already recorded as sent")
    assert len(page.table_rows("Versions sent")) == 1


def test_reopening_withdraws_nothing_and_a_correction_is_version_2(app, people):
    coordinator, lead = people[COORDINATOR], people[LEAD]
    assessment_id = _ready(app)
    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    _send(coordinator, assessment_id)
    first = coordinator.get(f"/assessments/{assessment_id}/sent/1").data
    coordinator.post(f"/assessments/{assessment_id}/reopen", data={"reason": "A score was wrong"}, expect=302)

    overview = coordinator.get(f"/assessments/{assessment_id}", expect=200).page
    assert "Changed since version 1 of the return was sent" in overview.text_of("#changed-since-sent")
    page = coordinator.get(f"/assessments/{assessment_id}/send").page
    assert "Sign it off again to send the correction" in page.text_of("#send-state")
    coordinator.post(f"/assessments/{assessment_id}/send", expect=302)  # refused: not signed off
    assert len(coordinator.get(f"/assessments/{assessment_id}/send").page.table_rows("Versions sent")) == 1

    factories.answer(app, assessment_id, COORDINATOR, "5.1", 1, working_well="Corrected")
    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    page = _send(coordinator, assessment_id)
    assert [r[0] for r in page.table_rows("Versions sent")] == ["2", "1"]
    assert coordinator.get(f"/assessments/{assessment_id}/sent/1").data == first  # version 1 as it was sent
    second = json.loads(coordinator.get(f"/assessments/{assessment_id}/sent/2").data)
    assert next(a for a in second["answers"] if a["descriptor"] == "5.1")["score"] == 1


def test_only_a_coordinator_sends_and_every_member_sees_what_was_sent(app, people):
    assessment_id = _ready(app)
    people[LEAD].post(f"/assessments/{assessment_id}/sign-off", expect=302)
    viewer = people[VIEWER]
    page = viewer.get(f"/assessments/{assessment_id}/send", expect=200).page
    assert "Send the return" not in page.buttons
    viewer.post(f"/assessments/{assessment_id}/send", expect=403)
    people[LEAD].post(f"/assessments/{assessment_id}/send", expect=403)
    _send(people[COORDINATOR], assessment_id)
    assert viewer.get(f"/assessments/{assessment_id}/send").page.table_rows("Versions sent")[0][0] == "1"
    viewer.get(f"/assessments/{assessment_id}/sent/1", expect=200)
    viewer.get(f"/assessments/{assessment_id}/sent/2", expect=404)


def test_ehsg_send_refuses_what_is_not_signed_off_and_sends_what_is(app, people):
    assessment_id = _ready(app)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["send", str(assessment_id)])
    assert refused.exit_code == 1 and "Not sent: Only a signed-off assessment can be sent" in refused.output
    people[LEAD].post(f"/assessments/{assessment_id}/sign-off", expect=302)
    sent = runner.invoke(args=["send", str(assessment_id), "--json"])
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.output) | {"sent_at": None} == {"assessment": assessment_id, "version": 1, "sent_at": None,
                                                            "already_sent": False}
    again = runner.invoke(args=["send", str(assessment_id)])
    assert again.exit_code == 0 and "was sent already, unchanged since: version 1" in again.output
    assert runner.invoke(args=["send", "999"]).output.strip() == "There is no assessment 999"
    by = people[COORDINATOR].get(f"/assessments/{assessment_id}/send").page.table_rows("Versions sent")[0][2]
    assert by == "the command line (ehsg send)"


def test_each_version_sent_keeps_its_figures_and_consent_withdrawn_later_decides(app, people):
    from app.data import User
    from app.extensions import db
    from app.services import returns, sharing

    coordinator, lead = people[COORDINATOR], people[LEAD]
    assessment_id = _ready(app)
    lead.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    _send(coordinator, assessment_id)
    with app.app_context():
        [area] = sharing.latest_sent(2026)
        assert area.version == 1 and area.figures.priorities == ("7.3", "6.4", "9.4")
        assert len(area.figures.scores) == 31 and area.figures.earned_autonomy_eligible is not None
        assert area.permits("dfe") is (area.figures.permissions["dfe"] is True)
        user = db.session.query(User).filter_by(email=COORDINATOR).one()
        sharing.change_consent(returns.assessment_by_id(assessment_id), "dfe", False, user)
        assert sharing.permitting(2026, "dfe") == []
        sharing.change_consent(returns.assessment_by_id(assessment_id), "dfe", True, user)
        assert [a.assessment_id for a in sharing.permitting(2026, "dfe")] == [assessment_id]


def test_a_version_whose_figures_cannot_be_read_is_left_out_with_a_warning(app, people, caplog):
    from app.data import Submission
    from app.extensions import db
    from app.services import sharing

    assessment_id = _ready(app)
    with app.app_context():
        db.session.add(Submission(assessment_id=assessment_id, version=1, sent_by_name="someone",
                                  return_json="{}"))
        db.session.commit()
        with caplog.at_level("WARNING", logger="app.services.sharing"):
            assert sharing.latest_sent(2026) == []
    assert [r.message for r in caplog.records] == ["sent_version_unreadable"]
