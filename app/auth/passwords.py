"""Changing your password, and choosing a new one by an emailed link when it is forgotten."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.password_forms import ChangePasswordForm, ForgottenPasswordForm, ResetPasswordForm
from app.auth.routes import DEVICE_COOKIE
from app.services import passwords
from app.services.signing_in import ThrottleSettings

bp = Blueprint("passwords", __name__)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change():
    form = ChangePasswordForm()
    form.account_email, form.account_name = current_user.email, current_user.name
    if form.validate_on_submit():
        refused = passwords.change_password(current_user, current_user.session_token,
                                            form.current_password.data, form.new_password.data,
                                            ThrottleSettings.from_config(current_app.config),
                                            request.cookies.get(DEVICE_COOKIE))
        if refused is None:
            flash("Your password has been changed. You have been signed out on every other device", "success")
            return redirect(url_for("auth.partnerships"))
        getattr(form, refused.field).errors = [refused.message]
        if refused.throttled:
            return render_template("auth/change-password.html", form=form), 429
    return render_template("auth/change-password.html", form=form)


@bp.route("/forgotten-password", methods=["GET", "POST"])
def forgotten():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        passwords.request_reset(form.email.data, _reset_link, current_app.config["PASSWORD_RESET_EMAILS_PER_HOUR"])
        return render_template("auth/check-your-email.html")
    return render_template("auth/forgotten-password.html", form=form)


def _reset_link(token: str) -> str:
    return url_for("passwords.reset", token=token, _external=True)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset(token: str):
    opened = passwords.open_reset(token)
    if not opened.works or opened.reset is None:
        return _link_does_not_work(opened.state)
    form = ResetPasswordForm()
    form.account_email, form.account_name = opened.reset.user.email, opened.reset.user.name
    if form.validate_on_submit():
        outcome = passwords.complete_reset(token, form.new_password.data)
        if outcome.done:
            flash("Your password has been changed. Sign in with your new password", "success")
            return redirect(url_for("auth.login"))
        if outcome.problem is None:
            return _link_does_not_work(outcome.state)
        form.new_password.errors = [outcome.problem]
    return render_template("auth/reset-password.html", form=form, email=opened.reset.user.email)


def _link_does_not_work(state: passwords.LinkState):
    return render_template("auth/reset-link-invalid.html", state=state.value), 404
