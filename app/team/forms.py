from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, HiddenField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from app.domain import limits
from app.domain.limits import too_long
from app.domain.roles import Role
from app.web.fields import email_validators
from app.web.form_tokens import new_form_token

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


def role_params() -> dict:
    """The role radios' legend, and each role's description as its hint."""
    return {
        "fieldset": {"legend": {"text": "Role", "classes": "govuk-fieldset__legend--m"}},
        "items": [{"hint": {"text": role.description}} for role in Role],
    }


class InviteForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the person's full name"), Length(max=limits.NAME, message=too_long("Name", limits.NAME))],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=email_validators("Enter their email address"),
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        validators=[InputRequired(message="Select a role")],
    )
    # The same form sent twice makes one invitation: see app.web.form_tokens.
    form_token = HiddenField(default=new_form_token)
    submit = SubmitField("Create invitation link", widget=GovSubmitInput())


class ChangeRoleForm(FlaskForm):
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        validators=[InputRequired(message="Select a role")],
    )
    submit = SubmitField("Save role", widget=GovSubmitInput())


class RemoveForm(FlaskForm):
    submit = SubmitField("Remove from partnership", widget=GovSubmitInput())
