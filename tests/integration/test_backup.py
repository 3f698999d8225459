"""`ehsg backup` and `ehsg restore`: every table, every row, back as it was.

The world backed up is the demo (people, an imported year, an assessment in progress, an open
workshop round with an agreement) plus a live named workshop with answers, comments taken as
evidence and an agreement, an invitation, a signed-in session, failed sign-ins, a wrong workshop
code, text kept over an expired session, and a second partnership. Every table of the models
holds rows before the backup, so every column goes through the file and back.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import stat
import tracemalloc
import zlib
from datetime import date

import pytest
from sqlalchemy import delete, select, text

from app.data import plans as plan_data
from app.data.models import (
    Assessment,
    Membership,
    Partnership,
    PlanAction,
    SharingConsent,
    Submission,
    User,
    UserSession,
    Workshop,
    WorkshopDescriptor,
)
from app.domain.plans import Status as PlanStatus
from app.domain.roles import Role
from app.domain.sharing import SentFigures
from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode
from app.extensions import db
from app.frameworks import framework
from app.services import (
    accounts,
    assessments,
    backup,
    backup_checks,
    backup_file,
    backup_scope,
    demo,
    peer_review,
    plans,
    returns,
    workshop_agreement,
    workshop_facilitation,
    workshop_participation,
    workshop_setup,
)
from tests.integration.conftest import PASSWORD

DEMO = demo.DEMO_PARTNERSHIP
OTHER = "Knowsley Early Help Partnership"


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, on a connection of its own."""
    with db.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select().order_by(*table.primary_key.columns))]
            for table in db.metadata.sorted_tables
        }


def wipe() -> None:
    """Empty every table, as a new database is: on PostgreSQL the ids start from 1 again."""
    db.session.remove()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"))
    db.session.commit()


