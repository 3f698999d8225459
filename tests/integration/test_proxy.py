"""Behind a reverse proxy (EHSG_PROXY_HOPS=1) each client is counted by its own address, so one
person guessing codes does not slow the rest of the building; without it, every request
seems to come from the proxy."""

from __future__ import annotations

import pytest

from app.config import Config, ConfigError, TestConfig, settings_for
from app.extensions import db
from app.factory import create_app
from tests.integration.workshop_helpers import facilitated, wrong_code
from tests.strict_client import StrictClient

CEILING = 5


def _app_behind_proxy(database_url: str, hops: int):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        PROXY_HOPS = hops
        WORKSHOP_JOIN_ADDRESS_CEILING = CEILING

    application = create_app(Config)
    application.test_client_class = StrictClient
    return application


def _to_the_ceiling(proxied, address: str) -> None:
    """A script that keeps no cookie tries codes from ``address`` past its ceiling, taking its turn."""
    for attempt in range(CEILING + 1):
        proxied.test_client().get(f"/join/{wrong_code(attempt)}", headers={"X-Forwarded-For": address}, expect=404)


@pytest.mark.parametrize("hops, other_client_status", [(1, 200), (0, 429)])
def test_wrong_codes_are_counted_per_client_behind_a_proxy(app, database_url, signed_in, make_user,
                                                           hops, other_client_status):
    _, _, _, code = facilitated(app, signed_in, make_user)
    proxied = _app_behind_proxy(database_url, hops)
    _to_the_ceiling(proxied, "203.0.113.5")
    waits = proxied.test_client().get(f"/join/{code}", headers={"X-Forwarded-For": "203.0.113.5"})
    assert waits.status_code == 429
    neighbour = proxied.test_client().get(f"/join/{code}", headers={"X-Forwarded-For": "203.0.113.9"})
    assert neighbour.status_code == other_client_status
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_proxy_count_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("EHSG_PROXY_HOPS", "one")
    with pytest.raises(ConfigError, match="EHSG_PROXY_HOPS is 'one'; set it to a whole number"):
        settings_for(Config)
