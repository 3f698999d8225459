"""The demo partnership: one user per role, with passwords printed once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from app.data import accounts as data
from app.domain.roles import Role
from app.extensions import db
from app.services.accounts import hash_password

DEMO_PARTNERSHIP = "Demo Early Help Partnership"
DEMO_LOCAL_AUTHORITY = "Demo Borough Council"
DEMO_PEOPLE = (
    (Role.COORDINATOR, "Casey Coordinator", "coordinator@demo.example"),
    (Role.FACILITATOR, "Farah Facilitator", "facilitator@demo.example"),
    (Role.STRATEGIC_LEAD, "Sam Strategic-Lead", "lead@demo.example"),
    (Role.VIEWER, "Vic Viewer", "viewer@demo.example"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str
    password: str


def _passphrase() -> str:
    return "-".join(secrets.token_urlsafe(5) for _ in range(4))


def demo_exists() -> bool:
    return data.partnership_by_name(DEMO_PARTNERSHIP) is not None


def database_is_empty() -> bool:
    return data.count_partnerships() == 0


def seed_demo() -> list[DemoLogin]:
    """Create the demo partnership and its people; return their logins (the only time they are shown)."""
    if demo_exists():
        raise ValueError(f"{DEMO_PARTNERSHIP} already exists")
    partnership = data.add_partnership(DEMO_PARTNERSHIP, DEMO_LOCAL_AUTHORITY)
    logins = []
    for role, name, email in DEMO_PEOPLE:
        password = _passphrase()
        user = data.add_user(email, name, hash_password(password))
        data.add_membership(user, partnership, role)
        logins.append(DemoLogin(role=role.value, name=name, email=email, password=password))
    db.session.commit()
    return logins


def reset_demo_passwords() -> list[DemoLogin]:
    """New passwords for the demo people (their old ones stop working)."""
    logins = []
    for role, name, email in DEMO_PEOPLE:
        user = data.user_by_email(email)
        if user is None:
            continue
        password = _passphrase()
        user.password_hash = hash_password(password)
        logins.append(DemoLogin(role=role.value, name=user.name, email=email, password=password))
    db.session.commit()
    return logins
