"""Workshops changed after set-up (title, an open round's closing date, descriptors added, or
removed while nobody has answered them), closed after a confirmation page, and reopened."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.integration.workshop_helpers import answer, facilitated, join, today_parts


def _base(assessment_id, workshop_id):
    return f"/assessments/{assessment_id}/workshops/{workshop_id}"


def test_the_title_and_descriptors_change_and_an_answered_descriptor_cannot_be_removed(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, sections=(),
                                                                descriptors=("5.1", "5.2"))
    answer(join(app, code), code, "5.1", 3)
    base = _base(assessment_id, workshop_id)
    board = facilitator.get(base, expect=200).page
    page = facilitator.get(board.link("Change the workshop"), expect=200).page
    assert page.h1 == "Change Family voice workshop"
    assert page.value("title") == "Family voice workshop"
    removable = [i.get("value") for i in page.soup.select('input[name="remove_ids"]')]
    assert removable == ["5.2"]  # 5.1 has an answer

    refused = facilitator.post(base + "/edit", data={"title": "Family voice", "remove_ids": ["5.1"]}, expect=200).page
    assert refused.errors == ["5.1 cannot be removed: it has answers or an agreed score now"]
    assert refused.title.startswith("Error: ")

    facilitator.post(base + "/edit", data={"title": "Family voice and workforce", "add_ids": ["6.1"],
                                           "remove_ids": ["5.2"]}, expect=302)
    board = facilitator.get(base, expect=200).page
    assert board.h1 == "Family voice and workforce"
    assert "The workshop's changes are saved" in board.notifications[0]
    descriptors = [row[0] for row in board.table_rows()]
    assert [d.split()[0] for d in descriptors] == ["5.1", "6.1"]

    empty = facilitator.post(base + "/edit", data={"title": ""}, expect=200).page
    assert empty.field_error("title") == "Enter a title for the workshop"


def test_an_open_rounds_closing_date_can_be_moved_but_not_into_the_past(app, signed_in, make_user):
    closes = date.today() + timedelta(days=7)
    facilitator, assessment_id, workshop_id, _ = facilitated(app, signed_in, make_user, mode="open", closes_on=closes)
    base = _base(assessment_id, workshop_id)
    past = facilitator.post(base + "/edit", data={"title": "Open round", "closes_on": today_parts(date.today() - timedelta(days=1))},
                            expect=200).page
    assert past.errors == ["The closing date must be today or in the future"]
    later = date.today() + timedelta(days=14)
    facilitator.post(base + "/edit", data={"title": "Open round", "closes_on": today_parts(later)}, expect=302)
    board = facilitator.get(base, expect=200).page
    assert board.summary_list()["How people take part"].endswith(f"until the end of {later.day} {later:%B %Y}")


def test_closing_asks_first_and_a_closed_workshop_can_be_reopened(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    board = facilitator.get(base, expect=200).page
    confirm = facilitator.get(board.link("Close the workshop"), expect=200).page
    assert confirm.h1 == "Close Family voice workshop"
    assert "every answer is kept, and you can still agree scores" in confirm.text
    assert "Close the workshop" in confirm.buttons
    facilitator.post(base + "/close", expect=302)
    assert app.test_client().get(f"/join/{code}").status_code == 410
    board = facilitator.get(base, expect=200).page
    assert "Reopen the workshop" in board.buttons
    facilitator.post(base + "/reopen", expect=302)
    board = facilitator.get(base, expect=200).page
    assert "The workshop is open again. Its code works and answers are taken" in board.notifications[0]
    assert app.test_client().get(f"/join/{code}").status_code == 200


def test_a_live_workshop_whose_day_has_passed_is_not_reopened(app, signed_in, make_user, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 22, 30, tzinfo=UTC), tick=False)  # 23:30 in London
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    base = _base(assessment_id, workshop_id)
    facilitator.post(base + "/close", expect=302)
    time_machine.move_to(datetime(2026, 6, 10, 23, 15, tzinfo=UTC), tick=False)  # the next day in London
    facilitator.post(base + "/reopen", expect=302)
    board = facilitator.get(base, expect=200).page
    assert any(n.startswith("The day of this live workshop has passed") for n in board.notifications)
    assert app.test_client().get(f"/join/{code}").status_code == 410


def test_an_answer_given_after_the_check_is_never_removed_with_its_descriptor(app, signed_in, make_user, monkeypatch):
    """As if the participant answered between the check and the removal: the removal finds the
    answer (one conditional delete), so nothing is saved and the answer stays."""
    from app.data.models import WorkshopAnswer
    from app.extensions import db
    from app.services import workshop_setup

    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, sections=(),
                                                                descriptors=("5.1", "5.2"))
    answer(join(app, code), code, "5.2", 4)
    monkeypatch.setattr(workshop_setup, "removable", lambda workshop: {"5.1", "5.2"})  # the check, passed earlier
    base = _base(assessment_id, workshop_id)
    refused = facilitator.post(base + "/edit", data={"title": "Renamed", "remove_ids": ["5.2"]}, expect=200).page
    assert refused.errors == ["5.2 cannot be removed: it has answers or an agreed score now"]
    board = facilitator.get(base, expect=200).page
    assert board.h1 == "Family voice workshop"  # nothing saved
    assert [row[0].split()[0] for row in board.table_rows()] == ["5.1", "5.2"]
    with app.app_context():
        assert db.session.query(WorkshopAnswer).count() == 1
