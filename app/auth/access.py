"""Who may see what: every page checks the role and the partnership.

A person who is not a member of a partnership gets a 404 for its pages, never its data; a member
whose role does not allow an action gets a 403; a stranger is sent to sign in.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user, login_required

from app.domain.roles import Role
from app.services import accounts

ALL_ROLES = tuple(Role)


def current_membership():
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
    g.membership = found
    return found


def choose_partnership(partnership_id: int) -> None:
    if accounts.membership(current_user, partnership_id) is None:
        abort(404)
    session["partnership_id"] = partnership_id
    g.pop("membership", None)


def requires_role(*roles: Role) -> Callable:
    """Only members of the current partnership with one of these roles may use the page."""

    allowed = roles or ALL_ROLES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            member = current_membership()
            if member is None:
                return redirect(url_for("auth.partnerships", next=request.full_path))
            if member.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def member_of(partnership_id: int, *roles: Role):
    """The user's membership of the partnership an object belongs to: 404 if none, 403 if the role is wrong."""
    member = accounts.membership(current_user, partnership_id)
    if member is None:
        abort(404)
    if roles and member.role not in roles:
        abort(403)
    return member
