"""Forms for people taking part in a workshop, with no account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.domain import limits
from app.domain.framework import Framework
from app.domain.limits import too_long
from app.domain.workshops import StakeholderGroup
from app.web.form_tokens import new_form_token
from app.web.scale_fields import scale_choices
from app.web.widgets import RememberedCharacterCount, RememberedRadioInput, RememberedSubmitInput

DONT_KNOW = "dont_know"


class CodeForm(FlaskForm):
    code = StringField(
        "Workshop code",
        widget=GovTextInput(),
        description="It is on the screen in the room or in your invitation, for example KXR4-7PQM",
        validators=[DataRequired(message="Enter the workshop code")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class JoinForm(FlaskForm):
    name = StringField(
        "Your name",
        widget=GovTextInput(),
        validators=[Length(max=limits.NAME, message=too_long("Name", limits.NAME))],
    )
    organisation = StringField(
        "Your organisation",
        widget=GovTextInput(),
        description="For example, 'Mersey Care NHS Foundation Trust' or 'Hope Street Primary School'",
        validators=[Length(max=limits.NAME, message=too_long("Organisation", limits.NAME))],
    )
    group = RadioField(
        "Which group are you speaking for?",
        widget=GovRadioInput(),
        choices=[SelectChoice(g.value, g.label) for g in StakeholderGroup],
        validators=[InputRequired(message="Select the group you are speaking for")],
    )
    # Joining twice from one device (a double click) is one join: see app.web.form_tokens.
    form_token = HiddenField(default=new_form_token)
    submit = SubmitField("Join the workshop", widget=GovSubmitInput())

    def __init__(self, *args, asks_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_name = asks_name
        if not asks_name:  # an anonymous workshop does not ask, so cannot keep, who you are
            del self.name
            del self.organisation

    def validate_name(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter your name")

    def validate_organisation(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter your organisation")


class AnswerForm(FlaskForm):
    # Rendered on every question by every participant: the scale's HTML is remembered.
    score = RadioField("Your score", widget=RememberedRadioInput(), validate_choice=False,
                       validators=[InputRequired(message="Select a score, or select I don't know")])
    comment = TextAreaField(
        "Comment or evidence (optional)",
        widget=RememberedCharacterCount(),
        validators=[Length(max=limits.COMMENT, message=too_long("Comment", limits.COMMENT))],
    )
    round = HiddenField()
    submit = SubmitField("Save my answer", widget=RememberedSubmitInput())

    def set_scale(self, framework: Framework) -> None:
        self.score.choices = [
            *scale_choices(framework),
            SelectChoice(DONT_KNOW, "I don't know"),
        ]

    def validate_score(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Select a score, or select I don't know")

    @property
    def score_value(self) -> int | None:
        return None if self.score.data == DONT_KNOW else int(self.score.data)

    @property
    def round_value(self) -> int | None:
        try:
            return int(self.round.data)
        except (TypeError, ValueError):
            return None
