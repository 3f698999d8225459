"""Part 5: many partnerships on one service (issue 16). Seeds areas with five years of sent
returns each, then measures the department's view and a partnership's comparison with the
other areas: server time (the Flask app called in this process) and database queries, at a
small number of areas and at all 153, so that a query count growing with the areas shows.

The sent versions are written in bulk (each a real return in the toolkit's JSON, read from
seed 003 and given the area's name and scores, with the figures kept beside it as sending keeps
them), since 765 sends through the pages would only slow the set-up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from sqlalchemy import insert, select

from app.data import Assessment, AssessmentStatus, Partnership, PermissionAnswer, Submission, User
from app.data.base import utcnow
from app.domain.returns import DescriptorAnswer, Permissions, PriorityChoice
from app.domain.roles import Role
from app.domain.sharing import Audience, sent_figures
from app.extensions import db
from app.frameworks import framework
from app.services import accounts, returns
from bench import seed
from bench.inprocess import PageFigure, QueryCounter, SignedIn, _engine, _measure_page
from exports import json_format

AREAS = 153
YEARS = (2022, 2023, 2024, 2025, 2026)
DEPARTMENT_EMAIL = "analyst@department.bench"
EDITION = "ehsg-2022"


@dataclass(frozen=True)
class Areas:
    count: int
    coordinator_email: str  # a coordinator of the first area, which permits and has priorities
    assessment_id: int  # that area's assessment for the latest year


def _return_for(template, area: str, year: int, rng: random.Random, first: bool):
    guide = framework(EDITION)
    ids = [d.id for d in guide.descriptors]
    answers = tuple(DescriptorAnswer(descriptor_id=a.descriptor_id, score=rng.randint(1, 5),
                                     working_well=a.working_well, prioritising_next=a.prioritising_next,
                                     evidence=a.evidence)
                    for a in template.answers if a.descriptor_id in ids)
    priorities = tuple(PriorityChoice(d) for d in rng.sample([d for d in ids if not d.startswith("9")], 2)) + (
        PriorityChoice(rng.choice([d for d in ids if d.startswith("9")])),)
    permissions = Permissions({"dfe": True if first else rng.random() < 0.85,
                               "coordinators": True if first else rng.random() < 0.7,
                               "other_departments": rng.random() < 0.5})
    return replace(template, area=area, local_authority=area, year=year, answers=answers,
                   priorities=priorities, permissions=permissions, action_plan=None)


def seed_areas(start: int, count: int) -> Areas:
    """Areas ``start`` to ``start + count - 1``, each with a sent return for every year."""
    guide = framework(EDITION)
    template = returns.read(seed.SEED_003.name, seed.SEED_003.read_bytes(), guide)
    rng = random.Random(start)
    now = utcnow()
    for n in range(start, start + count):
        name = f"Bench Area {n:03d}"
        partnership_id = db.session.execute(insert(Partnership).values(
            name=name, local_authority=name, contact_for_peers=f"Coordinator {n:03d}, area{n}@bench.example",
            created_at=now).returning(Partnership.id)).scalar_one()
        for year in YEARS:
            ret = _return_for(template, name, year, rng, first=n == 0)
            assessment_id = db.session.execute(insert(Assessment).values(
                partnership_id=partnership_id, year=year, edition_id=EDITION, status=AssessmentStatus.IMPORTED,
                created_at=now,
            ).returning(Assessment.id)).scalar_one()
            db.session.execute(insert(PermissionAnswer), [
                {"assessment_id": assessment_id, "key": key, "answer": answer}
                for key, answer in ret.permissions.given.items()])
            db.session.execute(insert(Submission).values(
                assessment_id=assessment_id, version=1, sent_at=now, sent_by_name="bench",
                return_json=json_format.to_json(ret).decode(), figures=sent_figures(ret, guide).to_json()))
    db.session.commit()
    if start == 0:
        accounts.create_outside_user(DEPARTMENT_EMAIL, "Dana Department", seed.PASSWORD, Audience.DEPARTMENT)
        accounts.create_user("coordinator@area000.bench", "Cory Coordinator", seed.PASSWORD, "Bench Area 000",
                             Role.COORDINATOR)
    first = db.session.scalar(select(Assessment.id).join(Partnership).where(
        Partnership.name == "Bench Area 000", Assessment.year == YEARS[-1]))
    total = db.session.scalar(select(db.func.count(Partnership.id)).where(Partnership.name.like("Bench Area %")))
    assert first is not None and db.session.scalar(select(User.id).where(User.email == DEPARTMENT_EMAIL))
    return Areas(int(total or 0), "coordinator@area000.bench", first)


def figures(app, runs: int = 20) -> list[PageFigure]:
    """The department's view and the comparison, at 20 areas and at all 153."""
    counter = QueryCounter(_engine(app))
    rows = []
    done = 0
    for size in (20, AREAS):
        with app.app_context():
            areas = seed_areas(done, size - done)
            db.session.remove()
        done = size
        analyst = SignedIn(app, DEPARTMENT_EMAIL)
        coordinator = SignedIn(app, areas.coordinator_email)
        for name, who, path in (
            ("department's view", analyst, f"/department?year={YEARS[-1]}"),
            ("a partnership's comparison", coordinator, f"/assessments/{areas.assessment_id}/compare"),
        ):
            samples, queries = _measure_page(counter, who.get, path, runs)
            rows.append(PageFigure(name, f"{areas.count} areas x {len(YEARS)} years", round(samples.median * 1000, 1),
                                   samples.ms(95), queries))
    return rows
