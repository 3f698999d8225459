"""View models for the assessment pages: plain functions and classes that turn an assessment
and its guide into what a template shows, and a form into what a service takes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.assessments.forms import DataModelForm, DescriptorForm, PermissionsForm, descriptor_form, permissions_form_for
from app.domain.crosswalk import EarlierAnswer, earlier_terms, pair_earlier_year
from app.domain.earned_autonomy import prospectus_year
from app.domain.framework import Framework, prompt_field_name
from app.domain.returns import Evidence, EvidenceKind, Permissions
from app.frameworks import all_frameworks
from app.services import assessments as service
from app.services import descriptor_edits as edits
from app.services import drafts
from app.services import peer_review as peer_reviews
from app.web.scale_fields import scale_hints
from app.web.signed_in import last_signed_in

if TYPE_CHECKING:
    from app.data import Assessment, DescriptorResponse, PeerChallenge



def data_model_hints(guide: Framework) -> dict:
    return {"items": [{"hint": {"text": m.definition}} for m in guide.data_models]}


def details_from(form, year: int | None = None, edition_id: str | None = None) -> service.AssessmentDetails:
    changed = form.data_model_changed.data == "yes"
    return service.AssessmentDetails(
        year=year if year is not None else form.year.data,
        edition_id=edition_id if edition_id is not None else form.edition.data,
        data_model_submitted=int(form.data_model_submitted.data) if form.data_model_submitted.data else None,
        survey_date=form.survey_date.data,
        data_model_changed=changed,
        data_model_current=int(form.data_model_current.data) if changed and form.data_model_current.data else None,
        change_reason=form.change_reason.data or "",
    )


def data_model_form(assessment: Assessment) -> DataModelForm:
    form = DataModelForm(
        data_model_submitted=str(assessment.data_model_submitted or ""),
        survey_date=assessment.survey_date,
        data_model_changed=_yes_no(assessment.data_model_changed),
        data_model_current=str(assessment.data_model_current or ""),
        change_reason=assessment.data_model_change_reason,
    )
    return form


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def permissions_form(assessment: Assessment, guide: Framework) -> PermissionsForm:
    """The edition's permissions form, showing the answers already given."""
    return permissions_form_for(guide, {p.key: assessment.permission(p.key) for p in guide.permissions})


def permissions_from(form: PermissionsForm, guide: Framework) -> Permissions:
    """The answers given, by the edition's permission keys."""
    return Permissions(form.answers(guide))


#: Last year's answers to the 2022 edition's prompts are headed in the past tense.
_LAST_YEAR_HEADINGS = {"working_well": "What was working well", "prioritising_next": "What was prioritised next"}


@dataclass(frozen=True)
class LastYearAnswer:
    """One of last year's descriptors the pairing names: its id, its statement when last year
    was another edition (None within one edition), its score and its answers (heading, text)
    under that edition's prompts."""

    descriptor_id: str
    statement: str | None
    score: int | None
    narratives: list[tuple[str, str]]


def _last_year(previous: Assessment, guide: Framework, descriptor_id: str) -> tuple[EarlierAnswer, Framework | None]:
    """How this descriptor pairs with last year's assessment (through the edition's crosswalk),
    and last year's edition (None when it is not installed)."""
    earlier = guide if previous.edition_id == guide.id else all_frameworks().get(previous.edition_id)
    scores = {r.descriptor_id: r.score for r in previous.responses}
    paired = pair_earlier_year((descriptor_id,), guide.id, guide.crosswalk, previous.edition_id, scores,
                               *earlier_terms(guide, previous.edition_id, earlier))
    return paired[descriptor_id], earlier


