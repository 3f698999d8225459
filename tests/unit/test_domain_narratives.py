"""The toolkit's draft of a descriptor's narratives from a workshop's agreement."""

from app.domain.narratives import DraftComment, Narratives, draft


def test_comments_at_or_above_the_score_go_to_working_well_and_those_below_to_next():
    drafted = draft("Family voice workshop", 3, "Strong in the council, patchy in health.", [
        DraftComment("Health visitors do not hear back from the hub", "Health", 2),
        DraftComment("It changed the plan", "Family", 4, who="Jo Green, Parent panel"),
        DraftComment("Not sure", "Police", None),
    ])
    assert drafted.working_well == (
        "Agreed score 3 in the workshop Family voice workshop.\n"
        "Strong in the council, patchy in health.\n"
        "- Family, Jo Green, Parent panel: It changed the plan\n"
        "- Police: Not sure"
    )
    assert drafted.prioritising_next == (
        "Raised in the workshop Family voice workshop by those who scored below 3:\n"
        "- Health: Health visitors do not hear back from the hub"
    )


def test_what_the_assessment_says_already_comes_first_and_nothing_is_added_below_it_without_comments():
    drafted = draft("W", 2, "", [], Narratives("Written before.", "Our plan."))
    assert drafted.working_well == "Written before.\n\nAgreed score 2 in the workshop W."
    assert drafted.prioritising_next == "Our plan."
