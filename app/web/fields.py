"""Form fields more than one blueprint uses."""

from __future__ import annotations

from wtforms import DateField, IntegerField
from wtforms.validators import DataRequired, Length, Regexp

from app.domain import limits
from app.domain.limits import too_long

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_validators(missing: str) -> list:
    """An email address's checks: given (``missing`` says what to enter), in the right shape, not too long."""
    return [
        DataRequired(message=missing),
        Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.gov.uk"),
        Length(max=limits.EMAIL, message=too_long("Email address", limits.EMAIL)),
    ]


class WholeNumberField(IntegerField):
    """A whole number, with a GOV.UK-style message (``not_whole``) when it is not one."""

    def __init__(self, *args, not_whole: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_whole = not_whole

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(self.not_whole) from None


class GovDateField(DateField):
    """A date from the three boxes of the GOV.UK date input, with a GOV.UK-style message."""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            self.raw_data = None  # the widget needs a day, a month and a year, or nothing
        if not valuelist or not any(v.strip() for v in valuelist):
            return
        try:
            super().process_formdata([" ".join(v.strip() for v in valuelist)])
        except ValueError:
            self.data = None
            raise ValueError("Enter a real date, with a day, month and year, for example 30 9 2025") from None
