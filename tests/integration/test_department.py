"""The department's view (issue 16): people outside every partnership, the figures across the
areas whose latest return sent permits the department now, its downloads, `ehsg national`,
other government departments' scores, live consent, and returns loaded as sent."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from app.domain.roles import Role
from app.extensions import db
from app.services.demo import SEFTON_2022
from tests import factories
from tests.integration.conftest import PASSWORD, sign_in

SEFTON, KNOWSLEY = factories.SEFTON, "Knowsley Early Help Partnership"
COORDINATOR, LEAD = "coordinator@sefton.example.gov.uk", "lead@sefton.example.gov.uk"
K_COORDINATOR, K_LEAD = "coordinator@knowsley.example.gov.uk", "lead@knowsley.example.gov.uk"
ANALYST, OTHER_DEPT = "analyst@education.example.gov.uk", "officer@health.example.gov.uk"
KNOWSLEY_SCORES = {**factories.SEFTON_2022, "5.1": 5, "7.3": 4}


def _outside(app, email: str, flag: str) -> None:
    result = app.test_cli_runner().invoke(args=["create-user", flag, "--email", email, "--name", "Dana Analyst",
                                                "--password", PASSWORD])
    assert result.exit_code == 0, result.output


def _sent(app, coordinator: str, lead: str, client, lead_client, scores, *, dfe: bool, others: bool,
          priorities=("7.3", "6.4", "9.4")) -> int:
    assessment_id = factories.assessment(app, coordinator, year=2026)
    factories.scores(app, assessment_id, coordinator, scores)
    factories.priorities(app, assessment_id, lead, *priorities)
    factories.permissions(app, assessment_id, coordinator, dfe=dfe, other_departments=others)
    lead_client.post(f"/assessments/{assessment_id}/sign-off", expect=302)
    client.post(f"/assessments/{assessment_id}/send", expect=302)
    return assessment_id


@pytest.fixture
def world(app, make_user):
    """Sefton sent with the department's permission; Knowsley sent without it (but for other
    departments); an analyst and another department's officer, each signed in."""
    for email, role, partnership in ((COORDINATOR, Role.COORDINATOR, SEFTON), (LEAD, Role.STRATEGIC_LEAD, SEFTON),
                                     (K_COORDINATOR, Role.COORDINATOR, KNOWSLEY),
                                     (K_LEAD, Role.STRATEGIC_LEAD, KNOWSLEY)):
        make_user(email, role, partnership)
    _outside(app, ANALYST, "--department")
    _outside(app, OTHER_DEPT, "--other-department")
    clients = {}
    for email in (COORDINATOR, LEAD, K_COORDINATOR, K_LEAD, ANALYST, OTHER_DEPT):
        clients[email] = app.test_client()
        sign_in(clients[email], email)
    clients["sefton"] = _sent(app, COORDINATOR, LEAD, clients[COORDINATOR], clients[LEAD], factories.SEFTON_2022,
                              dfe=True, others=False)
    clients["knowsley"] = _sent(app, K_COORDINATOR, K_LEAD, clients[K_COORDINATOR], clients[K_LEAD],
                                KNOWSLEY_SCORES, dfe=False, others=True)
    return clients


