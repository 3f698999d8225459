"""Test data built through the service functions, for tests whose subject is not the page that
would make it: a user, an assessment, scored descriptors, priorities and permissions.

Each factory takes the application, works in its own application context and returns plain
values (an email, an id), so no database object outlives the session that loaded it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import Flask

from app.data import accounts as account_data
from app.data.models import Assessment, User
from app.domain.returns import Evidence, Permissions, PriorityChoice
from app.domain.roles import Role
from app.extensions import db
from app.frameworks import framework
from app.services import accounts
from app.services import assessments as service
from app.services import descriptor_edits as edits
from app.services import priorities as priority_service
from app.services import sign_off as signing

PASSWORD = "correct horse battery staple"
SEFTON = "Sefton Early Help Partnership"

#: Sefton's 2022 return (seed 003): the scores a coordinator would type in.
SEFTON_2022: Mapping[str, int] = {
    **{f"5.{i}": 3 for i in range(1, 8)},
    **{f"6.{i}": 2 for i in range(1, 5)},
    **{f"6.{i}": 3 for i in range(5, 8)},
    "7.1": 3, "7.2": 3, "7.3": 2, "7.4": 2, "7.5": 2,
    **{f"8.{i}": 2 for i in range(1, 6)},
    "9.1": 3, "9.2": 2, "9.3": 3, "9.4": 2, "9.5": 3, "9.6": 3, "9.7": 3,
}


def _user(email: str) -> User:
    found = account_data.user_by_email(email)
    assert found is not None, f"no user {email}"
    return found


def user(app: Flask, email: str, role: Role = Role.VIEWER, partnership: str = SEFTON,
         name: str = "Test Person") -> str:
    """A user with a role in a partnership (made if it is new); their email."""
    with app.app_context():
        accounts.create_user(email, name, PASSWORD, partnership, role, local_authority=partnership)
    return email


def assessment(app: Flask, by: str, year: int = 2026, model: int = 3, changed: bool = False,
               current: int | None = None, reason: str = "", edition: str = "ehsg-2022") -> int:
    """An assessment started by the user `by` in their (first) partnership; its id."""
    with app.app_context():
        starter = _user(by)
        details = service.AssessmentDetails(
            year=year, edition_id=edition, data_model_submitted=model, survey_date=date(year - 1, 9, 30),
            data_model_changed=changed, data_model_current=current if changed else None,
            change_reason=reason if changed else "",
        )
        created = service.create_assessment(starter.memberships[0].partnership, details, starter, framework(edition))
        return created.id


def answer(app: Flask, assessment_id: int, by: str, descriptor_id: str, score: int | None,
           working_well: str = "", prioritising_next: str = "", evidence: Evidence | None = None) -> None:
    """A descriptor saved as if from its page, loaded just before."""
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        assert found is not None
        version = service.response(found, descriptor_id).version
        outcome = edits.save_descriptor(found, descriptor_id,
                                          edits.DescriptorEdit(score, working_well, prioritising_next),
                                          version, _user(by), new_evidence=evidence)
        assert outcome.conflict is None


def scores(app: Flask, assessment_id: int, by: str, given: Mapping[str, int] = SEFTON_2022) -> None:
    """Every descriptor in `given` scored, with "Working well for <id>" as its narrative."""
    for descriptor_id, score in given.items():
        answer(app, assessment_id, by, descriptor_id, score, working_well=f"Working well for {descriptor_id}")


def priorities(app: Flask, assessment_id: int, by: str, *descriptor_ids: str, rationale: str = "") -> None:
    """The priority descriptors chosen (they must follow the rule)."""
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        assert found is not None
        check = priority_service.save_priorities(found, [PriorityChoice(d, rationale) for d in descriptor_ids], _user(by),
                                        framework(found.edition_id))
        assert check.valid, check


def permissions(app: Flask, assessment_id: int, by: str, dfe: bool = True, coordinators: bool = True,
                other_departments: bool = False) -> None:
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        assert found is not None
        signing.set_permissions(found, Permissions({"dfe": dfe, "coordinators": coordinators,
                                                              "other_departments": other_departments}), _user(by))


def sent_return(app: Flask, partnership: str, year: int = 2026, given: Mapping[str, int] = SEFTON_2022,
                priority_ids: tuple[str, ...] = ("7.3", "6.4", "9.4"), coordinators: bool = True,
                contact: str = "") -> int:
    """Another area's return for the year, scored, signed off and sent to the department, with the
    permission to share with coordinators answered ``coordinators`` and the contact it shows to other areas; its id."""
    from app.services import comparison, sending

    slug = partnership.split()[0].lower()
    coordinator = user(app, f"coordinator@{slug}.example.gov.uk", Role.COORDINATOR, partnership, f"{slug} coordinator")
    lead = user(app, f"lead@{slug}.example.gov.uk", Role.STRATEGIC_LEAD, partnership, f"{slug} lead")
    assessment_id = assessment(app, coordinator, year=year)
    scores(app, assessment_id, coordinator, given)
    priorities(app, assessment_id, lead, *priority_ids)
    permissions(app, assessment_id, coordinator, coordinators=coordinators)
    with app.app_context():
        found = db.session.get(Assessment, assessment_id)
        assert found is not None
        signing.sign_off(found, _user(lead), framework(found.edition_id))
        sending.send(found, _user(coordinator))
        if contact:
            comparison.set_contact(found.partnership, contact, _user(coordinator))
    return assessment_id
