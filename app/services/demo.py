"""The demo partnership: one user per role, with passwords printed once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.data import accounts as data
from app.data.transaction import operation
from app.domain.returns import Evidence, EvidenceKind
from app.domain.roles import Role
from app.services.accounts import hash_password

DEMO_PARTNERSHIP = "Demo Early Help Partnership"
DEMO_LOCAL_AUTHORITY = "Demo Borough Council"
DEMO_PEOPLE = (
    (Role.COORDINATOR, "Casey Coordinator", "coordinator@demo.example"),
    (Role.FACILITATOR, "Farah Facilitator", "facilitator@demo.example"),
    (Role.STRATEGIC_LEAD, "Sam Strategic-Lead", "lead@demo.example"),
    (Role.VIEWER, "Vic Viewer", "viewer@demo.example"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str
    password: str


def _passphrase() -> str:
    return "-".join(secrets.token_urlsafe(5) for _ in range(4))


def demo_exists() -> bool:
    return data.partnership_by_name(DEMO_PARTNERSHIP) is not None


def database_is_empty() -> bool:
    return data.count_partnerships() == 0


DEMO_ANSWERS = {
    "5.1": (3, "Family feedback is gathered after every early help plan closes and reviewed each quarter by the "
               "partnership's quality group.\n\nA parent panel of eight members now sits on the Family Hub steering group.",
            "Extend the parent panel to the youth justice service and publish 'you said, we did' each quarter."),
    "5.2": (3, "Families in the March audit could all name their lead practitioner.",
            "Increase the number of health and school colleagues acting as lead practitioner."),
    "5.3": (2, "One early help assessment is used by the council and commissioned services.",
            "Roll the shared assessment out to schools and health visiting."),
    "6.1": (2, "Whole family working is established in the council's family support teams.",
            "Map how often each partner agency acts as lead practitioner against the workforce table."),
    "6.3": (3, "The practice framework was relaunched in September with multi-agency briefings.",
            "Audit use of the framework in partner agencies."),
    "9.1": (2, "Monthly feeds from police, health and schools; data sharing agreements signed in 2025.",
            "Move the school attendance feed to a daily open feed."),
}


@operation
def seed_demo() -> list[DemoLogin]:
    """Create the demo partnership, its people and an assessment in progress; return the logins
    (the only time they are shown). One operation: all of it is saved, or none."""
    if demo_exists():
        raise ValueError(f"{DEMO_PARTNERSHIP} already exists")
    partnership = data.add_partnership(DEMO_PARTNERSHIP, DEMO_LOCAL_AUTHORITY)
    logins = []
    people = {}
    for role, name, email in DEMO_PEOPLE:
        password = _passphrase()
        user = data.add_user(email, name, hash_password(password))
        data.add_membership(user, partnership, role)
        people[role] = user
        logins.append(DemoLogin(role=role.value, name=name, email=email, password=password))
    _seed_earlier_year(partnership, people[Role.COORDINATOR])
    _seed_assessment_in_progress(partnership, people[Role.COORDINATOR], people[Role.FACILITATOR])
    return logins


SEFTON_2022 = Path(__file__).parent / "demo_data" / "sefton-ehsg-2022-return.txt"


def _seed_earlier_year(partnership, coordinator) -> None:
    """Sefton's real 2022 return, imported from its text, as the demo partnership's earlier year."""
    from app.frameworks import framework
    from app.services import returns

    guide = framework("ehsg-2022")
    ret = returns.read(SEFTON_2022.name, SEFTON_2022.read_bytes(), guide)
    returns.import_return(ret, guide, partnership=partnership, year=2022, user=coordinator,
                          source="Sefton's 2022 return (demo data)")


def _seed_assessment_in_progress(partnership, coordinator, facilitator) -> None:
    from app.frameworks import framework
    from app.services import assessments
    from app.services import descriptor_edits as edits

    guide = framework("ehsg-2022")  # the demo's scores and narratives are of the 2022 guide's descriptors
    year = date.today().year
    assessment = assessments.create_assessment(
        partnership,
        assessments.AssessmentDetails(year=year, edition_id=guide.id, data_model_submitted=3,
                                      survey_date=date(year - 1, 9, 30), data_model_changed=False),
        coordinator,
        guide,
    )
    for descriptor_id, (score, working_well, next_steps) in DEMO_ANSWERS.items():
        response = assessments.response(assessment, descriptor_id)
        edits.save_descriptor(
            assessment, descriptor_id,
            edits.DescriptorEdit(score, working_well, next_steps),
            response.version, facilitator,
            new_evidence=Evidence("Quarterly family feedback report", EvidenceKind.FAMILY_FEEDBACK, "Demo Borough Council")
            if descriptor_id == "5.1" else None,
        )
    _seed_workshop(assessment, facilitator, guide)


# (name, organisation, stakeholder group, score for 5.2 or None for don't know, comment)
DEMO_WORKSHOP_ANSWERS = (
    ("Priya Shah", "Demo NHS Foundation Trust", "health", 2,
     "Health visitors rarely act as lead practitioner, so families often do not know who theirs is."),
    ("Tom Okafor", "Demo NHS Foundation Trust", "health", 3, ""),
    ("Dan Reilly", "Demo Police", "police", 4,
     "Every family we refer now has a named lead practitioner within a week."),
    ("Aisha Begum", "Hope Street Primary School", "education", 3,
     "Schools know the lead practitioner for the families they refer, less so for others."),
    ("Jo Green", "Demo Borough Council Early Help", "la_early_help", 4,
     "The March audit: every family could name their lead practitioner."),
    ("Sam Patel", "Demo Community Trust", "voluntary_sector", 1,
     "Families we support are passed between workers and cannot say who leads."),
    ("Parent panel member", "Demo Parent Panel", "family", None, ""),
)


def _seed_workshop(assessment, facilitator, guide) -> None:
    """An open round on family voice, with a spread of answers to 5.2 from several groups, shown,
    so the facilitator's and presenter's views have something to show."""
    from datetime import timedelta

    from app.domain.workshops import NameHandling, StakeholderGroup, WorkshopMode
    from app.services import (
        assessments,
        workshop_agreement,
        workshop_facilitation,
        workshop_participation,
        workshop_setup,
    )

    today = date.today()
    workshop = workshop_setup.create_workshop(
        assessment,
        workshop_setup.WorkshopDetails(
            title="Family voice: scores before the workshop",
            held_on=today,
            mode=WorkshopMode.OPEN,
            names=NameHandling.FACILITATOR_ONLY,
            closes_on=today + timedelta(days=28),
            descriptor_ids=tuple(d.id for d in guide.section("5").descriptors),
        ),
        facilitator,
        guide,
    )
    # Everyone joins before anyone answers: the answer that completes the room shows the results
    # and closes the round.
    secrets = [workshop_participation.join(workshop, workshop_participation.JoinDetails(StakeholderGroup(group), name,
                                                                                        organisation))
               for name, organisation, group, _, _ in DEMO_WORKSHOP_ANSWERS]
    for secret, (_, _, _, score, comment) in zip(secrets, DEMO_WORKSHOP_ANSWERS, strict=True):
        person = workshop_participation.participant(workshop, secret)
        assert person is not None  # joined a moment ago
        workshop_participation.save_answer(workshop, person, secret, "5.2", 1, score, comment)
        if score is not None:
            workshop_participation.save_answer(workshop, person, secret, "5.3", 1, max(0, score - 1), "")
    workshop_facilitation.show_in_room(workshop, "5.2")
    workshop_facilitation.reveal(workshop, "5.2")
    # 5.3 already agreed, so the descriptor, the overview and the return show a workshop's figures.
    workshop_facilitation.reveal(workshop, "5.3")
    workshop_agreement.agree(
        workshop, "5.3",
        workshop_agreement.Agreement(
            score=2,
            rationale="One assessment form is shared, but schools and health still start their own plans.",
            evidence_tokens=(),
            expected_version=assessments.response(assessment, "5.3").version,
        ),
        facilitator, guide,
    )


@operation
def reset_demo_passwords() -> list[DemoLogin]:
    """New passwords for the demo people (their old ones stop working)."""
    logins = []
    for role, _name, email in DEMO_PEOPLE:
        user = data.user_by_email(email)
        if user is None:
            continue
        password = _passphrase()
        user.password_hash = hash_password(password)
        logins.append(DemoLogin(role=role.value, name=user.name, email=email, password=password))
    return logins
