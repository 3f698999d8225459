"""The thing a page names, and the signed-in person's membership of its partnership, in one query.

The membership is None when the person is not a member there; the whole answer is None when the
thing does not exist.
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from app.data.models import Assessment, Membership, Workshop
from app.extensions import db


def _theirs(user_id: int, partnership_id):
    return and_(Membership.user_id == user_id, Membership.partnership_id == partnership_id)


def assessment_and_membership(assessment_id: int, user_id: int) -> tuple[Assessment, Membership | None] | None:
    row = db.session.execute(
        select(Assessment, Membership)
        .outerjoin(Membership, _theirs(user_id, Assessment.partnership_id))
        .where(Assessment.id == assessment_id)
    ).first()
    return None if row is None else (row[0], row[1])


def workshop_and_membership(workshop_id: int, user_id: int) -> tuple[Workshop, Membership | None] | None:
    """The workshop (with its assessment) and the person's membership of the assessment's partnership."""
    row = db.session.execute(
        select(Workshop, Assessment, Membership)
        .join(Assessment, Workshop.assessment_id == Assessment.id)
        .outerjoin(Membership, _theirs(user_id, Assessment.partnership_id))
        .where(Workshop.id == workshop_id)
    ).first()
    return None if row is None else (row[0], row[2])


def membership_and_own(membership_id: int, user_id: int) -> tuple[Membership, Membership | None] | None:
    """A membership named in an address, and the person's own membership of the same partnership."""
    target = aliased(Membership)
    row = db.session.execute(
        select(target, Membership)
        .outerjoin(Membership, _theirs(user_id, target.partnership_id))
        .where(target.id == membership_id)
    ).first()
    return None if row is None else (row[0], row[1])
