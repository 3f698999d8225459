"""The password policy, after the NCSC's password guidance: long enough, not a common password,
not the person's own email address or name, and no composition rules (no "one capital, one
digit, one symbol").

One pure function, :func:`password_problem`, used wherever a password is set: ``ehsg
create-user``, the invitation page, changing a password and resetting one.

The list of common passwords (``data/common-passwords.txt``, about 20,000 of them, lower case)
is the one Django ships (Royce Williams' list of the 20,000 most common passwords, from the
breach corpora); see ``data/README.md`` for where it comes from and its licence.

Two rules go a little further than the words of the guidance, and are ours: a common password
with digits or symbols added before or after it ("password2024!") counts as that common password,
and so does the person's name or email address with only digits or symbols added ("jane.smith1990").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 1_000

COMMON_PASSWORDS_FILE = Path(__file__).with_name("data") / "common-passwords.txt"

TOO_SHORT = f"Password must be {MIN_LENGTH} characters or more. A few words you will remember work well"
TOO_LONG = f"Password must be {MAX_LENGTH:,} characters or fewer"
TOO_COMMON = ("Password is too easy to guess: it is one of the most common passwords. "
              "Choose a different one. A few words you will remember work well")
TOO_PERSONAL = "Password must not be your email address or your name"

_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_NOT_LETTERS_OR_DIGITS = re.compile(r"[\W_]+")
# A name or address this short (once its punctuation is gone) is only refused when it is the
# whole password, not when it is part of one.
_SHORTEST_PART = 3


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n").lower() for line in lines if line.strip())


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` may not be used by the person with this email address and name, or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if is_common(password):
        return TOO_COMMON
    if is_personal(password, email=email, name=name):
        return TOO_PERSONAL
    return None


def is_common(password: str) -> bool:
    """On the list, case aside, or a password on the list with only digits or symbols around it."""
    known = common_passwords()
    lowered = password.lower()
    core = _ENDS.sub("", lowered)
    return lowered in known or lowered.strip() in known or (bool(core) and core in known)


def is_personal(password: str, *, email: str = "", name: str = "") -> bool:
    """The person's email address, the part before its @, or their name (case, spaces and
    punctuation aside), alone or with only digits and symbols added."""
    typed = _letters_and_digits(password)
    parts = {_letters_and_digits(part) for part in (email, email.partition("@")[0], name)} - {""}
    for part in parts:
        if typed == part:
            return True
        if len(part) >= _SHORTEST_PART and part in typed and typed.replace(part, "").isdigit():
            return True
    return False


def _letters_and_digits(text: str) -> str:
    return _NOT_LETTERS_OR_DIGITS.sub("", text.lower())