class DescriptorPage:
    """Everything the descriptor page shows: the statement, the scale, last year beside this year."""

    def __init__(self, assessment: Assessment, guide: Framework, descriptor_id: str, previous: Assessment | None):
        self.assessment = assessment
        self.guide = guide
        self.descriptor = guide.descriptor(descriptor_id)
        self.section = guide.section_of(descriptor_id)
        self.response = service.response(assessment, descriptor_id)
        self.previous = previous
        #: How this descriptor pairs with last year's (None: no last year); last year's edition.
        self.last_year: EarlierAnswer | None = None
        self.previous_guide: Framework | None = None
        self._previous_responses: dict[str, DescriptorResponse] = {}
        if previous is not None:
            self.last_year, self.previous_guide = _last_year(previous, guide, descriptor_id)
            wanted = set(self.last_year.pairing.earlier)
            self._previous_responses = {r.descriptor_id: r for r in previous.responses if r.descriptor_id in wanted}
        order = [d.id for d in guide.descriptors]
        position = order.index(descriptor_id)
        self.next_id = order[position + 1] if position + 1 < len(order) else None
        self.previous_id = order[position - 1] if position > 0 else None
        thresholds = guide.thresholds(prospectus_year(guide, assessment.year))
        self.minimum = thresholds.get(descriptor_id)
        self.restored = False

    @cached_property
    def challenges(self) -> list[PeerChallenge]:
        """Peer reviewers' challenges on this descriptor: shown to the partnership, never in the return."""
        return peer_reviews.challenges_on(self.assessment, self.descriptor.id)

    @property
    def path(self) -> str:
        return url_for("assessments.descriptor", assessment_id=self.assessment.id, descriptor_id=self.descriptor.id)

    @property
    def last_year_changed(self) -> bool:
        """Whether last year is of another edition (its statements are shown beside their answers)."""
        return self.previous is not None and self.previous.edition_id != self.guide.id

    @cached_property
    def last_year_answers(self) -> list[LastYearAnswer]:
        """Last year's answers for the descriptors this one pairs with (none: not comparable),
        each read by last year's edition's prompt keys and shown under its labels."""
        if self.last_year is None:
            return []
        earlier = self.previous_guide
        prompts = earlier.narrative_prompts if earlier is not None else ()
        answers = []
        for earlier_id in self.last_year.pairing.earlier:
            response = self._previous_responses.get(earlier_id)
            if response is None:
                continue
            known = earlier is not None and earlier.has_descriptor(earlier_id)
            statement = earlier.descriptor(earlier_id).text if known and self.last_year_changed and earlier else None
            texts = [(_LAST_YEAR_HEADINGS.get(p.key, p.label), response.narrative(p.key)) for p in prompts]
            answers.append(LastYearAnswer(earlier_id, statement, response.score, texts))
        return answers

    def _copyable(self) -> dict[str, str]:
        """What "start from last year's text" puts in the form, by this edition's prompt keys:
        only when exactly one earlier descriptor is paired, and only the prompts both editions ask."""
        if self.last_year is None or len(self.last_year.pairing.earlier) != 1 or len(self.last_year_answers) != 1:
            return {}
        response = self._previous_responses[self.last_year_answers[0].descriptor_id]
        earlier_keys = self.previous_guide.prompt_keys if self.previous_guide is not None else ()
        return {key: response.narrative(key) for key in self.guide.prompt_keys if key in earlier_keys}

    @property
    def can_copy_last_year(self) -> bool:
        return any(self._copyable().values())

    def scale_params(self) -> dict:
        return {
            "fieldset": {"legend": {"text": "Score", "classes": "govuk-fieldset__legend--m"}},
            "hint": {"text": self.guide.scale.note},
            "items": scale_hints(self.guide),
        }

    def form_for_get(self, draft_token: str | None, user_id: int, from_last_year: bool) -> DescriptorForm:
        kept = drafts.take(draft_token, self.path, user_id)
        if kept is not None:
            self.restored = True
            form = descriptor_form(self.guide, formdata=None, **kept)
        else:
            form = descriptor_form(
                self.guide,
                formdata=None,
                score=None if self.response.score is None else str(self.response.score),
                version=str(self.response.version),
                **{prompt_field_name(key): self.response.narrative(key) for key in self.guide.prompt_keys},
            )
            if from_last_year:
                for key, text in self._copyable().items():
                    form[prompt_field_name(key)].data = text
        return form


def _version(form: DescriptorForm) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        abort(400)


def save_descriptor(page: DescriptorPage):
    """Handle the descriptor form: save, add or remove evidence, and detect a conflicting save."""
    form = descriptor_form(page.guide)
    action = request.form.get("action", "overview")
    remove_ids = tuple(int(v) for v in request.form.getlist("remove_evidence") if v.isdigit())
    valid = form.validate_on_submit()
    adding = action == "add_evidence" or (form.evidence_entered() and not remove_ids)
    if adding and not form.require_evidence():
        valid = False
    if not valid:
        return render_template("assessments/descriptor.html", page=page, form=form, can_edit=True,
                               restored=False, conflict=None, adding_evidence=True)
    new_evidence = None
    if adding:
        new_evidence = Evidence(
            description=form.evidence_description.data.strip(),
            kind=EvidenceKind(form.evidence_kind.data),
            agency=(form.evidence_agency.data or "").strip(),
            dated=form.evidence_date.data,
            link=(form.evidence_link.data or "").strip(),
        )
    outcome = edits.save_descriptor(
        page.assessment,
        page.descriptor.id,
        edits.DescriptorEdit(form.score_value, narratives=form.narratives()),
        _version(form),
        current_user,
        new_evidence=new_evidence,
        remove_evidence_ids=remove_ids,
    )
    if outcome.conflict:
        form.version.data = str(outcome.conflict.version)
        return render_template("assessments/descriptor.html", page=page, form=form, can_edit=True,
                               restored=False, conflict=outcome.conflict), 409
    if adding and outcome.evidence_already_there:
        flash("This evidence is already listed, so it was not added again", "success")
        return redirect(page.path + "#evidence")
    if adding or remove_ids:
        flash("Evidence added" if adding else "Evidence removed", "success")
        return redirect(page.path + "#evidence")
    flash(f"{page.descriptor.id} saved", "success")
    if action == "continue" and page.next_id:
        return redirect(url_for("assessments.descriptor", assessment_id=page.assessment.id, descriptor_id=page.next_id))
    if action == "continue":
        return redirect(url_for("assessments.check_answers", assessment_id=page.assessment.id))
    return redirect(url_for("assessments.overview", assessment_id=page.assessment.id) + f"#descriptor-{page.descriptor.id}")


def keep_text_and_sign_in(req):
    """The session ended while someone typed: keep their text, ask them to sign in, give it back.

    Only for the person whose session it was (the signed cookie still names them) and only for a
    descriptor they may edit (drafts.keep checks): a stranger, or an address made up, keeps nothing."""
    user_id = last_signed_in()
    token = None
    if user_id is not None:
        fields = req.form.to_dict()
        drafts.discard(session.get("draft_token"))
        token = drafts.keep(user_id, req.view_args["assessment_id"], req.view_args["descriptor_id"], req.path, fields)
    if token is None:
        session.pop("draft_token", None)
        return redirect(url_for("auth.login", next=req.path))
    session["draft_token"] = token
    flash("Your session ended, so nothing was saved yet. Sign in again and what you wrote will be put back for you to save", "warning")
    return redirect(url_for("auth.login", next=req.path))
