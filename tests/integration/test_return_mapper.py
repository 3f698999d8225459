"""The return read from the database: everything a download shows, in a fixed number of queries,
with no lazy load (the mapper loads with raiseload("*"), so one would be an error)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.data import returns as return_data
from app.data.models import Assessment
from app.domain.returns import Evidence, EvidenceKind
from app.extensions import db
from app.services import assessments, demo
from app.services import descriptor_edits as edits


@contextmanager
def counted():
    """Counts the SQL statements sent while the block runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def seeded(app):
    """The demo: a 2022 return imported, this year's assessment in progress with evidence on 5.1
    and 5.3 agreed in a workshop from seven people's answers."""
    with app.app_context():
        demo.seed_demo()
        this_year = db.session.scalar(select(Assessment).order_by(Assessment.year.desc()).limit(1))
        ids = this_year.id, this_year.partnership_id, this_year.year
        db.session.remove()
    return ids


def test_the_return_carries_answers_evidence_and_the_workshops_figures(app, seeded):
    assessment_id, _, year = seeded
    with app.app_context():
        ret = return_data.return_of(assessment_id)
    assert ret is not None
    assert (ret.area, ret.local_authority, ret.year) == (demo.DEMO_PARTNERSHIP, demo.DEMO_LOCAL_AUTHORITY, year)
    assert ret.scores["5.1"] == 3 and ret.scores["5.3"] == 2
    assert ret.answer("5.1").evidence == (Evidence("Quarterly family feedback report", EvidenceKind.FAMILY_FEEDBACK,
                                                   "Demo Borough Council"),)
    agreed = ret.answer("5.3").workshop
    assert agreed is not None
    assert (agreed.workshop_title, agreed.agreed_score, agreed.count) == (
        "Family voice: scores before the workshop", 2, 6)
    assert agreed.rationale.startswith("One assessment form is shared")
    assert {g.group for g in agreed.by_group} >= {"Health", "Police"}
    assert ret.answer("5.2").workshop is None  # revealed, not agreed
    assert ret.data_model.submitted == 3 and ret.data_model.changed is False


def test_a_return_costs_the_same_queries_however_much_it_holds(app, seeded):
    assessment_id, partnership_id, year = seeded
    with app.app_context():
        with counted() as seen:
            return_data.return_of(assessment_id)
        assert len(seen) == return_data.QUERIES + return_data.WORKSHOP_QUERIES
        with counted() as seen:
            return_data.return_of(assessment_id, with_workshops=False)
        assert len(seen) == return_data.QUERIES
        with counted() as seen:
            last_year = return_data.previous_return_of(partnership_id, year)
        assert len(seen) == return_data.QUERIES
        assert last_year is not None and last_year.year == 2022 and len(last_year.answers) == 31

        # Twenty more pieces of evidence on five more descriptors: not one query more.
        found = assessments.assessment(assessment_id)
        coordinator = found.partnership.memberships[0].user
        for descriptor_id in ("6.1", "6.2", "6.3", "7.1", "7.2"):
            for number in range(4):
                edits.save_descriptor(
                    found, descriptor_id, edits.DescriptorEdit(None, "", ""),
                    assessments.response(found, descriptor_id).version, coordinator,
                    new_evidence=Evidence(f"Report {number}", EvidenceKind.AUDIT))
        db.session.remove()
        with counted() as seen:
            ret = return_data.return_of(assessment_id)
        assert len(seen) == return_data.QUERIES + return_data.WORKSHOP_QUERIES
        assert ret is not None and len(ret.answer("7.2").evidence) == 4


def test_the_objects_the_request_holds_still_load_what_they_need(app, seeded):
    """The mapper reads in a session of its own: the request's objects keep their lazy loads."""
    assessment_id, _, _ = seeded
    with app.app_context():
        found = assessments.assessment(assessment_id)
        return_data.return_of(assessment_id)
        assert found.responses[0].assessment.partnership.name == demo.DEMO_PARTNERSHIP
        assert {r.descriptor_id for r in found.responses if r.updated_by is not None} >= {"5.1"}


def test_there_is_no_return_of_an_assessment_that_is_not_there(app):
    with app.app_context():
        assert return_data.return_of(987654) is None
        assert return_data.previous_return_of(987654, 2026) is None
