"""Who may use a page: one small family of decorators over one policy (app.domain.access).

Each decorator loads the thing the address names together with the signed-in person's
membership of *that thing's* partnership, in one query, and calls the view with an ``access``
object carrying both (and the booleans the templates show):

- not signed in: sent to sign in;
- the thing does not exist, or the person is not a member of its partnership: 404, as if it
  did not exist;
- the role the person holds there does not allow the action: 403;
- ``while_open`` and the assessment is signed off: 409.

``for_partnership`` is for the pages of the partnership the person is working in (the lists,
the team, starting and importing an assessment). ``for_audience`` is for the views of a person
outside every partnership (a department analyst, another government department): 404 for
everyone else, and every partnership page is 404 for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any

from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user

from app.domain.access import Action, assessment_flags, can, is_editable, may, partnership_flags
from app.domain.framework import Framework
from app.domain.roles import Role
from app.domain.sharing import Audience
from app.extensions import login_manager
from app.services import access as lookup

if TYPE_CHECKING:
    from app.data import Assessment, Membership, Partnership, PeerReview, Workshop
from app.frameworks import framework
from app.logs import security_event
from app.services import accounts
from app.services import peer_review as peer_reviews

View = Callable[..., Any]


@dataclass
class PartnershipAccess:
    """A page of one partnership, and the person's membership of it."""

    member: Membership

    @property
    def role(self) -> Role:
        return self.member.role

    @property
    def partnership(self) -> Partnership:
        return self.member.partnership

    def may(self, action: Action) -> bool:
        return may(self.role, action)

    def flags(self) -> dict[str, bool]:
        return partnership_flags(self.role)


@dataclass
class AssessmentAccess(PartnershipAccess):
    """An assessment, and the person's membership of the assessment's partnership."""

    assessment: Assessment

    @cached_property
    def guide(self) -> Framework:
        return framework(self.assessment.edition_id)

    @property
    def is_editable(self) -> bool:
        return is_editable(self.assessment.status)

    def can(self, action: Action) -> bool:
        """The role allows it, and the assessment's status allows it now."""
        return can(self.role, action, self.assessment.status)

    def flags(self) -> dict[str, bool]:
        return assessment_flags(self.role, self.assessment.status)


@dataclass
class WorkshopAccess(AssessmentAccess):
    """A workshop, its assessment, and the person's membership of their partnership."""

    workshop: Workshop


@dataclass
class MemberAccess(PartnershipAccess):
    """Someone's membership named in the address (``target``), and the person's own of that partnership."""

    target: Membership


def current_membership() -> Membership | None:
    """The membership of the partnership the signed-in user is working in, if any."""
    if not current_user.is_authenticated:
        return None
    if "membership" in g:
        return g.membership
    memberships = accounts.partnerships_of(current_user)
    chosen = session.get("partnership_id")
    found = next((m for m in memberships if m.partnership_id == chosen), None)
    if found is None and len(memberships) == 1:
        found = memberships[0]
        session["partnership_id"] = found.partnership_id  # so a page of its things needs no second query
    g.membership = found
    return found


def choose_partnership(partnership_id: int) -> None:
    if accounts.membership(current_user, partnership_id) is None:
        abort(404)
    session["partnership_id"] = partnership_id
    g.pop("membership", None)


def access_flags() -> dict[str, bool]:
    """The booleans of the page's access, for every template the page renders (a context processor)."""
    found = g.get("access")
    return found.flags() if found is not None else {}


def _admit(found: tuple[Any, Membership | None] | None, action: Action) -> tuple[Any, Membership]:
    thing, member = found or (None, None)
    if member is None:
        security_event("access_refused", user_id=current_user.id, status=404, action=action.value)
        abort(404)
    if not may(member.role, action):
        security_event("access_refused", user_id=current_user.id, status=403, action=action.value,
                       partnership_id=member.partnership_id, role=member.role.value)
        abort(403)
    if member.partnership_id == session.get("partnership_id"):
        g.membership = member  # the partnership being worked in: the navigation needs no second query
    return thing, member


def _sign_in(signed_out_post: Callable[[Any], Any] | None):
    if request.method == "POST" and signed_out_post is not None:
        return signed_out_post(request)
    return login_manager.unauthorized()


