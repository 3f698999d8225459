from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput, GovTextInput
from wtforms import EmailField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from app.domain import peer_review
from app.domain.limits import too_long
from app.web.fields import WholeNumberField, email_validators


class InviteReviewerForm(FlaskForm):
    email = EmailField(
        "Reviewer's email address",
        widget=GovTextInput(),
        description="Someone who signs in to this service for another partnership",
        validators=email_validators("Enter the reviewer's email address"),
    )
    days = WholeNumberField(
        "For how many days may they review it?",
        not_whole="Enter the number of days as a whole number, like 28",
        widget=GovTextInput(),
        default=peer_review.DEFAULT_DAYS,
        description=f"From 1 to {peer_review.MAX_DAYS} days. You can end the review sooner.",
        validators=[
            InputRequired(message="Enter the number of days, like 28"),
            NumberRange(min=1, max=peer_review.MAX_DAYS,
                        message=f"The number of days must be between 1 and {peer_review.MAX_DAYS}"),
        ],
    )
    submit = SubmitField("Invite reviewer", widget=GovSubmitInput())


class EndReviewForm(FlaskForm):
    submit = SubmitField("End review", widget=GovSubmitInput())


class ChallengeForm(FlaskForm):
    text = TextAreaField(
        "Your challenge",
        widget=GovCharacterCount(),
        description="What would you ask the partnership about this descriptor's score and evidence? Leave it empty to remove your challenge.",
        validators=[Length(max=peer_review.CHALLENGE, message=too_long("Your challenge", peer_review.CHALLENGE))],
    )
    submit = SubmitField("Save challenge", widget=GovSubmitInput())