def canonical(rows_by_table: dict[str, list[dict]]) -> dict[str, list[tuple]]:
    """Rows with their ids replaced by their place in their table (in id order), and references
    by the place of the row they point at: equal for the same content under different ids."""
    infos = {info.name: info for info in __import__("app.data.backup", fromlist=["tables"]).tables()}
    places = {name: {row["id"]: n for n, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
              for name, rows in rows_by_table.items()}
    result = {}
    for name, rows in rows_by_table.items():
        shaped = []
        for row in sorted(rows, key=lambda r: r["id"]):
            values = []
            for column in infos[name].columns:
                value = row[column.name]
                if column.primary_key:
                    value = places[name][value]
                elif column.references and value is not None:
                    value = places[column.references][value]
                values.append(value)
            shaped.append(tuple(values))
        result[name] = shaped
    return result


def partnership_content(name: str) -> dict[str, list[tuple]]:
    return canonical(backup_file.read_backup(backup.make_backup(name).content).rows)


@pytest.fixture
def world(app):
    """The demo and more, with a row in every table; returns the demo people's passwords."""
    return build_world(app)


def build_world(app) -> dict[str, str]:
    client = app.test_client()
    with app.app_context():
        logins = {login.email: login.password for login in demo.seed_demo()}
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@demo.example"))
        facilitator = db.session.scalar(select(User).where(User.email == "facilitator@demo.example"))
        current = db.session.scalar(select(Assessment).where(Assessment.year == date.today().year))
        guide = framework(current.edition_id)
        live = workshop_setup.create_workshop(
            current,
            workshop_setup.WorkshopDetails(title="Whole family working, in the room", held_on=date.today(),
                                           mode=WorkshopMode.LIVE, names=NameHandling.NAMED, closes_on=None,
                                           descriptor_ids=("6.1", "6.2")),
            facilitator, guide)
        for name, group, score, comment in (("Priya Shah", "health", 2, "Health visitors rarely lead."),
                                            ("Dan Reilly", "police", 3, "Police refer into the hub weekly."),
                                            ("Jo Green", "family", 4, "")):
            secret = workshop_participation.join(live, workshop_participation.JoinDetails(StakeholderGroup(group), name, "Somewhere"))
            workshop_participation.save_answer(live, workshop_participation.participant(live, secret), secret, "6.1", 1, score, comment)
        workshop_facilitation.reveal(live, "6.1")
        live = workshop_setup.workshop(live.id)
        facts = workshop_facilitation.facilitation(live, "6.1", guide, with_names=True)
        assert workshop_agreement.agree(
            live, "6.1",
            workshop_agreement.Agreement(score=3, rationale="Established in the council, patchy in health.",
                                         evidence_tokens=tuple(c.token for c in facts.all_comments),
                                         expected_version=assessments.response(assessments.assessment(current.id), "6.1").version),
            facilitator, guide) is None
        accounts.invite(coordinator.memberships[0].partnership, "nia@example.gov.uk", "Nia New", Role.VIEWER,
                        coordinator)
        accounts.create_user("kim@example.gov.uk", "Kim Other", PASSWORD, OTHER, Role.COORDINATOR)
        # Kim, of the other partnership, peer reviews the demo's assessment and challenges a descriptor.
        review = peer_review.invite(current, coordinator, "kim@example.gov.uk", 28).review
        kim = db.session.scalar(select(User).where(User.email == "kim@example.gov.uk"))
        peer_review.challenge(review, kim, "6.1", "Who in health would say it is established?")
        # A version of the demo's return as sent (the table's rows, whatever sending's rules), with the
        # figures the views across areas read, as sending keeps them beside every version.
        db.session.add(Submission(assessment_id=current.id, version=1, sent_by_id=coordinator.id,
                                  sent_by_name=coordinator.name, return_json="{}",
                                  figures=SentFigures(area=current.partnership.name, year=current.year,
                                                      edition_id=current.edition_id).to_json()))
        # The permissions to share the demo's assessment answers, by key (issue 14).
        current.set_permission("dfe", True)
        current.set_permission("coordinators", False)
        # Live consent: the demo withdraws the department's permission after sending.
        db.session.add(SharingConsent(assessment_id=current.id, permission="dfe", given=False,
                                      changed_by_id=coordinator.id, changed_by_name=coordinator.name))
        db.session.commit()
        earlier = returns.read(demo.SEFTON_2022.name, demo.SEFTON_2022.read_bytes(), framework("ehsg-2022"))
        returns.import_return(earlier, framework("ehsg-2022"), partnership_name=OTHER, year=2022)
        # The year's action plan: an action with a progress note, and a mid-year re-score.
        lead = db.session.scalar(select(User).where(User.email == "lead@demo.example"))
        action = plans.add_action(current, plans.ActionDetails("6.1", "Health visitors lead early help"),
                                  lead, Role.STRATEGIC_LEAD, guide)
        plans.record_progress(current, action, PlanStatus.ON_TRACK, "Two pilots running", lead, Role.STRATEGIC_LEAD)
        plan_data.set_mid_year_score(current.id, "6.1", 3, lead.id, lead.name)
        db.session.commit()
        assessment_id, workshop_code = current.id, live.join_code
    assert client.post("/login", data={"email": "viewer@demo.example", "password": "wrong password!"}).status_code == 200
    assert client.post("/join", data={"code": "XXXX-XXXX"}).status_code == 200  # could be a code: counted
    # Text typed as a session ended (on the server), kept until the person signs in again.
    typist = app.test_client()
    assert typist.post("/login", data={"email": "facilitator@demo.example",
                                       "password": logins["facilitator@demo.example"]}).status_code == 302
    with app.app_context():
        db.session.execute(delete(UserSession))
        db.session.commit()
    typed = typist.post(f"/assessments/{assessment_id}/descriptors/7.1",
                        data={"score": "2", "working_well": "Typed as the session ended", "version": "1"})
    assert typed.status_code == 302
    assert client.post("/login", data={"email": "lead@demo.example", "password": logins["lead@demo.example"]}).status_code == 302
    assert client.post("/forgotten-password", data={"email": "viewer@demo.example"}).status_code == 200  # a reset link
    with app.app_context():
        counts = {name: len(rows) for name, rows in dump().items()}
    assert all(counts.values()), f"tables with no rows to back up: {[n for n, c in counts.items() if not c]}"
    assert workshop_code
    return logins


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


# --- Every table -----------------------------------------------------------------------------


def test_every_table_has_a_backup_rule_and_is_in_a_whole_backup(app):
    """A table added to the models without backup support fails here."""
    assert backup_scope.covered_tables() == set(db.metadata.tables)
    with app.app_context():
        document = json.loads(gzip.decompress(backup.make_backup().content))
    assert set(document["tables"]) == set(db.metadata.tables)
    assert list(document["tables"]) == [t.name for t in db.metadata.sorted_tables]
    assert (document["format"], document["format_version"], document["partnership"]) == ("ehsg-backup", 1, None)
    assert re.fullmatch(r"\d{4}_\w+", document["database_revision"])


# --- Whole backups ---------------------------------------------------------------------------


def test_backup_wipe_restore_gives_back_every_row(app, world, tmp_path):
    path = tmp_path / "ehsg.json.gz"
    with app.app_context():
        before = dump()
    made = run(app, "backup", str(path))
    assert made.exit_code == 0, made.output
    assert f"Backed up everything to {path}: 2 partnerships, 5 people, 3 assessments, 2 workshops" in made.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # it holds password hashes
    with app.app_context():
        wipe()
        assert not any(dump().values())

    restored = run(app, "restore", str(path))
    assert restored.exit_code == 0, restored.output
    assert f"Restored everything from {path}: 2 partnerships, 5 people, 3 assessments" in restored.output
    with app.app_context():
        after = dump()
    for table in before:
        assert after[table] == before[table], f"{table} differs after the restore"

    # What people notice: they sign in with their own passwords and find their work.
    client = app.test_client()
    assert client.post("/login", data={"email": "facilitator@demo.example",
                                       "password": world["facilitator@demo.example"]}).status_code == 302
    with app.app_context():
        current = db.session.scalar(select(Assessment).where(Assessment.year == date.today().year))
    page = client.get(f"/assessments/{current.id}/descriptors/6.1").get_data(as_text=True)
    assert "Agreed in workshop Whole family working, in the room" in page
    assert "Health visitors rarely lead." in page
    # New rows take new ids (PostgreSQL's sequences carry on after the restored ones).
    with app.app_context():
        accounts.create_user("new@example.gov.uk", "New Person", PASSWORD, OTHER, Role.VIEWER)
        assert db.session.scalar(select(User).where(User.email == "new@example.gov.uk")).id > max(
            row[0] for row in before["user_account"])


def test_plain_json_when_the_name_says_so_and_never_over_another_file(app, world, tmp_path):
    path = tmp_path / "ehsg.json"
    assert run(app, "backup", str(path)).exit_code == 0
    assert json.loads(path.read_text("utf-8"))["format"] == "ehsg-backup"
    again = run(app, "backup", str(path))
    assert again.exit_code == 1
    assert f"{path} already exists. Give a new file name, or move the old file away first" in again.output
    unknown = run(app, "backup", str(tmp_path / "x.json.gz"), "--partnership", "Nowhere Partnership")
    assert unknown.exit_code == 1
    assert f"There is no partnership called Nowhere Partnership. Partnerships: {DEMO}, {OTHER}" in unknown.output
    assert not (tmp_path / "x.json.gz").exists()


def test_a_whole_backup_is_not_restored_over_data(app, world, tmp_path):
    path = tmp_path / "ehsg.json.gz"
    assert run(app, "backup", str(path)).exit_code == 0
    with app.app_context():
        before = dump()
    refused = run(app, "restore", str(path))
    assert refused.exit_code == 1
    assert ("This database already holds data (2 partnerships, 5 people). A backup of the whole service is restored "
            "only into an empty database") in refused.output
    assert "Nothing was restored." in refused.output
    with app.app_context():
        assert dump() == before


# --- One partnership -------------------------------------------------------------------------


def test_a_partnership_backup_holds_that_partnership_only(app, world):
    with app.app_context():
        made = backup.make_backup(DEMO)
    document = json.loads(gzip.decompress(made.content))
    assert document["partnership"] == DEMO
    assert set(document["tables"]) == set(backup_scope.PARTNERSHIP_TABLES) | {"user_account"}
    emails = {row[1] for row in document["tables"]["user_account"]["rows"]}
    # Kim, of the other partnership, is named by the peer review of the demo's assessment.
    assert emails == {"coordinator@demo.example", "facilitator@demo.example", "lead@demo.example",
                      "viewer@demo.example", "kim@example.gov.uk"}
    assert [row[1] for row in document["tables"]["partnership"]["rows"]] == [DEMO]
    assert len(document["tables"]["assessment"]["rows"]) == 2  # not the other partnership's 2022
    assert OTHER not in gzip.decompress(made.content).decode()
    assert len(document["tables"]["membership"]["rows"]) == 4  # not Kim's of the other partnership


def test_one_partnership_is_added_with_new_ids_beside_another(app, world, tmp_path):
    path = tmp_path / "demo.json.gz"
    made = run(app, "backup", str(path), "--partnership", DEMO)
    assert made.exit_code == 0, made.output
    assert f"Backed up {DEMO} to {path}: 1 partnership, 5 people, 2 assessments, 2 workshops" in made.output
    with app.app_context():
        content_before = partnership_content(DEMO)
        was = db.session.scalar(select(Assessment).where(Assessment.year == date.today().year)).id
        wipe()
        # Someone else's data first, so the restored rows cannot keep their old ids (not Kim, whom
        # the demo's backup holds as its peer reviewer).
        accounts.create_user("olu@example.gov.uk", "Olu Other", PASSWORD, OTHER, Role.COORDINATOR)
        earlier = returns.read(demo.SEFTON_2022.name, demo.SEFTON_2022.read_bytes(), framework("ehsg-2022"))
        returns.import_return(earlier, framework("ehsg-2022"), partnership_name=OTHER, year=2022)
        other_before = partnership_content(OTHER)

    added = run(app, "restore", str(path))  # the only partnership in the file
    assert added.exit_code == 0, added.output
    assert f"Added {DEMO} from {path}: 1 partnership, 5 people, 2 assessments, 2 workshops" in added.output
    with app.app_context():
        assert partnership_content(DEMO) == content_before
        assert partnership_content(OTHER) == other_before
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == "Whole family working, in the room"))
        assert workshop.assessment.partnership.name == DEMO
        assert workshop.assessment_id != was  # a new id, and the workshop follows it
    client = app.test_client()
    assert client.post("/login", data={"email": "coordinator@demo.example",
                                       "password": world["coordinator@demo.example"]}).status_code == 302


