"""Running workshops through the pages: a facilitator sets one up, participants join with the
code on their own devices (each a separate test client, so a separate cookie session)."""

from __future__ import annotations

import re
from datetime import date

from app.domain.roles import Role
from app.domain.workshops import CODE_ALPHABET
from tests.integration.assessment_helpers import create_assessment

PASSWORD = "correct horse battery staple"


def today_parts(day: date | None = None) -> list[str]:
    day = day or date.today()
    return [str(day.day), str(day.month), str(day.year)]


def workshop_form(title="Family voice workshop", mode="live", names="named", sections=("5",), descriptors=(),
                  held_on: date | None = None, closes_on: date | None = None) -> dict:
    return {
        "title": title,
        "held_on": today_parts(held_on),
        "mode": mode,
        "closes_on": today_parts(closes_on) if closes_on else ["", "", ""],
        "names": names,
        "sections": list(sections),
        "descriptor_ids": list(descriptors),
    }


def create_workshop(client, assessment_id: int, **kwargs) -> int:
    response = client.post(f"/assessments/{assessment_id}/workshops/new", data=workshop_form(**kwargs))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(re.search(r"/workshops/(\d+)$", response.headers["Location"]).group(1))


def join_code(client, assessment_id: int, workshop_id: int) -> str:
    html = client.get(f"/assessments/{assessment_id}/workshops/{workshop_id}").get_data(as_text=True)
    return re.search(r'id="join-code">([A-Z0-9-]+)<', html).group(1)


def wrong_code(number: int) -> str:
    """A code that could be a workshop's (8 characters of the code alphabet) but is none in the tests'
    data: a guess, counted as a wrong code."""
    digits = ""
    for _ in range(6):
        number, digit = divmod(number, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[digit] + digits
    return f"XX{digits[:2]}-{digits[2:]}"


def sign_in_as(app, make_user, role: Role, email: str, name: str = "Test Person",
               partnership: str = "Sefton Early Help Partnership"):
    make_user(email, role, partnership=partnership, name=name)
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def facilitated(app, signed_in, make_user, **kwargs):
    """A coordinator's assessment, a facilitator, and a workshop they set up: (facilitator, ids, code)."""
    coordinator = signed_in(Role.COORDINATOR)
    assessment_id = create_assessment(coordinator)
    facilitator = sign_in_as(app, make_user, Role.FACILITATOR, "facilitator@example.gov.uk", "Farah Facilitator")
    workshop_id = create_workshop(facilitator, assessment_id, **kwargs)
    return facilitator, assessment_id, workshop_id, join_code(facilitator, assessment_id, workshop_id)


def join(app, code: str, group: str = "health", name: str = "Priya Shah", organisation: str = "Mersey Care NHS Trust"):
    """A new participant's own device: joins the workshop and returns their client."""
    device = app.test_client()
    response = device.post(f"/join/{code}", data={"name": name, "organisation": organisation, "group": group})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return device


def round_on(device, code: str, descriptor_id: str) -> str:
    html = device.get(f"/join/{code}/questions/{descriptor_id}").get_data(as_text=True)
    return re.search(r'name="round"[^>]*value="(\d+)"', html).group(1)


def answer(device, code: str, descriptor_id: str, score, comment: str = "", round_number: str | None = None):
    if round_number is None:
        round_number = round_on(device, code, descriptor_id)
    return device.post(
        f"/join/{code}/questions/{descriptor_id}",
        data={"score": "dont_know" if score is None else str(score), "comment": comment, "round": round_number},
    )


def facilitator_page(client, assessment_id: int, workshop_id: int, descriptor_id: str) -> str:
    response = client.get(f"/assessments/{assessment_id}/workshops/{workshop_id}/descriptors/{descriptor_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)