def _national(app) -> dict:
    result = app.test_cli_runner().invoke(args=["national", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_an_analyst_lands_on_their_view_and_has_no_partnership_pages(app, world):
    analyst = app.test_client()
    signed = sign_in(analyst, ANALYST)
    assert signed.status_code == 302 and signed.location.endswith("/department")
    page = analyst.get("/department", expect=200).page
    assert page.texts(".govuk-service-navigation__item") == ["Returns sent", "Sign out"]
    analyst.get("/assessments", expect=404)
    analyst.get("/partnerships", expect=404)
    analyst.get(f"/assessments/{world['sefton']}", expect=404)
    analyst.get("/other-departments", expect=404)
    assert analyst.get("/", expect=302).location.endswith("/department")


def test_partnership_people_and_strangers_cannot_see_the_department_view(app, world):
    world[COORDINATOR].get("/department", expect=404)
    world[COORDINATOR].get("/department/returns.json", expect=404)
    world[OTHER_DEPT].get("/department", expect=404)
    assert app.test_client().get("/department", expect=302).location.startswith("/login")


def test_the_department_sees_only_the_areas_that_permit_it(app, world):
    page = world[ANALYST].get("/department", expect=200).page
    assert page.h1 == "Returns sent to the department, 2026"
    assert page.summary_list("#counts") == {
        "Areas that sent a return": "2", "Areas included": "1",
        "Areas withheld (no permission to share with the department)": "1"}
    assert "Knowsley" not in page.text
    assert page.texts("#areas li") == [SEFTON]  # named by its partnership
    assert "toolkit's figures" in page.text_of("#toolkit-note")
    spread = page.table_rows("Section 5: scores across 1 area")
    assert spread[0] == ["5.1", "1", "3", "3", "3", "0", "0", "0", "1", "0", "0"]
    assert page.table_rows("Earned Autonomy Stage 1 readiness") == [["Eligible", "0"], ["Not eligible", "1"]]
    assert page.table_rows("Data models") == [["3 Building blocks", "1"]]
    assert sorted(page.table_rows("Priorities chosen most")) == [["6.4", "1"], ["7.3", "1"], ["9.4", "1"]]
    assert page.text_of("#no-sets") == "No two areas chose the same priority descriptor."
    charts = page.soup.select("img.app-chart")
    assert len(charts) == 5
    assert charts[0]["alt"].startswith("Chart of the median and range of scores across 1 area for section 5")
    chart = world[ANALYST].get(charts[0]["src"])
    assert chart.status_code == 200 and chart.mimetype == "image/png"


def test_the_downloads_hold_every_permitted_return_and_no_other(app, world):
    analyst = world[ANALYST]
    returns = json.loads(analyst.get("/department/returns.json", expect=200).data)
    assert [r["year"] for r in returns] == [2026] and len(returns[0]["answers"]) == 31
    assert "Knowsley" not in json.dumps(returns)
    rows = list(csv.reader(io.StringIO(analyst.get("/department/returns.csv", expect=200).data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Area", "Year", "Edition", "5.1"] and len(rows) == 2 and rows[1][3] == "3"
    book = load_workbook(io.BytesIO(analyst.get("/department/returns.xlsx", expect=200).data))
    assert book["Areas"].max_row == 2 and book["Areas"]["D2"].value == 3
    analyst.get("/department/returns.pdf", expect=404)


def test_ehsg_national_prints_the_same_figures(app, world):
    figures = _national(app)
    assert figures["year"] == 2026 and figures["areas_sent"] == 2 and figures["areas_withheld"] == 1
    assert len(figures["areas_included"]) == 1 and "Knowsley" not in json.dumps(figures)
    assert figures["descriptors"]["5.1"] == {"n": 1, "median": 3, "min": 3, "max": 3,
                                             "counts": {"0": 0, "1": 0, "2": 0, "3": 1, "4": 0, "5": 0}}
    assert figures["earned_autonomy"] == {"eligible": 0, "not_eligible": 1}
    assert figures["priorities"] == {"6.4": 1, "7.3": 1, "9.4": 1} and figures["action_learning_sets"] == {}
    text = app.test_cli_runner().invoke(args=["national"]).output
    assert "2 areas sent, 1 included, 1 withheld" in text
    unknown = app.test_cli_runner().invoke(args=["national", "--year", "1999"])
    assert unknown.exit_code == 1 and "No return was sent for 1999" in unknown.output


def test_withdrawing_the_departments_permission_removes_the_area_at_once_and_giving_it_back_returns_it(app, world):
    coordinator, analyst, sefton = world[COORDINATOR], world[ANALYST], world["sefton"]
    page = coordinator.get(f"/assessments/{sefton}/send", expect=200).page
    assert page.link("Who can see the return sent") == f"/assessments/{sefton}/sharing"
    page = coordinator.get(f"/assessments/{sefton}/sharing", expect=200).page
    assert page.table_rows("Permissions to share")[0][:3] == ["The department", "Yes", "Yes"]

    withdrawn = coordinator.post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "no"},
                                 expect=302)
    page = coordinator.get(withdrawn.location, expect=200).page
    assert page.notifications[-1].startswith("From now on, the department can no longer see")
    assert page.table_rows("Permissions to share")[0][1] == "Yes"
    assert page.table_rows("Permissions to share")[0][2].startswith("No (changed on")
    view = analyst.get("/department", expect=200).page
    assert view.summary_list("#counts")["Areas included"] == "0"
    assert "Sefton" not in view.text
    assert json.loads(analyst.get("/department/returns.json", expect=200).data) == []
    assert _national(app)["areas_included"] == [] and _national(app)["areas_withheld"] == 2
    history = [r[2] for r in coordinator.get(f"/assessments/{sefton}/history", expect=200).page.table_rows()]
    assert any("changed consent" in h for h in history)

    coordinator.post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "yes"}, expect=302)
    assert analyst.get("/department", expect=200).page.summary_list("#counts")["Areas included"] == "1"
    assert len(json.loads(analyst.get("/department/returns.json", expect=200).data)) == 1
    assert len(_national(app)["areas_included"]) == 1


def test_giving_consent_twice_records_one_change(app, world):
    coordinator, sefton = world[COORDINATOR], world["sefton"]
    for _ in range(2):
        coordinator.post(f"/assessments/{sefton}/sharing", data={"permission": "other_departments", "given": "yes"},
                         expect=302)
    history = [r for r in coordinator.get(f"/assessments/{sefton}/history", expect=200).page.table_rows()
               if "changed consent" in r[2]]
    assert len(history) == 1
    # given to other departments from now: Sefton joins Knowsley on their page at once
    rows = world[OTHER_DEPT].get("/other-departments", expect=200).page.table_rows("Scores by area")
    assert [r[0] for r in rows] == [KNOWSLEY, SEFTON]


def test_only_a_coordinator_changes_consent_and_only_known_permissions(app, world):
    sefton = world["sefton"]
    world[LEAD].post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "no"}, expect=403)
    assert "Withdraw" not in " ".join(world[LEAD].get(f"/assessments/{sefton}/sharing", expect=200).page.buttons)
    world[COORDINATOR].post(f"/assessments/{sefton}/sharing", data={"permission": "press", "given": "no"},
                            expect=400)
    world[K_COORDINATOR].post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "no"},
                              expect=404)
    assert world[ANALYST].get("/department", expect=200).page.summary_list("#counts")["Areas included"] == "1"


