from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from wtforms import SubmitField
from wtforms.validators import NumberRange, Optional, ValidationError

from app.web.fields import WholeNumberField


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
    submit = SubmitField("Import returns", widget=GovSubmitInput())

    def validate_year(self, field):
        if field.data is not None and len([f for f in self.file.data or [] if f]) > 1:
            raise ValidationError("Leave the year blank when you import several files: each file must say its year")