def test_one_partnership_from_a_whole_backup_links_people_already_here(app, world, tmp_path):
    path = tmp_path / "ehsg.json.gz"
    assert run(app, "backup", str(path)).exit_code == 0
    with app.app_context():
        wipe()
        # The demo's coordinator already has an account here, in another partnership.
        accounts.create_user("coordinator@demo.example", "Casey Coordinator", PASSWORD, OTHER, Role.VIEWER)
    added = run(app, "restore", str(path), "--partnership", DEMO.upper())
    assert added.exit_code == 0, added.output
    assert "1 of the people was here already, so they were linked to, not changed" in added.output
    assert app.test_client().post("/login", data={"email": "coordinator@demo.example",
                                                  "password": PASSWORD}).status_code == 302
    assert app.test_client().post("/login", data={"email": "coordinator@demo.example",
                                                  "password": world["coordinator@demo.example"]}).status_code == 200
    with app.app_context():
        casey = db.session.scalar(select(User).where(User.email == "coordinator@demo.example"))
        assert {(m.partnership.name, m.role) for m in casey.memberships} == {(OTHER, Role.VIEWER),
                                                                             (DEMO, Role.COORDINATOR)}
        assert db.session.scalar(select(Assessment).where(Assessment.imported_from.is_not(None),
                                                           Assessment.partnership.has(name=OTHER))) is None


