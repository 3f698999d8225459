"""Reading and writing password reset links, and ending a person's sessions when their password changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from app.data.models import PasswordReset, User, UserSession
from app.extensions import db


def add_reset(user: User, token_hash: str, now: datetime, expires_at: datetime) -> PasswordReset:
    record = PasswordReset(user_id=user.id, token_hash=token_hash, created_at=now, expires_at=expires_at)
    db.session.add(record)
    db.session.flush()
    return record


def reset_by_token_hash(token_hash: str) -> PasswordReset | None:
    return db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash))


def count_resets_since(user_id: int, since: datetime) -> int:
    return db.session.scalar(select(func.count(PasswordReset.id)).where(
        PasswordReset.user_id == user_id, PasswordReset.created_at > since)) or 0


def use_resets_of(user_id: int, now: datetime) -> None:
    """Every reset link of this person stops working."""
    db.session.execute(update(PasswordReset)
                       .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
                       .values(used_at=now)
                       .execution_options(synchronize_session=False))
    db.session.flush()


def delete_sessions_of(user_id: int, keep_token_hash: str | None = None) -> int:
    """End this person's signed-in sessions (all of them, or all but the one kept); how many ended."""
    condition = UserSession.user_id == user_id
    if keep_token_hash is not None:
        condition = condition & (UserSession.token_hash != keep_token_hash)
    ended = db.session.scalar(select(func.count(UserSession.id)).where(condition)) or 0
    db.session.execute(delete(UserSession).where(condition).execution_options(synchronize_session=False))
    return ended


def claim_reset(reset_id: int, now: datetime) -> bool:
    """Mark this link used, if no one has yet: True for the one request that does (so that the
    same link sent twice at once changes the password once)."""
    result = db.session.execute(update(PasswordReset)
                                .where(PasswordReset.id == reset_id, PasswordReset.used_at.is_(None))
                                .values(used_at=now)
                                .execution_options(synchronize_session=False))
    db.session.flush()
    return bool(getattr(result, "rowcount", 0))
