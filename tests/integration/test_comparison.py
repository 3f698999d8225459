"""Areas learning from each other: a partnership that permits coordinators in other areas sees its
scores against the spread of the other permitting areas' latest sent returns of the year (never
naming, nor counting, an area that did not permit), and the areas to learn from on its priorities
with the contact each chose to show; a coordinator chooses that contact."""

from __future__ import annotations

import pytest

from app.domain.roles import Role
from tests import factories
from tests.integration.conftest import sign_in
from tests.integration.test_workshops_access import count_queries

COORDINATOR = "coordinator@sefton.example.gov.uk"
LEAD = "lead@sefton.example.gov.uk"
VIEWER = "viewer@sefton.example.gov.uk"
WIRRAL = "Wirral Early Help Partnership"
KNOWSLEY = "Knowsley Early Help Partnership"
HALTON = "Halton Early Help Partnership"
WIRRAL_CONTACT = "Wendy Wirral, early.help@wirral.example.gov.uk"


def _scored(**changes: int) -> dict[str, int]:
    """Sefton's 2022 scores but these (``d5_1=4``: 5.1 scored 4)."""
    return {**factories.SEFTON_2022, **{k[1:].replace("_", "."): v for k, v in changes.items()}}


@pytest.fixture
def sefton(app, make_user):
    """Sefton's 2026 assessment, in progress (never sent), scored as its 2022 return, with its
    priorities and a yes to sharing with coordinators; its members' signed-in clients."""
    make_user(COORDINATOR, Role.COORDINATOR, name="Cara Coordinator")
    make_user(LEAD, Role.STRATEGIC_LEAD, name="Lee Lead")
    make_user(VIEWER, Role.VIEWER, name="Vic Viewer")
    assessment_id = factories.assessment(app, COORDINATOR, year=2026)
    factories.scores(app, assessment_id, COORDINATOR)
    factories.priorities(app, assessment_id, LEAD, "7.3", "6.4", "9.4")
    factories.permissions(app, assessment_id, COORDINATOR, coordinators=True)
    clients = {}
    for email in (COORDINATOR, LEAD, VIEWER):
        clients[email] = app.test_client()
        sign_in(clients[email], email)
    return assessment_id, clients


def _others(app):
    """Wirral and Knowsley permit, Halton does not; Oldham permits but sent for 2025."""
    factories.sent_return(app, WIRRAL, given=_scored(d5_1=4, d7_3=4), contact=WIRRAL_CONTACT)
    factories.sent_return(app, KNOWSLEY, given=_scored(d5_1=1, d7_3=5))
    factories.sent_return(app, HALTON, given=_scored(d5_1=5, d7_3=5), coordinators=False,
                          contact="Harry Halton, 0151 907 8306")
    factories.sent_return(app, "Oldham Early Help Partnership", year=2025, given=_scored(d5_1=0, d7_3=5))


def test_the_spread_of_the_other_permitting_areas_and_the_areas_to_learn_from(app, sefton):
    assessment_id, clients = sefton
    _others(app)
    for email in (COORDINATOR, VIEWER):  # every member sees it
        page = clients[email].get(f"/assessments/{assessment_id}/compare", expect=200).page
        assert page.h1 == "Compare with other areas"
        assert page.text_of("#compared-with").startswith("Compared with 2 other areas.")
        assert "Other areas do not see this assessment until its return is sent" in page.text_of("#compared-with")
        assert "not the guide's" in page.text_of("#toolkit-choices")
        rows = {row[0].split()[0]: row[1:] for caption in page.table_captions if caption[0].isdigit()
                for row in page.table_rows(caption)}
        assert len(rows) == 31
        assert rows["5.1"] == ["3", "2", "2.5", "1", "4", "Above the median: 1 of 2 other areas score lower, 1 higher"]
        assert rows["7.3"] == ["2", "2", "4.5", "4", "5", "Lower than every other area"]
        assert rows["6.1"] == ["2", "2", "2", "2", "2", "The same as every other area"]
        assert page.table_rows("Areas to learn from on 7.3") == [[KNOWSLEY, "5", "No contact chosen"],
                                                                [WIRRAL, "4", WIRRAL_CONTACT]]
        assert "No other permitting area scored 4 or more" in page.text_of("#learn-from")
        # Halton did not permit: neither named nor counted, nor its contact; Oldham sent another year.
        assert "Halton" not in page.text and "0151 907 8306" not in page.text and "Oldham" not in page.text