def test_a_partnership_already_here_is_not_restored_again(app, world, tmp_path):
    path = tmp_path / "demo.json.gz"
    assert run(app, "backup", str(path), "--partnership", DEMO).exit_code == 0
    with app.app_context():
        before = dump()
    refused = run(app, "restore", str(path))
    assert refused.exit_code == 1
    assert f"{DEMO} is already in this database." in refused.output and "Nothing was restored." in refused.output
    missing = run(app, "restore", str(path), "--partnership", "Nowhere")
    assert f"The backup has no partnership called Nowhere. It has: {DEMO}" in missing.output
    with app.app_context():
        assert dump() == before


# --- A bad file changes nothing --------------------------------------------------------------


@pytest.fixture(scope="module")
def good_backup(app) -> tuple[str, dict[str, str]]:
    """A whole backup of the world, made once for the bad-file tests (which start from an empty
    database), and the demo people's passwords; the world is wiped again at once."""
    logins = build_world(app)
    with app.app_context():
        content = backup.make_backup().content
        wipe()
    return gzip.decompress(content).decode(), logins


@pytest.fixture(scope="module")
def good_document(good_backup) -> str:
    return good_backup[0]


def _column(document, table, column):
    return document["tables"][table]["columns"].index(column)


def _set(document, table, column, value, row=0):
    document["tables"][table]["rows"][row][_column(document, table, column)] = value
    return document


def _answer_twice(document):
    """The last table refuses: the same answer key twice for one descriptor and round. Every
    table before it has already been written when the database says no."""
    rows = document["tables"]["workshop_answer"]["rows"]
    clash = list(rows[1])
    clash[0] = max(r[0] for r in rows) + 1
    for column in ("workshop_descriptor_id", "round", "answer_key"):
        clash[_column(document, "workshop_answer", column)] = rows[0][_column(document, "workshop_answer", column)]
    rows.append(clash)
    return document


def _rows_of(document, table, **where):
    """The table's rows (as lists) whose columns hold the given values."""
    columns = document["tables"][table]["columns"]
    return [row for row in document["tables"][table]["rows"]
            if all(row[columns.index(c)] == v for c, v in where.items())]


def _id_of(document, table, **where):
    return _rows_of(document, table, **where)[0][0]


def _other_partnerships_response_agreed_in_demos_workshop(document):
    """A response of Knowsley's 2022 assessment that says its score was agreed in a workshop of the demo's."""
    other = _id_of(document, "partnership", name=OTHER)
    response = _rows_of(document, "descriptor_response", assessment_id=_id_of(document, "assessment",
                                                                              partnership_id=other))[0]
    response[_column(document, "descriptor_response", "agreed_in_id")] = document["tables"]["workshop_descriptor"]["rows"][0][0]
    return document


def _set_where(document, table, column, value, **where):
    """Set a column of the first row whose columns hold the given values."""
    _rows_of(document, table, **where)[0][_column(document, table, column)] = value
    return document


def _without(document, table, **where):
    """The rows whose columns hold the given values taken out, and the rows that hang from them."""
    gone = {row[0] for row in _rows_of(document, table, **where)}
    document["tables"][table]["rows"] = [r for r in document["tables"][table]["rows"] if r[0] not in gone]
    for name, hanging in (("descriptor_response", ("evidence_item", "response_id")),
                          ("workshop_descriptor", ("workshop_answer", "workshop_descriptor_id"))):
        if name == table:
            rows = document["tables"][hanging[0]]["rows"]
            document["tables"][hanging[0]]["rows"] = [r for r in rows
                                                      if r[_column(document, *hanging)] not in gone]
    if table == "workshop_descriptor":
        for row in document["tables"]["descriptor_response"]["rows"]:
            if row[_column(document, "descriptor_response", "agreed_in_id")] in gone:
                row[_column(document, "descriptor_response", "agreed_in_id")] = None
        for row in document["tables"]["workshop"]["rows"]:
            row[_column(document, "workshop", "current_descriptor_id")] = None
    return document


def _agreed_in_the_wrong_descriptor(document):
    """A response agreed in a workshop says it was agreed at another descriptor of that workshop."""
    column = _column(document, "descriptor_response", "agreed_in_id")
    response = next(r for r in document["tables"]["descriptor_response"]["rows"] if r[column] is not None)
    entries = document["tables"]["workshop_descriptor"]
    workshop = _column(document, "workshop_descriptor", "workshop_id")
    agreed = next(e for e in entries["rows"] if e[0] == response[column])
    response[column] = next(e[0] for e in entries["rows"] if e[workshop] == agreed[workshop] and e[0] != agreed[0])
    return document


