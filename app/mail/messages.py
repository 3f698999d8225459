"""Every email the service sends, in one place: its subject and plain-text body, GOV.UK style.

Placeholders are written as GOV.UK Notify writes them, ``((name))``, so that the same text can be
pasted into a Notify template: with a Notify key set, Notify sends the template named by the
setting for that kind of email (NOTIFY_TEMPLATE_INVITATION, NOTIFY_TEMPLATE_PASSWORD_RESET) with
these same fields; otherwise the text below is filled in here and sent by SMTP (or, with no
email settings, written to the log in development).

The wording is ours: the Early Help System Guide says nothing about emails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

SIGNATURE = "Early Help System Guide toolkit"


@dataclass(frozen=True)
class Template:
    subject: str
    body: str

    @property
    def fields(self) -> frozenset[str]:
        """The placeholders the subject and body use."""
        return frozenset(_PLACEHOLDER.findall(self.subject + self.body))


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


TEMPLATES: dict[str, Template] = {
    "invitation": Template(
        subject="You have been invited to join ((partnership))",
        body=(
            "Hello ((name)),\n"
            "\n"
            "((invited_by)) has invited you to join ((partnership)) on the Early Help System Guide toolkit, "
            "as ((role)).\n"
            "\n"
            "Use this link to accept the invitation:\n"
            "((link))\n"
            "\n"
            "The link works once. It expires on ((expires)).\n"
            "\n"
            "If you were not expecting this invitation, you can ignore this email.\n"
            "\n"
            f"{SIGNATURE}\n"
        ),
    ),
    "password_reset": Template(
        subject="Reset your password",
        body=(
            "Hello ((name)),\n"
            "\n"
            "Someone asked to reset the password for your account on the Early Help System Guide toolkit.\n"
            "\n"
            "Use this link to choose a new password:\n"
            "((link))\n"
            "\n"
            "The link works once, for 1 hour. Choosing a new password signs you out everywhere.\n"
            "\n"
            "If you did not ask to reset your password, you can ignore this email: your password has not "
            "changed.\n"
            "\n"
            f"{SIGNATURE}\n"
        ),
    ),
}

_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")


def render(template_key: str, personalisation: Mapping[str, str]) -> Message:
    """The email of this kind, with its fields filled in. Every field must be given."""
    template = TEMPLATES[template_key]
    missing = template.fields - set(personalisation)
    if missing:
        raise KeyError(f"the {template_key} email needs {sorted(missing)}")

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda found: str(personalisation[found.group(1)]), text)

    return Message(subject=fill(template.subject), body=fill(template.body))
