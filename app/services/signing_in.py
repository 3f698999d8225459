"""Signing in, and accepting an invitation: a password checked under the sign-in throttle.

Both count the attempt before the password is checked, in an operation of its own that locks the
throttle's row (see app.data.accounts.locked_throttle): requests that arrive together are counted one
after the other, each decides from its own count whether it may check the password at all, so no more
than the rule allows are ever checked however many arrive at once. A good password then clears the count.

A browser someone has signed in from before carries a signed "known device" cookie; its holder's
attempts are counted apart from everyone else's, so strangers guessing at an email address cannot lock
its owner out of their own computer (the rule is written down in docs/security.md).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from hashlib import sha256

from app.data import Invitation, LoginThrottle, User
from app.data import accounts as data
from app.data.base import utcnow
from app.data.transaction import operation, race_lost
from app.domain.passwords import password_problem
from app.domain.team import TeamEventKind
from app.domain.throttle import Refusal, Tally, ThrottleRule, after_failure, refusal, wait_wording
from app.logs import security_event
from app.services import accounts
from app.services.accounts import AccountError

#: How long a known device's cookie lasts after its latest sign-in, and how many each person keeps.
KNOWN_DEVICE_LIFETIME = timedelta(days=365)
KNOWN_DEVICES_KEPT = 10

WRONG_DETAILS = "Enter the email address and password for your account. The details you entered are not right"
WRONG_EXISTING = "Enter the password for your existing account. The password you entered is not right"
INVITATION_TAKEN = "This invitation has been accepted already"


@dataclass(frozen=True)
class ThrottleSettings:
    slow_after: int
    lock_after: int
    lock_minutes: int
    window_minutes: int
    #: Signs the known-device cookies (the application's SECRET_KEY).
    secret: str = ""

    @classmethod
    def from_config(cls, config) -> ThrottleSettings:
        return cls(
            slow_after=config["LOGIN_SLOW_AFTER"],
            lock_after=config["LOGIN_LOCK_AFTER"],
            lock_minutes=config["LOGIN_LOCK_MINUTES"],
            window_minutes=config["LOGIN_WINDOW_MINUTES"],
            secret=config["SECRET_KEY"] or "",
        )

    def rule(self) -> ThrottleRule:
        return ThrottleRule(lock_after=self.lock_after, window_minutes=self.window_minutes,
                            lock_minutes=self.lock_minutes, slow_after=self.slow_after)


@dataclass(frozen=True)
class SignIn:
    """The outcome of an attempt: a user and a session token, or a message.

    ``device_cookie``: the known-device cookie to set (new, or the same one renewed).
    ``gone``: the invitation was accepted a moment ago, in another tab or by another request."""

    user: User | None = None
    session_token: str | None = None
    error: str | None = None
    throttled: bool = False
    device_cookie: str | None = None
    gone: bool = False


# --- Known devices --------------------------------------------------------------------------


def _signature(secret: str, user_id: int, random_part: str) -> str:
    return hmac.new(secret.encode(), f"known-device:{user_id}:{random_part}".encode(), sha256).hexdigest()


def _device_cookie(secret: str, user_id: int, random_part: str) -> str:
    return f"{user_id}.{random_part}.{_signature(secret, user_id, random_part)}"


def _recognised(cookie: str | None, user: User | None, secret: str) -> str | None:
    """The stored hash of ``user``'s known device that ``cookie`` stands for, or None."""
    if not cookie or user is None or not secret:
        return None
    parts = cookie.split(".")
    if len(parts) != 3 or parts[0] != str(user.id):
        return None
    if not hmac.compare_digest(parts[2], _signature(secret, user.id, parts[1])):
        return None
    device_hash = accounts.token_hash(parts[1])
    return device_hash if data.known_device(user.id, device_hash) else None


@dataclass(frozen=True)
class _Attempt:
    """One attempt at a password for an email address, from one browser, at one moment."""

    key: str  # whose failures it counts with: its known device's own, or its email address's
    device_hash: str | None  # the known device it came from, if any
    device_cookie: str | None
    secret: str
    now: datetime

    @classmethod
    def of(cls, email: str, user: User | None, settings: ThrottleSettings, device_cookie: str | None,
           now: datetime | None) -> _Attempt:
        device_hash = _recognised(device_cookie, user, settings.secret)
        key = f"device:{device_hash}" if device_hash else data.normalise_email(email)
        return cls(key, device_hash, device_cookie, settings.secret, now or utcnow())