def test_another_department_sees_scores_only_of_the_areas_that_consent(app, world):
    page = world[OTHER_DEPT].get("/other-departments", expect=200).page
    assert page.texts(".govuk-service-navigation__item") == ["Scores shared", "Sign out"]
    rows = page.table_rows("Scores by area")
    assert len(rows) == 1 and rows[0][3] == "5"  # Knowsley's 5.1
    assert "Sefton" not in page.text and "Priorities" not in page.text
    assert page.text_of("#withheld").endswith("1.")
    world[OTHER_DEPT].get("/department/returns.csv", expect=404)


def test_withdrawing_the_other_departments_permission_removes_the_area_from_their_view_at_once(app, world):
    coordinator, officer, knowsley = world[K_COORDINATOR], world[OTHER_DEPT], world["knowsley"]
    coordinator.post(f"/assessments/{knowsley}/sharing", data={"permission": "other_departments", "given": "no"},
                     expect=302)
    page = officer.get("/other-departments", expect=200).page
    assert "Knowsley" not in page.text and page.text_of("#withheld").endswith("2.")
    coordinator.post(f"/assessments/{knowsley}/sharing", data={"permission": "other_departments", "given": "yes"},
                     expect=302)
    assert len(officer.get("/other-departments", expect=200).page.table_rows("Scores by area")) == 1


def test_an_unknown_year_says_what_to_do(app, world):
    response = world[ANALYST].get("/department?year=1999", expect=400)
    assert response.page.title.startswith("Error: ")
    assert response.page.errors == ["Select a year that returns were sent for"]
    world[ANALYST].get("/department/returns.csv?year=1999", expect=404)


