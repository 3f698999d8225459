"""Who may open the thing a page names: the thing, and the signed-in person's membership of *its*
partnership, read together in one query (app.data.access). The web's access decorators
(app.web.access) call these and apply the policy (app.domain.access) to the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.data import access as data

if TYPE_CHECKING:
    from app.data import Assessment, Membership, Workshop


def assessment_and_membership(assessment_id: int, user_id: int) -> tuple[Assessment, Membership | None] | None:
    """The assessment and the person's membership of its partnership (None if they have none);
    None if there is no such assessment."""
    return data.assessment_and_membership(assessment_id, user_id)


def workshop_and_membership(workshop_id: int, user_id: int) -> tuple[Workshop, Membership | None] | None:
    """The workshop and the person's membership of its assessment's partnership."""
    return data.workshop_and_membership(workshop_id, user_id)


def membership_and_own(membership_id: int, user_id: int) -> tuple[Membership, Membership | None] | None:
    """A membership named in an address, and the person's own membership of the same partnership."""
    return data.membership_and_own(membership_id, user_id)