def test_nothing_is_compared_until_this_partnership_permits_it_and_the_page_says_how(app, sefton):
    assessment_id, clients = sefton
    _others(app)
    factories.permissions(app, assessment_id, COORDINATOR, coordinators=False)
    page = clients[COORDINATOR].get(f"/assessments/{assessment_id}/compare", expect=200).page
    why = page.text_of("#nothing-to-compare")
    assert "this assessment does not permit sharing its scores with Supporting Families coordinators" in why
    assert "answer yes to the permission to share with Supporting Families coordinators in other areas" in why and "send the return" in why
    assert page.link("permission to share").endswith(f"/assessments/{assessment_id}/permissions")
    assert page.link("send the return").endswith(f"/assessments/{assessment_id}/send")
    assert "Wirral" not in page.text and "Knowsley" not in page.text and not page.table_captions
    viewer = clients[VIEWER].get(f"/assessments/{assessment_id}/compare", expect=200).page
    assert "A coordinator or strategic lead can change the answer" in viewer.text_of("#nothing-to-compare")

    clients[COORDINATOR].post(f"/assessments/{assessment_id}/permissions",
                              data={"dfe": "yes", "coordinators": "yes", "other_departments": "no"}, expect=302)
    page = clients[COORDINATOR].get(f"/assessments/{assessment_id}/compare", expect=200).page
    assert page.text_of("#compared-with").startswith("Compared with 2 other areas.")


def test_once_sent_the_return_as_sent_and_live_consent_decide_for_both_sides(app, sefton):
    from app.data import User
    from app.extensions import db
    from app.services import returns, sharing

    assessment_id, clients = sefton
    _others(app)
    third = factories.sent_return(app, "Bury Early Help Partnership", given=_scored(d7_3=4))
    compare = f"/assessments/{assessment_id}/compare"
    assert clients[COORDINATOR].get(compare, expect=200).page.text_of("#compared-with").startswith(
        "Compared with 3 other areas.")
    with app.app_context():  # Bury withdraws its permission: gone from that moment
        bury = db.session.query(User).filter_by(email="coordinator@bury.example.gov.uk").one()
        sharing.change_consent(returns.assessment_by_id(third), "coordinators", False, bury)
    page = clients[COORDINATOR].get(compare, expect=200).page
    assert page.text_of("#compared-with").startswith("Compared with 2 other areas.")
    assert "Bury" not in page.text

    # Sefton sends its return, then withdraws: the return as sent, and the change since, decide.
    clients[LEAD].post(f"/assessments/{assessment_id}/sign-off", expect=302)
    clients[COORDINATOR].post(f"/assessments/{assessment_id}/send", expect=302)
    page = clients[COORDINATOR].get(compare, expect=200).page
    assert "Other areas do not see this assessment" not in page.text_of("#compared-with")
    with app.app_context():
        me = db.session.query(User).filter_by(email=COORDINATOR).one()
        sharing.change_consent(returns.assessment_by_id(assessment_id), "coordinators", False, me)
    page = clients[COORDINATOR].get(compare, expect=200).page
    assert "the return your partnership sent does not permit" in page.text_of("#nothing-to-compare")
    assert "Wirral" not in page.text


def test_fewer_than_two_other_permitting_areas_show_nothing_and_say_why(app, sefton):
    assessment_id, clients = sefton
    factories.sent_return(app, WIRRAL, given=_scored(d7_3=5), contact=WIRRAL_CONTACT)
    factories.sent_return(app, HALTON, coordinators=False)
    page = clients[COORDINATOR].get(f"/assessments/{assessment_id}/compare", expect=200).page
    too_few = page.text_of("#too-few")
    assert "only 1 other area that permits it has sent a 2026 return yet" in too_few
    assert "This threshold is the toolkit's choice, not part of the guide" in too_few
    assert not page.table_captions and "Wirral" not in page.text and "Halton" not in page.text


def test_the_comparison_costs_the_same_queries_whatever_the_number_of_areas(app, sefton):
    assessment_id, clients = sefton
    url = f"/assessments/{assessment_id}/compare"
    factories.sent_return(app, WIRRAL, given=_scored(d7_3=5), contact=WIRRAL_CONTACT)
    factories.sent_return(app, KNOWSLEY, given=_scored(d7_3=4))
    clients[COORDINATOR].get(url, expect=200)  # the session's own bookkeeping, once
    few = count_queries(app, clients[COORDINATOR], url)
    for name in ("Halton", "Oldham", "Bury", "Wigan"):
        factories.sent_return(app, f"{name} Early Help Partnership", given=_scored(d7_3=5), contact=f"{name}@example.org")
    assert clients[COORDINATOR].get(url, expect=200).page.text_of("#compared-with").startswith("Compared with 6")
    assert count_queries(app, clients[COORDINATOR], url) == few


