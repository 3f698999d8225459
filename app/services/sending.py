"""Sending a signed-off return to the department (issue 16): a recorded, versioned submission.

Sending keeps the return as the toolkit's JSON, as it stood, with who sent it and when. A
correction is a new version; reopening an assessment withdraws nothing already sent but makes it
"changed since it was sent" until the corrected return is signed off and sent. The rules are in
app.domain.sending.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.data import Assessment, Submission, User
from app.data import submissions as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain.sending import SendState, Sent, may_send, next_version, refusal, send_state
from app.logs import security_event
from app.services import returns, sharing
from app.services.assessments import AssessmentError, audit

#: Who sent a return from the command line, where there is no signed-in person.
COMMAND_LINE = "the command line (ehsg send)"


@dataclass(frozen=True)
class Sending:
    """An assessment's standing with the department, and every version sent."""

    state: SendState
    submissions: list[Submission]
    refusal: str | None

    @property
    def latest(self) -> Submission | None:
        return self.submissions[0] if self.submissions else None


def _sent(row: Submission | None) -> Sent | None:
    return None if row is None else Sent(row.version, row.sent_at, row.signed_off_at)


def sending(assessment: Assessment) -> Sending:
    rows = data.submissions_of(assessment.id)
    state = send_state(assessment.status.value, assessment.signed_off_at, _sent(rows[0] if rows else None))
    return Sending(state, rows, refusal(state, assessment.status.value))


def sent_version(assessment: Assessment, version: int) -> Submission | None:
    return data.submission(assessment.id, version)


@dataclass(frozen=True)
class Result:
    submission: Submission
    already_sent: bool  # it was sent as it stands before (or the form was sent twice): no new version


@operation
def send(assessment: Assessment, user: User | None) -> Result:
    """Send the signed-off return as it stands (AssessmentError, saying why, if it cannot be).
    The same form sent twice, or from two tabs at once, sends one version."""
    now = sending(assessment)
    if not may_send(now.state, assessment.status.value):
        if now.state is SendState.SENT and now.latest is not None:
            return Result(now.latest, already_sent=True)  # sent already as it stands: nothing new to send
        raise AssessmentError(now.refusal or "This return cannot be sent")
    row = Submission(assessment_id=assessment.id, version=next_version(_sent(now.latest)), sent_at=utcnow(),
                     sent_by_id=None if user is None else user.id,
                     sent_by_name=COMMAND_LINE if user is None else user.name,
                     signed_off_at=assessment.signed_off_at,
                     return_json=returns.return_json(assessment).decode())
    row.figures = sharing.figures_for(row.return_json, assessment.edition_id).to_json()
    try:
        with savepoint():
            data.add(row)
    except Exception as error:  # another request sent this version at the same moment
        if not race_lost(error):
            raise
        found = data.submission(assessment.id, row.version)
        assert found is not None
        return Result(found, already_sent=True)
    if user is not None:
        audit(assessment, user, "sent to the department", "return", after=f"version {row.version}")
    security_event("return_sent", assessment_id=assessment.id, version=row.version)
    return Result(row, already_sent=False)
