from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from app.domain.framework import Framework
from app.web.fields import WholeNumberField

#: The upload page's edition choice that leaves it to the file.
FROM_THE_FILE = "from-the-file"


class ImportForm(FlaskForm):
    file = MultipleFileField(
        "Upload returns",
        widget=GovFileInput(multiple=True),
        description="One file or several (one a year): Word documents (.docx) laid out like the guide's return, "
        "the same as plain text, or JSON files exported from this toolkit. 10 MB at most in one upload: "
        "import more in several goes.",
        validators=[FileRequired(message="Select a file to import")],
    )
    year = WholeNumberField(
        "Year of the return (if the file does not say; for one file only)",
        not_whole="Enter the year as 4 digits, for example 2022",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=2020, max=2100, message="Year must be between 2020 and 2100")],
    )
    edition = RadioField(
        "Which edition of the guide do the files follow?",
        widget=GovRadioInput(),
        description="The toolkit's JSON names its edition, and a Word or text return is matched by its descriptors "
        "and year. If the toolkit cannot tell, it asks you to choose.",
        validators=[DataRequired(message="Select the edition of the guide the files follow")],
        default=FROM_THE_FILE,
        validate_choice=False,
    )
    submit = SubmitField("Import returns", widget=GovSubmitInput())

    def set_frameworks(self, frameworks: list[Framework]) -> None:
        self.edition.choices = [SelectChoice(FROM_THE_FILE, "Tell from each file")] + [
            SelectChoice(f.id, f"{f.edition.title}, {f.edition.label} ({f.edition.year})") for f in frameworks
        ]

    @property
    def chosen_edition(self) -> str | None:
        """The edition chosen, or None to tell from each file."""
        return None if self.edition.data in (None, "", FROM_THE_FILE) else self.edition.data

    def validate_edition(self, field):
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select the edition of the guide the files follow")

    def validate_year(self, field):
        if field.data is not None and len([f for f in self.file.data or [] if f]) > 1:
            raise ValidationError("Leave the year blank when you import several files: each file must say its year")
