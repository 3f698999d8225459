"""The coordinator manages who is in the partnership and what each person may do."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, session, url_for
from flask_login import current_user

from app.domain.access import Action, may
from app.domain.roles import Role
from app.domain.team import describe
from app.mail import Delivery, transport
from app.services import accounts, mailing
from app.team.forms import ChangeRoleForm, InviteForm, RemoveForm, role_params
from app.web.access import MemberAccess, PartnershipAccess, for_member, for_partnership
from app.web.form_tokens import secret_from

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.get("")
@for_partnership(Action.MANAGE_TEAM)
def index(access: PartnershipAccess):
    here = access.member
    return render_template(
        "team/index.html",
        members=accounts.team(here.partnership_id),
        invitations=accounts.invitations_waiting(here.partnership_id),
        new_link=session.pop("new_invitation_link", None),
    )


@bp.get("/history")
@for_partnership(Action.MANAGE_TEAM)
def history(access: PartnershipAccess):
    events = accounts.team_history(access.member.partnership_id)
    rows = [
        {"at": event.at, "by": event.actor_name,
         "what": describe(event.kind, event.from_role, event.to_role, event.subject_name),
         "name": event.subject_name, "email": event.subject_email}
        for event in events
    ]
    return render_template("team/history.html", rows=rows)


@bp.route("/invite", methods=["GET", "POST"])
@for_partnership(Action.MANAGE_TEAM)
def invite(access: PartnershipAccess):
    form = InviteForm()
    sends_email = transport(current_app.config) is not None
    if sends_email:
        form.submit.label.text = "Send invitation"
    if form.validate_on_submit():
        here = access.member
        try:
            created = accounts.invite(
                here.partnership, form.email.data, form.name.data, Role(form.role.data), current_user,
                token=secret_from(form.form_token.data, f"invitation:{here.partnership_id}"),
            )
        except accounts.AccountError as problem:
            form.email.errors = [str(problem)]
        else:
            link = url_for("auth.invitation", token=created.token, _external=True)
            # The same form sent twice makes one invitation, and one email.
            delivery = (Delivery.SENT if sends_email else Delivery.LOGGED) if created.already_made \
                else mailing.send_invitation(created, link, current_user)
            # Emailed, or else shown once on the next page, then forgotten: only its hash is stored.
            session["new_invitation_link"] = {
                "name": created.invitation.name,
                "email": created.invitation.email,
                "url": None if delivery.sent else link,
                "failed": delivery is Delivery.FAILED,
                "replaced": created.replaced,
            }
            return redirect(url_for("team.index"))
    return render_template("team/invite.html", form=form, role_params=role_params(), sends_email=sends_email)


@bp.route("/<int:membership_id>/role", methods=["GET", "POST"])
@for_member(Action.MANAGE_TEAM)
def change_role(membership_id: int, access: MemberAccess):
    member = access.target
    form = ChangeRoleForm(role=member.role.value)
    if form.validate_on_submit():
        try:
            accounts.change_role(member, Role(form.role.data), current_user)
        except accounts.AccountError as problem:
            _refuse_if_no_longer_managing(access)
            form.role.errors = [str(problem)]
        else:
            flash(f"{member.user.name} is now {member.role.label.lower()}", "success")
            return redirect(url_for("team.index"))
    return render_template("team/change-role.html", form=form, member=member, role_params=role_params())


@bp.route("/<int:membership_id>/remove", methods=["GET", "POST"])
@for_member(Action.MANAGE_TEAM)
def remove(membership_id: int, access: MemberAccess):
    member = access.target
    form = RemoveForm()
    error_list = []
    if form.validate_on_submit():
        name = member.user.name
        try:
            accounts.remove_member(member, current_user)
        except accounts.AccountError as problem:
            _refuse_if_no_longer_managing(access)
            error_list = [{"text": str(problem), "href": "#submit"}]
        else:
            flash(f"{name} has been removed from the partnership", "success")
            return redirect(url_for("team.index"))
    return render_template("team/remove.html", form=form, member=member, error_list=error_list)


def _refuse_if_no_longer_managing(access: MemberAccess) -> None:
    """A change refused because another coordinator removed or demoted this one a moment ago: they may
    no longer manage the team, so the page is refused (403) rather than shown with their old role."""
    own = accounts.membership(current_user, access.target.partnership_id)
    if own is None or not may(own.role, Action.MANAGE_TEAM):
        g.pop("access", None)
        abort(403)
