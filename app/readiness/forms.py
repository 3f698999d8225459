"""The priority descriptors form: the required choices in order, then optional further ones."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import FieldList, FormField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from app.domain import limits
from app.domain.framework import Framework
from app.domain.limits import too_long
from app.domain.wording import short_text

ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
OPTIONAL_SLOTS = 3


class PriorityEntryForm(FlaskForm):
    class Meta:
        csrf = False  # the outer form carries the token

    descriptor = SelectField("Descriptor", widget=GovSelect(), validate_choice=False)
    rationale = TextAreaField(
        "Why this descriptor?",
        widget=GovTextArea(),
        validators=[Length(max=limits.RATIONALE, message=too_long("Reason", limits.RATIONALE))],
    )


class PrioritiesForm(FlaskForm):
    entries = FieldList(FormField(PriorityEntryForm))
    submit = SubmitField("Save priorities", widget=GovSubmitInput())

    def prepare(self, guide: Framework) -> None:
        """One entry per required choice plus some optional ones, each offering every descriptor."""
        wanted = guide.priority_rule.required + OPTIONAL_SLOTS
        while len(self.entries) < wanted:
            self.entries.append_entry()
        choices = [SelectChoice("", "Choose a descriptor")] + [
            SelectChoice(d.id, f"{d.id} {d.title or short_text(d.text)} ({guide.section_of(d.id).name})")
            for d in guide.descriptors
        ]
        for index, entry in enumerate(self.entries):
            entry.form.descriptor.choices = choices
            ordinal = ORDINALS[index] if index < len(ORDINALS) else f"Number {index + 1}"
            entry.form.descriptor.label.text = f"{ordinal} priority descriptor"
            entry.form.rationale.label.text = f"Why the {ordinal.lower()} priority?"

    def chosen(self) -> list[tuple[str, str]]:
        """(descriptor id, rationale) for each filled entry, in order; blank optional entries dropped."""
        return [
            ((e.form.descriptor.data or "").strip(), (e.form.rationale.data or "").strip())
            for e in self.entries
            if (e.form.descriptor.data or "").strip()
        ]

