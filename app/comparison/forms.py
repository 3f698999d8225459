from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import Length, ValidationError

from app.domain import limits
from app.domain.comparison import CONTACT_EXAMPLE, is_contact
from app.domain.limits import too_long


def _a_way_to_get_in_touch(form: FlaskForm, field: StringField) -> None:
    if (field.data or "").strip() and not is_contact(field.data):
        raise ValidationError(f"Enter a name with an email address or phone number, like {CONTACT_EXAMPLE}")


class ContactForm(FlaskForm):
    contact = StringField(
        "Contact for other areas",
        widget=GovTextInput(),
        description=f"A name and an email address or phone number, like {CONTACT_EXAMPLE}. "
                    "Leave it empty to show no contact.",
        validators=[Length(max=limits.NAME, message=too_long("The contact", limits.NAME)), _a_way_to_get_in_touch],
    )
    submit = SubmitField("Save contact", widget=GovSubmitInput())
