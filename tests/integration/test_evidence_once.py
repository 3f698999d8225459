"""The same evidence sent twice at the same moment is listed once, on SQLite and PostgreSQL.

Two requests run in threads of their own (as in test_concurrency). A barrier placed just after
the check for the evidence makes both find it missing before either adds it: the race two
clicks of "Add evidence" run. SQLite takes one writer at a time, so the second insert waits for
the first to commit and is then refused by the descriptor's unique key on the evidence's
identity; PostgreSQL refuses it the same way. (Evidence sent with changed text is not raced
here on SQLite: the text's save takes SQLite's one write lock first, so the two requests take
turns before they reach the check; test_concurrency races that on PostgreSQL.)
"""

from __future__ import annotations

import threading

from app.data import assessments as assessment_data
from app.data.models import AuditEntry, EvidenceItem
from app.domain.roles import Role
from tests.integration.assessment_helpers import create_assessment, save, version_on
from tests.integration.test_concurrency import EVIDENCE, at_once, count, signed_in_client


def both_find_it_missing(monkeypatch, parties: int = 2) -> list[bool]:
    """Make each thread's first evidence check wait, once it has its answer, until every thread
    has one; the answers, for the test to see the race really ran."""
    barrier = threading.Barrier(parties, timeout=60)
    original = assessment_data.has_evidence
    local = threading.local()
    answers: list[bool] = []

    def checked_then_meet(*args, **kwargs):
        found = original(*args, **kwargs)
        if not getattr(local, "met", False):
            local.met = True
            answers.append(found)
            barrier.wait()
        return found

    monkeypatch.setattr(assessment_data, "has_evidence", checked_then_meet)
    return answers


def test_the_same_evidence_sent_twice_at_once_is_listed_once_on_every_database(app, make_user, monkeypatch):
    make_user("coordinator@example.gov.uk", Role.COORDINATOR)
    tabs = [signed_in_client(app, "coordinator@example.gov.uk") for _ in range(2)]
    assessment_id = create_assessment(tabs[0])
    version = version_on(tabs[0], assessment_id, "5.1")
    answers = both_find_it_missing(monkeypatch)
    responses = at_once(*((lambda c=c: save(c, assessment_id, "5.1", version=version, **EVIDENCE)) for c in tabs))
    assert answers == [False, False]  # both looked before either added it
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, EvidenceItem) == 1
    assert count(app, AuditEntry, AuditEntry.action == "added evidence") == 1
    # The one that lost the race is told so, as when the form is sent twice one after the other.
    messages = sorted(" ".join(c.get(f"/assessments/{assessment_id}/descriptors/5.1", expect=200).page.notifications)
                      for c in tabs)
    assert any("already listed, so it was not added again" in m for m in messages)
    assert any("Evidence added" in m for m in messages)

