"""Taking part without an account: the participant's secret in their own cookie session, the
keys the join throttle counts by (the browser's random id and the address), and where to send
people next.

The browser keeps a random secret per workshop joined; the server keeps only its hash (and, in
an anonymous workshop, cannot tie any answer to it). It also remembers, in the same cookie, the
descriptor the person was last on, so they come back to where they were.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import abort, current_app, make_response, render_template, request, session, url_for

from app.domain.throttle import wait_wording
from app.domain.workshops import NameHandling, WorkshopMode, format_code, whereabouts
from app.services import workshop_participation as taking_part
from app.services.workshop_room import RoomState
from app.web.scale_fields import scale_hints

SECRETS_KEY = "workshop_secrets"
PLACES_KEY = "workshop_places"
OPENED_KEY = "workshops_opened"
OPENED_KEPT = 20


BROWSER_KEY = "join_browser"


def _keyed(kind: str, value: str) -> str:
    message = f"{kind}:{value}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def address_key() -> str:
    """A keyed hash of the caller's address: enough to count wrong codes, without storing the address."""
    return _keyed("address", request.remote_addr or "unknown")


def browser_key() -> str | None:
    """A keyed hash of the random id this browser brought in its (signed) session cookie, or None
    when it brought none; either way the browser has one from now on, so its next attempt counts
    as its own."""
    brought = session.get(BROWSER_KEY)
    if isinstance(brought, str) and brought:
        return _keyed("browser", brought)
    session[BROWSER_KEY] = secrets.token_urlsafe(16)
    return None


def caller() -> taking_part.Caller:
    return taking_part.Caller(address=address_key(), browser=browser_key(), known_workshop_ids=known_workshop_ids())


def secret_for(workshop) -> str | None:
    return secret_for_id(workshop.id)


def secret_for_id(workshop_id: int) -> str | None:
    return (session.get(SECRETS_KEY) or {}).get(str(workshop_id))


def known_workshop_ids() -> frozenset[int]:
    """The workshops this browser has joined, or whose code it has already given right: going back
    to them is never a guess, so never waits (the session cookie is signed, so this cannot be made up)."""
    joined = [k for k in (session.get(SECRETS_KEY) or {}) if str(k).isdigit()]
    opened = [k for k in (session.get(OPENED_KEY) or []) if str(k).isdigit()]
    return frozenset(int(k) for k in [*joined, *opened])


def remember_opened(workshop) -> None:
    opened = list(session.get(OPENED_KEY) or [])
    if str(workshop.id) not in opened:
        session[OPENED_KEY] = [*opened, str(workshop.id)][-OPENED_KEPT:]


def remember(workshop, secret: str) -> None:
    secrets = dict(session.get(SECRETS_KEY) or {})
    secrets[str(workshop.id)] = secret
    session[SECRETS_KEY] = secrets
    session.permanent = True


def remember_place(workshop, descriptor_id: str) -> None:
    places = dict(session.get(PLACES_KEY) or {})
    if places.get(str(workshop.id)) != descriptor_id:
        places[str(workshop.id)] = descriptor_id
        session[PLACES_KEY] = places


def place_of(workshop) -> str | None:
    return (session.get(PLACES_KEY) or {}).get(str(workshop.id))


def code_of(workshop) -> str:
    return format_code(workshop.join_code)


def question_path(workshop, descriptor_id: str) -> str:
    return url_for("participate.question", code=code_of(workshop), descriptor_id=descriptor_id)


def list_path(workshop) -> str:
    return url_for("participate.questions", code=code_of(workshop))


def where_they_were(workshop) -> str:
    """Back to the descriptor they were last on; else the one the room is on (live) or the list."""
    covered = [i.descriptor_id for i in workshop.descriptors]
    place = place_of(workshop)
    if place is not None and place in covered:
        return question_path(workshop, place)
    if workshop.mode == WorkshopMode.LIVE and workshop.current_descriptor_id in covered:
        return question_path(workshop, workshop.current_descriptor_id)
    return list_path(workshop)


