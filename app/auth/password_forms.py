"""The forms for changing a password and resetting a forgotten one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain import limits
from app.domain.limits import too_long
from app.domain.passwords import password_problem

NEW_PASSWORD_HINT = ("Use 12 characters or more. A few words you will remember work well. "
                     "It cannot be a common password, your email address or your name.")


class _NewPasswordForm(FlaskForm):
    """A form with a new password for the person whose email address and name the page sets,
    checked against the password policy."""

    account_email = ""
    account_name = ""

    def check_new_password(self, field) -> None:
        problem = password_problem(field.data or "", email=self.account_email, name=self.account_name)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(_NewPasswordForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your current password")],
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=NEW_PASSWORD_HINT,
        validators=[DataRequired(message="Enter a new password")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def validate_new_password(self, field) -> None:
        self.check_new_password(field)


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address"),
                    Length(max=limits.EMAIL, message=too_long("Email address", limits.EMAIL))],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class ResetPasswordForm(_NewPasswordForm):
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=NEW_PASSWORD_HINT,
        validators=[DataRequired(message="Enter a new password")],
    )
    submit = SubmitField("Save new password", widget=GovSubmitInput())

    def validate_new_password(self, field) -> None:
        self.check_new_password(field)
