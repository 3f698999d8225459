"""Helpers every template can use: the navigation and the partnership being worked in."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.domain.access import Action, is_editable, is_imported, may
from app.domain.framework import prompt_field_name
from app.domain.sharing import Audience
from app.domain.wording import number_word, prompt_name
from app.web.access import AUDIENCE_HOME, access_flags, current_membership


def current_partnership_name() -> str | None:
    member = current_membership()
    return member.partnership.name if member else None


AUDIENCE_NAVIGATION = {Audience.DEPARTMENT: "Returns sent", Audience.OTHER_DEPARTMENT: "Scores shared"}


def navigation_items() -> list[dict]:
    """The service navigation for whoever is looking."""
    if not current_user.is_authenticated:
        if request.blueprint == "participate":
            return []  # someone taking part with a code has no account to sign in to
        return [_item("Sign in", url_for("auth.login"))]
    if current_user.audience is not None:  # outside every partnership: their view only
        return [_item(AUDIENCE_NAVIGATION[current_user.audience], url_for(AUDIENCE_HOME[current_user.audience]))]
    items = []
    member = current_membership()
    if member:
        items.append(_item("Assessments", url_for("assessments.index")))
        if may(member.role, Action.MANAGE_TEAM):
            items.append(_item("Team", url_for("team.index")))
    items.append(_item("Peer reviews", url_for("peers.mine")))
    items.append(_item("Partnerships", url_for("auth.partnerships")))
    return items


def navigation_end() -> str:
    """The sign-out button: a form, since signing out changes something."""
    if not current_user.is_authenticated:
        return ""
    return Markup('<li class="govuk-service-navigation__item">') + _logout_button() + Markup("</li>")


def _item(text: str, href: str) -> dict:
    active = request.path == href or (href != "/" and request.path.startswith(href + "/"))
    return {"text": text, "href": href, "active": active, "current": active}


def _logout_button() -> Markup:
    return Markup(
        f'<form method="post" action="{escape(url_for("auth.logout"))}" class="app-inline-form">'
        f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
        '<button type="submit" class="govuk-service-navigation__link app-link-button">Sign out</button>'
        "</form>"
    )


def signed_off(status: str) -> bool:
    """`{% if assessment.status is signed_off %}`: for the lists, where each row has its own status."""
    return not is_editable(status)


def imported(status: str) -> bool:
    """`{% if assessment.status is imported %}`: a return read from a file that was signed off there."""
    return is_imported(status)


def register_template_helpers(app: Flask) -> None:
    app.context_processor(access_flags)
    app.add_template_test(signed_off, "signed_off")
    app.add_template_test(imported, "imported")
    app.add_template_global(current_partnership_name)
    app.add_template_global(navigation_items)
    app.add_template_global(navigation_end)
    app.add_template_filter(number_word, "number_word")
    app.add_template_global(prompt_name)
    app.add_template_global(prompt_field_name)
