"""`ehsg backup` and `ehsg restore`: every table, every row, back as it was.

The world backed up is the demo (people, an imported year, an assessment in progress, an open
workshop round with an agreement) plus a live named workshop with answers, comments taken as
evidence and an agreement, an invitation, a signed-in session, failed sign-ins, a wrong workshop
code, text kept over an expired session, and a second partnership. Every table of the models
holds rows before the backup, so every column goes through the file and back.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
from datetime import date

import pytest
from sqlalchemy import delete, select, text

from app.data.models import Assessment, User, UserSession, Workshop
from app.domain.roles import Role
from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode
from app.extensions import db
from app.frameworks import framework
from app.services import (
    accounts,
    assessments,
    backup,
    demo,
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
    return canonical(backup.read_backup(backup.make_backup(name).content).rows)


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
                                         evidence_answer_ids=tuple(c.id for c in facts.all_comments),
                                         expected_version=assessments.response(assessments.assessment(current.id), "6.1").version),
            facilitator, guide) is None
        accounts.invite(coordinator.memberships[0].partnership, "nia@example.gov.uk", "Nia New", Role.VIEWER,
                        coordinator)
        accounts.create_user("kim@example.gov.uk", "Kim Other", PASSWORD, OTHER, Role.COORDINATOR)
        earlier = returns.read(demo.SEFTON_2022.name, demo.SEFTON_2022.read_bytes(), framework("ehsg-2022"))
        returns.import_return(earlier, framework("ehsg-2022"), partnership_name=OTHER, year=2022)
        assessment_id, workshop_code = current.id, live.join_code
    assert client.post("/login", data={"email": "viewer@demo.example", "password": "wrong password!"}).status_code == 200
    assert client.post("/join", data={"code": "NOPE-NOPE"}).status_code == 200
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
    assert backup.covered_tables() == set(db.metadata.tables)
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
    assert set(document["tables"]) == set(backup.PARTNERSHIP_TABLES) | {"user_account"}
    emails = {row[1] for row in document["tables"]["user_account"]["rows"]}
    assert emails == {"coordinator@demo.example", "facilitator@demo.example", "lead@demo.example",
                      "viewer@demo.example"}
    assert [row[1] for row in document["tables"]["partnership"]["rows"]] == [DEMO]
    assert len(document["tables"]["assessment"]["rows"]) == 2  # not the other partnership's 2022
    assert "Kim Other" not in gzip.decompress(made.content).decode()


def test_one_partnership_is_added_with_new_ids_beside_another(app, world, tmp_path):
    path = tmp_path / "demo.json.gz"
    made = run(app, "backup", str(path), "--partnership", DEMO)
    assert made.exit_code == 0, made.output
    assert f"Backed up {DEMO} to {path}: 1 partnership, 4 people, 2 assessments, 2 workshops" in made.output
    with app.app_context():
        content_before = partnership_content(DEMO)
        was = db.session.scalar(select(Assessment).where(Assessment.year == date.today().year)).id
        wipe()
        # Someone else's data first, so the restored rows cannot keep their old ids.
        accounts.create_user("kim@example.gov.uk", "Kim Other", PASSWORD, OTHER, Role.COORDINATOR)
        earlier = returns.read(demo.SEFTON_2022.name, demo.SEFTON_2022.read_bytes(), framework("ehsg-2022"))
        returns.import_return(earlier, framework("ehsg-2022"), partnership_name=OTHER, year=2022)
        other_before = partnership_content(OTHER)

    added = run(app, "restore", str(path))  # the only partnership in the file
    assert added.exit_code == 0, added.output
    assert f"Added {DEMO} from {path}: 1 partnership, 4 people, 2 assessments, 2 workshops" in added.output
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
def good_document(app) -> str:
    """A whole backup of the world, made once for the bad-file tests (which start from an empty
    database); the world is wiped again at once."""
    build_world(app)
    with app.app_context():
        content = backup.make_backup().content
        wipe()
    return gzip.decompress(content).decode()


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


BAD_FILES = {
    "not JSON": (lambda d: b"this is not a backup", "The file is not a toolkit backup: it is not JSON (line 1, column 1"),
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
                          'Table assessment, row 1: year is "twenty", not a whole number'),
    "an unknown role": (lambda d: _set(d, "membership", "role", "OWNER"),
                        'Table membership, row 1: role is "OWNER", not one of COORDINATOR, FACILITATOR, STRATEGIC_LEAD, VIEWER'),
    "a date that is not one": (lambda d: _set(d, "workshop", "held_on", "31/03/2026"),
                               'Table workshop, row 1: held_on is "31/03/2026", not a date like 2026-03-27'),
    "an empty name": (lambda d: _set(d, "user_account", "name", None),
                      "Table user_account, row 1: name is empty, but it must have a value"),
    "a member who is not there": (lambda d: _set(d, "membership", "user_id", 999),
                                  "Table membership, row 1: user_id is 999, but the backup has no user_account with "
                                  "that id"),
    "a clash in the last table": (_answer_twice, "The database refused the backup's rows: "),
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
    assert message in result.output
    assert result.output.rstrip().endswith("Nothing was restored.")
    assert "Traceback" not in result.output
    with app.app_context():
        assert not any(dump().values()), "a bad file left rows behind"


def test_restore_needs_a_file(app, tmp_path):
    result = run(app, "restore", str(tmp_path / "nothing-here.json.gz"))
    assert result.exit_code == 1
    assert f"There is no file at {tmp_path / 'nothing-here.json.gz'}" in result.output
