"""Taking part in a workshop with a code and no account: /join, /join/<code> and the questions.

Only the participant's own secret (in their cookie) opens their answers, and a code opens only
its own workshop's questions. A closed workshop's code opens nothing.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for

from app.domain.workshops import StakeholderGroup, is_closed
from app.frameworks import framework
from app.participate import views
from app.participate.forms import DONT_KNOW, AnswerForm, CodeForm, JoinForm
from app.services import room_follow
from app.services import workshop_participation as taking_part
from app.services.workshop_errors import RoundClosed, WorkshopClosed
from app.services.workshop_room import room_state
from app.web.form_tokens import secret_from

bp = Blueprint("participate", __name__)


@bp.route("/join", methods=["GET", "POST"])
def enter():
    form = CodeForm()
    views.browser_key()  # the browser's random id, set on its first visit, so its wrong codes count as its own
    if form.validate_on_submit():
        lookup = views.look_up(form.code.data)
        if lookup.wait is not None:
            return views.too_many_attempts(lookup.wait, lookup.limited)
        if lookup.workshop is None:
            form.code.errors = ["There is no workshop with that code. Check the code and try again"]
        else:
            return redirect(url_for("participate.join", code=views.code_of(lookup.workshop)))
    return render_template("participate/code.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    workshop = views.open_workshop(code)
    if is_closed(workshop):
        return views.closed(workshop)
    if taking_part.participant(workshop, views.secret_for(workshop)) is not None:
        return redirect(views.where_they_were(workshop))
    form = JoinForm(asks_name=workshop.names.asks_name)
    if form.validate_on_submit():
        details = taking_part.JoinDetails(
            group=StakeholderGroup(form.group.data),
            name=form.name.data if form.asks_name else "",
            organisation=form.organisation.data if form.asks_name else "",
        )
        try:
            secret = taking_part.join(workshop, details,
                                      secret=secret_from(form.form_token.data, f"workshop-join:{workshop.id}"))
        except WorkshopClosed:
            return views.closed(workshop)
        views.remember(workshop, secret)
        return redirect(views.first_question(workshop))
    return render_template("participate/join.html", workshop=workshop, form=form, guide=framework(workshop.assessment.edition_id),
                           promise=views.names_promise(workshop.names), code=views.code_of(workshop))


def _taking_part(code: str):
    """The workshop and the participant this browser is in it, or stop: closed, or not joined yet."""
    workshop = views.open_workshop(code)
    if is_closed(workshop):
        abort(views.closed(workshop))
    secret = views.secret_for(workshop)
    person = taking_part.participant(workshop, secret)
    if person is None:
        abort(redirect(url_for("participate.join", code=views.code_of(workshop))))
    return workshop, person, secret, framework(workshop.assessment.edition_id)


@bp.get("/join/<code>/questions")
def questions(code: str):
    workshop, person, secret, guide = _taking_part(code)
    progress = taking_part.my_progress(workshop, secret, guide)
    in_room = next((p for p in progress if p.item.descriptor_id == workshop.current_descriptor_id), None)
    return render_template("participate/questions.html", workshop=workshop, person=person, progress=progress,
                           in_room=in_room, code=views.code_of(workshop), room=views.follow(workshop, room_state(workshop)))


@bp.get("/join/<code>/room")
def room(code: str):
    """Where the room is, for the phone's script to follow: a few fields of JSON, never cached by
    the browser; this process answers from what it read of the room in the last half second
    (app/services/room_follow.py)."""
    fresh = current_app.config["ROOM_FRESH_SECONDS"]
    seen = room_follow.recent(code, fresh)
    if seen is not None and seen.answers(views.secret_for_id(seen.workshop_id)):
        answer = seen.answer
    else:
        workshop = views.open_workshop(code)
        if is_closed(workshop):
            return views.closed(workshop)
        if taking_part.participant(workshop, views.secret_for(workshop)) is None:
            return redirect(url_for("participate.join", code=views.code_of(workshop)))
        answer = views.follow(workshop, room_state(workshop))
        room_follow.keep(code, workshop, answer, fresh)
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/join/<code>/questions/<descriptor_id>", methods=["GET", "POST"])
def question(code: str, descriptor_id: str):
    workshop, person, secret, guide = _taking_part(code)
    if descriptor_id not in {i.descriptor_id for i in workshop.descriptors}:
        abort(404)
    error_list = []
    status = 200
    if request.method == "POST":
        form = AnswerForm()
        form.set_scale(guide)
        if form.validate_on_submit():
            # Where to go next is worked out before the save: after its commit, reading the
            # workshop again would cost two more queries on the busiest request of a workshop.
            # A saved answer needs no read of the person's earlier answers: the page is not drawn.
            next_page = views.after_answer(workshop, descriptor_id)
            try:
                taking_part.save_answer(workshop, person, secret, descriptor_id, form.round_value, form.score_value,
                                        form.comment.data or "")
            except WorkshopClosed:
                return views.closed(workshop)
            except RoundClosed as problem:
                asked = taking_part.question(workshop, secret, descriptor_id, guide)
                form = _answer_form(asked, guide)
                error_list = [{"text": str(problem), "href": "#score"}]
                status = 409
            else:
                flash(f"Your answer to {descriptor_id} is saved. You can change it until the round closes", "success")
                return redirect(next_page)
        else:
            asked = taking_part.question(workshop, secret, descriptor_id, guide)
    else:
        views.remember_place(workshop, descriptor_id)
        asked = taking_part.question(workshop, secret, descriptor_id, guide)
        form = _answer_form(asked, guide)
    return render_template("participate/question.html", workshop=workshop, asked=asked, form=form, guide=guide,
                           promise=views.names_promise(workshop.names), code=views.code_of(workshop),
                           score_params=views.score_params(guide), error_list=error_list,
                           room=views.follow(workshop, room_state(workshop))), status


def _answer_form(asked: taking_part.Question, guide) -> AnswerForm:
    """Their answer this round; in a second round, their first-round answer to keep or change."""
    start = asked.own or asked.earlier_own
    score = None
    if start is not None:
        score = DONT_KNOW if start.score is None else str(start.score)
    form = AnswerForm(formdata=None, score=score, comment=start.comment if start else "", round=str(asked.round))
    form.set_scale(guide)
    return form
