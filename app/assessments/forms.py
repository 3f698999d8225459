"""Forms for assessments. Choices that come from the guide (editions, data models, the scale)
are filled in from the framework when the form is made."""

from __future__ import annotations

import re
from functools import cache

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.domain import limits
from app.domain.framework import Framework, prompt_field_name
from app.domain.limits import too_long
from app.domain.returns import EvidenceKind
from app.domain.wording import prompt_name, short_text
from app.web.fields import GovDateField, WholeNumberField
from app.web.scale_fields import scale_choices

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


def _data_model_choices(framework: Framework) -> list[SelectChoice]:
    return [SelectChoice(str(m.level), f"{m.level} – {m.name}") for m in framework.data_models]


class DataModelForm(FlaskForm):
    data_model_submitted = RadioField(
        "Which data model did the partnership submit in the national data survey?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the data model submitted in the data survey")],
    )
    survey_date = GovDateField(
        "When was the data survey submitted?",
        widget=GovDateInput(),
        description="For example, 30 9 2025",
        format="%d %m %Y",
        validators=[InputRequired(message="Enter the date the data survey was submitted, including a day, month and year")],
    )
    data_model_changed = RadioField(
        "Do you think the partnership's data model has changed since you submitted the data survey?",
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[InputRequired(message="Select yes if the data model has changed since the data survey")],
    )
    data_model_current = RadioField(
        "If it has changed, which data model is the partnership at now?",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    change_reason = TextAreaField(
        "If it has changed, why do you think so?",
        widget=GovTextArea(),
        validators=[Length(max=limits.REASON, message=too_long("Reason", limits.REASON))],
    )
    submit = SubmitField("Save data model", widget=GovSubmitInput())

    def set_framework(self, framework: Framework) -> None:
        self.data_model_submitted.choices = _data_model_choices(framework)
        self.data_model_current.choices = _data_model_choices(framework)

    def validate_data_model_current(self, field):
        if self.data_model_changed.data == "yes":
            if not field.data:
                raise ValidationError("Select the data model the partnership is at now")
            if field.data not in {c.value for c in self.data_model_submitted.choices}:
                raise ValidationError("Select a data model from the list")

    def validate_change_reason(self, field):
        if self.data_model_changed.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Enter why you think the data model has changed")


class NewAssessmentForm(DataModelForm):
    year = WholeNumberField(
        "Which year is this assessment for?",
        not_whole="Enter the year as 4 digits, for example 2026",
        widget=GovTextInput(),
        description="The year you will send the return, for example 2026",
        validators=[
            InputRequired(message="Enter the year, for example 2026"),
            NumberRange(min=2020, max=2100, message="Year must be between 2020 and 2100"),
        ],
    )
    edition = RadioField(
        "Which edition of the Early Help System Guide?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select an edition of the guide")],
    )
    submit = SubmitField("Start assessment", widget=GovSubmitInput())

    #: The editions that ask for no data model (their assessments skip those questions).
    without_data_model: frozenset[str] = frozenset()

    def set_frameworks(self, frameworks: list[Framework], newest: Framework) -> None:
        """``frameworks`` newest first; the data model questions offer the data models of the
        newest edition that has them."""
        self.set_framework(next((f for f in frameworks if f.has_data_models), newest))
        self.without_data_model = frozenset(f.id for f in frameworks if not f.has_data_models)
        self.edition.choices = [
            SelectChoice(f.id, f"{f.edition.title}, {f.edition.label} ({f.edition.year})") for f in frameworks
        ]
        if not self.edition.data:
            self.edition.data = newest.id

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.edition.data in self.without_data_model:  # its questions are not asked: nothing kept
            for field in (self.data_model_submitted, self.survey_date, self.data_model_changed,
                          self.data_model_current, self.change_reason):
                field.errors = []
                field.data = None
            valid = not any(field.errors for field in self)
        return valid


def _score(field_value: str | None) -> int | None:
    return None if field_value in (None, "", "None") else int(field_value)