def first_question(workshop) -> str:
    covered = [i.descriptor_id for i in workshop.descriptors]
    if workshop.mode == WorkshopMode.LIVE and workshop.current_descriptor_id in covered:
        return question_path(workshop, workshop.current_descriptor_id)
    return question_path(workshop, covered[0])


def follow(workshop, state: RoomState) -> dict:
    """What the phone's script needs to follow the room: where to go when the key changes."""
    url = question_path(workshop, state.descriptor_id) if state.descriptor_id is not None else None
    return {"key": state.key, "descriptor": state.descriptor_id, "round": state.round, "shown": state.shown,
            "agreed": state.agreed, "url": url,
            "address": url_for("participate.room", code=code_of(workshop))}


def after_answer(workshop, descriptor_id: str) -> str:
    """Open round: on to the next descriptor. Live: the list, to wait for the room to move on."""
    if workshop.mode == WorkshopMode.LIVE:
        return list_path(workshop)
    following = whereabouts([i.descriptor_id for i in workshop.descriptors], descriptor_id).next_id
    if following:
        return question_path(workshop, following)
    return list_path(workshop)


def score_params(guide) -> dict:
    """The scale, each level's meaning as its hint, and the note that the wording is the toolkit's."""
    return {
        "fieldset": {"legend": {"text": "Your score", "classes": "govuk-fieldset__legend--m"}},
        "hint": {"text": guide.scale.short_note},
        "items": [
            *scale_hints(guide),
            {"hint": {"text": "Choose this if you cannot judge it from where you work."}},
        ],
    }


def names_promise(names: NameHandling) -> dict[str, str]:
    """What the join page and the comment box say about names: the promise kept everywhere."""
    return {
        NameHandling.NAMED: {
            "title": "This workshop is named",
            "text": "You give your name and organisation. The facilitator sees them beside your answers and "
                    "comments. If a comment of yours is added to the partnership's assessment as evidence, it is "
                    "credited to you by name. The screen in the room shows scores and comments without names.",
            "comment": "The facilitator sees your name with your comment. It may be added to the assessment as "
                       "evidence credited to you.",
        },
        NameHandling.FACILITATOR_ONLY: {
            "title": "Only the facilitator sees your name",
            "text": "You give your name and organisation, but only the facilitator sees them. Everyone else, "
                    "including the screen in the room, sees your stakeholder group only. If a comment of yours is "
                    "added to the partnership's assessment as evidence, it is credited to your group, not to you.",
            "comment": "Only the facilitator sees your name with your comment. Anyone else sees your stakeholder "
                       "group only.",
        },
        NameHandling.ANONYMOUS: {
            "title": "This workshop is anonymous",
            "text": "You are not asked for your name or organisation, and your answers are stored with no link "
                    "to you: not even the facilitator can see who gave which answer. Only the stakeholder group "
                    "you choose is kept with each answer. If you are the only person from your group, others "
                    "may still guess which answers are yours.",
            "comment": "Your comment is kept with your stakeholder group only. Leave out details that would "
                       "identify you.",
        },
    }[names]


def too_many_attempts(wait: timedelta, limited: str | None = None):
    """429 with how long to wait: this browser's own wait, or the address's turn (see docs/security.md)."""
    response = make_response(render_template("participate/too-many-attempts.html", wait=wait_wording(wait),
                                             address=limited == "address"), 429)
    response.headers["Retry-After"] = str(max(1, int(wait.total_seconds())))
    return response


def not_found():
    return make_response(render_template("participate/not-found.html"), 404)


def closed(workshop):
    return make_response(render_template("participate/closed.html", workshop=workshop), 410)


def look_up(typed: str) -> taking_part.CodeLookup:
    """What a code opens for this browser, counting a wrong one against the browser and its address."""
    lookup = taking_part.open_by_code(typed, caller(), taking_part.join_limits(current_app.config))
    if lookup.workshop is not None:
        remember_opened(lookup.workshop)
    return lookup


def open_workshop(code: str):
    """The workshop a code in the address opens, or stop with the page that says why not."""
    lookup = look_up(code)
    if lookup.wait is not None:
        abort(too_many_attempts(lookup.wait, lookup.limited))
    if lookup.workshop is None:
        abort(not_found())
    return lookup.workshop
