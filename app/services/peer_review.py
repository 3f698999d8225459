"""Peer review (the guide's third method): a coordinator invites someone from another
partnership to read one assessment and challenge it, for a limited time; they can end it.

Every invitation, ending, challenge and view of the reviewer's is in the assessment's history.
The challenges are shown to the partnership beside each descriptor and never reach the return
(app.data.returns does not read them). The rules are in app.domain.peer_review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.data import Assessment, PeerChallenge, PeerReview, User
from app.data import accounts as account_data
from app.data import peer_reviews as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import peer_review as rules
from app.domain.peer_review import ReviewState
from app.domain.text import clean_text
from app.logs import security_event
from app.services.assessments import audit


class PeerReviewError(Exception):
    """What the coordinator or reviewer asked cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class ReviewLine:
    """One review as the coordinator's list shows it."""

    review: PeerReview
    state: ReviewState


def state_of(review: PeerReview, now: datetime | None = None) -> ReviewState:
    return rules.state(review.expires_at, review.revoked_at, now or utcnow())


def reviews_of(assessment: Assessment) -> list[ReviewLine]:
    return [ReviewLine(r, state_of(r)) for r in data.reviews_of(assessment.id)]


def reviews_for(user: User) -> list[ReviewLine]:
    """The reviews the person was invited to, open ones first."""
    lines = [ReviewLine(r, state_of(r)) for r in data.reviews_by(user.id)]
    return sorted(lines, key=lambda line: line.state is not ReviewState.OPEN)


def open_review_for(review_id: int, user: User) -> PeerReview | None:
    """The review, if it is this person's and still open (None otherwise: the page answers 404)."""
    found = data.review(review_id)
    if found is None or found.reviewer_id != user.id or state_of(found) is not ReviewState.OPEN:
        return None
    return found


@dataclass(frozen=True)
class Invited:
    review: PeerReview
    already_open: bool  # they had an open review of it already (or the form was sent twice): that one stands


@operation
def invite(assessment: Assessment, coordinator: User, email: str, days: int) -> Invited:
    reviewer = account_data.user_by_email(email)
    problem = rules.invitation_problem(
        reviewer_found=reviewer is not None,
        reviewer_is_member_here=reviewer is not None and data.is_member(reviewer.id, assessment.partnership_id),
        inviting_self=reviewer is not None and reviewer.id == coordinator.id,
    )
    if problem is not None:
        raise PeerReviewError(problem)
    assert reviewer is not None
    standing = next((line.review for line in reviews_of(assessment)
                     if line.review.reviewer_id == reviewer.id and line.state is ReviewState.OPEN), None)
    if standing is not None:
        return Invited(standing, already_open=True)
    now = utcnow()
    review = PeerReview(assessment_id=assessment.id, reviewer_id=reviewer.id, invited_by_id=coordinator.id,
                        created_at=now, expires_at=rules.expiry(now, days))
    data.add(review)
    audit(assessment, coordinator, "invited a peer reviewer", after=f"{reviewer.name}, for {days} days")
    security_event("peer_review_invited", assessment_id=assessment.id, review_id=review.id, reviewer_id=reviewer.id)
    return Invited(review, already_open=False)


@operation
def end(assessment: Assessment, coordinator: User, review_id: int) -> PeerReview:
    review = data.review(review_id)
    if review is None or review.assessment_id != assessment.id:
        raise KeyError(review_id)
    if state_of(review) is ReviewState.OPEN:
        review.revoked_at, review.revoked_by_id = utcnow(), coordinator.id
        audit(assessment, coordinator, "ended a peer review", after=review.reviewer.name)
        security_event("peer_review_ended", assessment_id=assessment.id, review_id=review.id)
    return review


@operation
def record_view(review: PeerReview, reviewer: User, descriptor_id: str | None = None) -> None:
    """Every page the reviewer opens goes in the assessment's history."""
    audit(review.assessment, reviewer, "viewed as peer reviewer", descriptor_id=descriptor_id)


@operation
def challenge(review: PeerReview, reviewer: User, descriptor_id: str, text: str) -> None:
    """Save (or, with empty text, remove) the reviewer's challenge on one descriptor."""
    text = clean_text(text).strip()
    if len(text) > rules.CHALLENGE:
        raise PeerReviewError(f"Your challenge must be {rules.CHALLENGE:,} characters or fewer")
    found = next((c for c in review.challenges if c.descriptor_id == descriptor_id), None)
    before = None if found is None else found.text
    if found is None and text:
        try:
            with savepoint():
                data.add(PeerChallenge(review_id=review.id, descriptor_id=descriptor_id, text=text, updated_at=utcnow()))
        except Exception as error:  # the same form sent twice at once: the other request saved it
            if not race_lost(error):
                raise
            return
    elif found is not None and text:
        found.text, found.updated_at = text, utcnow()
    elif found is not None:
        review.challenges.remove(found)
    if before != (text or None):
        audit(review.assessment, reviewer, "peer reviewer changed", field="challenge", before=before, after=text or None,
              descriptor_id=descriptor_id)


def challenges_on(assessment: Assessment, descriptor_id: str) -> list[PeerChallenge]:
    """Every reviewer's challenge on the descriptor, for the partnership's descriptor page."""
    return data.challenges_on(assessment.id, descriptor_id)
