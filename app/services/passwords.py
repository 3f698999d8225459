"""Passwords: changing your own, and resetting a forgotten one by an emailed link.

The policy (long enough, not common, not your own email or name) is app.domain.passwords. A reset
link is a random token of which only a hash is stored; it works once, for an hour, and using it
ends every session of that person and every other link they were sent. Asking for one answers
the same whether or not the address has an account; at most PASSWORD_RESET_EMAILS_PER_HOUR
emails go to one account in an hour, and the person asking is not told when one does not.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.data import PasswordReset, User
from app.data import accounts as account_data
from app.data import passwords as data
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain.passwords import password_problem
from app.logs import security_event
from app.mail import send_email_later
from app.services.accounts import hash_password, token_hash
from app.services.signing_in import ThrottleSettings, confirm_password

RESET_LIFETIME = timedelta(hours=1)
WRONG_CURRENT_PASSWORD = "Enter your current password. The password you entered is not right"


@dataclass(frozen=True)
class Refusal:
    """Why a password was not changed, and the field the message belongs to."""

    field: str
    message: str
    throttled: bool = False


# --- Changing your password --------------------------------------------------------------


@operation
def change_password(user: User, session_token: str | None, current: str, new: str,
                    settings: ThrottleSettings, device_cookie: str | None = None) -> Refusal | None:
    """A signed-in person's new password: their current one first (counted under the sign-in
    throttle). Every other session of theirs ends; the one they are using stays."""
    checked = confirm_password(user, current, settings, device_cookie)
    if checked is not None:
        security_event("password_change_refused", user_id=user.id, reason="wrong_current_password")
        return Refusal("current_password", (checked.throttled and checked.error) or WRONG_CURRENT_PASSWORD,
                       throttled=checked.throttled)
    problem = password_problem(new, email=user.email, name=user.name)
    if problem:
        return Refusal("new_password", problem)
    user.password_hash = hash_password(new, email=user.email, name=user.name)
    keep = token_hash(session_token) if session_token else None
    ended = data.delete_sessions_of(user.id, keep_token_hash=keep)
    security_event("password_changed", user_id=user.id, sessions_ended=ended)
    return None


# --- A forgotten password ----------------------------------------------------------------


@dataclass(frozen=True)
class _NewLink:
    email: str
    name: str
    token: str


def request_reset(email: str, link_for: Callable[[str], str], per_hour: int, now: datetime | None = None) -> None:
    """Email a reset link to the account with this address, if there is one and it has not had
    ``per_hour`` of them in the last hour. Says nothing either way: the page answers the same."""
    made = _new_link(email, now or utcnow(), per_hour)
    if made is not None:
        # Sent after the answer, so that the page takes as long whether or not an email goes.
        send_email_later(made.email, "password_reset", {"name": made.name, "link": link_for(made.token)})


@operation
def _new_link(email: str, now: datetime, per_hour: int) -> _NewLink | None:
    user = account_data.user_by_email(email)
    if user is None:
        security_event("password_reset_requested", user_id=None, sent=False)
        return None
    if data.count_resets_since(user.id, now - timedelta(hours=1)) >= per_hour:
        security_event("password_reset_requested", user_id=user.id, sent=False, limited=True)
        return None
    token = secrets.token_urlsafe(32)
    data.add_reset(user, token_hash(token), now, now + RESET_LIFETIME)
    security_event("password_reset_requested", user_id=user.id, sent=True)
    return _NewLink(email=user.email, name=user.name, token=token)


class LinkState(enum.Enum):
    WORKS = "works"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OpenedLink:
    state: LinkState
    reset: PasswordReset | None = None

    @property
    def works(self) -> bool:
        return self.state is LinkState.WORKS


def open_reset(token: str, now: datetime | None = None) -> OpenedLink:
    """What a reset link opens: a link that still works, or why it does not."""
    now = now or utcnow()
    reset = data.reset_by_token_hash(token_hash(token))
    if reset is None:
        return OpenedLink(LinkState.UNKNOWN)
    if reset.used_at is not None:
        return OpenedLink(LinkState.USED, reset)
    if reset.expires_at <= now:
        return OpenedLink(LinkState.EXPIRED, reset)
    return OpenedLink(LinkState.WORKS, reset)


@dataclass(frozen=True)
class ResetOutcome:
    """A new password set (``done``), a password the policy refuses, or a link that no longer works."""

    done: bool = False
    problem: str | None = None
    state: LinkState = LinkState.WORKS


@operation
def complete_reset(token: str, new: str, now: datetime | None = None) -> ResetOutcome:
    """Set a new password through a reset link: the link stops working, and so does every other
    link and every session of that person; a sign-in lock on their address ends."""
    now = now or utcnow()
    opened = open_reset(token, now)
    if not opened.works or opened.reset is None:
        return ResetOutcome(state=opened.state)
    user = opened.reset.user
    problem = password_problem(new, email=user.email, name=user.name)
    if problem:
        return ResetOutcome(problem=problem)
    if not data.claim_reset(opened.reset.id, now):
        return ResetOutcome(state=LinkState.USED)  # the same link, sent twice at once: used a moment ago
    user.password_hash = hash_password(new, email=user.email, name=user.name)
    data.use_resets_of(user.id, now)
    # The emailed link proved the address is theirs: guesses by others no longer hold them back.
    account_data.clear_throttle(account_data.normalise_email(user.email))
    ended = data.delete_sessions_of(user.id)
    security_event("password_reset_completed", user_id=user.id, sessions_ended=ended)
    return ResetOutcome(done=True)
