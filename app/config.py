"""Configuration: every setting declared and typed in :class:`Settings`, read from the environment.

`EHSG_ENV` chooses the profile: ``production`` (the default, so a deployment that forgets to
say is safe), ``development`` (what ``make run`` uses) or ``test``. A profile is a plain class
whose upper-case attributes set defaults of its own (``TestConfig``; a test may subclass it and
change a value); the environment overrides them, except in the test profile, which reads
nothing from the environment. ``DATABASE_URL`` selects the database; without it the embedded
default is an SQLite file in the instance folder.

The environment's names: ``SECRET_KEY``, ``DATABASE_URL``, ``SESSION_COOKIE_SECURE``, and for
the rest ``EHSG_`` and the setting's name (``EHSG_PROXY_HOPS``, ``EHSG_LOGIN_LOCK_AFTER``,
``EHSG_WORKSHOP_JOIN_LOCK_AFTER``...). A value that is not what its setting takes stops the
application at start-up with a message naming the variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

Profile = Literal["production", "development", "test"]
PROFILE_NAMES: tuple[str, ...] = ("production", "development", "test")


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the application can run with."""


class Settings(BaseSettings):
    """Every setting the application reads, typed. The field names are Flask's config keys."""

    model_config = SettingsConfigDict(env_prefix="EHSG_", case_sensitive=True, extra="forbid", env_ignore_empty=True,
                                      validate_by_name=True, frozen=True)
    #: Whether the environment is read (the test profile reads nothing from it).
    reads_environment: ClassVar[bool] = True
    #: Settings a profile fixes and the environment may not change.
    PROFILE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"ENV_NAME", "TESTING", "WTF_CSRF_ENABLED", "SQLALCHEMY_RECORD_QUERIES", "SQLALCHEMY_ENGINE_OPTIONS"})

    ENV_NAME: Profile = "production"
    TESTING: bool = False
    SECRET_KEY: str | None = Field(None, validation_alias="SECRET_KEY")
    # Filled in by create_app when DATABASE_URL is not set (needs the instance path).
    SQLALCHEMY_DATABASE_URI: str | None = Field(None, validation_alias="DATABASE_URL")
    #: hide_parameters: an error's message never shows the values sent to the database (what
    #: people typed, hashes), since errors are logged.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = Field(
        default_factory=lambda: {"pool_pre_ping": True, "hide_parameters": True})
    SQLALCHEMY_RECORD_QUERIES: bool = False

    SESSION_COOKIE_NAME: str = "ehsg_session"
    SESSION_COOKIE_SECURE: bool = Field(True, validation_alias="SESSION_COOKIE_SECURE")
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: Literal["Lax", "Strict"] = "Lax"
    #: None: as SESSION_COOKIE_SECURE.
    REMEMBER_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_HTTPONLY: bool = True
    #: A signed-in session ends after this long without a request (checked on the server).
    SESSION_IDLE_TIMEOUT: timedelta = timedelta(minutes=60)
    #: ... and after this long in all, however busy (checked on the server too).
    PERMANENT_SESSION_LIFETIME: timedelta = timedelta(hours=12)

    WTF_CSRF_ENABLED: bool = True
    WTF_CSRF_TIME_LIMIT: int | None = None  # the token lives as long as the session

    #: Failed sign-ins: after LOGIN_SLOW_AFTER failures each further attempt must wait longer;
    #: after LOGIN_LOCK_AFTER failures the account is refused for LOGIN_LOCK_MINUTES.
    LOGIN_SLOW_AFTER: int = Field(3, ge=1)
    LOGIN_LOCK_AFTER: int = Field(6, ge=1)
    LOGIN_LOCK_MINUTES: int = Field(15, ge=1)
    LOGIN_WINDOW_MINUTES: int = Field(15, ge=1)

    #: Wrong workshop codes from one browser (its random id in the session cookie): after
    #: WORKSHOP_JOIN_LOCK_AFTER of them within WORKSHOP_JOIN_WINDOW_MINUTES that browser alone must
    #: wait WORKSHOP_JOIN_LOCK_MINUTES. From one address (a whole room may share one): after
    #: WORKSHOP_JOIN_ADDRESS_CEILING within the window, its attempts take turns, one every
    #: WORKSHOP_JOIN_PACE_SECONDS. A right code from any other browser is never locked out.
    WORKSHOP_JOIN_LOCK_AFTER: int = Field(10, ge=1)
    WORKSHOP_JOIN_WINDOW_MINUTES: int = Field(15, ge=1)
    WORKSHOP_JOIN_LOCK_MINUTES: int = Field(15, ge=1)
    WORKSHOP_JOIN_ADDRESS_CEILING: int = Field(200, ge=1)
    WORKSHOP_JOIN_PACE_SECONDS: int = Field(3, ge=1)
    #: How long each app process answers a phone's "where is the room?" from what it last read of
    #: the room (app/services/room_follow.py): at most this much later than the change, a phone
    #: follows. 0 reads the room every time (the test profile, whose tests move a room and ask at once).
    ROOM_FRESH_SECONDS: float = Field(0.5, ge=0, le=2)

    #: How many proxies (load balancer, reverse proxy) stand in front of the application and set
    #: X-Forwarded-For / X-Forwarded-Proto. 0 trusts none: behind a proxy, set EHSG_PROXY_HOPS=1
    #: so that the workshop join limit counts each client, not the proxy's one address.
    PROXY_HOPS: int = Field(0, ge=0)

    #: The logs: "json" (one JSON object a line, on stdout) or "text" (readable lines); unset, JSON
    #: in production and text in development. The test profile writes none (pytest captures them).
    LOG_FORMAT: Literal["json", "text"] | None = None
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # --- Email (app.mail): SMTP when SMTP_HOST is set, GOV.UK Notify when NOTIFY_API_KEY is
    # set (Notify wins if both are), otherwise none: in development and tests each email is
    # written to the log instead; in production invitation links are shown to the coordinator
    # once and no password reset email can be sent (a warning is logged for the operator).
    #: The SMTP server, its port, and the account to sign in to it with (if it asks for one).
    SMTP_HOST: str | None = None
    SMTP_PORT: int = Field(587, ge=1, le=65535)
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    #: Ask the SMTP server for STARTTLS before signing in and sending (set false only for a
    #: server on this machine).
    SMTP_STARTTLS: bool = True
    #: How long to wait for the SMTP server, in seconds.
    SMTP_TIMEOUT: int = Field(10, ge=1)
    #: The address emails come from, such as "Early Help toolkit <early.help@council.gov.uk>".
    EMAIL_FROM: str | None = None
    #: A GOV.UK Notify API key; with it, emails go through Notify with the templates below.
    NOTIFY_API_KEY: str | None = None
    NOTIFY_BASE_URL: str = "https://api.notifications.service.gov.uk"
    #: The Notify template for each kind of email (see app/mail/messages.py for their fields).
    NOTIFY_TEMPLATE_INVITATION: str | None = None
    NOTIFY_TEMPLATE_PASSWORD_RESET: str | None = None
    #: Password reset emails: at most this many to one account in an hour (more are not sent,
    #: and the person asking is not told).
    PASSWORD_RESET_EMAILS_PER_HOUR: int = Field(3, ge=1)

    MAX_CONTENT_LENGTH: int = Field(10 * 1024 * 1024, ge=1)
    SERVICE_NAME: str = "Early Help System Guide toolkit"
    #: Where the Early Help System Guide editions live (one YAML file per edition).
    DESCRIPTORS_DIR: str | None = None

    @field_validator("SQLALCHEMY_DATABASE_URI")
    @classmethod
    def _psycopg_3(cls, url: str | None) -> str | None:
        return normalise_database_url(url) if url else None

    @field_validator("SECRET_KEY", "DESCRIPTORS_DIR", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "EMAIL_FROM",
                     "NOTIFY_API_KEY", "NOTIFY_TEMPLATE_INVITATION", "NOTIFY_TEMPLATE_PASSWORD_RESET")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment first, so it overrides the profile; nothing from it in the test profile."""
        if not cls.reads_environment:
            return (init_settings,)
        return (_Environment(settings_cls), init_settings)

    def flask_config(self) -> dict[str, Any]:
        """The settings as Flask's config keys."""
        values = self.model_dump()
        if values["REMEMBER_COOKIE_SECURE"] is None:
            values["REMEMBER_COOKIE_SECURE"] = self.SESSION_COOKIE_SECURE
        return values


