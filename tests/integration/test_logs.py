"""What the service logs for its operators, read as they would: the lines a production-like
application (TESTING off, a SECRET_KEY, on the test database) writes to its stdout."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import text

from app.config import Config, TestConfig
from app.data import accounts as account_data
from app.domain.roles import Role
from app.extensions import db
from app.factory import create_app
from app.logs import CONFIGURED, ServiceHandler, configure_logging
from tests import factories
from tests.integration.assessment_helpers import save
from tests.integration.workshop_helpers import wrong_code
from tests.strict_client import StrictClient

COORDINATOR = "coordinator@example.gov.uk"
MARKER = "Zebra-marker-7731"


class Output:
    """What the application wrote to its log stream, line by line."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.raw.splitlines() if line.startswith("{")]

    def named(self, logger: str) -> list[dict]:
        return [line for line in self.lines if line["logger"] == logger]

    def of_request(self, request_id: str) -> list[dict]:
        return [line for line in self.lines if line["request_id"] == request_id]

    def events(self, event: str) -> list[dict]:
        return [line for line in self.named("ehsg.security") if line.get("event") == event]

    def access(self, request_id: str) -> list[dict]:
        return [line for line in self.of_request(request_id) if line["logger"] == "ehsg.access"]


def _production_app(made: list, database_url: str, **settings):
    class ProductionLike(Config):
        SECRET_KEY = "a-production-like-secret-for-the-log-tests"
        SQLALCHEMY_DATABASE_URI = database_url
        SESSION_COOKIE_SECURE = False  # the test client speaks plain HTTP
        WTF_CSRF_ENABLED = False  # not what these tests are about

    for name, value in settings.items():
        setattr(ProductionLike, name, value)
    return _made(made, ProductionLike)


def _made(made: list, config):
    application = create_app(config)
    application.test_client_class = StrictClient
    made.append(application)
    return application


def _raises(token: str):
    raise RuntimeError("the raising route was asked to fail")


def _database_fails(token: str):
    db.session.execute(text("SELECT * FROM no_such_table WHERE name = :name"), {"name": MARKER})
    return "unreachable"


@pytest.fixture
def logs():
    """The service's log output, captured from its own handler; the test profile's quiet afterwards."""
    output = Output()
    yield output
    configure_logging("test", "WARNING", None)


@pytest.fixture
def made(app):
    """The applications a test makes, their database connections closed afterwards."""
    applications: list = []
    yield applications
    for application in applications:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def _capture(output: Output) -> None:
    for name in CONFIGURED:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, ServiceHandler):
                handler.setStream(output.stream)


@pytest.fixture
def production(made, database_url, logs):
    """A production-like application (after the test app has migrated the database), two routes that fail."""
    application = _production_app(made, database_url)
    application.add_url_rule("/test-raises/<token>", "test_raises", _raises)
    application.add_url_rule("/test-database-fails/<token>", "test_database_fails", _database_fails)
    _capture(logs)
    return application


def _signed_in(application, email: str = COORDINATOR, role: Role = Role.COORDINATOR):
    factories.user(application, email, role)
    client = application.test_client()
    client.post("/login", data={"email": email, "password": factories.PASSWORD}, expect=302)
    return client


def _user_id(application, email: str) -> int:
    with application.app_context():
        found = account_data.user_by_email(email)
        assert found is not None
        return found.id


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_page_gives_its_reference(production, logs):
    response = production.test_client().get("/test-raises/a-secret-token-in-the-path", expect=500)
    page = response.page
    assert page.h1 == "Sorry, there is a problem with the service"
    reference = response.headers["X-Request-Id"]
    assert page.text_of("#error-reference") == f"Quote this reference if you contact us: {reference}"

    errors = logs.named("ehsg.errors")
    assert len(errors) == 1  # once, not once by Flask and once by the service
    error = errors[0]
    assert error["request_id"] == reference and error["level"] == "ERROR"
    assert error["message"] == "Unexpected error in GET /test-raises/<token>"
    assert "RuntimeError: the raising route was asked to fail" in error["traceback"]
    assert "in _raises" in error["traceback"]
    assert [line["status"] for line in logs.access(reference)] == [500]
    assert "a-secret-token-in-the-path" not in logs.raw


def test_a_database_error_is_logged_without_the_values_sent_to_the_database(production, logs):
    response = production.test_client().get("/test-database-fails/x", expect=500)
    (error,) = [line for line in logs.named("ehsg.errors") if line["request_id"] == response.headers["X-Request-Id"]]
    assert "no_such_table" in error["traceback"]
    assert MARKER not in logs.raw


