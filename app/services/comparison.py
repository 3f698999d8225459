"""Areas learning from each other (issue 16): the comparison a partnership's members see, and the
contact a coordinator chooses to show to coordinators in the areas that permit it.

The figures are app.domain.comparison's; this module reads the sent versions (app.services.sharing:
two queries whatever the number of areas), this assessment's scores and priorities, and the names
and contacts of the areas to learn from (one query).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.data import Assessment, Partnership, User
from app.data import comparison as data
from app.data.transaction import operation
from app.domain.comparison import Comparison, compare, own_permission, peers_of
from app.domain.framework import Framework
from app.domain.sharing import PEERS_KEY
from app.domain.team import TeamEventKind
from app.domain.text import clean_text
from app.services import accounts, sharing


@dataclass(frozen=True)
class ComparisonPage:
    comparison: Comparison
    sent: bool  # this assessment's return has been sent
    question: str  # the permission that decides, as the edition asks it


def comparison(assessment: Assessment, guide: Framework) -> ComparisonPage:
    """What this assessment's partnership sees of the other areas that permit it, for its year."""
    areas = sharing.latest_sent(assessment.year)
    own_sent = next((a for a in areas if a.assessment_id == assessment.id), None)
    consent = {} if own_sent is not None else sharing.consent_now(assessment)
    permitted = own_permission(own_sent, assessment.permission(PEERS_KEY), consent)
    result = compare(
        [d.id for d in guide.descriptors],
        {r.descriptor_id: r.score for r in assessment.responses} if permitted else {},
        [p.descriptor_id for p in assessment.priorities] if permitted else [],
        permitted,
        peers_of(areas, assessment.partnership_id, assessment.edition_id),
    )
    found = data.names_and_contacts(result.partnership_ids())
    result = replace(result, learn_from=tuple(
        replace(item, areas=tuple(replace(a, name=found[a.partnership_id][0], contact=found[a.partnership_id][1])
                                  if a.partnership_id in found else a for a in item.areas))
        for item in result.learn_from))
    question = next((p.question for p in guide.permissions if p.key == PEERS_KEY), "")
    return ComparisonPage(result, own_sent is not None, question)


@operation
def set_contact(partnership: Partnership, contact: str, user: User) -> bool:
    """A coordinator sets (or, with an empty text, removes) the contact shown to coordinators in the
    areas that permit theirs; the team's history records a change. Whether it changed: the same
    contact sent again changes nothing and records nothing."""
    contact = clean_text(contact).strip()
    changed = data.set_contact_for_peers(partnership, contact)
    if changed:
        accounts.record_team_event(TeamEventKind.CONTACT_FOR_PEERS_CHANGED, contact, "", user,
                                   partnership_id=partnership.id)
    return changed
