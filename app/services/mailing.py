"""The emails that go with the use cases in app.services.accounts: an invitation's link."""

from __future__ import annotations

from app.data import User
from app.mail import Delivery, send_email
from app.services.accounts import NewInvitation


def send_invitation(created: NewInvitation, link: str, invited_by: User) -> Delivery:
    """Email the invitation's link to the person invited."""
    invitation = created.invitation
    return send_email(invitation.email, "invitation", {
        "name": invitation.name,
        "partnership": invitation.partnership.name,
        "role": invitation.role.label.lower(),
        "invited_by": invited_by.name,
        "link": link,
        "expires": f"{invitation.expires_at:%-d %B %Y}",
    })
