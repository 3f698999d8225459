"""What the service tells its operators: security events, one named logger for them.

``security_event("sign_in_failed", user_id=3)`` records that something an operator watches for
happened. Fields are ids, counts and kinds only: never a password, a token, an invitation link,
an email address or any text a person typed.
"""

from __future__ import annotations

import logging

SECURITY = logging.getLogger("ehsg.security")


def security_event(event: str, **fields: object) -> None:
    """Log a security event with its fields (ids and kinds, nothing secret or typed by a person)."""
    SECURITY.info(event, extra={"event": event, "fields": fields})
