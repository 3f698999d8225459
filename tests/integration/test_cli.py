"""The ehsg command's own commands."""

import json
import re
import runpy
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import command_line
from app.config import ConfigError, TestConfig
from app.data.models import Membership, User
from app.extensions import db
from app.factory import create_app


def test_create_user(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "Ann@Example.gov.uk", "--name", "Ann Example", "--partnership",
              "Wirral Early Help Partnership", "--role", "coordinator"],
        input="a long enough passphrase\na long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created ann@example.gov.uk as coordinator in Wirral Early Help Partnership" in result.output
    with app.app_context():
        user = db.session.query(User).filter_by(email="ann@example.gov.uk").one()
        assert user.memberships[0].partnership.name == "Wirral Early Help Partnership"


def test_create_user_refuses_a_short_password_and_saves_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "a@example.gov.uk", "--name", "A", "--partnership", "P", "--role", "viewer",
              "--password", "short"],
    )
    assert result.exit_code == 1
    assert "Password must be 12 characters or more" in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_demo_seeds_one_user_per_role_and_prints_logins_once(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if "@demo.example" in line]
    assert len(lines) == 4
    email, password = lines[0][-2], lines[0][-1]
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    again = runner.invoke(args=["demo", "--if-empty"])
    assert "already there" in again.output and password not in again.output
    with app.app_context():
        assert {m.role.value for m in db.session.query(Membership)} == {
            "coordinator", "facilitator", "strategic_lead", "viewer"}


def test_demo_passwords_can_be_reset(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"]).output
    reset = runner.invoke(args=["demo", "--reset-passwords"]).output
    old = [line.split() for line in first.splitlines() if "@demo.example" in line][0]
    new = [line.split() for line in reset.splitlines() if "@demo.example" in line][0]
    assert client.post("/login", data={"email": old[-2], "password": old[-1]}).status_code == 200
    assert client.post("/login", data={"email": new[-2], "password": new[-1]}).status_code == 302


def test_framework_show_json(app):
    result = app.test_cli_runner().invoke(args=["framework", "show", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["edition"]["id"] == "ehsg-2022"
    assert [s["id"] for s in data["sections"]] == ["5", "6", "7", "8", "9"]
    assert sum(len(s["descriptors"]) for s in data["sections"]) == 31
    assert data["earned_autonomy"]["2022"]["9.7"] == 3
    assert [m["level"] for m in data["data_models"]] == [1, 2, 3, 4, 5, 6]
    assert [level["score"] for level in data["scale"]] == [0, 1, 2, 3, 4, 5]


def test_framework_show_text_and_unknown_edition(app):
    runner = app.test_cli_runner()
    text = runner.invoke(args=["framework", "show"]).output
    assert "5.1" in text and "Family engagement" in text
    unknown = runner.invoke(args=["framework", "show", "--edition", "ehsg-1999"])
    assert unknown.exit_code == 1
    assert "There is no edition 'ehsg-1999'. Editions: ehsg-2022" in unknown.output


def test_demo_seeds_an_assessment_in_progress(app, client):
    output = app.test_cli_runner().invoke(args=["demo"]).output
    coordinator = next(line.split() for line in output.splitlines() if "coordinator@demo.example" in line)
    client.post("/login", data={"email": coordinator[-2], "password": coordinator[-1]})
    listing = client.get("/assessments").get_data(as_text=True)
    assert "In progress" in listing and "6 of 31" in listing
    current = re.search(r'href="(/assessments/\d+)">\d{4} assessment<', listing).group(1)
    overview = client.get(current).get_data(as_text=True)
    assert "Agreed in a workshop" in re.search(r'id="descriptor-5.3".*?</li>', overview, re.S).group(0)
    descriptor = client.get(current + "/descriptors/5.3").get_data(as_text=True)
    assert "n = 6, median 2, range 0–3" in descriptor


# --- Settings, and which commands serve ---------------------------------------------------


@pytest.fixture
def production(monkeypatch, tmp_path):
    """The production profile from the environment, with no SECRET_KEY."""
    for name in ("SECRET_KEY", "EHSG_PROXY_HOPS", "SESSION_COOKIE_SECURE", "EHSG_DESCRIPTORS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EHSG_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/production.sqlite3")
    return CliRunner()


def test_a_command_that_serves_nothing_runs_without_a_secret_key(production):
    result = production.invoke(command_line(), ["framework", "show", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["edition"]["id"] == "ehsg-2022"


def test_production_refuses_to_serve_without_a_secret_key(production):
    result = production.invoke(command_line(), ["run", "--port", "0"])
    assert isinstance(result.exception, ConfigError)
    assert "SECRET_KEY is not set" in str(result.exception)


def test_the_wsgi_entry_point_serves_so_it_needs_a_secret_key(production):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        runpy.run_path(str(Path(__file__).resolve().parents[2] / "run.py"))


@pytest.mark.parametrize("name, value, message", [
    ("EHSG_PROXY_HOPS", "one", "EHSG_PROXY_HOPS is 'one'; set it to a whole number, such as 0 or 1."),
    ("EHSG_PROXY_HOPS", "-1", "EHSG_PROXY_HOPS is '-1'; set it to a whole number, 0 or more."),
    ("SESSION_COOKIE_SECURE", "maybe", "SESSION_COOKIE_SECURE is 'maybe'; set it to true or false."),
    ("EHSG_LOGIN_LOCK_AFTER", "six", "EHSG_LOGIN_LOCK_AFTER is 'six'; set it to a whole number, such as 0 or 1."),
    ("EHSG_WORKSHOP_JOIN_LOCK_MINUTES", "0", "EHSG_WORKSHOP_JOIN_LOCK_MINUTES is '0'; set it to a whole number, "
                                             "1 or more."),
    ("EHSG_ENV", "staging", "EHSG_ENV is 'staging'; set it to one of: production, development, test."),
])
def test_a_wrong_value_names_the_variable(production, monkeypatch, name, value, message):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv(name, value)
    result = production.invoke(command_line(), ["framework", "show"])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == message


def test_the_environment_sets_the_workshop_join_limit(production, monkeypatch):
    monkeypatch.setenv("EHSG_WORKSHOP_JOIN_LOCK_AFTER", "12")
    assert create_app(serving=False).config["WORKSHOP_JOIN_LOCK_AFTER"] == 12


def test_a_test_profile_reads_nothing_from_the_environment(production, monkeypatch):
    monkeypatch.setenv("EHSG_PROXY_HOPS", "one")
    assert create_app(TestConfig).config["PROXY_HOPS"] == 0


def test_a_setting_the_toolkit_does_not_have_is_refused():
    class Misspelt(TestConfig):
        PROXY_HOP = 1

    with pytest.raises(ConfigError, match="PROXY_HOP is 1; it is not a setting the toolkit has"):
        create_app(Misspelt)
