"""Accounts: signing in and out, sessions, invitations and roles.

Each public function that changes something is one use case, an ``@operation``: it commits once
at its end (or not at all when it refuses).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.data import Invitation, LoginThrottle, Membership, Partnership, User, UserSession
from app.data import accounts as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost, savepoint
from app.domain import limits
from app.domain.limits import too_long
from app.domain.passwords import password_problem
from app.domain.roles import Role
from app.domain.text import clean_text
from app.domain.throttle import Tally, ThrottleRule, after_failure, refusal, wait_wording

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


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Signing in -------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottleSettings:
    slow_after: int
    lock_after: int
    lock_minutes: int
    window_minutes: int

    @classmethod
    def from_config(cls, config) -> ThrottleSettings:
        return cls(
            slow_after=config["LOGIN_SLOW_AFTER"],
            lock_after=config["LOGIN_LOCK_AFTER"],
            lock_minutes=config["LOGIN_LOCK_MINUTES"],
            window_minutes=config["LOGIN_WINDOW_MINUTES"],
        )

    def rule(self) -> ThrottleRule:
        return ThrottleRule(lock_after=self.lock_after, window_minutes=self.window_minutes,
                            lock_minutes=self.lock_minutes, slow_after=self.slow_after)


def _tally(throttle: LoginThrottle | None) -> Tally | None:
    if throttle is None:
        return None
    return Tally(failures=throttle.failures, first_failure_at=throttle.first_failure_at,
                 last_failure_at=throttle.last_failure_at, locked_until=throttle.locked_until)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: a user and a session token, or a message."""

    user: User | None = None
    session_token: str | None = None
    error: str | None = None
    throttled: bool = False


WRONG_DETAILS = "Enter the email address and password for your account. The details you entered are not right"


@operation
def sign_in(email: str, password: str, settings: ThrottleSettings, now: datetime | None = None) -> SignIn:
    """Check an email and password, slowing and then refusing repeated failures."""
    now = now or utcnow()
    rule = settings.rule()
    throttle = data.throttle_for(email)
    refused = refusal(_tally(throttle), rule, now)
    if refused is not None and refused.locked:
        return SignIn(
            error="There have been too many failed attempts to sign in with this email address. "
            f"Wait {wait_wording(refused.wait)} and try again, or ask your coordinator "
            "to check your account",
            throttled=True,
        )
    if refused is not None:
        return SignIn(
            error=f"Too many failed attempts to sign in. Wait {wait_wording(refused.wait)} and try again",
            throttled=True,
        )

    user = data.user_by_email(email)
    valid = _verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    if not valid:
        throttle = throttle or data.add_throttle(email, now)
        counted = after_failure(_tally(throttle), rule, now)
        throttle.failures = counted.failures
        throttle.first_failure_at = counted.first_failure_at
        throttle.last_failure_at = now
        throttle.locked_until = counted.locked_until
        return SignIn(error=WRONG_DETAILS)
    assert user is not None  # valid means it was found

    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    data.clear_throttle(email)
    token = _start_session(user)
    return SignIn(user=user, session_token=token)


def _start_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    data.add_session(user, _token_hash(token))
    return token


def resume_session(token: str, idle_timeout: timedelta, now: datetime | None = None,
                   lifetime: timedelta | None = None) -> User | None:
    """The user a session token belongs to, if the session exists, has not gone idle and (when
    ``lifetime`` is given) is not older than that however busy it has been."""
    now = now or utcnow()
    record = data.session_by_token_hash(_token_hash(token))
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
    _forget_session(_token_hash(token))


# --- People and roles ------------------------------------------------------------------


