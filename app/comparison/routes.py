"""Areas learning from each other: an assessment compared with the other areas that permit it, and
the contact a coordinator chooses to show them. Thin routes over app.services.comparison."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.comparison.forms import ContactForm
from app.domain import comparison as rules
from app.domain.access import Action
from app.domain.wording import short_text
from app.domain.workshops import figure
from app.services import comparison as service
from app.web.access import AssessmentAccess, PartnershipAccess, for_assessment, for_partnership

bp = Blueprint("comparison", __name__)


@bp.get("/assessments/<int:assessment_id>/compare")
@for_assessment(Action.SEE_COMPARISON)
def compare(assessment_id: int, access: AssessmentAccess):
    return render_template("comparison/compare.html", assessment=access.assessment, guide=access.guide,
                           page=service.comparison(access.assessment, access.guide), Shown=rules.Shown,
                           rules=rules, figure=figure, short_text=short_text)


@bp.route("/team/contact-for-other-areas", methods=["GET", "POST"])
@for_partnership(Action.MANAGE_TEAM)
def contact(access: PartnershipAccess):
    partnership = access.partnership
    form = ContactForm(data={"contact": partnership.contact_for_peers})
    if form.validate_on_submit():
        changed = service.set_contact(partnership, form.contact.data or "", current_user)
        saved = partnership.contact_for_peers
        if changed:
            flash("The contact shown to other areas is now saved." if saved else
                  "No contact is shown to other areas now.", "success")
        else:
            flash(f"Nothing changed: {'that contact was already saved' if saved else 'no contact was shown'}.", "success")
        return redirect(url_for("comparison.contact"))
    return render_template("comparison/contact.html", form=form, partnership=partnership)
