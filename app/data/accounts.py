"""Reading and writing partnerships, users, memberships, invitations and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.data.models import (
    Invitation,
    KnownDevice,
    LoginThrottle,
    Membership,
    Partnership,
    TeamEvent,
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


def roles_in(partnership_id: int) -> list[Role]:
    """The role of each member of the partnership, read afresh (this transaction's changes included)."""
    return list(db.session.scalars(select(Membership.role).where(Membership.partnership_id == partnership_id)))


def set_role(member: Membership, role: Role) -> None:
    member.role = role
    db.session.flush()


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


def invitation_by_id(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id)


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


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def lock_coordinators(partnership_id: int) -> list[int]:
    """Lock the partnership's coordinator memberships until the transaction ends (PostgreSQL: SELECT ...
    FOR UPDATE, in id order so two requests never wait on each other; SQLite has one writer at a time);
    their ids."""
    return list(
        db.session.scalars(
            select(Membership.id)
            .where(Membership.partnership_id == partnership_id, Membership.role == Role.COORDINATOR)
            .order_by(Membership.id)
            .with_for_update()
        )
    )


def claim_invitation(invitation_id: int, now: datetime) -> bool:
    """Mark an invitation accepted if it is still waiting; False when another request took it first.

    One UPDATE ... WHERE accepted_at IS NULL: on PostgreSQL a second request waits for the first to
    commit and then finds nothing to update; SQLite takes one writer at a time."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.accepted_at.is_(None), Invitation.expires_at > now)
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1


def _insert(table):
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def locked_throttle(key: str, now: datetime) -> LoginThrottle:
    """The throttle row for ``key``, made if missing, and locked until the transaction ends.

    The first statement is a write (an INSERT that does nothing when the row is there), so on SQLite
    it takes the one writer's lock before anything is read; on PostgreSQL the row is then read with
    SELECT ... FOR UPDATE. Two requests for one key count one after the other, never from the same
    reading, and never meet on the unique key."""
    db.session.execute(
        _insert(LoginThrottle.__table__)
        .values(email=key, failures=0, first_failure_at=now, last_failure_at=now)
        .on_conflict_do_nothing(index_elements=["email"])
    )
    record = db.session.scalar(
        select(LoginThrottle).where(LoginThrottle.email == key).with_for_update()
        .execution_options(populate_existing=True)
    )
    assert record is not None  # made just above, or already there
    return record


def throttle_for(key: str) -> LoginThrottle | None:
    return db.session.scalar(select(LoginThrottle).where(LoginThrottle.email == key))


def clear_throttle(key: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == key))


def add_known_device(user: User, token_hash: str, now: datetime) -> KnownDevice:
    device = KnownDevice(user_id=user.id, token_hash=token_hash, created_at=now, last_used_at=now)
    db.session.add(device)
    db.session.flush()
    return device


def known_device(user_id: int, token_hash: str) -> KnownDevice | None:
    return db.session.scalar(
        select(KnownDevice).where(KnownDevice.user_id == user_id, KnownDevice.token_hash == token_hash)
    )


def forget_devices_beyond(user_id: int, keep: int) -> None:
    """Keep only the ``keep`` devices used most recently."""
    kept = select(KnownDevice.id).where(KnownDevice.user_id == user_id).order_by(
        KnownDevice.last_used_at.desc(), KnownDevice.id.desc()).limit(keep)
    db.session.execute(
        delete(KnownDevice).where(KnownDevice.user_id == user_id, KnownDevice.id.not_in(kept))
        .execution_options(synchronize_session=False)
    )


def add_team_event(event: TeamEvent) -> TeamEvent:
    db.session.add(event)
    db.session.flush()
    return event


def team_events(partnership_id: int) -> list[TeamEvent]:
    return list(
        db.session.scalars(
            select(TeamEvent).where(TeamEvent.partnership_id == partnership_id)
            .order_by(TeamEvent.at.desc(), TeamEvent.id.desc())
        )
    )