def _answered_by_someone_from_another_workshop(document):
    answers, entries = document["tables"]["workshop_answer"]["rows"], document["tables"]["workshop_descriptor"]["rows"]
    by = _column(document, "workshop_answer", "participant_id")
    answer = next(a for a in answers if a[by] is not None)
    entry = next(e for e in entries if e[0] == answer[_column(document, "workshop_answer", "workshop_descriptor_id")])
    workshop = entry[_column(document, "workshop_descriptor", "workshop_id")]
    answer[by] = next(p[0] for p in document["tables"]["workshop_participant"]["rows"]
                      if p[_column(document, "workshop_participant", "workshop_id")] != workshop)
    return document


GUIDE = "The Early Help System Guide"  # the 2022 edition's title
BAD_FILES = {
    "not JSON": (lambda d: b"this is not a backup", "The file is not a toolkit backup: it is not JSON (line 1, column 1"),
    "nested too deep": (lambda d: b"[" * 100_000, "The file is not a toolkit backup: its JSON is nested thousands of "
                        "levels deep"),
    "cut short": (lambda d: gzip.compress(json.dumps(d).encode())[:400], "The file is not a complete gzip file"),
    "another format": (lambda d: {**d, "format": "something-else"}, 'it does not say "format": "ehsg-backup"'),
    "a newer format": (lambda d: {**d, "format_version": 2}, "The backup is in format version 2; this version of the "
                       "toolkit reads version 1"),
    "a table missing": (lambda d: {**d, "tables": {k: v for k, v in d["tables"].items() if k != "audit_entry"}},
                        "The backup is incomplete: it has no audit_entry table"),
    "an unknown column": (lambda d: (d["tables"]["partnership"]["columns"].append("colour"),
                                     [r.append("red") for r in d["tables"]["partnership"]["rows"]], d)[-1],
                          "Table partnership has columns this database does not: colour"),
    "a word for a year": (lambda d: _set(d, "assessment", "year", "twenty"),
                          'Table assessment, row 1 (id {id}): year is "twenty", not a whole number'),
    "an unknown role": (lambda d: _set(d, "membership", "role", "OWNER"),
                        'Table membership, row 1 (id {id}): role is "OWNER", not one of COORDINATOR, FACILITATOR, STRATEGIC_LEAD, VIEWER'),
    "a date that is not one": (lambda d: _set(d, "workshop", "held_on", "31/03/2026"),
                               'Table workshop, row 1 (id {id}): held_on is "31/03/2026", not a date like 2026-03-27'),
    "an empty name": (lambda d: _set(d, "user_account", "name", None),
                      "Table user_account, row 1 (id {id}): name is empty, but it must have a value"),
    "a member who is not there": (lambda d: _set(d, "membership", "user_id", 999),
                                  "Table membership, row 1 (id {id}): user_id is 999, but the backup has no user_account with "
                                  "that id"),
    "a clash in the last table": (_answer_twice, "The database refused the backup's rows: "),
    # Rows the database would take but an import would not (issue 17): each broke pages with 500s.
    "a score of 9": (lambda d: _set(d, "descriptor_response", "score", 9),
                     "Table descriptor_response, row id {id}: score is 9, not on the scale of " + GUIDE),
    "a descriptor not in the edition": (lambda d: _set(d, "descriptor_response", "descriptor_id", "5.9"),
                                        'Table descriptor_response, row id {id}: descriptor_id is "5.9", not a '
                                        "descriptor of " + GUIDE),
    "an edition the toolkit does not have": (lambda d: _set(d, "assessment", "edition_id", "ehsg-2031"),
                                             'Table assessment, row id {id}: edition_id is "ehsg-2031", an edition of '
                                             "the guide this toolkit does not have"),
    "a data model of 7": (lambda d: _set(d, "assessment", "data_model_submitted", 7),
                          "Table assessment, row id {id}: data_model_submitted is 7, not a data model of " + GUIDE),
    "signed off, but not when": (lambda d: _set(_set(d, "assessment", "status", "SIGNED_OFF"), "assessment",
                                                "signed_off_at", None),
                                 "Table assessment, row id {id}: signed_off_at is empty, but the assessment is signed off"),
    "a data model changed to nothing": (lambda d: _set(_set(d, "assessment", "data_model_changed", True), "assessment",
                                                       "data_model_current", None),
                                        "Table assessment, row id {id}: data_model_current is empty, but "
                                        "data_model_changed says the data model has changed"),
    "an open round that never closes": (lambda d: _set(_set(d, "workshop", "mode", "OPEN"), "workshop", "closes_on",
                                                       None),
                                        "Table workshop, row id {id}: closes_on is empty, but an open round closes "
                                        "on a day"),
    "agreed figures missing": (lambda d: _set_where(d, "workshop_descriptor", "agreed_median", None,
                                                    agreed_count=3),
                               "agreed_median is empty, but the score was agreed on 3 scores (agreed_count)"),
    "a priority not in the edition": (lambda d: _set(d, "priority_choice", "descriptor_id", "10.1"),
                                      'descriptor_id is "10.1", not a descriptor of ' + GUIDE),
    "a permission the edition does not ask": (lambda d: _set(d, "assessment_permission", "key", "peers"),
                                              'Table assessment_permission, row id {id}: key is "peers", not a '
                                              "permission " + GUIDE),
    "a workshop descriptor not in the edition": (lambda d: _set(d, "workshop_descriptor", "descriptor_id", "4.4"),
                                                 'Table workshop_descriptor, row id {id}: descriptor_id is "4.4", not a '
                                                 "descriptor of " + GUIDE),
    "an agreed score of -1": (lambda d: _set(d, "workshop_descriptor", "agreed_score", -1),
                              "agreed_score is -1, not on the scale of " + GUIDE),
    "an answer's score of 6": (lambda d: _set(d, "workshop_answer", "score", 6),
                               "Table workshop_answer, row id {id}: score is 6, not on the scale of " + GUIDE),
    "round 0": (lambda d: _set(d, "workshop_answer", "round", 0), "round is 0; it counts from 1"),
    "a narrative too long": (lambda d: _set(d, "descriptor_response", "narratives",
                                            json.dumps({"working_well": "x" * 20_001})),
                             "Table descriptor_response, row id {id}: narratives working_well is 20,001 characters long; "
                             "it must be 20,000 characters or fewer"),
    "narratives not an object": (lambda d: _set(d, "descriptor_response", "narratives", "[1]"),
                                 "Table descriptor_response, row id {id}: narratives is not a JSON object of prompt key"),
    "a narrative to no prompt of the edition": (lambda d: _set(d, "descriptor_response", "narratives",
                                                               json.dumps({"strengths": "Kept"})),
                                                "Table descriptor_response, row id {id}: narratives answers strengths, "
                                                "not a prompt of " + GUIDE),
    "a room on a descriptor it does not have": (lambda d: _set(d, "workshop", "current_descriptor_id", "9.9"),
                                                'current_descriptor_id is "9.9", not one of the workshop\'s descriptors'),
    "a descriptor without its response": (lambda d: _without(d, "descriptor_response", descriptor_id="5.2"),
                                           "Table assessment, row id {id}: has no descriptor_response for 5.2: an "
                                           "assessment has one for each descriptor of its edition"),
    "a workshop without descriptors": (lambda d: _without(d, "workshop_descriptor", workshop_id=d["tables"]["workshop"]["rows"][0][0]),
                                       "Table workshop, row id {id}: has no workshop_descriptor: a workshop covers at "
                                       "least one descriptor"),
    "a score agreed at another descriptor": (_agreed_in_the_wrong_descriptor,
                                             "agreed_in_id is {id}, a workshop_descriptor that is not this "
                                             "descriptor"),
    "an answer by someone from another workshop": (_answered_by_someone_from_another_workshop,
                                                   "participant_id is {id}, someone who joined another workshop"),
    "a reference into another partnership": (_other_partnerships_response_agreed_in_demos_workshop,
                                             "agreed_in_id is {id}, a workshop_descriptor of another partnership "
                                             f"({DEMO})"),
}