def _remember_device(user: User, attempt: _Attempt) -> str | None:
    """The known-device cookie a good attempt hands back: its own, renewed, or a new one."""
    if not attempt.secret:
        return None
    if attempt.device_hash and attempt.device_cookie:
        device = data.known_device(user.id, attempt.device_hash)
        if device is not None:
            device.last_used_at = attempt.now
        return attempt.device_cookie
    random_part = secrets.token_urlsafe(32)
    data.add_known_device(user, accounts.token_hash(random_part), attempt.now)
    data.forget_devices_beyond(user.id, KNOWN_DEVICES_KEPT)
    return _device_cookie(attempt.secret, user.id, random_part)


@operation
def _succeeded(user: User, attempt: _Attempt) -> SignIn:
    """A good password: the attempt's count cleared, the browser remembered, a session started."""
    data.clear_throttle(attempt.key)
    cookie = _remember_device(user, attempt)
    return SignIn(user=user, session_token=accounts.start_session(user), device_cookie=cookie)


# --- Counting attempts ----------------------------------------------------------------------


def _tally(throttle: LoginThrottle) -> Tally:
    return Tally(failures=throttle.failures, first_failure_at=throttle.first_failure_at,
                 last_failure_at=throttle.last_failure_at, locked_until=throttle.locked_until)


@operation
def _count_attempt(key: str, rule: ThrottleRule, now: datetime, user_id: int | None) -> tuple[Refusal | None, int]:
    """Refuse the attempt, or count it as a failure before its password is checked (a good password
    clears the count afterwards). Committed at once, so the next request reads this count. With the
    refusal (or None), the number of failures counted so far."""
    throttle = data.locked_throttle(key, now)
    tally = _tally(throttle)
    refused = refusal(tally, rule, now)
    if refused is not None:
        return refused, tally.failures
    counted = after_failure(tally, rule, now)
    throttle.failures = counted.failures
    throttle.first_failure_at = counted.first_failure_at
    throttle.last_failure_at = now
    throttle.locked_until = counted.locked_until
    if counted.locked_until is not None and tally.locked_until != counted.locked_until:
        security_event("sign_in_locked", user_id=user_id, failures=counted.failures)
    return None, counted.failures


def _refused(refused: Refusal, attempt: _Attempt) -> SignIn:
    wait = wait_wording(refused.wait)
    if refused.locked:
        whose = "from this browser" if attempt.device_hash else "with this email address"
        return SignIn(
            error=f"There have been too many failed attempts to sign in {whose}. "
            f"Wait {wait} and try again, or ask your coordinator to check your account",
            throttled=True,
        )
    return SignIn(error=f"Too many failed attempts to sign in. Wait {wait} and try again", throttled=True)


# --- Signing in -----------------------------------------------------------------------------


def sign_in(email: str, password: str, settings: ThrottleSettings, device_cookie: str | None = None,
            now: datetime | None = None) -> SignIn:
    """Check an email and password, slowing and then refusing repeated failures.

    Two operations: the attempt is counted (and committed) first, then a good password clears the
    count and starts a session."""
    user = data.user_by_email(email)
    attempt = _Attempt.of(email, user, settings, device_cookie, now)
    refused, failures = _count_attempt(attempt.key, settings.rule(), attempt.now, user.id if user else None)
    if refused is not None:
        security_event("sign_in_refused_locked" if refused.locked else "sign_in_refused_slowed",
                       user_id=user.id if user else None)
        return _refused(refused, attempt)
    valid = accounts.verify_password(user.password_hash if user else None, password)
    if user is None or not valid:
        security_event("sign_in_failed", user_id=user.id if user else None, failures=failures,
                       known_browser=bool(attempt.device_hash))
        return SignIn(error=WRONG_DETAILS)
    return _signed_in(user, password, attempt)


