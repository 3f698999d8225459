"""Live consent and the sent returns that the views across areas read (issue 16).

The rules are in app.domain.sharing; this module reads the sent versions and records a
partnership's change of consent, with the history.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from app.data import Assessment, SharingConsent, Submission, User
from app.data import sharing as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain.sharing import (
    SentArea,
    SentFigures,
    permits,
    sent_figures,
)
from app.frameworks import framework
from app.logs import security_event
from app.services.assessments import audit
from exports.json_reader import from_json
from exports.problems import ImportProblems

LOG = logging.getLogger(__name__)


def figures_for(return_json: str, edition_id: str) -> SentFigures:
    """The figures to keep beside a version sent (or loaded as sent)."""
    guide = framework(edition_id)
    return sent_figures(from_json(return_json, guide), guide)


def years_sent() -> list[int]:
    return data.years_sent()


def latest_sent(year: int) -> list[SentArea]:
    """Each area's latest version sent for the year (permitted or not: the caller asks). A version
    whose figures cannot be read (kept before figures were, and its return unreadable against its
    edition) is left out of every view, with a warning naming it for the operator."""
    areas = []
    for row in data.latest_sent(year):
        try:
            figures = (SentFigures.from_json(row.figures) if row.figures
                       else figures_for(row.return_json or "", row.edition_id))
        except (ImportProblems, KeyError, TypeError, ValueError) as error:
            LOG.warning("sent_version_unreadable", extra={"event": "sent_version_unreadable", "fields": {
                "assessment_id": row.assessment_id, "version": row.version, "error": type(error).__name__}})
            continue
        areas.append(SentArea(row.partnership_id, row.assessment_id, row.version, figures, row.consent))
    return areas


def permitting(year: int, key: str) -> list[SentArea]:
    """The areas whose latest version sent for the year permits this audience now."""
    return [area for area in latest_sent(year) if area.permits(key)]


def consent_now(assessment: Assessment) -> dict[str, bool]:
    """The changes of consent since the return, by permission key."""
    return {key: row.given for key, row in data.consents_of(assessment.id).items()}


@operation
def change_consent(assessment: Assessment, key: str, given: bool, user: User) -> None:
    """A coordinator gives or withdraws one permission from this moment, for every version sent."""
    rows = data.consents_of(assessment.id)
    row = rows.get(key)
    before = None if row is None else row.given
    if row is None:
        try:
            with savepoint():
                data.add(SharingConsent(assessment_id=assessment.id, permission=key, given=given, changed_at=utcnow(),
                                        changed_by_id=user.id, changed_by_name=user.name))
        except Exception as error:  # another request recorded this permission's first change at the same moment
            if not race_lost(error):
                raise
            row = data.consents_of(assessment.id)[key]
    if row is not None:
        before = row.given
        if row.given == given:
            return  # as it stands already (the same form sent twice, or from two tabs): nothing to record
        row.given, row.changed_at, row.changed_by_id, row.changed_by_name = given, utcnow(), user.id, user.name
    audit(assessment, user, "changed consent", f"permission_{key}",
          before=None if before is None else ("yes" if before else "no"), after="yes" if given else "no")
    security_event("consent_changed", assessment_id=assessment.id, permission=key, given=given)


@dataclass(frozen=True)
class PermissionNow:
    """One permission to share: as the latest version sent answered it, and as it stands now."""

    key: str
    question: str
    in_return: bool | None
    now: bool
    changed: SharingConsent | None  # the partnership's latest change since the return, if any


def _answered(assessment: Assessment, sent: Submission) -> Mapping[str, bool | None]:
    if sent.figures:
        return SentFigures.from_json(sent.figures).permissions
    try:
        return figures_for(sent.return_json, assessment.edition_id).permissions
    except ImportProblems:  # a version kept without a readable return: the assessment's own answers
        return {p.key: assessment.permission(p.key) for p in framework(assessment.edition_id).permissions}


def permissions_now(assessment: Assessment, sent: Submission) -> list[PermissionNow]:
    """Each of the edition's permissions for the version ``sent``, then and now."""
    answered = _answered(assessment, sent)
    changes = data.consents_of(assessment.id)
    return [PermissionNow(p.key, p.question, answered.get(p.key),
                          permits(answered.get(p.key), changes[p.key].given if p.key in changes else None),
                          changes.get(p.key))
            for p in framework(assessment.edition_id).permissions]
