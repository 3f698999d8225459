"""The action plan's forms: an action, a progress update and the plan's filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.domain import limits
from app.domain.framework import Framework
from app.domain.limits import too_long
from app.domain.plans import ACTION_TITLE, DONE_LOOKS_LIKE, NOTE, Status
from app.domain.wording import short_text
from app.web.fields import GovDateField

STATUS_CHOICES = [SelectChoice(s.value, s.label) for s in Status]


def descriptor_choices(guide: Framework, first: str) -> list[SelectChoice]:
    return [SelectChoice("", first)] + [
        SelectChoice(d.id, f"{d.id} {d.title or short_text(d.text)}") for d in guide.descriptors]


class ActionForm(FlaskForm):
    descriptor = SelectField("Descriptor", widget=GovSelect(), validate_choice=False,
                             validators=[DataRequired(message="Select the descriptor the action is for")])
    title = StringField("Action", widget=GovTextInput(), validators=[
        DataRequired(message="Enter the action"), Length(max=ACTION_TITLE, message=too_long("Action", ACTION_TITLE))])
    done_looks_like = TextAreaField("What done looks like", widget=GovTextArea(), validators=[
        Length(max=DONE_LOOKS_LIKE, message=too_long("What done looks like", DONE_LOOKS_LIKE))])
    owner = SelectField("Owner in the team", widget=GovSelect(), validate_choice=False,
                        description="Or leave this and name a partner organisation below")
    owner_organisation = StringField("Partner organisation", widget=GovTextInput(), validators=[
        Length(max=limits.NAME, message=too_long("Partner organisation", limits.NAME))])
    owner_contact = StringField("Contact at the partner organisation", widget=GovTextInput(), validators=[
        Length(max=limits.NAME, message=too_long("Contact", limits.NAME))])
    due = GovDateField("Due date", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()],
                       description="For example, 31 3 2027")
    status = RadioField("Status", widget=GovRadioInput(), choices=STATUS_CHOICES, default=Status.NOT_STARTED.value,
                        validators=[InputRequired(message="Select the action's status")])
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def prepare(self, guide: Framework, members: list[tuple[int, str]]) -> None:
        self.descriptor.choices = descriptor_choices(guide, "Choose a descriptor")
        self.owner.choices = [SelectChoice("", "No one in the team")] + [
            SelectChoice(str(user_id), name) for user_id, name in members]


class ProgressForm(FlaskForm):
    status = RadioField("Status", widget=GovRadioInput(), choices=STATUS_CHOICES,
                        validators=[InputRequired(message="Select the action's status")])
    note = TextAreaField("Progress note", widget=GovTextArea(), validators=[
        Length(max=NOTE, message=too_long("Progress note", NOTE))],
        description="Dated and kept in the action's history")
    submit = SubmitField("Save progress", widget=GovSubmitInput())


class MidYearForm(FlaskForm):
    """The mid-year review: its fields (a note per action, a re-score per priority) are named
    ``note-ACTION_ID`` and ``score-DESCRIPTOR_ID`` and read by :func:`mid_year_answers`; this form
    carries the CSRF token and the button."""

    submit = SubmitField("Save the mid-year review", widget=GovSubmitInput())


def mid_year_answers(values, action_ids: list[int], descriptor_ids: list[str]
                     ) -> tuple[dict[int, str], dict[str, int | None]]:
    notes = {i: values.get(f"note-{i}", "") for i in action_ids}
    scores: dict[str, int | None] = {}
    for code in descriptor_ids:
        raw = values.get(f"score-{code}", "").strip()
        scores[code] = int(raw) if raw.isdigit() else None
    return notes, scores