def test_each_request_logs_one_line_naming_its_route_never_its_path(production, logs):
    coordinator = _signed_in(production)
    assessment_id = factories.assessment(production, COORDINATOR)
    response = coordinator.get(f"/assessments/{assessment_id}?tab=secret-query", expect=200)

    (line,) = logs.access(response.headers["X-Request-Id"])
    with production.app_context():
        partnership_id = account_data.partnership_by_name(factories.SEFTON).id
    assert line["message"] == "GET /assessments/<int:assessment_id> 200"
    assert {key: line[key] for key in ("method", "rule", "endpoint", "status", "user_id", "partnership_id")} == {
        "method": "GET", "rule": "/assessments/<int:assessment_id>", "endpoint": "assessments.overview",
        "status": 200, "user_id": _user_id(production, COORDINATOR), "partnership_id": partnership_id}
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "secret-query" not in logs.raw


def test_a_request_nobody_signed_in_to_logs_no_user(production, logs):
    response = production.test_client().get("/join/ABCD2345", expect=None)
    (line,) = logs.access(response.headers["X-Request-Id"])
    assert line["user_id"] is None and line["partnership_id"] is None
    assert "ABCD2345" not in logs.raw  # the workshop code in the path


def test_every_line_is_one_json_object_with_the_fields_an_operator_filters_on(production, logs):
    production.test_client().get("/login", expect=200)
    production.test_client().post("/login", data={"email": "nobody@example.gov.uk", "password": "x"}, expect=200)
    raw_lines = logs.raw.splitlines()
    assert raw_lines
    for raw in raw_lines:
        line = json.loads(raw)
        assert {"time", "level", "logger", "message", "request_id"} <= set(line)
        assert line["request_id"]


def test_a_wrong_password_is_a_security_event_and_no_secret_or_typed_text_is_logged(production, logs):
    factories.user(production, COORDINATOR, Role.COORDINATOR)
    wrong_password = "Wrong-password-" + MARKER
    response = production.test_client().post("/login", data={"email": COORDINATOR, "password": wrong_password},
                                             expect=200)
    (failed,) = logs.events("sign_in_failed")
    assert failed["request_id"] == response.headers["X-Request-Id"]
    assert failed["user_id"] == _user_id(production, COORDINATOR) and failed["failures"] == 1

    coordinator = production.test_client()
    coordinator.post("/login", data={"email": COORDINATOR, "password": factories.PASSWORD}, expect=302)
    session_cookie = coordinator.get_cookie(production.config["SESSION_COOKIE_NAME"])
    assert session_cookie is not None
    coordinator.post("/team/invite", data={"name": "Nia New", "email": "new@example.gov.uk", "role": "viewer"},
                     expect=302)
    link = coordinator.get("/team", expect=200).page.text_of("#invitation-link").removeprefix("http://localhost")
    invitation_token = link.rstrip("/").rsplit("/", 1)[-1]
    newcomer = production.test_client()
    newcomer.get(link, expect=200)
    newcomer.post(link, data={"name": "Nia New", "password": "a long enough passphrase"}, expect=302)
    assessment_id = factories.assessment(production, COORDINATOR)
    save(coordinator, assessment_id, "5.1", score=3, working_well=f"Narrative with {MARKER} in it", expect=302)

    assert len(logs.events("invitation_made")) == 1 and len(logs.events("invitation_accepted")) == 1
    for secret in (wrong_password, MARKER, COORDINATOR, "new@example.gov.uk", session_cookie.value,
                   invitation_token, factories.PASSWORD, "a long enough passphrase"):
        assert secret not in logs.raw, secret


def test_a_refused_page_is_a_security_event(production, logs):
    viewer = _signed_in(production, "viewer@example.gov.uk", Role.VIEWER)
    response = viewer.get("/team/invite", expect=403)
    (refused,) = logs.events("access_refused")
    assert refused["request_id"] == response.headers["X-Request-Id"]
    assert refused["status"] == 403 and refused["user_id"] == _user_id(production, "viewer@example.gov.uk")
    viewer.get("/assessments/999999", expect=404)  # not found, or not theirs: the same answer
    assert [(line["status"], line["action"]) for line in logs.events("access_refused")] == [(403, "manage_team"), (404, "read")]


def test_a_request_id_comes_from_the_proxy_only_when_one_is_trusted(made, database_url, logs):
    untrusted = _production_app(made, database_url).test_client()
    _capture(logs)
    mine = untrusted.get("/login", headers={"X-Request-Id": "chosen-by-the-client"}, expect=200)
    assert mine.headers["X-Request-Id"] != "chosen-by-the-client" and mine.headers["X-Request-Id"]
    assert untrusted.get("/login", expect=200).headers["X-Request-Id"] != mine.headers["X-Request-Id"]

    behind_a_proxy = _production_app(made, database_url, PROXY_HOPS=1).test_client()
    _capture(logs)
    passed_on = behind_a_proxy.get("/login", headers={"X-Request-Id": "proxy-id-0001"}, expect=200)
    assert passed_on.headers["X-Request-Id"] == "proxy-id-0001"
    assert [line["status"] for line in logs.access("proxy-id-0001")] == [200]
    odd = behind_a_proxy.get("/login", headers={"X-Request-Id": "not well formed {\"a\": 1}"}, expect=200)
    assert odd.headers["X-Request-Id"] not in ("", "not well formed {\"a\": 1}")


