"""Peer review: the partnership's list and invitations, and the reviewer's read-only pages with a
challenge per descriptor. Thin routes over app.services.peer_review."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.domain.access import Action
from app.domain.peer_review import CHALLENGE, RULE, ReviewState
from app.peers.forms import ChallengeForm, EndReviewForm, InviteReviewerForm
from app.services import assessment_progress as progress
from app.services import peer_review as service
from app.web.access import AssessmentAccess, ReviewAccess, for_assessment, for_review

bp = Blueprint("peers", __name__)


@bp.get("/assessments/<int:assessment_id>/peer-reviews")
@for_assessment(Action.READ)
def index(assessment_id: int, access: AssessmentAccess):
    return render_template("peers/index.html", assessment=access.assessment, lines=service.reviews_of(access.assessment),
                           rule=RULE, OPEN=ReviewState.OPEN)


@bp.route("/assessments/<int:assessment_id>/peer-reviews/invite", methods=["GET", "POST"])
@for_assessment(Action.PEER_REVIEW)
def invite(assessment_id: int, access: AssessmentAccess):
    form = InviteReviewerForm()
    if form.validate_on_submit():
        try:
            invited = service.invite(access.assessment, current_user, form.email.data, form.days.data)
        except service.PeerReviewError as problem:
            form.email.errors = [str(problem)]
        else:
            name = invited.review.reviewer.name
            flash(f"{name} already has an open review of this assessment." if invited.already_open else
                  f"{name} can now review this assessment. Tell them to sign in and choose Peer reviews.", "success")
            return redirect(url_for("peers.index", assessment_id=assessment_id))
    return render_template("peers/invite.html", assessment=access.assessment, form=form, rule=RULE)


@bp.post("/assessments/<int:assessment_id>/peer-reviews/<int:review_id>/end")
@for_assessment(Action.PEER_REVIEW)
def end(assessment_id: int, review_id: int, access: AssessmentAccess):
    if not EndReviewForm().validate_on_submit():
        abort(400)
    try:
        review = service.end(access.assessment, current_user, review_id)
    except KeyError:
        abort(404)
    flash(f"{review.reviewer.name}'s review has ended. They can no longer open this assessment.", "success")
    return redirect(url_for("peers.index", assessment_id=assessment_id))


@bp.get("/peer-reviews")
@login_required
def mine():
    return render_template("peers/mine.html", lines=service.reviews_for(current_user), OPEN=ReviewState.OPEN)


@bp.get("/peer-reviews/<int:review_id>")
@for_review()
def review(review_id: int, access: ReviewAccess):
    service.record_view(access.review, current_user)
    mine_by_descriptor = {c.descriptor_id: c for c in access.review.challenges}
    return render_template("peers/review.html", review=access.review, assessment=access.assessment,
                           guide=access.guide, overview=progress.overview(access.assessment, access.guide),
                           challenges=mine_by_descriptor, rule=RULE)


@bp.route("/peer-reviews/<int:review_id>/descriptors/<descriptor_id>", methods=["GET", "POST"])
@for_review()
def challenge(review_id: int, descriptor_id: str, access: ReviewAccess):
    guide = access.guide
    if not guide.has_descriptor(descriptor_id):
        abort(404)
    saved = next((c for c in access.review.challenges if c.descriptor_id == descriptor_id), None)
    form = ChallengeForm(data={"text": saved.text if saved else ""})
    if form.validate_on_submit():
        try:
            service.challenge(access.review, current_user, descriptor_id, form.text.data or "")
        except service.PeerReviewError as problem:
            form.text.errors = [str(problem)]
        else:
            flash(f"Your challenge on {descriptor_id} is saved." if (form.text.data or "").strip()
                  else f"You have no challenge on {descriptor_id}.", "success")
            return redirect(url_for("peers.review", review_id=review_id) + f"#summary-{descriptor_id}")
    else:
        service.record_view(access.review, current_user, descriptor_id)
    item = next(i for s in progress.overview(access.assessment, guide).sections for i in s.items
                if i.descriptor.id == descriptor_id)
    return render_template("peers/challenge.html", review=access.review, assessment=access.assessment, guide=guide,
                           item=item, form=form, challenge_limit=CHALLENGE)
