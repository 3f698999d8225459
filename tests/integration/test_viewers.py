"""What a viewer sees (issue 17): a board member reading the partnership's self-assessment
reads every page of it, downloads the return and sees the list of workshops, with the figures
a workshop agreed on each descriptor's page; not a workshop's own pages, participants' names
or the facilitator's controls, and nothing that imports or changes anything."""

from __future__ import annotations

import re

from app.domain.roles import Role
from tests.integration.assessment_helpers import create_assessment
from tests.integration.workshop_helpers import answer, facilitated, join, sign_in_as


def _agree(facilitator, assessment_id: int, workshop_id: int) -> None:
    agree = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/5.1/agree"
    version = re.search(r'name="version"[^>]*value="(\d+)"', facilitator.get(agree, expect=200).get_data(as_text=True)).group(1)
    facilitator.post(agree, data={"score": "3", "rationale": "Strong in the council, patchy in health.", "version": version},
                     expect=302)


def test_a_viewer_sees_the_workshop_list_without_names_links_or_controls(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    answer(join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust"), code, "5.1", 3)
    viewer = sign_in_as(app, make_user, Role.VIEWER, "board@example.gov.uk", "Bola Board")
    workshops = f"/assessments/{assessment_id}/workshops"

    assert viewer.get(f"/assessments/{assessment_id}", expect=200).page.link("Workshops") == workshops
    page = viewer.get(workshops, expect=200).page
    rows = page.table_rows("Workshops for this assessment")
    assert [row[0].startswith("Family voice workshop") for row in rows] == [True]
    assert rows[0][2:] == ["1", "0 of 7", "Open"]
    assert "Priya" not in page.html and "Mersey Care" not in page.html
    assert not page.has_link("Family voice workshop") and not page.has_link("Set up a workshop")
    assert f"/workshops/{workshop_id}" not in page.html
    for own_page in ("", "/present", "/descriptors/5.1"):
        viewer.get(f"{workshops}/{workshop_id}{own_page}", expect=403)

    runner = facilitator.get(workshops, expect=200).page
    assert runner.link("Family voice workshop") == f"{workshops}/{workshop_id}"
    assert runner.has_link("Set up a workshop")


def test_a_viewer_reads_the_figures_a_workshop_agreed_on_the_descriptor_page(app, signed_in, make_user):
    facilitator, assessment_id, workshop_id, code = facilitated(app, signed_in, make_user, names="named")
    answer(join(app, code, "health", "Priya Shah", "Mersey Care NHS Trust"), code, "5.1", 3)
    _agree(facilitator, assessment_id, workshop_id)
    viewer = sign_in_as(app, make_user, Role.VIEWER, "board@example.gov.uk", "Bola Board")
    agreed = viewer.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page.text_of(".app-agreed-in-workshop")
    assert "Agreed in workshop Family voice workshop" in agreed and "n = 1, median 3" in agreed
    assert "Strong in the council, patchy in health." in agreed


def test_a_viewer_downloads_the_return_and_reads_readiness_but_imports_and_changes_nothing(app, signed_in, make_user):
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    viewer = sign_in_as(app, make_user, Role.VIEWER, "board@example.gov.uk", "Bola Board")
    downloads = f"/assessments/{assessment_id}/export"
    assert viewer.get(f"/assessments/{assessment_id}", expect=200).page.link("Download the return (Word, spreadsheet, JSON)") == downloads
    assert viewer.get(downloads, expect=200).page.h1.startswith("Download the ")
    for format_key in ("docx", "json"):
        response = viewer.get(f"{downloads}/{format_key}", expect=200)
        assert response.headers["Content-Disposition"].startswith("attachment;")
        response.close()
    viewer.get(f"/assessments/{assessment_id}/earned-autonomy", expect=200)
    priorities = viewer.get(f"/assessments/{assessment_id}/priorities", expect=200).page
    assert priorities.forms == []
    assert not viewer.get("/assessments", expect=200).page.has_link("Import an earlier return")
    viewer.get("/assessments/import", expect=403)
    viewer.post(f"/assessments/{assessment_id}/descriptors/5.1", data={"score": "3", "version": "1"}, expect=403)


def test_a_role_is_refused_before_the_rest_of_the_address_is_looked_at(app, signed_in, make_user):
    """docs/security.md: for a member of the partnership, 403 comes before 404 (and 409) on a
    role-checked route; for anyone else the partnership's things do not exist (404)."""
    facilitator, assessment_id, workshop_id, _ = facilitated(app, signed_in, make_user)
    viewer = sign_in_as(app, make_user, Role.VIEWER, "board@example.gov.uk", "Bola Board")
    elsewhere = sign_in_as(app, make_user, Role.COORDINATOR, "knowsley@example.gov.uk", partnership="Knowsley Early Help")
    no_such_descriptor = f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/99.9"
    wrong_assessment = f"/assessments/{assessment_id + 1000}/workshops/{workshop_id}"
    viewer.get(no_such_descriptor, expect=403)
    viewer.get(wrong_assessment, expect=403)
    facilitator.get(no_such_descriptor, expect=404)
    facilitator.get(wrong_assessment, expect=404)
    elsewhere.get(no_such_descriptor, expect=404)
