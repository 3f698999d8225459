"""Agreeing a score drafts the descriptor's two narratives from the rationale and the ticked
comments; the facilitator edits them; saving puts them on the assessment, and its history says
they were drafted from the workshop."""

from __future__ import annotations

from tests.integration.test_workshops_agreeing import _comment_ids, _room

AGREE = "/assessments/{a}/workshops/{w}/descriptors/5.1/agree"


def test_the_draft_takes_the_ticked_comments_credited_and_the_edited_text_is_saved(app, signed_in, make_user):
    from tests.integration.workshop_helpers import facilitated

    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    _room(app, code)
    url = AGREE.format(a=assessment_id, w=workshop_id)
    page = facilitator.get(url, expect=200).page
    assert page.value("working_well").strip() == "Agreed score 3 in the workshop Family voice workshop."
    assert "the wording is the toolkit's, not the guide's" in page.text
    version = page.value("version")
    ids = _comment_ids(app)
    chosen = [str(ids["Health"]), str(ids["We"])]
    drafted = facilitator.post(url, data={"score": "3", "rationale": "Strong in the council, patchy in health.",
                                          "evidence": chosen, "version": version, "draft": "y"}, expect=200).page
    assert not drafted.errors
    working_well = drafted.value("working_well").strip()
    assert working_well == (
        "Agreed score 3 in the workshop Family voice workshop.\n"
        "Strong in the council, patchy in health.\n"
        "- Family or lived experience, Jo Green, Parent panel: We were asked what we thought and it changed the plan")
    assert drafted.value("prioritising_next").strip() == (
        "Raised in the workshop Family voice workshop by those who scored below 3:\n"
        "- Health, Priya Shah, Mersey Care NHS Trust: Health visitors do not hear back from the hub")
    assert drafted.checked("evidence") == chosen  # the ticks are kept

    facilitator.post(url, data={"score": "3", "rationale": "Strong in the council, patchy in health.",
                                "evidence": chosen, "version": version, "working_well": working_well + " Edited.",
                                "prioritising_next": "Hear back from the hub."}, expect=302)
    descriptor = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page
    assert descriptor.value("working_well").strip().endswith("changed the plan Edited.")
    assert descriptor.value("prioritising_next").strip() == "Hear back from the hub."
    history = facilitator.get(f"/assessments/{assessment_id}/descriptors/5.1/history", expect=200).page
    what = [row[2] for row in history.table_rows()]
    assert "drafted from workshop Family voice workshop working well" in what
    assert "drafted from workshop Family voice workshop prioritising next" in what


def test_an_anonymous_workshops_draft_credits_the_group_only(app, signed_in, make_user):
    from tests.integration.workshop_helpers import facilitated

    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="anonymous")
    _room(app, code)
    url = AGREE.format(a=assessment_id, w=workshop_id)
    version = facilitator.get(url, expect=200).page.value("version")
    ids = _comment_ids(app)
    drafted = facilitator.post(url, data={"score": "3", "rationale": "Patchy.", "evidence": [str(ids["Health"])],
                                          "version": version, "draft": "y"}, expect=200).page
    assert drafted.value("prioritising_next").strip().endswith(
        "- Health: Health visitors do not hear back from the hub")
    assert "Priya" not in drafted.text


def test_drafting_without_a_score_says_so(app, signed_in, make_user):
    from tests.integration.workshop_helpers import facilitated

    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user)
    url = AGREE.format(a=assessment_id, w=workshop_id)
    version = facilitator.get(url, expect=200).page.value("version")
    page = facilitator.post(url, data={"rationale": "", "version": version, "draft": "y"}, expect=200).page
    assert page.errors == ["Select the agreed score"]
    assert page.title.startswith("Error: ")
