"""Configuration from the environment.

`EHSG_ENV` chooses the profile: ``production`` (the default, so a deployment that forgets to
say is safe), ``development`` (what ``make run`` uses) or ``test``. ``DATABASE_URL`` selects the
database; without it the embedded default is an SQLite file in the instance folder.
"""

from __future__ import annotations

import os
from datetime import timedelta


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the application can run with."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_count(name: str) -> int:
    value = os.environ[name].strip()
    if not value.isdigit():
        raise ConfigError(f"{name} is {value!r}; set it to a whole number, such as 0 or 1.")
    return int(value)


class Config:
    """Production settings. Every value can be overridden from the environment."""

    ENV_NAME = "production"
    SECRET_KEY: str | None = None
    # Filled in by create_app when DATABASE_URL is not set (needs the instance path).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    SESSION_COOKIE_NAME = "ehsg_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    # A signed-in session ends after this long without a request (checked on the server).
    SESSION_IDLE_TIMEOUT = timedelta(minutes=60)
    # ... and after this long in all, however busy (checked on the server too).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Failed sign-ins: after SLOW_AFTER failures each further attempt must wait longer;
    # after LOCK_AFTER failures the account is refused for LOCK_MINUTES.
    LOGIN_SLOW_AFTER = 3
    LOGIN_LOCK_AFTER = 6
    LOGIN_LOCK_MINUTES = 15
    LOGIN_WINDOW_MINUTES = 15

    # How many proxies (load balancer, reverse proxy) stand in front of the application and set
    # X-Forwarded-For / X-Forwarded-Proto. 0 trusts none: behind a proxy, set EHSG_PROXY_HOPS=1
    # so that the workshop join limit counts each client, not the proxy's one address.
    PROXY_HOPS = 0

    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    SERVICE_NAME = "Early Help System Guide toolkit"
    # Where the Early Help System Guide editions live (one YAML file per edition).
    DESCRIPTORS_DIR: str | None = None

    @classmethod
    def from_environment(cls) -> dict[str, object]:
        """The settings the environment overrides."""
        overrides: dict[str, object] = {}
        if os.environ.get("SECRET_KEY"):
            overrides["SECRET_KEY"] = os.environ["SECRET_KEY"]
        if os.environ.get("DATABASE_URL"):
            overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
        if os.environ.get("SESSION_COOKIE_SECURE") is not None:
            secure = _env_bool("SESSION_COOKIE_SECURE", True)
            overrides["SESSION_COOKIE_SECURE"] = secure
            overrides["REMEMBER_COOKIE_SECURE"] = secure
        if os.environ.get("EHSG_PROXY_HOPS"):
            overrides["PROXY_HOPS"] = _env_count("EHSG_PROXY_HOPS")
        if os.environ.get("EHSG_DESCRIPTORS_DIR"):
            overrides["DESCRIPTORS_DIR"] = os.environ["EHSG_DESCRIPTORS_DIR"]
        return overrides


class DevelopmentConfig(Config):
    """Local use on http://127.0.0.1: a secret kept in the instance folder, cookies over HTTP."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestConfig(Config):
    """The test suite: a fixed secret, CSRF off unless a test turns it on."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-use-anywhere-else"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_RECORD_QUERIES = True


PROFILES: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "test": TestConfig,
}


def config_from_environment() -> type[Config]:
    """The profile EHSG_ENV names; production when it is unset."""
    name = os.environ.get("EHSG_ENV", "production").strip().lower()
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(
            f"EHSG_ENV is {name!r}; set it to one of: {', '.join(PROFILES)}."
        ) from None


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
