"""Forms for setting up and facilitating workshops."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectChoice, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from app.domain import limits
from app.domain.framework import Framework
from app.domain.limits import too_long
from app.domain.workshops import NameHandling, WorkshopMode
from app.web.fields import GovDateField
from app.web.scale_fields import scale_choices


class WorkshopForm(FlaskForm):
    title = StringField(
        "Workshop title",
        widget=GovTextInput(),
        description="For example, 'Family voice and experience workshop'",
        validators=[
            DataRequired(message="Enter a title for the workshop"),
            Length(max=limits.TITLE, message=too_long("Title", limits.TITLE)),
        ],
    )
    held_on = GovDateField(
        "Date of the workshop",
        widget=GovDateInput(),
        description="For example, 12 3 2026. The join code of a live workshop works until the end of this day",
        format="%d %m %Y",
        validators=[InputRequired(message="Enter the date of the workshop, including a day, month and year")],
    )
    mode = RadioField(
        "How will people take part?",
        widget=GovRadioInput(),
        choices=[SelectChoice(m.value, m.label) for m in WorkshopMode],
        validators=[InputRequired(message="Select whether it is a live workshop or an open round")],
    )
    closes_on = GovDateField(
        "Closing date",
        widget=GovDateInput(),
        description="Only for an open round: its code works until the end of this day. For example, 27 3 2026",
        format="%d %m %Y",
    )
    names = RadioField(
        "How are names handled?",
        widget=GovRadioInput(),
        choices=[SelectChoice(n.value, n.label) for n in NameHandling],
        validators=[InputRequired(message="Select how names are handled")],
    )
    sections = SelectMultipleField("Whole sections", widget=GovCheckboxesInput(), validate_choice=True)
    descriptor_ids = SelectMultipleField("Single descriptors", widget=GovCheckboxesInput(), validate_choice=True)
    submit = SubmitField("Create workshop", widget=GovSubmitInput())

    def set_framework(self, framework: Framework) -> None:
        self.sections.choices = [SelectChoice(s.id, f"{s.id}. {s.name}") for s in framework.sections]
        self.descriptor_ids.choices = [
            SelectChoice(d.id, f"{d.id} {d.title}" if d.title else f"{d.id} {d.text[:90]}{'…' if len(d.text) > 90 else ''}")
            for d in framework.descriptors
        ]

    def chosen_descriptors(self, framework: Framework) -> tuple[str, ...]:
        sections = set(self.sections.data or ())
        singles = set(self.descriptor_ids.data or ())
        return tuple(d.id for d in framework.descriptors if d.section_id in sections or d.id in singles)

    def validate_closes_on(self, field):
        if self.mode.data != WorkshopMode.OPEN.value:
            field.errors.clear()  # only an open round has a closing date
            raise StopValidation()
        if field.data is None and not field.errors:
            raise ValidationError("Enter the closing date of the open round")

    def validate_sections(self, field):
        if not (field.data or self.descriptor_ids.data):
            raise ValidationError("Select the sections or descriptors the workshop covers")

    @staticmethod
    def mode_params() -> dict:
        return {
            "fieldset": {"legend": {"text": "How will people take part?", "classes": "govuk-fieldset__legend--m"}},
            "items": [{"hint": {"text": m.description}} for m in WorkshopMode],
        }

    @staticmethod
    def names_params() -> dict:
        return {
            "fieldset": {"legend": {"text": "How are names handled?", "classes": "govuk-fieldset__legend--m"}},
            "hint": {"text": "Participants are told this on the join page, before they answer."},
            "items": [{"hint": {"text": n.description}} for n in NameHandling],
        }


class WorkshopChangeForm(FlaskForm):
    """Changing a workshop after set-up. The closing date is asked only of an open round."""

    title = WorkshopForm.title
    closes_on = GovDateField(
        "Closing date",
        widget=GovDateInput(),
        description="Its code works until the end of this day. For example, 27 3 2026",
        format="%d %m %Y",
    )
    # Not checked against the choices: a descriptor added or answered since the page loaded gets the
    # service's plain message (or is left alone), not a "not a valid choice".
    add_ids = SelectMultipleField("Descriptors to add", widget=GovCheckboxesInput(), validate_choice=False)
    remove_ids = SelectMultipleField("Descriptors to remove", widget=GovCheckboxesInput(), validate_choice=False)
    submit = SubmitField("Save changes", widget=GovSubmitInput())
    is_open_round = False

    def validate_closes_on(self, field):
        if not self.is_open_round:
            field.errors.clear()  # only an open round has a closing date
            raise StopValidation()
        if field.data is None and not field.errors:
            raise ValidationError("Enter the closing date of the open round")

    def set_choices(self, framework: Framework, covered: list[str], removable: set[str]) -> None:
        self.add_ids.choices = [SelectChoice(d.id, _descriptor_label(d)) for d in framework.descriptors
                                if d.id not in covered]
        self.remove_ids.choices = [SelectChoice(d, _descriptor_label(framework.descriptor(d))) for d in covered
                                   if d in removable]


def _descriptor_label(d) -> str:
    return f"{d.id} {d.title}" if d.title else f"{d.id} {d.text[:90]}{'…' if len(d.text) > 90 else ''}"


class ActionForm(FlaskForm):
    """A button that changes something (reveal, next round, close): only the CSRF token."""


class MoveForm(FlaskForm):
    step = HiddenField()


class AgreeForm(FlaskForm):
    score = RadioField("Agreed score", widget=GovRadioInput(), validate_choice=False,
                       validators=[InputRequired(message="Select the agreed score")])
    rationale = TextAreaField(
        "Why did the group settle on this score?",
        widget=GovTextArea(),
        description="This is kept with the agreed score, so anyone reading the assessment can see the reason",
        validators=[
            DataRequired(message="Enter why the group settled on this score"),
            Length(max=limits.RATIONALE, message=too_long("Rationale", limits.RATIONALE)),
        ],
    )
    evidence = SelectMultipleField("Comments to add as evidence", widget=GovCheckboxesInput(), validate_choice=False)
    working_well = TextAreaField(
        "What is working well and what evidence do you have?",
        widget=GovTextArea(),
        validators=[Length(max=limits.NARRATIVE, message=too_long("What is working well", limits.NARRATIVE))],
    )
    prioritising_next = TextAreaField(
        "What are you prioritising next?",
        widget=GovTextArea(),
        validators=[Length(max=limits.NARRATIVE, message=too_long("What you are prioritising next", limits.NARRATIVE))],
    )
    version = HiddenField()
    draft = SubmitField("Draft the narratives again", widget=GovSubmitInput())
    submit = SubmitField("Record the agreed score", widget=GovSubmitInput())

    def set_scale(self, framework: Framework) -> None:
        self.score.choices = scale_choices(framework)
        # A workshop drafts two narratives: the edition's first prompt and the one for next steps
        # (its last), in its words (Framework.drafting_keys).
        labels = dict(zip(framework.prompt_keys, framework.prompts, strict=True))
        first, last = framework.drafting_keys
        self.working_well.label.text = labels[first]
        self.prioritising_next.label.text = labels[last]

    def validate_score(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Select the agreed score")

    @property
    def evidence_tokens(self) -> tuple[str, ...]:
        return tuple(str(v) for v in (self.evidence.data or ()))
