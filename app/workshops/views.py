"""View models for the facilitator's workshop pages: plain functions from forms to what the
service takes, and from the service's answers to what the templates show."""

from __future__ import annotations

import hashlib

from flask import render_template, url_for

from app.domain.framework import Framework
from app.domain.workshops import NameHandling, WorkshopMode, format_code
from app.services.workshop_facilitation import Facilitation
from app.services.workshop_setup import WorkshopDetails
from app.workshops.forms import AgreeForm, WorkshopForm


def details_from(form: WorkshopForm, guide: Framework) -> WorkshopDetails:
    mode = WorkshopMode(form.mode.data)
    return WorkshopDetails(
        title=form.title.data or "",
        held_on=form.held_on.data,
        mode=mode,
        names=NameHandling(form.names.data),
        closes_on=form.closes_on.data if mode == WorkshopMode.OPEN else None,
        descriptor_ids=form.chosen_descriptors(guide),
    )


def join_link(workshop) -> str:
    return url_for("participate.join", code=format_code(workshop.join_code), _external=True)


def short_join_address() -> str:
    """The address to type, without the scheme: easier to read off a projector."""
    address = url_for("participate.enter", _external=True)
    return address.split("://", 1)[-1]


def status_text(facts: Facilitation) -> str:
    """The line above a descriptor's results: how many of those who joined have answered."""
    current = facts.current
    people = "person who joined has" if facts.joined == 1 else "people who joined have"
    text = f"Round {current.number}: {current.answered} of {facts.joined} {people} answered"
    if current.figures.dont_know:
        text += f" ({current.figures.dont_know} don't know)"
    if not facts.accepting:
        text += ". Answers are closed"
    return text + "."


def agree_form(facts: Facilitation, guide: Framework, response_version: int, formdata=None) -> AgreeForm:
    """The agree form, pre-filled with the suggested score (the median, a half rounded down)."""
    if formdata is None:
        suggested = facts.latest_figures.figures.suggested
        if facts.item.agreed_score is not None:
            suggested = facts.item.agreed_score
        form = AgreeForm(
            formdata=None,
            score=None if suggested is None else str(suggested),
            rationale=facts.item.agreed_rationale or "",
            version=str(response_version),
        )
    else:
        form = AgreeForm()
    form.set_scale(guide)
    form.evidence.choices = [(c.token, c.text) for c in facts.all_comments]
    return form


def evidence_params(facts: Facilitation, guide: Framework) -> dict:
    """Each comment's checkbox hint: its round, group, score and (where the facilitator may see it) who."""
    items = []
    for c in facts.all_comments:
        score = "don't know" if c.score is None else f"scored {c.score}"
        parts = [f"Round {c.round}", c.group.label, score]
        if c.who:
            parts.append(c.who)
        items.append({"hint": {"text": ", ".join(parts)}})
    return {
        "fieldset": {"legend": {"text": "Comments to add as evidence", "classes": "govuk-fieldset__legend--m"}},
        "hint": {"text": _evidence_hint(facts.workshop.names)},
        "items": items,
    }


def _evidence_hint(names: NameHandling) -> str:
    if names == NameHandling.NAMED:
        return "Each comment you choose is added to the descriptor's evidence, credited to the stakeholder group and the person who made it."
    return "Each comment you choose is added to the descriptor's evidence, credited to the stakeholder group only."


def live_payload(template: str, status: str, **context) -> dict:
    """What the page's script polls for: the region's new HTML, the status line, and a key
    that changes only when the HTML does (so the page is left alone when nothing changed)."""
    html = render_template(template, **context)
    return {"html": html, "status": status, "key": hashlib.sha256(html.encode()).hexdigest()[:16]}
