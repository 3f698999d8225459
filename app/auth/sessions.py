"""Flask-Login wired to server-side sessions.

The cookie holds only a random session token; the session itself is a row in the database, so
signing out ends it everywhere, a new sign-in gets a new token, and an idle session expires.
"""

from __future__ import annotations

from flask import Flask, current_app, session

from app.extensions import login_manager
from app.services import accounts


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session does this job
    login_manager.user_loader(_load_user)


def _load_user(token: str):
    user = accounts.resume_session(token, current_app.config["SESSION_IDLE_TIMEOUT"],
                                   lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"])
    if user is None:
        session.pop("partnership_id", None)
        return None
    user.session_token = token
    return user
