"""View models for changing a workshop after set-up: the form filled from the workshop, and
the form's answers as the service takes them."""

from __future__ import annotations

from app.domain.framework import Framework
from app.domain.workshops import WorkshopMode
from app.services.workshop_setup import WorkshopChanges
from app.workshops.forms import WorkshopChangeForm


def change_form(workshop, guide: Framework, removable: set[str], posted: bool) -> WorkshopChangeForm:
    """The change form, filled from the workshop on first showing."""
    if posted:
        form = WorkshopChangeForm()
    else:
        form = WorkshopChangeForm(formdata=None, title=workshop.title, closes_on=workshop.closes_on)
    form.is_open_round = workshop.mode == WorkshopMode.OPEN
    form.set_choices(guide, [i.descriptor_id for i in workshop.descriptors], removable)
    return form


def changes_from(form: WorkshopChangeForm) -> WorkshopChanges:
    return WorkshopChanges(
        title=form.title.data or "",
        closes_on=form.closes_on.data if form.is_open_round else None,
        add_ids=tuple(form.add_ids.data or ()),
        remove_ids=tuple(form.remove_ids.data or ()),
    )
