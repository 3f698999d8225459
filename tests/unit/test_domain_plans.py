"""Action plans: statuses, the plan's order, draft actions from the text, who may change what."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.plans import (
    ACTION_TITLE,
    PlanItem,
    Status,
    draft_titles,
    is_overdue,
    may_shape_plan,
    may_update_action,
    plan_order,
)
from app.domain.roles import Role

TODAY = date(2026, 12, 2)


def item(title: str, status: Status = Status.NOT_STARTED, due: date | None = None, code: str = "5.1") -> PlanItem:
    return PlanItem(status=status, due=due, descriptor_code=code, title=title)


def test_the_five_statuses_have_labels_a_person_reads():
    assert [s.label for s in Status] == ["Not started", "On track", "At risk", "Done", "Dropped"]


@pytest.mark.parametrize(("status", "due", "overdue"), [
    (Status.ON_TRACK, date(2026, 12, 1), True),
    (Status.NOT_STARTED, date(2026, 12, 1), True),
    (Status.ON_TRACK, TODAY, False),  # due today is not yet overdue
    (Status.DONE, date(2026, 1, 1), False),
    (Status.DROPPED, date(2026, 1, 1), False),
    (Status.AT_RISK, None, False),
])
def test_overdue_is_past_its_date_and_still_open(status, due, overdue):
    assert is_overdue(status, due, TODAY) is overdue


def test_at_risk_and_overdue_come_first_then_open_then_done_then_dropped():
    items = [
        item("Dropped one", Status.DROPPED, date(2026, 1, 1)),
        item("Done one", Status.DONE, date(2026, 1, 1)),
        item("Later", Status.ON_TRACK, date(2027, 3, 1)),
        item("No date", Status.NOT_STARTED, None),
        item("Sooner", Status.ON_TRACK, date(2027, 1, 1)),
        item("Overdue", Status.ON_TRACK, date(2026, 11, 1)),
        item("At risk, later", Status.AT_RISK, date(2027, 6, 1)),
    ]
    assert [i.title for i in plan_order(items, TODAY)] == [
        "Overdue", "At risk, later", "Sooner", "Later", "No date", "Done one", "Dropped one",
    ]


def test_same_rank_and_date_goes_by_descriptor_number_then_title():
    items = [item("b", code="10.1"), item("a", code="9.2"), item("c", code="9.10"), item("A2", code="9.2")]
    assert [(i.descriptor_code, i.title) for i in plan_order(items, TODAY)] == [
        ("9.2", "a"), ("9.2", "A2"), ("9.10", "c"), ("10.1", "b"),
    ]


def test_one_draft_per_paragraph():
    text = "Agree a shared outcomes framework\nwith health partners.\n\nTrain the workforce in family voice."
    assert draft_titles(text) == [
        "Agree a shared outcomes framework with health partners.",
        "Train the workforce in family voice.",
    ]


def test_one_draft_per_bullet_whatever_the_mark():
    text = ("We will:\n- Recruit two data analysts\n* Publish the dashboard\n• Review the\n  case audit tool\n"
            "1. Hold a launch\n2) Evaluate it\n(a) Write it up")
    assert draft_titles(text) == [
        "We will:", "Recruit two data analysts", "Publish the dashboard", "Review the case audit tool",
        "Hold a launch", "Evaluate it", "Write it up",
    ]


def test_blank_text_drafts_nothing_and_repeats_are_left_out():
    assert draft_titles("  \n\n \r\n") == []
    text = "- Publish the dashboard\n- publish the dashboard\n- Train staff"
    assert draft_titles(text) == ["Publish the dashboard", "Train staff"]
    # Drafting again once the plan holds them adds nothing new.
    assert draft_titles(text, existing=["Publish the Dashboard", "Train staff "]) == []


def test_a_long_paragraph_is_shortened_at_a_word():
    text = "word " * 200
    (title,) = draft_titles(text)
    assert len(title) <= ACTION_TITLE
    assert title.endswith("word…")


def test_control_characters_do_not_reach_a_title():
    assert draft_titles("Train\x00 staff\x07") == ["Train staff"]


@pytest.mark.parametrize(("role", "shapes"), [
    (Role.COORDINATOR, True), (Role.STRATEGIC_LEAD, True), (Role.FACILITATOR, False), (Role.VIEWER, False),
])
def test_coordinators_and_strategic_leads_shape_the_plan(role, shapes):
    assert may_shape_plan(role) is shapes
    assert may_update_action(role, is_owner=False) is shapes


@pytest.mark.parametrize("role", list(Role))
def test_an_owner_updates_their_own_action(role):
    assert may_update_action(role, is_owner=True)
