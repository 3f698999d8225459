from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


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
    """Joining a partnership, the same form whether or not the person has an account already: a new
    account takes the name and the password given; an existing one confirms its password."""

    name = StringField(
        "Your full name",
        widget=GovTextInput(),
        description="If you already have an account, it keeps the name it has.",
        validators=[DataRequired(message="Enter your full name"), Length(max=200, message="Name must be 200 characters or fewer")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        description="If you already have an account for this service, enter its password. If not, create a "
        "password: use 12 characters or more. A few words you will remember work well.",
        validators=[DataRequired(message="Enter a password")],
    )
    submit = SubmitField("Accept invitation", widget=GovSubmitInput())


class EmptyForm(FlaskForm):
    """A form with only a CSRF token, for buttons that change something."""