def test_the_overview_links_to_the_comparison(app, sefton):
    assessment_id, clients = sefton
    page = clients[VIEWER].get(f"/assessments/{assessment_id}", expect=200).page
    assert page.link("Compare with other areas") == f"/assessments/{assessment_id}/compare"


# --- The contact shown to other areas -------------------------------------------------------


def _save_contact(client, contact, expect=302):
    return client.post("/team/contact-for-other-areas", data={"contact": contact}, expect=expect)


def test_a_coordinator_chooses_the_contact_once_and_the_team_history_records_each_change(app, sefton):
    _, clients = sefton
    coordinator = clients[COORDINATOR]
    page = coordinator.get("/team/contact-for-other-areas", expect=200).page
    assert "shown only to the members of partnerships that also permit" in page.text_of("#who-sees-it")
    assert page.text_of("#contact-now") == "No contact is shown now."
    assert coordinator.get("/team", expect=200).page.link("Contact for other areas") == "/team/contact-for-other-areas"

    for _ in range(2):  # the same form sent twice
        response = _save_contact(coordinator, "  Cara Coordinator, 0151 934 2000  ")
    page = coordinator.get(response.location, expect=200).page
    assert page.notifications[-1] == "Nothing changed: that contact was already saved."
    assert page.text_of("#contact-now") == "Shown now: Cara Coordinator, 0151 934 2000"
    assert page.value("contact") == "Cara Coordinator, 0151 934 2000"
    _save_contact(coordinator, "")
    page = coordinator.get("/team/contact-for-other-areas", expect=200).page
    assert page.text_of("#contact-now") == "No contact is shown now."

    history = [row[2:] for row in coordinator.get("/team/history", expect=200).page.table_rows()
               if "Contact shown" in row[2]]
    assert history == [["Contact shown to coordinators in other areas removed", "The partnership"],
                       ["Contact shown to coordinators in other areas set to \u201cCara Coordinator, 0151 934 2000\u201d",
                        "The partnership"]]


@pytest.mark.parametrize(("contact", "message"), [
    ("Cara Coordinator", "Enter a name with an email address or phone number, like Jo Bloggs, early.help@example.gov.uk"),
    ("x@example.org " + "a" * 200, "The contact must be 200 characters or fewer"),
])
def test_a_contact_without_a_way_to_get_in_touch_or_too_long_is_refused_and_nothing_saved(app, sefton, contact,
                                                                                           message):
    _, clients = sefton
    page = _save_contact(clients[COORDINATOR], contact, expect=200).page
    assert page.title.startswith("Error: ")
    assert page.errors == [message] and page.field_error("contact") == message
    assert page.value("contact") == contact
    assert "Contact shown" not in clients[COORDINATOR].get("/team/history", expect=200).page.text
    assert clients[COORDINATOR].get("/team/contact-for-other-areas").page.text_of("#contact-now") == \
        "No contact is shown now."


def test_a_contact_with_markup_and_control_characters_is_kept_as_text_and_shown_so_to_other_areas(app, sefton):
    assessment_id, clients = sefton
    hostile = "<b>Cara</b>\x00 <script>x()</script> cara@sefton.example.gov.uk"
    shown = "<b>Cara</b> <script>x()</script> cara@sefton.example.gov.uk"
    _save_contact(clients[COORDINATOR], hostile)
    factories.answer(app, assessment_id, COORDINATOR, "7.3", 5, working_well="Working well for 7.3")
    clients[LEAD].post(f"/assessments/{assessment_id}/sign-off", expect=302)
    clients[COORDINATOR].post(f"/assessments/{assessment_id}/send", expect=302)
    wirral = factories.sent_return(app, WIRRAL)
    factories.sent_return(app, KNOWSLEY, given=_scored(d7_3=4))

    page = clients[COORDINATOR].get("/team/contact-for-other-areas", expect=200).page
    assert page.text_of("#contact-now") == f"Shown now: {shown}"
    wirral_coordinator = app.test_client()
    sign_in(wirral_coordinator, "coordinator@wirral.example.gov.uk")
    page = wirral_coordinator.get(f"/assessments/{wirral}/compare", expect=200).page
    assert page.table_rows("Areas to learn from on 7.3") == [["Sefton Early Help Partnership", "5", shown],
                                                            [KNOWSLEY, "4", "No contact chosen"]]
    assert not page.soup.select("#learn-from script, #learn-from b")
