"""A file for the browser to save, not show: every download the service offers."""

from __future__ import annotations

from flask import Response


def attachment(content: bytes | str, filename: str, mimetype: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
