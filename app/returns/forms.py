from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from wtforms import IntegerField, SubmitField
from wtforms.validators import NumberRange, Optional


class OptionalYearField(IntegerField):
    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError("Enter the year as 4 digits, for example 2022") from None


class ImportForm(FlaskForm):
    file = FileField(
        "Upload a return",
        widget=GovFileInput(),
        description="A Word document (.docx) laid out like the guide's return, the same as plain text, "
        "or a JSON file exported from this toolkit. 10 MB at most.",
        validators=[FileRequired(message="Select a file to import")],
    )
    year = OptionalYearField(
        "Year of the return (if the file does not say)",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=2020, max=2100, message="Year must be between 2020 and 2100")],
    )
    submit = SubmitField("Import return", widget=GovSubmitInput())
