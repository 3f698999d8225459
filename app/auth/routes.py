"""Signing in and out, choosing a partnership, and accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import AcceptInvitationForm, ConfirmInvitationForm, EmptyForm, LoginForm
from app.services import accounts
from app.web.access import choose_partnership

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only ever redirect within this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("assessments.index")


def _begin(result: accounts.SignIn) -> None:
    """Start a fresh cookie session for a new server-side session (the old one is discarded)."""
    kept_draft = session.get("draft_token")
    session.clear()
    if kept_draft:
        session["draft_token"] = kept_draft  # text typed before the old session ended
    user = result.user
    if user is None:
        raise ValueError("only a successful sign-in begins a session")
    user.session_token = result.session_token
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    error_list = []
    status = 200
    if form.validate_on_submit():
        settings = accounts.ThrottleSettings.from_config(current_app.config)
        result = accounts.sign_in(form.email.data, form.password.data, settings)
        if result.user:
            _begin(result)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [result.error]
        status = 429 if result.throttled else 200
    return render_template("auth/login.html", form=form, error_list=error_list), status


@bp.post("/logout")
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        accounts.end_session(current_user.session_token)
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.login"))


@bp.route("/partnerships", methods=["GET", "POST"])
@login_required
def partnerships():
    memberships = accounts.partnerships_of(current_user)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            chosen = int(request.form.get("partnership_id", ""))
        except ValueError:
            abort(400)
        choose_partnership(chosen)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/partnerships.html", memberships=memberships, form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    invitation = accounts.open_invitation(token)
    if invitation is None:
        return render_template("auth/invitation-invalid.html"), 404
    existing = accounts.invited_user_exists(invitation)
    form = ConfirmInvitationForm() if existing else AcceptInvitationForm(name=invitation.name)
    form.account_email = invitation.email
    if form.validate_on_submit():
        name = None if existing else form.name.data
        result = accounts.accept_invitation(invitation, form.password.data, name=name)
        if result.user:
            partnership_id = invitation.partnership_id
            _begin(result)
            session["partnership_id"] = partnership_id
            flash(f"You have joined {invitation.partnership.name}", "success")
            return redirect(url_for("assessments.index"))
        form.password.errors = [result.error]
    return render_template("auth/invitation.html", invitation=invitation, form=form, existing=existing)