@operation
def _signed_in(user: User, password: str, attempt: _Attempt) -> SignIn:
    accounts.rehash_if_needed(user, password)
    return _succeeded(user, attempt)


# --- Asking a signed-in person for their password again ----------------------------------


def confirm_password(user: User, password: str, settings: ThrottleSettings, device_cookie: str | None = None,
                     now: datetime | None = None) -> SignIn | None:
    """Check a signed-in person's password again (before changing it), counted under the same
    throttle as signing in, so a borrowed session cannot be used to guess it. None when it is
    right; otherwise why not (``throttled`` when too many attempts were made)."""
    attempt = _Attempt.of(user.email, user, settings, device_cookie, now)
    refused, _ = _count_attempt(attempt.key, settings.rule(), attempt.now, user.id)
    if refused is not None:
        security_event("password_check_refused_throttled", user_id=user.id)
        return _refused(refused, attempt)
    if not accounts.verify_password(user.password_hash, password):
        return SignIn(error="wrong")
    data.clear_throttle(attempt.key)
    return None


# --- Accepting an invitation ----------------------------------------------------------------


def accept_invitation(invitation: Invitation, password: str, name: str | None, settings: ThrottleSettings,
                      device_cookie: str | None = None, now: datetime | None = None) -> SignIn:
    """Join the partnership: an existing account confirms its password, a new one sets it.

    The same steps whether or not the address has an account (the page is the same too): the
    attempt is counted under the sign-in throttle for the invited address, and a password too weak
    for a new account is refused with the same words either way. One invitation accepted in several
    tabs at once makes one account; the others are told it has been accepted (``SignIn.gone``)."""
    user = data.user_by_email(invitation.email)
    attempt = _Attempt.of(invitation.email, user, settings, device_cookie, now)
    refused, failures = _count_attempt(attempt.key, settings.rule(), attempt.now, user.id if user else None)
    if refused is not None:
        security_event("invitation_refused_throttled", invitation_id=invitation.id)
        return _refused(refused, attempt)
    new_name = (name or invitation.name).strip()
    if accounts.verify_password(user.password_hash if user else None, password):
        password_hash = None
    elif problem := password_problem(password, email=invitation.email, name=new_name):
        return SignIn(error=f"{problem}. If you already have an account for this service, enter its password")
    elif user is not None:
        security_event("invitation_password_wrong", invitation_id=invitation.id, user_id=user.id)
        return SignIn(error=WRONG_EXISTING)
    else:
        password_hash = accounts.hash_password(password, email=invitation.email, name=new_name)
    try:
        return _join(invitation.id, user, new_name, password_hash, attempt)
    except AccountError as problem:
        return SignIn(error=str(problem))


@operation
def _join(invitation_id: int, user: User | None, name: str, password_hash: str | None,
          attempt: _Attempt) -> SignIn:
    """Accept the invitation, if no other request has: a new account made, the membership added, the
    team's history written and a session started, all in one transaction."""
    if not data.claim_invitation(invitation_id, attempt.now):
        return SignIn(error=INVITATION_TAKEN, gone=True)
    invitation = data.invitation_by_id(invitation_id)
    assert invitation is not None  # claimed just now
    if user is None:
        user = _new_account(invitation.email, name, password_hash or "")
    if data.membership(user.id, invitation.partnership_id) is None:
        data.add_membership(user, invitation.partnership, invitation.role)
    security_event("invitation_accepted", invitation_id=invitation.id, user_id=user.id,
                   partnership_id=invitation.partnership_id, role=invitation.role.value)
    accounts.record_team_event(TeamEventKind.INVITATION_ACCEPTED, user.name, user.email, user,
                               partnership_id=invitation.partnership_id, to_role=invitation.role, now=attempt.now)
    return _succeeded(user, attempt)


def _new_account(email: str, name: str, password_hash: str) -> User:
    try:
        return data.add_user(email, name, password_hash)
    except Exception as error:
        if race_lost(error):  # another invitation for this address, accepted at the same moment
            raise AccountError("An account with this email address was made a moment ago. "
                               "Sign in with it, then open this link again") from error
        raise