def test_development_writes_readable_lines(made, database_url, logs):
    from app.config import DevelopmentConfig

    class Development(DevelopmentConfig):
        SECRET_KEY = "a-development-secret-for-the-log-tests"
        SQLALCHEMY_DATABASE_URI = database_url

    application = _made(made, Development)
    _capture(logs)
    response = application.test_client().get("/login", expect=200)
    (line,) = logs.raw.splitlines()
    assert f"INFO ehsg.access [{response.headers['X-Request-Id']}] GET /login 200" in line
    assert "duration_ms=" in line and not line.startswith("{")


def test_the_test_profile_adds_no_handler_so_pytest_captures_the_records(app, made, caplog):
    _made(made, TestConfig)  # as the suite's own application was made (another test may have made others since)
    assert not any(isinstance(h, ServiceHandler) for name in CONFIGURED for h in logging.getLogger(name).handlers)
    caplog.set_level(logging.INFO, logger="ehsg")
    app.test_client().post("/login", data={"email": "nobody@example.gov.uk", "password": "x"}, expect=200)
    assert [r.getMessage() for r in caplog.records if r.name == "ehsg.security"] == ["sign_in_failed"]


# --- Security events where they happen (the test profile, read through pytest's capture) -------


@pytest.fixture
def security(caplog):
    """The security events logged so far, as (event, fields) pairs."""
    caplog.set_level(logging.INFO, logger="ehsg")

    def events() -> list[tuple[str, dict]]:
        return [(r.getMessage(), r.fields) for r in caplog.records if r.name == "ehsg.security"]

    return events


def test_a_lockout_and_the_sign_ins_refused_during_it_are_security_events(app, client, make_user, security,
                                                                         time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    make_user("viewer@example.gov.uk")
    user_id = _user_id(app, "viewer@example.gov.uk")
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        client.post("/login", data={"email": "viewer@example.gov.uk", "password": "wrong"})
        time_machine.shift(120)
    client.post("/login", data={"email": "viewer@example.gov.uk", "password": factories.PASSWORD}, expect=429)
    events = security()
    assert [name for name, _ in events].count("sign_in_failed") == app.config["LOGIN_LOCK_AFTER"]
    assert ("sign_in_locked", {"user_id": user_id, "failures": app.config["LOGIN_LOCK_AFTER"]}) in events
    assert events[-1] == ("sign_in_refused_locked", {"user_id": user_id})


def test_role_changes_and_removals_are_security_events(app, signed_in, make_user, security):
    coordinator = signed_in(Role.COORDINATOR)
    make_user("viewer@example.gov.uk", Role.VIEWER)
    with app.app_context():
        member = account_data.user_by_email("viewer@example.gov.uk").memberships[0]
        member_id, user_id, partnership_id = member.id, member.user_id, member.partnership_id
    coordinator.post(f"/team/{member_id}/role", data={"role": "facilitator"}, expect=302)
    coordinator.post(f"/team/{member_id}/remove", expect=302)
    assert security()[-2:] == [
        ("role_changed", {"membership_id": member_id, "user_id": user_id, "partnership_id": partnership_id,
                          "role_was": "viewer", "role": "facilitator"}),
        ("member_removed", {"membership_id": member_id, "user_id": user_id, "partnership_id": partnership_id,
                            "role": "facilitator"}),
    ]


def test_wrong_workshop_codes_and_the_wait_after_them_are_security_events(app, monkeypatch, security):
    monkeypatch.setitem(app.config, "WORKSHOP_JOIN_LOCK_AFTER", 2)
    guesser = app.test_client()
    for attempt in range(3):
        guesser.post("/join", data={"code": wrong_code(attempt)})
    assert security() == [
        ("workshop_code_wrong", {"failures": 1, "locked": False, "address_failures": 1, "at_ceiling": False}),
        ("workshop_code_wrong", {"failures": 2, "locked": True, "address_failures": 2, "at_ceiling": False}),
        ("workshop_join_throttled", {"kind": "browser", "failures": 2}),
    ]


def test_a_backup_and_a_restore_are_security_events(app, make_user, security):
    from app.services import backup, restore

    make_user("viewer@example.gov.uk")
    with app.app_context():
        made = backup.make_backup()
        rows = sum(made.counts.values())
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        restore.restore(made.content)
    assert security() == [("backup_written", {"whole": True, "rows": rows}),
                          ("restore_done", {"whole": True, "rows": rows})]