class _Environment(EnvSettingsSource):
    """The environment, without the settings only a profile may fix."""

    def __call__(self) -> dict[str, Any]:
        return {key: value for key, value in super().__call__().items() if key not in Settings.PROFILE_ONLY}


class _GivenSettings(Settings):
    """The settings as a test profile gives them, with nothing from the environment."""

    reads_environment: ClassVar[bool] = False


def environment_name(field: str) -> str:
    """The environment variable that sets a setting ('EHSG_PROXY_HOPS' for PROXY_HOPS)."""
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else f"EHSG_{field}"


# --- Profiles ----------------------------------------------------------------------------


class Config:
    """Production: the defaults in Settings, overridden from the environment."""

    ENV_NAME = "production"


class DevelopmentConfig(Config):
    """Local use on http://127.0.0.1: a secret kept in the instance folder, cookies over HTTP."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False


class TestConfig(Config):
    """The test suite: a fixed secret, CSRF off unless a test turns it on, nothing from the environment."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-use-anywhere-else"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_RECORD_QUERIES = True
    LOG_LEVEL = "WARNING"  # quiet: a test that reads the logs sets the level it needs
    ROOM_FRESH_SECONDS = 0.0


PROFILES: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "test": TestConfig,
}


def profile_values(profile: type[Config]) -> dict[str, Any]:
    """A profile's own settings: its upper-case attributes, a subclass's over its base's."""
    values: dict[str, Any] = {}
    for klass in reversed(profile.__mro__):
        values.update({name: value for name, value in vars(klass).items() if name.isupper()})
    return values


