"""Reading and writing partnerships, users, memberships, invitations and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, select

from app.data.models import (
    Invitation,
    LoginThrottle,
    Membership,
    Partnership,
    User,
    UserSession,
)
from app.domain.roles import Role
from app.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def add_user(email: str, name: str, password_hash: str) -> User:
    user = User(email=normalise_email(email), name=name.strip(), password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    return user


def partnership_by_name(name: str) -> Partnership | None:
    return db.session.scalar(select(Partnership).where(func.lower(Partnership.name) == name.strip().lower()))


def add_partnership(name: str, local_authority: str) -> Partnership:
    partnership = Partnership(name=name.strip(), local_authority=local_authority.strip())
    db.session.add(partnership)
    db.session.flush()
    return partnership


def count_partnerships() -> int:
    return db.session.scalar(select(func.count(Partnership.id))) or 0


def memberships_of(user_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Partnership)
            .where(Membership.user_id == user_id)
            .order_by(Partnership.name)
        )
    )


def membership(user_id: int, partnership_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.partnership_id == partnership_id)
    )


def membership_by_id(membership_id: int) -> Membership | None:
    return db.session.get(Membership, membership_id)


def members_of(partnership_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).join(User).where(Membership.partnership_id == partnership_id).order_by(User.name)
        )
    )


def count_role(partnership_id: int, role: Role) -> int:
    return (
        db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.partnership_id == partnership_id, Membership.role == role
            )
        )
        or 0
    )


def add_membership(user: User, partnership: Partnership, role: Role) -> Membership:
    member = Membership(user=user, partnership=partnership, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def remove_membership(member: Membership) -> None:
    db.session.delete(member)
    db.session.flush()


def add_invitation(invitation: Invitation) -> Invitation:
    db.session.add(invitation)
    db.session.flush()
    return invitation


def delete_waiting_invitations(partnership_id: int, email: str) -> int:
    """Remove the invitations to this partnership for this address that have not been accepted;
    returns how many there were."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        delete(Invitation)
        .where(Invitation.partnership_id == partnership_id, Invitation.email == email,
               Invitation.accepted_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash))


def pending_invitations(partnership_id: int, now: datetime) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.partnership_id == partnership_id,
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at)
        )
    )


def add_session(user: User, token_hash: str) -> UserSession:
    record = UserSession(user=user, token_hash=token_hash)
    db.session.add(record)
    db.session.flush()
    return record


def session_by_token_hash(token_hash: str) -> UserSession | None:
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash))


def delete_session(token_hash: str) -> None:
    db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash))


def throttle_for(email: str) -> LoginThrottle | None:
    return db.session.scalar(select(LoginThrottle).where(LoginThrottle.email == normalise_email(email)))


def add_throttle(email: str, now: datetime) -> LoginThrottle:
    record = LoginThrottle(email=normalise_email(email), failures=0, first_failure_at=now, last_failure_at=now)
    db.session.add(record)
    return record


def clear_throttle(email: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == normalise_email(email)))
