from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain.passwords import password_problem


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address"), Length(max=320)],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class AcceptInvitationForm(FlaskForm):
    """A new account: the person's name and a password of their choosing."""

    name = StringField(
        "Your full name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your full name"), Length(max=200, message="Name must be 200 characters or fewer")],
    )
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A few words you will remember work well. "
                    "It cannot be a common password, your email address or your name.",
        validators=[DataRequired(message="Enter a password")],
    )
    submit = SubmitField("Accept and create account", widget=GovSubmitInput())
    #: The invited address, which the password may not be (set by the page).
    account_email = ""

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self.account_email, name=self.name.data or "")
        if problem:
            raise ValidationError(problem)


class ConfirmInvitationForm(FlaskForm):
    """An existing account confirms with its password."""

    password = PasswordField(
        "Password for your existing account",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter the password for your existing account")],
    )
    submit = SubmitField("Accept invitation", widget=GovSubmitInput())


class EmptyForm(FlaskForm):
    """A form with only a CSRF token, for buttons that change something."""