def test_the_good_file_restores(app, good_document, tmp_path):
    """The file the bad ones are spoiled from is restored as it is: each bad file fails for the
    one thing spoiled in it."""
    path = tmp_path / "good.json.gz"
    path.write_bytes(gzip.compress(good_document.encode()))
    result = run(app, "restore", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("problem", list(BAD_FILES))
def test_a_bad_file_changes_nothing_and_says_what_is_wrong(app, good_document, tmp_path, problem):
    spoil, message = BAD_FILES[problem]
    spoiled = spoil(json.loads(good_document))
    path = tmp_path / "spoiled.json.gz"
    path.write_bytes(spoiled if isinstance(spoiled, bytes) else gzip.compress(json.dumps(spoiled).encode()))
    with app.app_context():
        assert not any(dump().values())
    result = run(app, "restore", str(path))
    assert result.exit_code == 1
    # {id}: a row's id, which on PostgreSQL depends on the tests before
    assert re.search(re.escape(message).replace(re.escape("{id}"), r"\d+"), result.output), result.output
    assert result.output.rstrip().endswith("Nothing was restored.")
    assert "Traceback" not in result.output
    with app.app_context():
        assert not any(dump().values()), "a bad file left rows behind"


def test_restore_needs_a_file(app, tmp_path):
    result = run(app, "restore", str(tmp_path / "nothing-here.json.gz"))
    assert result.exit_code == 1
    assert f"There is no file at {tmp_path / 'nothing-here.json.gz'}" in result.output


# --- Every row checked as an import would check it (issue 17) --------------------------------


def _write(tmp_path, document, name="spoiled.json.gz"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def test_one_partnership_pointing_into_another_is_refused(app, good_document, tmp_path):
    """--partnership: a row that points at a row of another partnership is named, and nothing is
    added (it used to end in a traceback halfway through the restore)."""
    path = _write(tmp_path, _other_partnerships_response_agreed_in_demos_workshop(json.loads(good_document)))
    with app.app_context():
        accounts.create_user("someone@example.gov.uk", "Some One", PASSWORD, "Wirral Early Help Partnership",
                             Role.COORDINATOR)
        before = dump()
    result = run(app, "restore", str(path), "--partnership", OTHER)
    assert result.exit_code == 1
    assert re.search(r"Table descriptor_response, row id \d+: agreed_in_id is \d+, a workshop_descriptor of another "
                     rf"partnership \({DEMO}\)\. A partnership's rows point only at its own", result.output)
    assert result.output.rstrip().endswith("Nothing was restored.") and "Traceback" not in result.output
    with app.app_context():
        assert dump() == before


def test_a_score_of_9_beside_other_data_changes_nothing(app, good_document, tmp_path):
    document = json.loads(good_document)
    demo_id = _id_of(document, "partnership", name=DEMO)
    assessment = _id_of(document, "assessment", partnership_id=demo_id)
    response = _rows_of(document, "descriptor_response", assessment_id=assessment)[2]
    response[_column(document, "descriptor_response", "score")] = 9
    spoiled = _write(tmp_path, document)
    with app.app_context():
        accounts.create_user("kim@example.gov.uk", "Kim Other", PASSWORD, OTHER, Role.COORDINATOR)
        before = dump()
    result = run(app, "restore", str(spoiled), "--partnership", DEMO)
    assert result.exit_code == 1
    assert (f"Table descriptor_response, row id {response[0]}: score is 9, not on the scale of {GUIDE} (0 to 5). "
            "Give a whole number from 0 to 5, or null for not scored") in result.output
    assert "The backup's rows have 1 problem that an import would refuse, so none of them was written" in result.output
    with app.app_context():
        assert dump() == before


def test_every_problem_is_listed_at_once(app, good_document, tmp_path):
    document = json.loads(good_document)
    for row in document["tables"]["workshop_answer"]["rows"]:
        row[_column(document, "workshop_answer", "score")] = 9
    _set(document, "priority_choice", "descriptor_id", "10.1")
    result = run(app, "restore", str(_write(tmp_path, document)))
    answers = len(document["tables"]["workshop_answer"]["rows"])
    assert f"The backup's rows have {answers + 1} problems" in result.output
    assert result.output.count("score is 9") == answers and 'descriptor_id is "10.1"' in result.output

    for row in document["tables"]["descriptor_response"]["rows"]:
        row[_column(document, "descriptor_response", "score")] = 9
    result = run(app, "restore", str(_write(tmp_path, document)))
    total = answers + 1 + len(document["tables"]["descriptor_response"]["rows"])
    assert f"The backup's rows have {total} problems" in result.output
    assert result.output.count("\n- Table ") == backup_checks.SHOWN
    assert f"\n- and {total - backup_checks.SHOWN} more problems. Nothing was restored." in result.output


def _gzip_bomb(expanded: int) -> bytes:
    """A small gzip file that expands to ``expanded`` bytes of spaces, made a piece at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip wrapping
    piece = b" " * (1024 * 1024)
    packed = [packer.compress(piece) for _ in range(expanded // len(piece))]
    return b"".join([*packed, packer.flush()])


def test_a_gzip_bomb_is_refused_without_expanding_it(app, tmp_path):
    """A file of a few hundred KB that expands past the limit is refused, and the memory never
    holds more than a piece of it (it used to grow to gigabytes before JSON said no)."""
    bomb = _gzip_bomb(backup_file.MAX_JSON_BYTES + 4 * backup_file.MB)
    assert len(bomb) < backup_file.MAX_JSON_BYTES // 200
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(bomb)
    tracemalloc.start()
    try:
        result = run(app, "restore", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1
    assert "The file holds more than 200 MB of JSON, the most a restore reads, so it is not read further" in result.output
    assert result.output.rstrip().endswith("Nothing was restored.")
    assert peak < 16 * backup_file.MB, f"the restore held {peak / backup_file.MB:.0f} MB"


def test_the_limit_holds_for_plain_json_and_can_be_raised(app, good_document, tmp_path):
    path = tmp_path / "ehsg.json"
    path.write_text(good_document + " " * (1024 * 1024), "utf-8")  # over 1 MB
    refused = run(app, "restore", str(path), "--largest-mb", "1")
    assert refused.exit_code == 1
    assert "The file holds more than 1 MB of JSON" in refused.output
    assert "restore it with --largest-mb and a larger number of megabytes" in refused.output
    with app.app_context():
        assert not any(dump().values())
    assert run(app, "restore", str(path), "--largest-mb", "2").exit_code == 0


# --- Every page of a restored backup ---------------------------------------------------------


def _addresses(app) -> list[str]:
    """Every page of the application (its GET routes), each address filled with every value the
    restored demo partnership has for it: each assessment, section, descriptor, export format,
    workshop, workshop descriptor, member and join code."""
    from app.services.plans import PLAN_FORMATS
    from app.services.returns import FORMATS

    with app.app_context():
        demo_id = db.session.scalar(select(Partnership.id).where(Partnership.name == DEMO))
        years = db.session.scalars(select(Assessment).where(Assessment.partnership_id == demo_id)).all()
        workshops = [w for a in years for w in db.session.scalars(select(Workshop).where(Workshop.assessment_id == a.id))]
        entries = [(w, e.descriptor_id) for w in workshops for e in db.session.scalars(
            select(WorkshopDescriptor).where(WorkshopDescriptor.workshop_id == w.id))]
        members = db.session.scalars(select(Membership.id).where(Membership.partnership_id == demo_id)).all()
        sent = db.session.scalars(select(Submission).where(Submission.assessment_id.in_([a.id for a in years]))).all()
        actions = [(a.id, i) for a in years for i in db.session.scalars(
            select(PlanAction.id).where(PlanAction.assessment_id == a.id))]
        fill = {
            (): [{}],
            ("assessment_id",): [{"assessment_id": a.id} for a in years],
            # Trends (issue 15): a chart for each section of the latest year's edition
            ("section_id",): [{"section_id": s.id} for s in framework(years[-1].edition_id).sections],
            ("assessment_id", "section_id"): [{"assessment_id": a.id, "section_id": s.id}
                                              for a in years for s in framework(a.edition_id).sections],
            ("assessment_id", "descriptor_id"): [{"assessment_id": a.id, "descriptor_id": d.id}
                                                 for a in years for d in framework(a.edition_id).descriptors],
            ("assessment_id", "format_key"): [{"assessment_id": a.id, "format_key": k}
                                              for a, k in itertools.product(years, FORMATS)],
            ("assessment_id", "workshop_id"): [{"assessment_id": w.assessment_id, "workshop_id": w.id}
                                               for w in workshops],
            ("assessment_id", "descriptor_id", "workshop_id"): [
                {"assessment_id": w.assessment_id, "workshop_id": w.id, "descriptor_id": d} for w, d in entries],
            ("membership_id",): [{"membership_id": m} for m in members],
            ("code",): [{"code": w.join_code} for w in workshops],
            # Action plans (issue 15): each action of each year's plan
            ("action_id", "assessment_id"): [{"assessment_id": a, "action_id": i} for a, i in actions],
            ("code", "descriptor_id"): [{"code": w.join_code, "descriptor_id": d} for w, d in entries],
            ("assessment_id", "version"): [{"assessment_id": s.assessment_id, "version": s.version} for s in sent],
        }
        # Not reachable from the data: an invitation's link (only a hash of it is kept) and the
        # built assets (no data in them); nor by the coordinator: a peer reviewer's own pages.
        unfilled = {("token",), ("filename",), ("review_id",), ("descriptor_id", "review_id")}
        addresses = []
        with app.test_request_context():
            from flask import url_for

            for rule in app.url_map.iter_rules():
                if "GET" not in rule.methods or rule.endpoint == "static":
                    continue
                if rule.endpoint == "assessments.sign_off":
                    continue  # the sign-off confirmation is the strategic lead's page, not the coordinator's
                if rule.endpoint.startswith("department."):
                    continue  # the views of people outside every partnership (test_department.py), not a coordinator's
                arguments = tuple(sorted(rule.arguments))
                if arguments in unfilled:
                    continue
                assert arguments in fill, f"{rule.rule}: say here how to fill its address from the restored data"
                chosen = fill[arguments]
                if rule.endpoint == "plans.export":  # the plan's own formats, not the return's
                    chosen = [{"assessment_id": a.id, "format_key": k} for a in years for k in PLAN_FORMATS]
                addresses += [url_for(rule.endpoint, **values) for values in chosen]
    return addresses


def test_every_page_of_a_restored_backup_answers(app, good_backup, tmp_path):
    """Restore a valid backup into an empty database, sign in as the demo's coordinator and open
    every page with every id the partnership has: each answers 200 (or sends on to a page that
    does), never an error."""
    document, logins = good_backup
    path = tmp_path / "good.json.gz"
    path.write_bytes(gzip.compress(document.encode()))
    assert run(app, "restore", str(path)).exit_code == 0
    client = app.test_client()
    client.post("/login", data={"email": "coordinator@demo.example", "password": logins["coordinator@demo.example"]},
                expect=302)
    addresses = _addresses(app)
    assert len(addresses) > 100
    for address in addresses:
        response = client.get(address)
        for _ in range(3):  # the favicon's to the asset, the home page's to the assessments...
            if response.status_code not in (301, 302, 303):
                break
            assert not response.location.startswith("/login"), f"{address} sent the coordinator to sign in"
            response.close()
            response = client.get(response.location)
        response.close()  # a static file's is open until then
        assert response.status_code == 200, f"{address} answered {response.status_code}"


def test_a_backup_over_the_restore_limit_says_how_to_restore_it(app, world, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "MAX_JSON_BYTES", 1024)  # as if the world were over 200 MB
    path = tmp_path / "big.json.gz"
    made = run(app, "backup", str(path))
    assert made.exit_code == 0
    assert re.search(r"This backup holds 1 MB of JSON, more than the \d+ MB ehsg restore reads unless told: restore "
                     r"it with --largest-mb 1\.", made.output)
    with app.app_context():
        wipe()
    assert run(app, "restore", str(path), "--largest-mb", "1").exit_code == 0