def for_assessment(action: Action, *, on_post: Action | None = None, while_open: bool = False,
                   signed_out_post: Callable[[Any], Any] | None = None) -> Callable[[View], View]:
    """The assessment named by ``assessment_id``, for a member of its partnership whose role allows
    ``action`` (and, for a POST, ``on_post`` while the assessment's status allows it: 403 if not).
    ``signed_out_post`` answers a POST whose session has ended (to keep what was typed)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(signed_out_post)
            assessment, member = _admit(lookup.assessment_and_membership(kwargs["assessment_id"], current_user.id),
                                        action)
            access = AssessmentAccess(member, assessment)
            if while_open and not access.is_editable:
                abort(409)
            if on_post is not None and request.method == "POST" and not access.can(on_post):
                abort(403)
            g.access = access
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator


def for_workshop(action: Action) -> Callable[[View], View]:
    """The workshop named by ``workshop_id`` (of the assessment named by ``assessment_id``), for a
    member of its partnership whose role allows ``action``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(None)
            workshop, member = _admit(lookup.workshop_and_membership(kwargs["workshop_id"], current_user.id), action)
            if workshop.assessment_id != kwargs["assessment_id"]:
                abort(404)
            g.access = access = WorkshopAccess(member, workshop.assessment, workshop)
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator


def for_member(action: Action) -> Callable[[View], View]:
    """The membership named by ``membership_id``, for a member of the same partnership whose role
    allows ``action``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(None)
            target, member = _admit(lookup.membership_and_own(kwargs["membership_id"], current_user.id), action)
            g.access = access = MemberAccess(member, target)
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator


def for_partnership(action: Action = Action.READ) -> Callable[[View], View]:
    """A page of the partnership the person is working in, for a role that allows ``action``; someone
    in several partnerships who has not chosen one is asked to choose."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(None)
            if current_user.audience is not None:
                security_event("access_refused", user_id=current_user.id, status=404, action=action.value)
                abort(404)  # a person outside every partnership has no partnership pages
            member = current_membership()
            if member is None:
                return redirect(url_for("auth.partnerships", next=request.full_path))
            if not may(member.role, action):
                security_event("access_refused", user_id=current_user.id, status=403, action=action.value,
                               partnership_id=member.partnership_id, role=member.role.value)
                abort(403)
            g.access = access = PartnershipAccess(member)
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator


@dataclass
class ReviewAccess:
    """A peer review named in the address, open, for the reviewer it invited (who is not a member
    of the assessment's partnership: they read it, and challenge it, through the review only)."""

    review: PeerReview

    @property
    def assessment(self) -> Assessment:
        return self.review.assessment

    @cached_property
    def guide(self) -> Framework:
        return framework(self.assessment.edition_id)

    def flags(self) -> dict[str, bool]:
        return {}


def for_review() -> Callable[[View], View]:
    """The peer review named by ``review_id``, for its reviewer while it is open: 404 for anyone
    else, and once it has ended or expired (as if it did not exist)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(None)
            review = peer_reviews.open_review_for(kwargs["review_id"], current_user)
            if review is None:
                security_event("access_refused", user_id=current_user.id, status=404, action="peer_review_read")
                abort(404)
            g.access = access = ReviewAccess(review)
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator


#: The page each person outside every partnership lands on (the endpoint).
AUDIENCE_HOME = {Audience.DEPARTMENT: "department.index", Audience.OTHER_DEPARTMENT: "department.other_departments"}


def home_url() -> str:
    """Where the signed-in person starts: their view if they are outside every partnership."""
    audience = current_user.audience if current_user.is_authenticated else None
    return url_for(AUDIENCE_HOME[audience] if audience is not None else "assessments.index")


@dataclass
class AudienceAccess:
    """A view for one kind of person outside every partnership."""

    audience: Audience

    def flags(self) -> dict[str, bool]:
        return {}


def for_audience(audience: Audience) -> Callable[[View], View]:
    """A view for people of this audience only: 404 for everyone else (as if it did not exist)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in(None)
            if current_user.audience is not audience:
                security_event("access_refused", user_id=current_user.id, status=404, action=audience.value)
                abort(404)
            g.access = access = AudienceAccess(audience)
            return view(*args, access=access, **kwargs)

        return wrapped

    return decorator
