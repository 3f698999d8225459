"""How long each kind of typed text may be: one home for the forms (their Length validators and
messages), the services, the database columns and the templates (``maxlength`` on the character
counts, through the ``limits`` template global).

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import re

#: What is working well, and what the partnership is prioritising next, on a descriptor.
NARRATIVE = 20_000
#: A piece of evidence's description.
EVIDENCE = 2_000
#: The agency a piece of evidence comes from.
AGENCY = 200
#: A link to a piece of evidence.
LINK = 2_000
#: Why a priority descriptor was chosen, and why a workshop settled on its agreed score. One
#: value for both: 5,000, the longer of the two there were (2,000 on the priorities form, 5,000
#: where a workshop's rationale is saved), so no rationale that could be saved before is refused
#: now, and a rationale read from an earlier return keeps the room it had.
RATIONALE = 5_000
#: Why the data model changed, and why a signed-off assessment is reopened.
REASON = 2_000
#: A workshop participant's comment on their score.
COMMENT = 2_000
#: A workshop's title.
TITLE = 200
#: A person's name, an organisation, a partnership or a local authority.
NAME = 200
#: An email address (the longest the standards allow).
EMAIL = 320


def too_long(what: str, limit: int) -> str:
    """The message for text over its limit, in GOV.UK style: 'Reason must be 2,000 characters or fewer'."""
    return f"{what} must be {limit:,} characters or fewer"


#: What an evidence link must look like: a web address, ``http`` or ``https`` (the evidence form
#: and every importer check it with this pattern).
LINK_PATTERN = r"^https?://\S+$"


def is_web_link(text: str) -> bool:
    """Whether ``text`` is a link an evidence item may hold (see :data:`LINK_PATTERN`)."""
    return re.match(LINK_PATTERN, text, re.IGNORECASE) is not None
