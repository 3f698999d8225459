"""Form fields more than one blueprint uses."""

from __future__ import annotations

from wtforms import DateField


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
