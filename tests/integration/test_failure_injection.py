"""A failure part-way through an import, an agreement or a sign-off leaves the database as it was.

The failure is injected by making a data-layer function raise after the operation has already
written part of its work in the transaction (the audit writer, which each of them calls after
its main change). The service must roll back: even when whatever runs next in the same unit of
work commits, not one row of the half-done operation reaches the database. Every table is
compared, row by row, before and after.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.data import assessments as assessment_data
from app.data.models import Assessment, AssessmentStatus, Workshop
from app.extensions import db
from app.frameworks import framework
from app.services import assessment_progress as progress
from app.services import assessments, demo, returns, workshop_agreement, workshop_facilitation
from app.services import sign_off as signing


class InjectedFailure(RuntimeError):
    """Stands for anything that can go wrong part-way: a dropped connection, a full disk, a bug."""


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, read on a connection of its own (what another request would see)."""
    with db.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select().order_by(*table.primary_key.columns))]
            for table in db.metadata.sorted_tables
        }


def fail_on_audit(monkeypatch) -> list[int]:
    """Make the audit writer raise; returns a list that counts the calls (so the test knows the
    failure really came part-way, after the operation's first writes)."""
    calls: list[int] = []

    def failing(entry):
        calls.append(1)
        db.session.flush()  # whatever the operation has done so far is in the transaction
        raise InjectedFailure("the audit log could not be written")

    monkeypatch.setattr(assessment_data, "add_audit", failing)
    return calls


def the_next_thing_commits() -> None:
    """Whatever runs next in the same app context (the rest of a command, the next step of a
    seed) commits its own work."""
    db.session.commit()


@pytest.fixture
def demo_data(app):
    with app.app_context():
        demo.seed_demo()
    return app


def test_a_failed_import_saves_nothing(demo_data, monkeypatch):
    with demo_data.app_context():
        guide = framework("ehsg-2022")
        ret = returns.read(demo.SEFTON_2022.name, demo.SEFTON_2022.read_bytes(), guide)
        before = dump()
        calls = fail_on_audit(monkeypatch)
        with pytest.raises(InjectedFailure):
            returns.import_return(ret, guide, partnership_name="Knowsley Early Help Partnership", year=2022,
                                  source="knowsley-2022.txt")
        assert calls, "the import never reached the audit writer"
        the_next_thing_commits()
        assert dump() == before
        # And the import works once the fault is gone: nothing half-saved stands in its way.
        monkeypatch.undo()
        imported = returns.import_return(ret, guide, partnership_name="Knowsley Early Help Partnership", year=2022)
        assert imported.partnership.name == "Knowsley Early Help Partnership"
        assert len(imported.responses) == len(guide.descriptors)


def test_a_failed_agreement_saves_nothing(demo_data, monkeypatch):
    with demo_data.app_context():
        workshop = db.session.scalar(select(Workshop))
        assessment = assessments.assessment(workshop.assessment_id)
        guide = framework(assessment.edition_id)
        facts = workshop_facilitation.facilitation(workshop, "5.2", guide, with_names=True)
        comments = tuple(c.token for c in facts.all_comments)
        assert comments
        agreement = workshop_agreement.Agreement(
            score=3, rationale="Most agencies can name a lead practitioner; health cannot yet.",
            evidence_tokens=comments, expected_version=assessments.response(assessment, "5.2").version)
        facilitator = assessment.partnership.memberships[1].user
        before = dump()
        calls = fail_on_audit(monkeypatch)
        with pytest.raises(InjectedFailure):
            workshop_agreement.agree(workshop, "5.2", agreement, facilitator, guide)
        assert calls
        the_next_thing_commits()
        assert dump() == before

        monkeypatch.undo()
        db.session.expire_all()
        workshop = db.session.scalar(select(Workshop))
        assert workshop_agreement.agree(workshop, "5.2", agreement, facilitator, guide) is None
        saved = assessments.response(assessments.assessment(workshop.assessment_id), "5.2")
        assert saved.score == 3 and len(saved.evidence) == len(comments)


def test_a_failed_sign_off_saves_nothing(demo_data, monkeypatch):
    with demo_data.app_context():
        ready = db.session.scalar(select(Assessment).where(Assessment.year == 2022))
        guide = framework(ready.edition_id)
        assert progress.sign_off_problems(ready, guide) == []
        lead = next(m.user for m in ready.partnership.memberships if m.role.value == "strategic_lead")
        before = dump()
        calls = fail_on_audit(monkeypatch)
        with pytest.raises(InjectedFailure):
            signing.sign_off(ready, lead, guide)
        assert calls
        the_next_thing_commits()
        assert dump() == before

        monkeypatch.undo()
        db.session.expire_all()
        ready = db.session.scalar(select(Assessment).where(Assessment.year == 2022))
        assert ready.status == AssessmentStatus.IN_PROGRESS
        signing.sign_off(ready, lead, guide)
        assert dump()["assessment"] != before["assessment"]
