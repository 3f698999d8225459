"""Accounts: passwords, sessions, people and roles, invitations and the team's history.

Signing in and accepting an invitation (a password checked under the throttle) are in
app.services.signing_in.

Each public function that changes something is one use case, an ``@operation``: it commits once
at its end (or not at all when it refuses).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.data import Invitation, Membership, Partnership, TeamEvent, User, UserSession
from app.data import accounts as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import limits
from app.domain.limits import too_long
from app.domain.passwords import password_problem
from app.domain.roles import Role
from app.domain.sharing import Audience
from app.domain.team import LAST_COORDINATOR, TeamEventKind, keeps_a_coordinator
from app.domain.text import clean_text
from app.logs import security_event

INVITATION_LIFETIME = timedelta(days=14)

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify passwords with `hasher` from now on (the test suite makes them cheap)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not-a-real-password-for-timing")


class AccountError(Exception):
    """A request about accounts that cannot be carried out; the message says why, for the user."""


def hash_password(password: str, *, email: str = "", name: str = "") -> str:
    """The hash of a new password for the person with this email and name, if the policy
    (app.domain.passwords) accepts it; otherwise AccountError, with the policy's reason."""
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(problem)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from; with None (no such account),
    a check against a made-up hash, so that case takes as long and is never true."""
    if password_hash is None:
        verify_password(_DUMMY_HASH, password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def rehash_if_needed(user: User, password: str) -> None:
    """Keep the password's hash up to the hasher's current strength (at a sign-in, the one time it is known)."""
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Sessions --------------------------------------------------------------------------


def start_session(user: User) -> str:
    """A new server-side session for ``user``; its token, for the cookie (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    data.add_session(user, token_hash(token))
    return token


def resume_session(token: str, idle_timeout: timedelta, now: datetime | None = None,
                   lifetime: timedelta | None = None) -> User | None:
    """The user a session token belongs to, if the session exists, has not gone idle and (when
    ``lifetime`` is given) is not older than that however busy it has been."""
    now = now or utcnow()
    record = data.session_by_token_hash(token_hash(token))
    if record is None:
        return None
    too_old = lifetime is not None and now - record.created_at > lifetime
    if too_old or now - record.last_seen_at > idle_timeout:
        _forget_session(record.token_hash)
        return None
    if now - record.last_seen_at > timedelta(minutes=1):
        _seen(record, now)
    return record.user


@operation
def _seen(record: UserSession, now: datetime) -> None:
    record.last_seen_at = now


@operation
def _forget_session(token_hash: str) -> None:
    data.delete_session(token_hash)


def end_session(token: str) -> None:
    """Sign out: the session is deleted on the server, so its cookie is useless from now on."""
    _forget_session(token_hash(token))


# --- People and roles ------------------------------------------------------------------


def _person(email: str, name: str) -> tuple[str, str]:
    """A new person's email and name, cleaned as the web forms clean what people type (control
    characters dropped) and checked against what the database keeps (AccountError if not)."""
    email, name = clean_text(email).strip(), clean_text(name).strip()
    if not email or "@" not in email:
        raise AccountError("Enter an email address in the correct format, like name@example.gov.uk")
    if len(email) > limits.EMAIL:
        raise AccountError(too_long("Email address", limits.EMAIL))
    if not name:
        raise AccountError("Enter the person's name")
    if len(name) > limits.NAME:
        raise AccountError(too_long("Name", limits.NAME))
    return email, name


@operation
def create_user(email: str, name: str, password: str, partnership_name: str, role: Role,
                local_authority: str | None = None) -> User:
    """Create (or add a role to) a user in a partnership, creating the partnership if needed.

    The names are cleaned as the web forms clean what people type (control characters
    dropped) and checked against what the database keeps.
    """
    email, name = _person(email, name)
    partnership_name = clean_text(partnership_name).strip()
    local_authority = clean_text(local_authority or "").strip() or partnership_name
    if not partnership_name:
        raise AccountError("Enter the partnership's name")
    if len(partnership_name) > limits.NAME:
        raise AccountError(too_long("Partnership name", limits.NAME))
    if len(local_authority) > limits.NAME:
        raise AccountError(too_long("Local authority", limits.NAME))
    partnership = data.partnership_by_name(partnership_name) or data.add_partnership(partnership_name, local_authority)
    user = data.user_by_email(email)
    if user is None:
        user = data.add_user(email, name, hash_password(password, email=email, name=name))
    elif user.audience is not None:
        raise AccountError(f"{user.email} is a {user.audience.label.lower()}, outside every partnership")
    elif data.membership(user.id, partnership.id):
        raise AccountError(f"{user.email} is already a member of {partnership.name}")
    data.add_membership(user, partnership, role)
    return user


@operation
def create_outside_user(email: str, name: str, password: str, audience: Audience) -> User:
    """Create a person outside every partnership (a department analyst, another government
    department): they see their audience's view only. An address already in use is refused."""
    email, name = _person(email, name)
    if data.user_by_email(email) is not None:
        raise AccountError(f"{email} already has an account. Use another email address")
    user = data.add_user(email, name, hash_password(password, email=email, name=name))
    user.audience = audience
    return user


@operation
def change_role(member: Membership, role: Role, by: User) -> None:
    """Give a member another role; the last coordinator keeps theirs (AccountError)."""
    before = member.role
    if before == role:
        return
    _keeping_a_coordinator(member, lambda: data.set_role(member, role))
    security_event("role_changed", membership_id=member.id, user_id=member.user_id,
                   partnership_id=member.partnership_id, role_was=before.value, role=role.value)
    record_team_event(TeamEventKind.ROLE_CHANGED, member.user.name, member.user.email, by,
                      partnership_id=member.partnership_id, from_role=before, to_role=role)


@operation
def remove_member(member: Membership, by: User) -> None:
    """Take a member out of the partnership; the last coordinator stays (AccountError)."""
    person, partnership_id, role = member.user, member.partnership_id, member.role
    membership_id, user_id = member.id, member.user_id
    _keeping_a_coordinator(member, lambda: data.remove_membership(member))
    security_event("member_removed", membership_id=membership_id, user_id=user_id,
                   partnership_id=partnership_id, role=role.value)
    record_team_event(TeamEventKind.MEMBER_REMOVED, person.name, person.email, by,
                      partnership_id=partnership_id, from_role=role)


def _keeping_a_coordinator(member: Membership, change: Callable[[], None]) -> None:
    """Make ``change`` unless it leaves the partnership without a coordinator.

    Check and change are one step however many arrive together: the coordinators' memberships are
    locked first (PostgreSQL; a second request waits here and then sees the first one's change), the
    change is written (on SQLite the write waits for the one writer), and only then are the
    coordinators counted; a change that leaves none raises, and the operation undoes it."""
    partnership_id = member.partnership_id
    data.lock_coordinators(partnership_id)
    change()
    if not keeps_a_coordinator(data.roles_in(partnership_id)):
        raise AccountError(LAST_COORDINATOR)


# --- The team's history ------------------------------------------------------------------


@operation
def record_team_event(kind: TeamEventKind, subject_name: str, subject_email: str, actor: User | None,
                      partnership_id: int | None = None, from_role: Role | None = None,
                      to_role: Role | None = None, now: datetime | None = None) -> None:
    """Write a change to the team into its history, in the operation that makes the change.

    ``partnership_id`` None: the history of every partnership the person with ``subject_email``
    belongs to (a password reset, say). ``actor`` None: nobody signed in did it (the person
    themselves, from an emailed link)."""
    now = now or utcnow()
    if partnership_id is not None:
        partnerships = [partnership_id]
    else:
        subject = data.user_by_email(subject_email)
        partnerships = [m.partnership_id for m in data.memberships_of(subject.id)] if subject else []
    for each in partnerships:
        data.add_team_event(TeamEvent(
            partnership_id=each, at=now, kind=kind, actor_id=actor.id if actor else None,
            actor_name=actor.name if actor else None, subject_name=subject_name,
            subject_email=data.normalise_email(subject_email), from_role=from_role, to_role=to_role,
        ))


def team_history(partnership_id: int) -> list[TeamEvent]:
    """The partnership's team changes, the latest first."""
    return data.team_events(partnership_id)


# --- Invitations -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str
    # An earlier invitation for the same person was waiting, and its link no longer works.
    replaced: bool = False
    # The same form was sent before (a double click): this is the invitation it made then.
    already_made: bool = False


@operation
def invite(partnership: Partnership, email: str, name: str, role: Role, invited_by: User,
           now: datetime | None = None, token: str | None = None) -> NewInvitation:
    """An invitation whose link is shown once: only a hash of its token is stored.

    ``token`` is the one the invitation form stands for (app.web.form_tokens): the same form sent
    twice makes one invitation, and both answers show the same link. Inviting someone who has an
    invitation waiting replaces it (``NewInvitation.replaced``): the earlier link stops working,
    so each person has one invitation waiting, with the latest role.
    """
    now = now or utcnow()
    existing = data.user_by_email(email)
    if existing and data.membership(existing.id, partnership.id):
        raise AccountError(f"{existing.email} is already a member of {partnership.name}")
    if token:
        sent = data.invitation_by_token_hash(token_hash(token))
        if sent is not None and sent.partnership_id == partnership.id and sent.accepted_at is None:
            return NewInvitation(invitation=sent, token=token, already_made=True)  # this form was sent already
        if sent is not None:
            token = None
    token = token or secrets.token_urlsafe(32)
    replaced = data.delete_waiting_invitations(partnership.id, data.normalise_email(email))
    try:
        with savepoint():
            invitation = _add_invitation(partnership, email, name, role, invited_by, now, token)
    except Exception as error:
        # The same form, sent twice at once, made it a moment ago: only this insert is undone.
        sent = data.invitation_by_token_hash(token_hash(token)) if race_lost(error) else None
        if sent is None:
            raise
        return NewInvitation(invitation=sent, token=token, already_made=True)
    security_event("invitation_made", invitation_id=invitation.id, partnership_id=partnership.id,
                   invited_by=invited_by.id, role=role.value, replaced=replaced)
    kind = TeamEventKind.INVITATION_REPLACED if replaced else TeamEventKind.INVITED
    record_team_event(kind, invitation.name, invitation.email, invited_by, partnership_id=partnership.id,
                      to_role=role, now=now)
    return NewInvitation(invitation=invitation, token=token, replaced=replaced > 0)


def _add_invitation(partnership: Partnership, email: str, name: str, role: Role, invited_by: User,
                    now: datetime, token: str) -> Invitation:
    return data.add_invitation(
        Invitation(
            token_hash=token_hash(token),
            partnership_id=partnership.id,
            email=data.normalise_email(email),
            name=name.strip(),
            role=role,
            invited_by_id=invited_by.id,
            expires_at=now + INVITATION_LIFETIME,
        )
    )


def open_invitation(token: str, now: datetime | None = None) -> Invitation | None:
    """The invitation a link opens, if it is still waiting to be accepted."""
    now = now or utcnow()
    invitation = data.invitation_by_token_hash(token_hash(token))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
    return invitation


def partnerships_of(user: User) -> list[Membership]:
    return data.memberships_of(user.id)


def membership(user: User, partnership_id: int) -> Membership | None:
    return data.membership(user.id, partnership_id)


def member(membership_id: int) -> Membership | None:
    return data.membership_by_id(membership_id)


def team(partnership_id: int) -> list[Membership]:
    return data.members_of(partnership_id)


def invitations_waiting(partnership_id: int) -> list[Invitation]:
    return data.pending_invitations(partnership_id, utcnow())
