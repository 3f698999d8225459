"""Text as people type it, made safe to keep and to write anywhere.

Some characters have no business in a narrative or a name and break the places text goes:
PostgreSQL refuses NUL, XML (so Word and Excel files) cannot hold the other C0 control
characters, lone surrogates cannot be encoded as UTF-8 at all, and U+FFFE/U+FFFF are not
characters. DEL and the C1 controls are legal almost everywhere but are always junk (mojibake
from a wrong encoding) and show as boxes. :func:`clean_text` drops all of them and keeps
everything else exactly: tab, newlines, markup (it is escaped where it is shown, never
removed), emoji, right-to-left text and joiners.

The web forms, ``ehsg create-user`` and imports clean text with this before it is stored; the
Word and spreadsheet writers (``exports._text``) use the same rule before writing.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from enum import Enum
from typing import TypeVar

__all__ = ["UNSAFE_CHARACTERS", "clean_text", "cleaned"]

#: What :func:`clean_text` removes: C0 controls but tab, line feed and carriage return; DEL and
#: the C1 controls; lone surrogates; the non-characters U+FFFE and U+FFFF.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

T = TypeVar("T")


def clean_text(text: str) -> str:
    """``text`` without the characters no page, database or document should hold."""
    return UNSAFE_CHARACTERS.sub("", text)


def cleaned(value: T) -> T:
    """``value`` with :func:`clean_text` applied to every string in it: a string, or a frozen
    dataclass (such as a :class:`~app.domain.returns.Return`), tuple, list or dict holding them.
    Enum members and other values are kept as they are."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, (tuple, list)):
        return type(value)(cleaned(item) for item in value)
    if isinstance(value, dict):  # an answer's narratives, by prompt key
        return {cleaned(k): cleaned(v) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: cleaned(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value
