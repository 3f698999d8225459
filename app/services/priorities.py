"""An assessment's priority descriptors: the rule applied to the saved choice, and saving a new
choice (the strategic lead's priorities page and readiness)."""

from __future__ import annotations

from app.data import Assessment, PriorityChoiceRow, User
from app.data import assessments as data
from app.data.returns import data_model_statement
from app.data.transaction import operation
from app.domain.framework import Framework
from app.domain.priorities import PriorityCheck, check_priorities
from app.domain.returns import PriorityChoice
from app.services.assessments import AssessmentError, audit, ensure_editable


def priority_check(assessment: Assessment, framework: Framework) -> PriorityCheck | None:
    """The rule applied to the saved choice; None until a data model is stated (for a rule by
    data model)."""
    model = data_model_statement(assessment).effective
    if model is None and framework.priority_rule.by_data_model:
        return None
    return check_priorities(framework, [p.descriptor_id for p in assessment.priorities], model)


@operation
def save_priorities(assessment: Assessment, choices: list[PriorityChoice], user: User,
                    framework: Framework) -> PriorityCheck:
    """Save the chosen priorities if they follow the rule; otherwise save nothing and say why."""
    ensure_editable(assessment)
    model = data_model_statement(assessment).effective
    if model is None and framework.priority_rule.by_data_model:
        raise AssessmentError("State the data model before choosing priorities, since the rule depends on it")
    check = check_priorities(framework, [c.descriptor_id for c in choices], model)
    if not check.valid:
        return check
    before = "; ".join(p.descriptor_id for p in assessment.priorities) or "none"
    before_rationales = {p.descriptor_id: p.rationale for p in assessment.priorities}
    data.replace_priorities(
        assessment,
        [PriorityChoiceRow(position=i, descriptor_id=c.descriptor_id, rationale=c.rationale.strip())
         for i, c in enumerate(choices, start=1)],
    )
    after = "; ".join(c.descriptor_id for c in choices)
    if before != after:
        audit(assessment, user, "changed", "priorities", before, after)
    for c in choices:
        if before_rationales.get(c.descriptor_id, "") != c.rationale.strip() and c.rationale.strip():
            audit(assessment, user, "changed", f"priority rationale: {c.descriptor_id}",
                  before_rationales.get(c.descriptor_id), c.rationale.strip())
    return check