class DescriptorForm(FlaskForm):
    """A descriptor's score, evidence and one narrative field per prompt of the edition, named by
    its key: make it with :func:`descriptor_form` (the fields are the edition's)."""

    score = RadioField("Score", widget=GovRadioInput(), validators=[Optional()], validate_choice=False)
    version = HiddenField()
    #: The edition's prompts, in order (key, label), set by :func:`descriptor_form`.
    prompts: tuple[tuple[str, str], ...] = ()
    evidence_description = TextAreaField(
        "What is the evidence?",
        widget=GovTextArea(),
        description="For example, 'Family feedback survey, 212 responses, March 2026'",
        validators=[Length(max=limits.EVIDENCE, message=too_long("Evidence", limits.EVIDENCE))],
    )
    evidence_kind = RadioField("Kind of evidence", widget=GovRadioInput(), validate_choice=False, validators=[Optional()],
                               choices=[SelectChoice(k.value, k.label) for k in EvidenceKind])
    evidence_agency = StringField(
        "Which agency or organisation is it from?",
        widget=GovTextInput(),
        validators=[Length(max=limits.AGENCY, message=too_long("Agency", limits.AGENCY))],
    )
    evidence_date = GovDateField(
        "Date of the evidence (optional)",
        widget=GovDateInput(),
        description="For example, 27 3 2026",
        format="%d %m %Y",
        validators=[Optional()],
    )
    evidence_link = StringField(
        "Link (optional)",
        widget=GovTextInput(),
        description="A web address where partners can see it, starting https://",
        validators=[
            Optional(),
            Length(max=limits.LINK, message=too_long("Link", limits.LINK)),
            Regexp(limits.LINK_PATTERN, flags=re.IGNORECASE, message="Enter a link starting with https:// or http://"),
        ],
    )

    def set_scale(self, framework: Framework) -> None:
        self.score.choices = scale_choices(framework)
        self.scale_range = (framework.scale.minimum, framework.scale.maximum)

    scale_range = (0, 5)

    def narrative_fields(self) -> list:
        """The narrative fields, one per prompt of the edition, in its order."""
        return [self[prompt_field_name(key)] for key, _ in self.prompts]

    def narratives(self) -> dict[str, str]:
        """What was typed for each prompt, by prompt key."""
        return {key: self[prompt_field_name(key)].data or "" for key, _ in self.prompts}

    def validate_score(self, field):
        if field.data in (None, "", "None"):
            field.data = None
            return
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError(f"Select a score from {self.scale_range[0]} to {self.scale_range[1]}")

    def validate_evidence_kind(self, field):
        if field.data in (None, "", "None"):
            field.data = None
            return
        if field.data not in {k.value for k in EvidenceKind}:
            raise ValidationError("Select the kind of evidence")

    @property
    def score_value(self) -> int | None:
        return _score(self.score.data)

    def evidence_entered(self) -> bool:
        return any(
            (f.data or "").strip() if isinstance(f.data, str) else f.data
            for f in (self.evidence_description, self.evidence_agency, self.evidence_link, self.evidence_date)
        )

    def require_evidence(self) -> bool:
        """Check the evidence fields when evidence is being added; False if something is missing."""
        ok = True
        if not (self.evidence_description.data or "").strip():
            self.evidence_description.errors = list(self.evidence_description.errors) + ["Enter what the evidence is"]
            ok = False
        if not self.evidence_kind.data:
            self.evidence_kind.errors = list(self.evidence_kind.errors) + ["Select the kind of evidence"]
            ok = False
        return ok


#: The error message for each of the 2022 guide's permissions, as it has always read; another
#: edition's permission names the start of its own question.
PERMISSION_MESSAGES = {
    "dfe": "Select yes or no for sharing with DfE",
    "coordinators": "Select yes or no for sharing with Supporting Families coordinators",
    "other_departments": "Select yes or no for sharing with other government departments",
}


def permission_field_name(key: str) -> str:
    """The form field of a permission: its key, unless the key is a name the form itself uses."""
    return f"permission_{key}" if hasattr(FlaskForm, key) or key in ("submit", "csrf_token") else key


class PermissionsForm(FlaskForm):
    """The edition's permissions to share, one yes-or-no question each: made for an edition by
    :func:`permissions_form_for`, which adds a field per permission it declares."""

    submit = SubmitField("Save answers", widget=GovSubmitInput())

    def field_for(self, key: str) -> RadioField:
        return self[permission_field_name(key)]

    def answers(self, framework: Framework) -> dict[str, bool | None]:
        return {p.key: self[permission_field_name(p.key)].data == "yes" for p in framework.permissions}


def permissions_form_for(framework: Framework, answers: dict[str, bool | None] | None = None) -> PermissionsForm:
    """The permissions form of an edition: only its questions, in its words and order; with
    ``answers`` (by key) to show the answers already given, otherwise reading the request."""

    class EditionPermissionsForm(PermissionsForm):
        pass

    for permission in framework.permissions:
        message = PERMISSION_MESSAGES.get(permission.key, f"Select yes or no for “{short_text(permission.question, 60)}”")
        setattr(EditionPermissionsForm, permission_field_name(permission.key),
                RadioField(permission.question, description=permission.hint or "", widget=GovRadioInput(),
                           choices=YES_NO, validators=[InputRequired(message=message)]))
    if answers is None:
        return EditionPermissionsForm()
    shown = {permission_field_name(k): (None if v is None else ("yes" if v else "no")) for k, v in answers.items()}
    return EditionPermissionsForm(**shown)


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        "Why are you reopening it?",
        widget=GovTextArea(),
        validators=[
            InputRequired(message="Enter why the assessment is being reopened"),
            Length(max=limits.REASON, message=too_long("Reason", limits.REASON)),
        ],
    )
    submit = SubmitField("Reopen assessment", widget=GovSubmitInput())


class SignOffForm(FlaskForm):
    submit = SubmitField("Confirm and sign off", widget=GovSubmitInput())


@cache
def _descriptor_form_class(prompts: tuple[tuple[str, str], ...]) -> type[DescriptorForm]:
    fields: dict[str, object] = {
        prompt_field_name(key): TextAreaField(label, widget=GovCharacterCount(),
                           validators=[Length(max=limits.NARRATIVE, message=too_long(prompt_name(key, label), limits.NARRATIVE))])
        for key, label in prompts
    }
    return type("EditionDescriptorForm", (DescriptorForm,), {**fields, "prompts": prompts})


def descriptor_form(framework: Framework, **kwargs) -> DescriptorForm:
    """The descriptor form of ``framework``'s edition: a field for each of its prompts, named by
    the prompt's key (:func:`prompt_field_name`) and labelled in its words, with the scale set."""
    prompts = tuple((p.key, p.label) for p in framework.narrative_prompts)
    form = _descriptor_form_class(prompts)(**kwargs)
    form.set_scale(framework)
    return form