@operation
def create_user(email: str, name: str, password: str, partnership_name: str, role: Role,
                local_authority: str | None = None) -> User:
    """Create (or add a role to) a user in a partnership, creating the partnership if needed.

    The names are cleaned as the web forms clean what people type (control characters
    dropped) and checked against what the database keeps.
    """
    email, name, partnership_name = (clean_text(v).strip() for v in (email, name, partnership_name))
    local_authority = clean_text(local_authority or "").strip() or partnership_name
    if not email or "@" not in email:
        raise AccountError("Enter an email address in the correct format, like name@example.gov.uk")
    if len(email) > limits.EMAIL:
        raise AccountError(too_long("Email address", limits.EMAIL))
    if not name:
        raise AccountError("Enter the person's name")
    if len(name) > limits.NAME:
        raise AccountError(too_long("Name", limits.NAME))
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
    elif data.membership(user.id, partnership.id):
        raise AccountError(f"{user.email} is already a member of {partnership.name}")
    data.add_membership(user, partnership, role)
    return user


@operation
def change_role(member: Membership, role: Role) -> None:
    if member.role == Role.COORDINATOR and role != Role.COORDINATOR:
        _keep_a_coordinator(member)
    member.role = role


@operation
def remove_member(member: Membership) -> None:
    if member.role == Role.COORDINATOR:
        _keep_a_coordinator(member)
    data.remove_membership(member)


def _keep_a_coordinator(member: Membership) -> None:
    if data.count_role(member.partnership_id, Role.COORDINATOR) <= 1:
        raise AccountError(
            "A partnership needs at least one coordinator. Make someone else a coordinator first"
        )


# --- Invitations -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str
    # An earlier invitation for the same person was waiting, and its link no longer works.
    replaced: bool = False


@operation
def invite(partnership: Partnership, email: str, name: str, role: Role, invited_by: User,
           now: datetime | None = None, token: str | None = None) -> NewInvitation:
    """An invitation whose link is shown once: only a hash of its token is stored.

    ``token`` is the one the invitation form stands for (app.form_tokens): the same form sent
    twice makes one invitation, and both answers show the same link. Inviting someone who has an
    invitation waiting replaces it (``NewInvitation.replaced``): the earlier link stops working,
    so each person has one invitation waiting, with the latest role.
    """
    now = now or utcnow()
    existing = data.user_by_email(email)
    if existing and data.membership(existing.id, partnership.id):
        raise AccountError(f"{existing.email} is already a member of {partnership.name}")
    if token:
        sent = data.invitation_by_token_hash(_token_hash(token))
        if sent is not None and sent.partnership_id == partnership.id and sent.accepted_at is None:
            return NewInvitation(invitation=sent, token=token)  # this form was sent already
        if sent is not None:
            token = None
    token = token or secrets.token_urlsafe(32)
    replaced = data.delete_waiting_invitations(partnership.id, data.normalise_email(email))
    try:
        with savepoint():
            invitation = _add_invitation(partnership, email, name, role, invited_by, now, token)
    except Exception as error:
        # The same form, sent twice at once, made it a moment ago: only this insert is undone.
        sent = data.invitation_by_token_hash(_token_hash(token)) if race_lost(error) else None
        if sent is None:
            raise
        return NewInvitation(invitation=sent, token=token)
    return NewInvitation(invitation=invitation, token=token, replaced=replaced > 0)


def _add_invitation(partnership: Partnership, email: str, name: str, role: Role, invited_by: User,
                    now: datetime, token: str) -> Invitation:
    return data.add_invitation(
        Invitation(
            token_hash=_token_hash(token),
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
    invitation = data.invitation_by_token_hash(_token_hash(token))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
    return invitation


def invited_user_exists(invitation: Invitation) -> bool:
    return data.user_by_email(invitation.email) is not None


@operation
def accept_invitation(invitation: Invitation, password: str, name: str | None = None,
                      now: datetime | None = None) -> SignIn:
    """Join the partnership: a new account sets its password; an existing one confirms it."""
    now = now or utcnow()
    user = data.user_by_email(invitation.email)
    if user is None:
        name = name or invitation.name
        user = data.add_user(invitation.email, name, hash_password(password, email=invitation.email, name=name))
    elif not _verify(user.password_hash, password):
        return SignIn(error="Enter the password for your existing account")
    if data.membership(user.id, invitation.partnership_id) is None:
        data.add_membership(user, invitation.partnership, invitation.role)
    invitation.accepted_at = now
    token = _start_session(user)
    return SignIn(user=user, session_token=token)


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
