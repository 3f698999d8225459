"""Signing in and out, choosing a partnership, and accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.auth.forms import AcceptInvitationForm, EmptyForm, LoginForm
from app.services import accounts, signing_in
from app.web import signed_in
from app.web.access import choose_partnership, home_url

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only ever redirect within this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return home_url()


DEVICE_COOKIE = "ehsg_device"


def _begin(result: signing_in.SignIn) -> None:
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
    signed_in.remember(user.id)  # whose text to keep if this session expires mid-sentence


def _remember_device(response: Response, result: signing_in.SignIn) -> Response:
    """Set (or renew) the known-device cookie a good sign-in hands back (see docs/security.md)."""
    if result.device_cookie:
        response.set_cookie(DEVICE_COOKIE, result.device_cookie,
                            max_age=int(signing_in.KNOWN_DEVICE_LIFETIME.total_seconds()),
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


def _settings() -> signing_in.ThrottleSettings:
    return signing_in.ThrottleSettings.from_config(current_app.config)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = signing_in.sign_in(form.email.data, form.password.data, _settings(),
                                    device_cookie=request.cookies.get(DEVICE_COOKIE))
        if result.user:
            _begin(result)
            return _remember_device(redirect(_safe_next(request.args.get("next"))), result)
        form.password.errors = [result.error]
        status = 429 if result.throttled else 200
    return render_template("auth/login.html", form=form), status


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
    if current_user.audience is not None:
        abort(404)  # a person outside every partnership has none to choose
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
    # One page whether or not the address has an account: the page must not tell whoever holds the
    # link (the coordinator who made it, say) that the address has an account.
    form = AcceptInvitationForm(name=invitation.name)
    status = 200
    if form.validate_on_submit():
        result = signing_in.accept_invitation(invitation, form.password.data, form.name.data, _settings(),
                                              device_cookie=request.cookies.get(DEVICE_COOKIE))
        if result.gone:
            return render_template("auth/invitation-invalid.html", taken=True), 409
        if result.user:
            partnership_id, partnership_name = invitation.partnership_id, invitation.partnership.name
            _begin(result)
            session["partnership_id"] = partnership_id
            flash(f"You have joined {partnership_name}", "success")
            return _remember_device(redirect(url_for("assessments.index")), result)
        form.password.errors = [result.error]
        status = 429 if result.throttled else 200
    return render_template("auth/invitation.html", invitation=invitation, form=form), status
