"""View models for the facilitator's workshop pages: plain functions from forms to what the
service takes, and from the service's answers to what the templates show."""

from __future__ import annotations

import hashlib

import segno
from flask import render_template, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.domain.framework import Framework
from app.domain.narratives import Narratives
from app.domain.workshops import NameHandling, WorkshopMode, format_code
from app.services import workshop_agreement as agreeing
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


def join_qr(link: str) -> Markup:
    """The join link as a QR code, drawn here as inline SVG (no outside service, no data: URL).

    Sized by CSS (app-qr): a viewBox only. Error correction M, so a projector's glare or a
    low-resolution screen still scans."""
    svg = segno.make(link, error="m", boost_error=False).svg_inline(
        scale=1, border=2, dark="#0b0c0c", light="#ffffff", omitsize=True, svgclass="app-qr",
        title="QR code of the join link")
    return Markup(svg)


def projector_parts(workshop) -> dict:
    """What the projector shows besides the descriptor: the address to type and the QR code."""
    return {"join_address": short_join_address(), "join_link": join_link(workshop),
            "join_qr": join_qr(join_link(workshop))}


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


def agree_form(facts: Facilitation, guide: Framework, current, formdata=None) -> AgreeForm:
    """The agree form, pre-filled with the suggested score (the median, a half rounded down) and
    the narratives drafted from it (what the assessment says first)."""
    if formdata is None:
        suggested = facts.latest_figures.figures.suggested
        if facts.item.agreed_score is not None:
            suggested = facts.item.agreed_score
        rationale = facts.item.agreed_rationale or ""
        drafted = _existing(current, guide)
        if suggested is not None:
            drafted = agreeing.draft_narratives(facts.workshop, facts, suggested, rationale, (), drafted)
        form = AgreeForm(
            formdata=None,
            score=None if suggested is None else str(suggested),
            rationale=rationale,
            working_well=drafted.working_well,
            prioritising_next=drafted.prioritising_next,
            version=str(current.version),
        )
    else:
        form = AgreeForm()
    form.set_scale(guide)
    form.evidence.choices = [(c.token, c.text) for c in facts.all_comments]
    return form


def _existing(current, guide: Framework) -> Narratives:
    return Narratives.of(current.narratives, guide.drafting_keys)


def redraft(form: AgreeForm, facts: Facilitation, current, guide: Framework) -> bool:
    """Fill the narratives again from the form's score, rationale and ticked comments (nothing
    is saved). False if there is no valid score to draft from: the form then carries the error."""
    for field in form:
        field.errors = []  # drafting is not saving: nothing is required yet
    if form.score.data not in {c.value for c in form.score.choices}:
        form.score.errors = ["Select the agreed score"]
        return False
    drafted = agreeing.draft_narratives(facts.workshop, facts, int(form.score.data), form.rationale.data or "",
                                        form.evidence_tokens, _existing(current, guide))
    form.working_well.data = drafted.working_well
    form.prioritising_next.data = drafted.prioritising_next
    return True


def narratives_from(form: AgreeForm, guide: Framework) -> Narratives | None:
    """The narratives as the facilitator left them; None when the form did not carry them."""
    if form.working_well.data is None and form.prioritising_next.data is None:
        return None
    return Narratives(form.working_well.data or "", form.prioritising_next.data or "", guide.drafting_keys)


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
    # The region's forms carry a CSRF token that is signed afresh each second: leave it out of
    # the key, or the region would be replaced (and a focused button lost) on every poll.
    unchanging = html.replace(generate_csrf(), "")
    return {"html": html, "status": status, "key": hashlib.sha256(unchanging.encode()).hexdigest()[:16]}