def test_returns_loaded_as_sent_join_the_view_each_file_all_or_nothing(app, world, tmp_path):
    exported = tmp_path / "sefton.json"
    result = app.test_cli_runner().invoke(args=["export", str(world["sefton"]), "--format", "json",
                                                "--output", str(exported)])
    assert result.exit_code == 0, result.output
    loaded = json.loads(exported.read_text())
    loaded["area"], loaded["local_authority"] = "Wirral", "Wirral"
    good = tmp_path / "wirral.json"
    good.write_text(json.dumps(loaded))
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    result = app.test_cli_runner().invoke(args=["import", str(good), str(bad), "--sent"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{good}: imported as assessment") and lines[0].endswith(", recorded as sent")
    assert lines[1].startswith(f"{bad}: not imported, nothing saved")
    figures = _national(app)
    assert figures["areas_sent"] == 3 and "Wirral" in figures["areas_included"]
    assert figures["action_learning_sets"]["7.3"] == sorted(figures["areas_included"], key=str.lower)


def test_create_user_refuses_a_partnership_for_someone_outside_every_partnership(app):
    result = app.test_cli_runner().invoke(args=["create-user", "--department", "--email", "a@example.gov.uk",
                                                "--name", "Ann", "--partnership", "P", "--password", PASSWORD])
    assert result.exit_code == 1 and "has no partnership or role" in result.output
    _outside(app, ANALYST, "--department")
    again = app.test_cli_runner().invoke(args=["create-user", "--email", ANALYST, "--name", "Dana Analyst",
                                               "--partnership", "P", "--role", "viewer", "--password", PASSWORD])
    assert again.exit_code != 0 and "outside every partnership" in again.output


def _load_areas(app, tmp_path, names) -> None:
    paths = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        path.write_bytes(SEFTON_2022.read_bytes())
        paths.append(str(path))
    for name, path in zip(names, paths, strict=True):
        result = app.test_cli_runner().invoke(args=["import", path, "--sent", "--year", "2022",
                                                    "--partnership", f"{name} Early Help Partnership"])
        assert result.exit_code == 0, result.output


def _queries(app, client, path) -> int:
    """How many statements the request sends to the database."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path, expect=200)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def test_the_views_queries_do_not_grow_with_the_number_of_areas(app, tmp_path):
    _outside(app, ANALYST, "--department")
    _outside(app, OTHER_DEPT, "--other-department")
    analyst, officer = app.test_client(), app.test_client()
    sign_in(analyst, ANALYST)
    sign_in(officer, OTHER_DEPT)
    _load_areas(app, tmp_path, ["Wirral", "Halton"])
    few = [_queries(app, c, p) for c, p in ((analyst, "/department"), (analyst, "/department/returns.json"),
                                            (officer, "/other-departments"))]
    _load_areas(app, tmp_path, ["Bolton", "Bury", "Oldham", "Wigan"])
    assert analyst.get("/department", expect=200).page.summary_list("#counts")["Areas that sent a return"] == "6"
    many = [_queries(app, c, p) for c, p in ((analyst, "/department"), (analyst, "/department/returns.json"),
                                             (officer, "/other-departments"))]
    assert many == few and all(0 < n < 12 for n in few), (few, many)


def test_a_change_of_consent_that_loses_the_race_to_its_twin_records_one_change(app, world, monkeypatch):
    """Two tabs withdrawing at once: the slower finds no row, meets the unique key on inserting and
    reads back the other's (staged here by making its first look-up miss, as in test_workshops_races)."""
    from app.data import sharing as sharing_data

    coordinator, sefton = world[COORDINATOR], world["sefton"]
    coordinator.post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "no"}, expect=302)
    original, calls = sharing_data.consents_of, []

    def missing_once(assessment_id):
        calls.append(assessment_id)
        return {} if len(calls) == 1 else original(assessment_id)

    monkeypatch.setattr(sharing_data, "consents_of", missing_once)
    coordinator.post(f"/assessments/{sefton}/sharing", data={"permission": "dfe", "given": "no"}, expect=302)
    assert len(calls) == 2  # the look-up missed, the insert lost, the row was read back
    monkeypatch.undo()
    page = coordinator.get(f"/assessments/{sefton}/sharing", expect=200).page
    assert page.table_rows("Permissions to share")[0][2].startswith("No (changed on")
    history = [r for r in coordinator.get(f"/assessments/{sefton}/history", expect=200).page.table_rows()
               if "changed consent" in r[2]]
    assert len(history) == 1


def test_before_anything_is_sent_the_consent_page_says_so_and_changes_nothing(app, make_user):
    make_user(COORDINATOR, Role.COORDINATOR)
    coordinator = app.test_client()
    sign_in(coordinator, COORDINATOR)
    assessment_id = factories.assessment(app, COORDINATOR, year=2027)
    page = coordinator.get(f"/assessments/{assessment_id}/sharing", expect=200).page
    assert page.text_of("#not-sent").startswith("Nothing has been sent yet")
    assert not [b for b in page.buttons if b.startswith(("Withdraw", "Give"))]
    refused = coordinator.post(f"/assessments/{assessment_id}/sharing", data={"permission": "dfe", "given": "no"},
                               expect=302)
    page = coordinator.get(refused.location, expect=200).page
    assert page.notifications[-1].startswith("Nothing has been sent yet")
    assert not [r for r in coordinator.get(f"/assessments/{assessment_id}/history", expect=200).page.table_rows()
                if "changed consent" in r[2]]


def test_import_sent_as_json_says_each_was_recorded_as_sent(app, tmp_path):
    path = tmp_path / "halton.txt"
    path.write_bytes(SEFTON_2022.read_bytes())
    result = app.test_cli_runner().invoke(args=["import", str(path), "--sent", "--year", "2022", "--json",
                                                "--partnership", "Halton Early Help Partnership"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sent"] is True
    assert _national(app)["areas_included"] == ["Halton Early Help Partnership"]


def test_a_return_loaded_as_sent_shows_as_sent_on_its_send_page(app, tmp_path):
    _load_areas(app, tmp_path, ["Wirral"])
    factories.user(app, COORDINATOR, Role.COORDINATOR, partnership="Wirral Early Help Partnership")
    coordinator = app.test_client()
    sign_in(coordinator, COORDINATOR)
    assessment_id = _only_assessment(app)
    page = coordinator.get(f"/assessments/{assessment_id}/send", expect=200).page
    assert page.text_of("#send-state").startswith("Version 1 was sent on")
    assert "by loaded by the department (ehsg import --sent). Nothing has changed since." in page.text_of("#send-state")
    assert page.table_rows("Versions sent")[0][2] == "loaded by the department (ehsg import --sent)"


def _only_assessment(app) -> int:
    from app.data.models import Assessment

    with app.app_context():
        return db.session.query(Assessment.id).one()[0]
