"""A reset link works once even when it is sent twice at the same moment (PostgreSQL only: see
test_concurrency for how the two requests are made to race)."""

from __future__ import annotations

from app.data import passwords as password_data
from app.domain.roles import Role
from tests.integration.mail_helpers import link_in
from tests.integration.test_concurrency import at_once, meet_before, postgres_only


@postgres_only
def test_one_reset_link_sent_twice_at_once_sets_one_password(app, client, make_user, mailbox, monkeypatch):
    make_user("vic@example.gov.uk", Role.VIEWER)
    client.post("/forgotten-password", data={"email": "vic@example.gov.uk"}, expect=200)
    link = link_in(mailbox.only_message("vic@example.gov.uk"), "/reset-password/")
    meet_before(monkeypatch, password_data, "claim_reset")
    passwords = ("the first new passphrase", "the second new passphrase")
    first, second = at_once(*(lambda p=p: app.test_client().post(link, data={"new_password": p}) for p in passwords))
    assert sorted((first.status_code, second.status_code)) == [302, 404]
    loser = first if first.status_code == 404 else second
    assert loser.page.h1 == "This link has already been used"
    winner = passwords[0] if first.status_code == 302 else passwords[1]
    signs_in = [app.test_client().post("/login", data={"email": "vic@example.gov.uk", "password": p}).status_code
                for p in passwords]
    assert signs_in == [302 if p == winner else 200 for p in passwords]
