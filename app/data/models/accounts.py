"""People, partnerships and signing in: the tables of accounts.

Models never commit; the service that handles a request commits once.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base, utcnow
from app.domain import limits
from app.domain.roles import Role
from app.domain.sharing import Audience
from app.domain.team import TeamEventKind


class Partnership(Base):
    """One local area's Early Help partnership."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME), unique=True)
    local_authority: Mapped[str] = mapped_column(String(limits.NAME))
    # Who other partnerships may contact, shown only where this area permits coordinators in
    # other areas to see its return ("areas to learn from"); empty: none shown.
    contact_for_peers: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="partnership")


class User(UserMixin, Base):
    """A person who signs in. Their roles live in their memberships."""

    # The token of the signed-in session this object was loaded for (not stored).
    session_token = cast("str | None", None)

    def get_id(self) -> str | None:
        return self.session_token

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True)
    name: Mapped[str] = mapped_column(String(limits.NAME))
    password_hash: Mapped[str] = mapped_column(String(300))
    # A person outside every partnership (a department analyst, another department): no memberships.
    audience: Mapped[Audience | None] = mapped_column(Enum(Audience, native_enum=False, length=20,
                                                           validate_strings=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Membership(Base):
    """A user's role in one partnership."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "partnership_id", name="uq_membership_user_partnership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    partnership: Mapped[Partnership] = relationship(back_populates="memberships")


class Invitation(Base):
    """An invitation to join a partnership. Only a hash of its token is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL))
    name: Mapped[str] = mapped_column(String(limits.NAME))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    partnership: Mapped[Partnership] = relationship()


class UserSession(Base):
    """A signed-in session, kept on the server so that signing out really ends it."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LoginThrottle(Base):
    """Recent failed sign-ins for one email address."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]


class KnownDevice(Base):
    """A browser someone has signed in from before: a hash of the random part of its cookie.

    Its holder's failed sign-ins are counted apart from everyone else's (see docs/security.md)."""

    __tablename__ = "known_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamEvent(Base):
    """One change to a partnership's team, for its history: who did it, what, and to whom.

    Names and email addresses are copied, so the history still reads after someone leaves."""

    __tablename__ = "team_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[TeamEventKind] = mapped_column(Enum(TeamEventKind, native_enum=False, length=30,
                                                     validate_strings=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(limits.NAME))
    subject_name: Mapped[str] = mapped_column(String(limits.NAME))
    subject_email: Mapped[str] = mapped_column(String(limits.EMAIL))
    from_role: Mapped[Role | None] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    to_role: Mapped[Role | None] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))


class PasswordReset(Base):
    """A link to choose a new password, sent by email: only a hash of its token is kept; it works
    once (``used_at``) and until ``expires_at``."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
