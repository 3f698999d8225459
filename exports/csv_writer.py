"""One row per descriptor as CSV: UTF-8 with a byte order mark, so Excel opens it with the
right characters; CRLF line endings; narratives keep their line breaks inside quoted fields.

The columns are those of the workbook's "Descriptors" sheet. Every text field is made safe
as in the workbook: control characters removed, and text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return prefixed with an apostrophe, so no field is a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from app.domain.framework import Framework
from app.domain.returns import Return
from exports._summary import descriptor_rows
from exports._text import cell_text

__all__ = ["write_csv"]


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        # Neutralised before the line endings are made "\n", so text starting with a carriage
        # return is caught too.
        return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return str(value)


def write_csv(ret: Return, framework: Framework) -> bytes:
    """The descriptor rows of the return as CSV bytes (UTF-8 with BOM)."""
    headers, rows = descriptor_rows(ret, framework)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_field(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
