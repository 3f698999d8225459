"""Scores and priorities only, for sharing with the audiences the partnership said yes to.

The guide asks two permissions to share "the scoring (not narrative) for each descriptor
and the chosen priority descriptors": with other areas' Supporting Families coordinators
and with other government departments. :func:`write_scores_only` writes exactly that, and
nothing else: the area, the year, the edition, the score of every descriptor and the
priority descriptors' ids. No narrative, no evidence, no workshop figures, no rationale, no
names. Without a yes for the audience it raises :class:`NotShareable`.
"""

from __future__ import annotations

import json
from typing import Literal

from app.domain.framework import Framework
from app.domain.returns import Return
from exports._summary import scale_scores
from exports.problems import NotShareable

__all__ = ["AUDIENCES", "FORMAT", "VERSION", "NotShareable", "write_scores_only"]

FORMAT = "ehsg-scores"
VERSION = 1
Audience = Literal["coordinators", "other_departments"]
#: Who each audience is, in words.
AUDIENCES: dict[str, str] = {
    "coordinators": "Supporting Families coordinators in other areas",
    "other_departments": "other government departments",
}


def write_scores_only(ret: Return, framework: Framework, audience: Audience) -> bytes:
    """The return's scores and priorities as JSON bytes, for ``audience``.

    Raises :class:`NotShareable` when the return's permission for that audience is not a
    yes (answered no, or not answered yet), and ValueError for an unknown audience.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    who = ret.area.strip() or "This area"
    permission = ret.permissions.get(audience)
    question = next((p.question for p in framework.permissions if p.key == audience), "")
    if not question:
        raise NotShareable(f"{who}'s scores and priorities cannot be shared with {AUDIENCES[audience]}: "
                           f"{framework.edition.title} asks no permission to share with them.")
    if permission is not True:
        answer = "has not answered the permission question yet" if permission is None else "answered no to the permission question"
        message = f"{who}'s scores and priorities cannot be shared with {AUDIENCES[audience]}: the partnership {answer}"
        message += f" (\"{question}\")."
        raise NotShareable(message)
    scores = scale_scores(ret, framework)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "audience": audience,
        "area": ret.area,
        "year": ret.year,
        "edition": ret.edition_id,
        "scores": [{"descriptor": d.id, "score": scores.get(d.id)} for d in framework.descriptors],
        "priorities": list(ret.priority_ids),
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8", errors="replace")
