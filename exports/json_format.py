"""The project's own file format for a return: JSON, lossless, versioned; and its writing.

``to_json(ret)`` writes a :class:`~app.domain.returns.Return` as UTF-8 JSON;
:func:`exports.json_reader.from_json` reads it back, so that
``from_json(to_json(r)) == r`` for every valid return. The format is described by
``return.schema.json`` (JSON Schema, draft 2020-12) beside this module and in
``README.md``; this module holds its name, version and limits, which the reader checks.

A valid return: text fields are strings (any Unicode, including control characters and
emoji), scores and workshop minimum/maximum/agreed scores are whole numbers on the 0-5
scale (the framework's scale when one is given) or null, counts are whole numbers from 0,
medians are finite numbers from 0 to 5 or null, the year is a whole number from 1900 to
2200 or null, data models are whole numbers from 1 to 9 (the framework's levels when one
is given) or null, each descriptor is answered at most once.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.domain.returns import EvidenceKind, Return, WorkshopSummary

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "VERSION",
    "return_to_dict",
    "to_json",
]

#: The value of the ``format`` field: what kind of file this is.
FORMAT = "ehsg-return"
#: The value of the ``version`` field this toolkit writes and reads.
#: 2: an answer's narratives are one object keyed by the edition's prompt keys ("narratives");
#: version 1 had the 2022 edition's two fields, "working_well" and "prioritising_next", which
#: the reader still reads.
VERSION = 2
#: The largest file ``from_json`` reads.
MAX_BYTES = 10 * 1024 * 1024
#: The deepest nesting ``from_json`` accepts (the format itself needs 6).
MAX_DEPTH = 16
#: Upper bounds on list lengths, far above any real return.
MAX_ANSWERS = 500
MAX_ITEMS = 2000
YEAR_RANGE = (1900, 2200)
DEFAULT_SCORE_RANGE = (0, 5)
DEFAULT_DATA_MODELS = range(1, 10)


def _date(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def return_to_dict(ret: Return) -> dict[str, Any]:
    """The return as the format's JSON object (plain dicts, lists, strings and numbers)."""
    dm = ret.data_model
    return {
        "format": FORMAT,
        "version": VERSION,
        "area": ret.area,
        "local_authority": ret.local_authority,
        "year": ret.year,
        "edition": ret.edition_id,
        "answers": [
            {
                "descriptor": a.descriptor_id,
                "score": a.score,
                "narratives": dict(a.narratives),
                "evidence": [
                    {
                        "description": e.description,
                        "kind": EvidenceKind(e.kind).value,
                        "agency": e.agency,
                        "dated": _date(e.dated),
                        "link": e.link,
                    }
                    for e in a.evidence
                ],
                "workshop": None if a.workshop is None else _workshop_to_dict(a.workshop),
            }
            for a in ret.answers
        ],
        "data_model": {
            "submitted": dm.submitted,
            "survey_date": _date(dm.survey_date),
            "changed": dm.changed,
            "current": dm.current,
            "change_reason": dm.change_reason,
        },
        "priorities": [{"descriptor": p.descriptor_id, "rationale": p.rationale} for p in ret.priorities],
        # The 2022 guide's three always (null when not answered), as earlier versions wrote
        # them, then any other key answered; to_json narrows this to the edition's own.
        "permissions": {**ret.permissions.for_keys(("dfe", "coordinators", "other_departments")),
                        **ret.permissions.given},
        "sign_off": None
        if ret.sign_off is None
        else {"signed_off_by": ret.sign_off.signed_off_by, "signed_off_at": ret.sign_off.signed_off_at.isoformat()},
    }


def _workshop_to_dict(w: WorkshopSummary) -> dict[str, Any]:
    return {
        "title": w.workshop_title,
        "held_on": _date(w.held_on),
        "count": w.count,
        "median": None if w.median is None else float(w.median),
        "minimum": w.minimum,
        "maximum": w.maximum,
        "histogram": list(w.histogram),
        "dont_know": w.dont_know,
        "agreed_score": w.agreed_score,
        "rationale": w.rationale,
        "by_group": [
            {
                "group": g.group,
                "count": g.count,
                "median": None if g.median is None else float(g.median),
                "minimum": g.minimum,
                "maximum": g.maximum,
            }
            for g in w.by_group
        ],
        "rounds": [
            {
                "round": r.number,
                "count": r.count,
                "median": None if r.median is None else float(r.median),
                "minimum": r.minimum,
                "maximum": r.maximum,
            }
            for r in w.rounds
        ],
    }


def to_json(ret: Return, permission_keys: tuple[str, ...] | None = None) -> bytes:
    """The return as UTF-8 JSON bytes (indented, keys in a fixed order, ending in a newline).

    ``permission_keys``: the permissions the return's edition asks, in its order (null when not
    answered; the others are left out, and read back as not answered); when None, the 2022
    guide's three and any other answered.

    Non-ASCII text is written as itself; only text that UTF-8 cannot carry (lone surrogate
    code points) makes the whole file fall back to ``\\u`` escapes, so nothing is lost.
    Raises ValueError for a median that is not a finite number.
    """
    obj = return_to_dict(ret)
    if permission_keys is not None:
        obj["permissions"] = ret.permissions.for_keys(permission_keys)
    if ret.action_plan is not None and not ret.action_plan.is_empty:
        from exports.json_plan import plan_to_dict

        obj["action_plan"] = plan_to_dict(ret.action_plan)
    try:
        return (json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj, ensure_ascii=True, indent=2, allow_nan=False) + "\n").encode("ascii")