def settings_for(profile: type[Config]) -> Settings:
    """The settings of a profile, with the environment's values over its own (but in the test profile)."""
    values = profile_values(profile)
    reader = _GivenSettings if values.get("ENV_NAME") == "test" else Settings
    try:
        return reader(**values)
    except ValidationError as problem:
        raise ConfigError(_explained(problem, from_environment=reader.reads_environment)) from None


def config_from_environment() -> type[Config]:
    """The profile EHSG_ENV names; production when it is unset."""
    name = os.environ.get("EHSG_ENV", "production").strip().lower()
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(f"EHSG_ENV is {name!r}; set it to one of: {', '.join(PROFILES)}.") from None


_WHAT_TO_SET = {
    "int_parsing": "set it to a whole number, such as 0 or 1",
    "int_from_float": "set it to a whole number, such as 0 or 1",
    "greater_than_equal": "set it to a whole number, such as 0 or 1",
    "bool_parsing": "set it to true or false",
    "literal_error": "set it to one of the values its description lists",
    "time_delta_parsing": "set it to a number of seconds, such as 3600",
    "extra_forbidden": "it is not a setting the toolkit has",
}


def _explained(problem: ValidationError, *, from_environment: bool) -> str:
    """'EHSG_PROXY_HOPS is 'one'; set it to a whole number, such as 0 or 1.' for each wrong value."""
    lines = []
    for error in problem.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        if field in Settings.model_fields:
            named = environment_name(field)
            if from_environment and named in os.environ:
                field = named
        advice = _WHAT_TO_SET.get(error["type"], error["msg"][:1].lower() + error["msg"][1:])
        if error["type"] == "greater_than_equal":
            advice = f"set it to a whole number, {error['ctx']['ge']} or more"
        lines.append(f"{field} is {error.get('input')!r}; {advice}.")
    return " ".join(lines)


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
