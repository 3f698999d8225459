"""The data the benchmark runs on, made through the application's own services (and, for the
thousands of answers behind the page-work figures, written in bulk the way save_answer writes
them, since 6,200 separate commits would only slow the set-up).

Everything here runs inside an application context of the app built by :func:`make_app`.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from flask import Flask

from app.config import Config
from app.data import WorkshopAnswer
from app.domain.returns import Evidence, EvidenceKind, Permissions, PriorityChoice
from app.domain.roles import Role
from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode, answer_key
from app.extensions import db
from app.factory import create_app
from app.frameworks import framework, newest_framework
from app.services import (
    accounts,
    assessments,
    returns,
    workshop_agreement,
    workshop_facilitation,
    workshop_participation,
    workshop_setup,
)
from app.services import descriptor_edits as edits
from app.services import priorities as priority_service
from app.services import sign_off as signing

PASSWORD = "bench horse battery staple"
ROOT = Path(__file__).resolve().parent.parent
_SHARED_SEED = ROOT.parent / "shared" / "seeds" / "003_d9c2f1ded2bd0d1f.txt"
_PROJECT_SEED = ROOT / "app" / "services" / "demo_data" / "sefton-ehsg-2022-return.txt"
SEED_003 = _SHARED_SEED if _SHARED_SEED.is_file() else _PROJECT_SEED

GROUPS = list(StakeholderGroup)
COMMENTS = (
    "Families we work with can usually name their lead practitioner, but not always the plan.",
    "Health visiting is more involved than last year; schools less so in the summer term.",
    "The audit in March showed the same picture across the north and south of the borough.",
    "Our team has not seen this in practice yet.",
    "Strong in the family hubs, patchy elsewhere.",
)


def bench_config(database_url: str, secret_key: str) -> type[Config]:
    """The production profile on plain HTTP over loopback (what a TLS-terminating proxy sees)."""

    class BenchConfig(Config):
        SECRET_KEY = secret_key
        SQLALCHEMY_DATABASE_URI = database_url
        SESSION_COOKIE_SECURE = False
        REMEMBER_COOKIE_SECURE = False

    return BenchConfig


def make_app(database_url: str, secret_key: str) -> Flask:
    return create_app(bench_config(database_url, secret_key))


def migrate(app: Flask) -> None:
    with app.app_context():
        flask_migrate.upgrade()


def _people(partnership: str) -> dict[Role, str]:
    """A coordinator and a facilitator in a partnership; returns their emails."""
    slug = partnership.lower().split()[0]
    emails = {}
    for role, name in ((Role.COORDINATOR, "Casey Coordinator"), (Role.FACILITATOR, "Farah Facilitator")):
        email = f"{role.value}@{slug}.bench.example"
        accounts.create_user(email, name, PASSWORD, partnership, role, local_authority=f"{partnership} Council")
        emails[role] = email
    return emails


def _user(email: str):
    from app.data import accounts as account_data

    return account_data.user_by_email(email)


# --- Part 1: one live workshop on all 31 descriptors ------------------------------------


@dataclass(frozen=True)
class LiveWorkshop:
    assessment_id: int
    workshop_id: int
    code: str
    descriptor_ids: tuple[str, ...]
    facilitator_email: str
    password: str = PASSWORD


def live_workshop(partnership: str = "Load Bench Partnership") -> LiveWorkshop:
    emails = _people(partnership)
    coordinator, facilitator = _user(emails[Role.COORDINATOR]), _user(emails[Role.FACILITATOR])
    guide = newest_framework()
    assessment = assessments.create_assessment(
        _partnership(partnership),
        assessments.AssessmentDetails(year=date.today().year, edition_id=guide.id, data_model_submitted=3,
                                      survey_date=date(date.today().year - 1, 9, 30), data_model_changed=False),
        coordinator, guide,
    )
    workshop = workshop_setup.create_workshop(
        assessment,
        workshop_setup.WorkshopDetails(title="Whole guide workshop", held_on=date.today(), mode=WorkshopMode.LIVE,
                                       names=NameHandling.NAMED, closes_on=None,
                                       descriptor_ids=tuple(d.id for d in guide.descriptors)),
        facilitator, guide,
    )
    return LiveWorkshop(assessment.id, workshop.id, workshop.join_code,
                        tuple(i.descriptor_id for i in workshop.descriptors), emails[Role.FACILITATOR])


def _partnership(name: str):
    from app.data import accounts as account_data

    return account_data.partnership_by_name(name)


# --- Parts 2 and 4: a complete assessment ------------------------------------------------


@dataclass(frozen=True)
class CompleteAssessment:
    assessment_id: int
    previous_id: int
    workshop_id: int
    coordinator_email: str
    facilitator_email: str


def seed_return():
    """Seed 003 (Sefton's 2022 return) read as text."""
    guide = framework("ehsg-2022")
    return returns.read(SEED_003.name, SEED_003.read_bytes(), guide)


def complete_assessment(partnership: str = "Complete Bench Partnership", participants: int = 24,
                        agreed: int | None = None, evidence_each: int = 2,
                        rng: random.Random | None = None) -> CompleteAssessment:
    """Last year's return (seed 003, imported), and this year's assessment complete: all 31
    descriptors scored, ``agreed`` of them (all by default) in a workshop with ``participants``
    answers and comments each, the rest by hand; narratives, ``evidence_each`` pieces of evidence
    per descriptor, data model, priorities, permissions; signed off."""
    rng = rng or random.Random(3)
    emails = _people(partnership)
    coordinator, facilitator = _user(emails[Role.COORDINATOR]), _user(emails[Role.FACILITATOR])
    home = _partnership(partnership)
    guide = newest_framework()
    last_year = seed_return()
    previous = returns.import_return(last_year, framework("ehsg-2022"), partnership=home, year=date.today().year - 1,
                                     user=coordinator, source="seed 003 (benchmark)")
    assessment = assessments.create_assessment(
        home,
        assessments.AssessmentDetails(year=date.today().year, edition_id=guide.id, data_model_submitted=3,
                                      survey_date=date(date.today().year - 1, 9, 30), data_model_changed=False),
        coordinator, guide,
    )
    in_workshop = [d.id for d in guide.descriptors][: len(guide.descriptors) if agreed is None else agreed]
    before = {a.descriptor_id: a for a in last_year.answers}
    kinds = list(EvidenceKind)
    for i, d in enumerate(guide.descriptors):
        old = before.get(d.id)
        well = (old.working_well if old and old.working_well else d.text) + "\n\nThis year: more partners took part."
        nxt = (old.prioritising_next if old and old.prioritising_next else "Keep going.")
        score = None if d.id in in_workshop else (old.score if old and old.score is not None else 2)
        for n in range(max(1, evidence_each)):
            response = assessments.response(assessment, d.id)
            edits.save_descriptor(
                assessment, d.id, edits.DescriptorEdit(score, well, nxt), response.version, facilitator,
                new_evidence=Evidence(f"{d.id} evidence {n + 1}: quarterly report to the partnership board",
                                      kinds[(i + n) % len(kinds)], "Bench Borough Council",
                                      date(date.today().year - 1, 1 + (i % 12), 1 + n)) if evidence_each else None,
            )
    workshop = workshop_setup.create_workshop(
        assessment,
        workshop_setup.WorkshopDetails(title="Scoring workshop", held_on=date.today(), mode=WorkshopMode.OPEN,
                                       names=NameHandling.NAMED, closes_on=date.today() + timedelta(days=28),
                                       descriptor_ids=tuple(in_workshop)),
        facilitator, guide,
    )
    fill_workshop(workshop, participants, rng, comment_share=0.3)
    for descriptor_id in in_workshop:
        facts = workshop_facilitation.facilitation(workshop, descriptor_id, guide, with_names=True)
        chosen = tuple(c.token for c in facts.all_comments[:2])
        suggested = facts.current.figures.suggested
        version = assessments.response(assessment, descriptor_id).version
        conflict = workshop_agreement.agree(
            workshop, descriptor_id,
            workshop_agreement.Agreement(score=suggested if suggested is not None else 2,
                                         rationale="Most groups agreed; the voluntary sector saw less of it.",
                                         evidence_tokens=chosen, expected_version=version),
            facilitator, guide,
        )
        assert conflict is None, conflict
    check = priority_service.save_priorities(
        assessment,
        [PriorityChoice("9.1", "Data feeds from every partner, daily."),
         PriorityChoice("5.2", "Every family can name their lead practitioner."),
         PriorityChoice("6.1", "Partners act as lead practitioner.")],
        coordinator, guide,
    )
    assert check.valid, check.problems
    signing.set_permissions(assessment, Permissions({"dfe": True, "coordinators": True, "other_departments": False}), coordinator)
    signing.sign_off(assessment, coordinator, guide)
    return CompleteAssessment(assessment.id, previous.id, workshop.id, emails[Role.COORDINATOR],
                              emails[Role.FACILITATOR])


def fill_workshop(workshop, participants: int, rng: random.Random, comment_share: float = 0.3,
                  dont_know_share: float = 0.05) -> None:
    """``participants`` people join (through the service) and each answers every descriptor of
    the workshop in its current round; the answers are stored as save_answer stores them, in one
    commit."""
    people = []
    for n in range(participants):
        details = workshop_participation.JoinDetails(GROUPS[n % len(GROUPS)], f"Participant {n + 1}", f"Organisation {n % 17 + 1}")
        secret = workshop_participation.join(workshop, details)
        person = workshop_participation.participant(workshop, secret)
        assert person is not None  # just joined
        people.append((secret, person))
    rows = []
    for item in workshop.descriptors:
        for secret, person in people:
            score = None if rng.random() < dont_know_share else rng.randint(0, 5)
            comment = rng.choice(COMMENTS) if rng.random() < comment_share else ""
            rows.append(WorkshopAnswer(
                workshop_descriptor_id=item.id, round=item.round,
                answer_key=answer_key(secret, workshop.id, item.descriptor_id, item.round),
                participant_id=None if workshop.names == NameHandling.ANONYMOUS else person.id,
                stakeholder_group=person.stakeholder_group, score=score, comment=comment,
            ))
    db.session.add_all(rows)
    db.session.commit()


# --- Part 4: two sizes of workshop and of assessment -------------------------------------


@dataclass(frozen=True)
class PageData:
    assessment_id: int
    workshop_id: int
    descriptor_id: str
    descriptors: int
    answers_each: int
    facilitator_email: str
    coordinator_email: str


def page_data(complete: CompleteAssessment, participants: int, descriptors: int | None = None,
              rng: random.Random | None = None) -> PageData:
    """On a complete assessment: a live workshop on its first ``descriptors`` descriptors (all by
    default) with ``participants`` answers each."""
    rng = rng or random.Random(5)
    guide = newest_framework()
    ids = tuple(d.id for d in guide.descriptors)[:descriptors]
    coordinator = _user(complete.coordinator_email)
    # The complete assessment is signed off, and a workshop is set up before sign-off: reopen it
    # to add one, and sign it off again afterwards.
    assessment = assessments.assessment(complete.assessment_id)
    assert assessment is not None
    signing.reopen(assessment, coordinator, "benchmark: one more workshop")
    workshop = workshop_setup.create_workshop(
        assessment,
        workshop_setup.WorkshopDetails(title="Live workshop", held_on=date.today(), mode=WorkshopMode.LIVE,
                                       names=NameHandling.NAMED, closes_on=None, descriptor_ids=ids),
        _user(complete.facilitator_email), guide,
    )
    fill_workshop(workshop, participants, rng)
    signing.sign_off(assessment, coordinator, guide)
    return PageData(complete.assessment_id, workshop.id, ids[0], len(ids), participants, complete.facilitator_email,
                    complete.coordinator_email)


def new_secret_key() -> str:
    return secrets.token_hex(32)
