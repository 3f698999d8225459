"""Security headers set by the application itself, and CSRF protection."""

import re

import pytest

from app.config import Config, ConfigError, normalise_database_url, settings_for
from app.factory import create_app
from tests.integration.conftest import PASSWORD


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login", expect=200)
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    # The GOV.UK template's one inline script carries this request's nonce.
    inline = [script for script in response.page.soup.find_all("script") if not script.get("src")]
    assert [script.get("nonce") for script in inline] == [nonce]


def test_each_response_gets_a_new_nonce(client):
    first = client.get("/login", expect=200).headers["Content-Security-Policy"]
    second = client.get("/login", expect=200).headers["Content-Security-Policy"]
    assert first != second


def test_other_security_headers(client):
    headers = client.get("/", expect=200).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("viewer@example.gov.uk")
    response = client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD}, expect=302)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure_and_a_secret_is_required(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert settings_for(Config).SESSION_COOKIE_SECURE is True
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(Config)


def test_production_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    app = create_app(Config)
    assert app.config["SECRET_KEY"] == "x" * 64
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("prod.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_post_without_a_csrf_token_gets_a_friendly_400(csrf_client, make_user):
    make_user("viewer@example.gov.uk")
    page = csrf_client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD}, expect=400).page
    assert page.h1 == "Your form could not be sent"
    assert "Nothing was saved" in page.text
    # and the person was not signed in
    csrf_client.get("/assessments", expect=302)


def test_a_post_with_the_csrf_token_works(csrf_client, make_user):
    make_user("viewer@example.gov.uk")
    token = csrf_client.get("/login", expect=200).page.value("csrf_token")
    csrf_client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD, "csrf_token": token},
                     expect=302)
    csrf_client.get("/assessments", expect=200)


def test_signing_out_without_a_csrf_token_is_refused(csrf_client, make_user):
    make_user("viewer@example.gov.uk")
    token = csrf_client.get("/login", expect=200).page.value("csrf_token")
    csrf_client.post("/login", data={"email": "viewer@example.gov.uk", "password": PASSWORD, "csrf_token": token},
                     expect=302)
    csrf_client.post("/logout", expect=400)
    csrf_client.get("/assessments", expect=200)
