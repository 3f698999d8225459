"""Choosing priority descriptors, by data model.

The guide's "Selection of Descriptors" (seed 003, lines 1256-1268): every area chooses three
descriptors to work on in the coming year, using its data model (as submitted in the national
data survey, or as it is now if the area thinks it has changed):

- data model 2 or below: choose ONLY descriptors from the Data section;
- data model 3: one from the Data section and two from the service descriptors (family voice
  and experience, workforce, communities, leaders);
- data model 4 or above: ONLY service descriptors.

"After applying this methodology, areas are free to choose any descriptor across the 5
sections", several from one section if they like.

The numbers are data: ``priority_rule`` in the framework file gives the required count, the
Data section and, per data model, how many come from the Data section and how many from the
service sections (every other section). Another edition may instead say "choose N from any
section" (``kind: any_section``): then the data model plays no part. This module applies the
rule and says, in plain words, what is wrong with a choice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.framework import Descriptor, Framework, validate_scores
from app.domain.wording import number_word

__all__ = [
    "PriorityCheck",
    "Suggestion",
    "check_priorities",
    "effective_data_model",
    "explain_rule",
    "repeated_priorities",
    "suggest_priorities",
]

def _word(n: int) -> str:
    return number_word(n)


def _join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def effective_data_model(submitted: int, changed: bool, current: int | None) -> int:
    """The data model the rule uses: the one submitted in the data survey, unless the area
    says it has changed since (the return asks "Do you think that [the area's] data model has
    changed since you submitted the data survey?"), in which case the current one.

    Raises ValueError if ``changed`` is set but no current data model is given.
    """
    if changed:
        if current is None:
            raise ValueError("The data model has changed, so give the current data model")
        return current
    return submitted


def _data_model_problem(framework: Framework, data_model: object) -> str | None:
    if not framework.priority_rule.by_data_model:
        return None
    levels = framework.data_model_levels
    if isinstance(data_model, bool) or not isinstance(data_model, int) or data_model not in levels:
        shown = str(data_model) if isinstance(data_model, int) and not isinstance(data_model, bool) else repr(data_model)
        return f"Data model must be a whole number from {levels[0]} to {levels[-1]}; {shown} is not"
    return None


def _service_names(framework: Framework) -> str:
    return ", ".join(s.name for s in framework.service_sections)


def explain_rule(framework: Framework, data_model: int | None) -> str:
    """The priority rule for one data model, in plain words.

    For example, for the 2022 guide and data model 3: "With data model 3, choose one
    descriptor from the Data section and two from the service sections (Family voice and
    experience, Workforce, Communities, Leaders). After that you may add further priorities
    from any section." Raises ValueError for a data model the framework does not have.
    """
    problem = _data_model_problem(framework, data_model)
    if problem:
        raise ValueError(problem)
    rule = framework.priority_rule
    noun = "descriptor" if rule.required == 1 else "descriptors"
    if not rule.by_data_model:
        if rule.required == 0:
            return "This edition asks for no priority descriptors; you may choose some from any section."
        return f"Choose {_word(rule.required)} {noun} from any section. After that you may add further priorities from any section."
    assert data_model is not None
    comp = rule.composition(data_model)
    data = f"the {framework.data_section.name} section"
    service = f"the service sections ({_service_names(framework)})"
    if comp.service == 0:
        choice = f"choose all {_word(rule.required)} {noun} from {data}"
    elif comp.data == 0:
        choice = f"choose all {_word(rule.required)} {noun} from {service}"
    else:
        first = "descriptor" if comp.data == 1 else "descriptors"
        choice = f"choose {_word(comp.data)} {first} from {data} and {_word(comp.service)} from {service}"
    return f"With data model {data_model}, {choice}. After that you may add further priorities from any section."


@dataclass(frozen=True)
class PriorityCheck:
    """The result of checking an area's priority descriptors.

    ``required`` are the first choices (as many as the rule requires), ``optional`` the
    further ones; ``problems`` lists everything wrong, in plain words (empty when valid).
    """

    valid: bool
    problems: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...]


def check_priorities(framework: Framework, chosen: Sequence[str], data_model: int | None) -> PriorityCheck:
    """Check an area's chosen priority descriptors against the rule for its data model.

    The first ``required`` choices (three in the 2022 guide) must follow the composition for
    the data model; any further choices are optional and may come from any section. Blank
    entries (an unfilled choice) are ignored and surrounding spaces are stripped. Every
    problem is reported, not just the first:

    - the data model is not one of the framework's levels;
    - fewer choices than required;
    - a choice that is not a descriptor of this edition;
    - a descriptor chosen more than once (among required and optional together): it counts
      once, so the required choices are the first ``required`` *different* descriptors;
    - the required choices do not follow the composition for the data model (too many or too
      few from the Data section, or from the service sections).

    The order of the required choices carries no meaning (docs/domain.md): any order of them
    gives the same result, and the descriptors each message names are in the guide's order.
    """
    if isinstance(chosen, str):
        raise TypeError("chosen must be a sequence of descriptor ids, not a single string")
    ids = [c.strip() for c in chosen if c is not None and c.strip()]
    distinct = list(dict.fromkeys(ids))
    rule = framework.priority_rule
    n = rule.required
    problems: list[str] = []

    model_problem = _data_model_problem(framework, data_model)
    if model_problem:
        problems.append(model_problem)

    repeated = repeated_priorities(framework, ids)
    if len(distinct) < n:
        if not distinct:
            problems.append(f"You chose no priority descriptors; choose {n}")
        else:
            noun = "descriptor" if len(distinct) == 1 else "descriptors"
            different = " different" if repeated else ""
            problems.append(f"You chose {len(distinct)}{different} priority {noun}; choose {n}")

    for descriptor_id in _in_guide_order(framework, distinct):
        if not framework.has_descriptor(descriptor_id):
            problems.append(f"{descriptor_id} is not a descriptor in {framework.edition.title}")

    problems += [f"You chose {d} more than once" for d in repeated]

    # A descriptor chosen twice is one choice: the rule is applied to the distinct choices.
    required, optional = tuple(distinct[:n]), tuple(distinct[n:])
    if model_problem is None and rule.by_data_model:
        assert data_model is not None
        problems += _composition_problems(framework, required, data_model)
    return PriorityCheck(valid=not problems, problems=tuple(problems), required=required, optional=optional)


def _in_guide_order(framework: Framework, ids: Sequence[str]) -> list[str]:
    """The ids in the guide's order; ids that are not descriptors after them, sorted."""
    known = sorted((i for i in ids if framework.has_descriptor(i)), key=framework.order_of)
    return known + sorted(i for i in ids if not framework.has_descriptor(i))


def repeated_priorities(framework: Framework, chosen: Sequence[str]) -> tuple[str, ...]:
    """The descriptors chosen more than once (blank entries ignored), in the guide's order: the
    same descriptor twice is one priority, not two (docs/domain.md, the toolkit's reading)."""
    ids = [c.strip() for c in chosen if c is not None and c.strip()]
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for descriptor_id in ids:
        if descriptor_id in seen:
            repeated[descriptor_id] = None
        seen.add(descriptor_id)
    return tuple(_in_guide_order(framework, list(repeated)))


def _composition_problems(framework: Framework, required: Sequence[str], data_model: int) -> list[str]:
    """Problems with how the required choices are split between the Data and service sections.

    With all required choices known, the split must be exact. While some are missing or
    unknown, only a pool already over its share is reported (adding more cannot fix that).
    """
    rule = framework.priority_rule
    comp = rule.composition(data_model)
    n = rule.required
    known = [d for d in required if framework.has_descriptor(d)]
    in_data = [d for d in known if framework.is_data_descriptor(d)]
    in_service = [d for d in known if not framework.is_data_descriptor(d)]
    complete = len(known) == n
    data_name = f"the {framework.data_section.name} section"
    service_name = f"the service sections ({_service_names(framework)})"
    lead = f"With data model {data_model},"

    def offenders(ids: Sequence[str]) -> str:
        parts = [f"{d} ({framework.section_of(d).name})" for d in _in_guide_order(framework, list(dict.fromkeys(ids)))]
        return f"{_join(parts)} {'is' if len(parts) == 1 else 'are'} not"

    if comp.service == 0:  # all from the Data section
        return [f"{lead} all {_word(n)} must come from {data_name}; {offenders(in_service)}"] if in_service else []
    if comp.data == 0:  # all from the service sections
        return [f"{lead} all {_word(n)} must come from {service_name}; {offenders(in_data)}"] if in_data else []
    problems = []
    if len(in_data) > comp.data or (complete and len(in_data) != comp.data):
        problems.append(
            f"{lead} exactly {_word(comp.data)} of the {_word(n)} must come from {data_name}; you chose {_word(len(in_data))}"
        )
    elif len(in_service) > comp.service:
        problems.append(
            f"{lead} exactly {_word(comp.service)} of the {_word(n)} must come from {service_name}; "
            f"you chose {_word(len(in_service))}"
        )
    return problems


@dataclass(frozen=True)
class Suggestion:
    """A suggested priority descriptor, why it is suggested, its score and its Earned
    Autonomy minimum (None if it has none)."""

    descriptor_id: str
    reason: str
    score: int | None
    minimum: int | None


def suggest_priorities(
    framework: Framework,
    scores: Mapping[str, int | None],
    data_model: int | None,
    year: int | None = None,
) -> tuple[Suggestion, ...]:
    """Suggest as many priority descriptors as the rule requires, satisfying it.

    The composition for the data model says how many come from the Data section and how many
    from the service sections; the best of each pool are taken, then the picks are listed in
    the same ranking. Ranking, best first:

    1. descriptors scored below their Earned Autonomy Stage 1 minimum (for ``year``, the
       latest prospectus when None), the smallest gap first: the nearest to unlocking
       eligibility; then the lower score;
    2. the other scored descriptors, lowest score first;
    3. descriptors not scored yet, last: nothing says they need work, and the partnership
       should score them before choosing them.

    Ties go to the descriptor that comes first in the guide, so the result is deterministic.
    Raises ValueError for an unknown data model, unknown descriptor id or a score off the scale.
    """
    problem = _data_model_problem(framework, data_model)
    if problem:
        raise ValueError(problem)
    checked = validate_scores(framework, scores)
    if year is None and framework.has_earned_autonomy:
        year = framework.latest_threshold_year
    minimums: Mapping[str, int] = framework.thresholds(year) if year is not None else {}
    source = framework.threshold_source(year) if year is not None else ""
    rule = framework.priority_rule

    def rank(d: Descriptor) -> tuple[int, int, int, int]:
        score, minimum, order = checked.get(d.id), minimums.get(d.id), framework.order_of(d.id)
        if score is None:
            return (2, 0, 0, order)
        if minimum is not None and score < minimum:
            return (0, minimum - score, score, order)
        return (1, score, 0, order)

    data_pool, service_pool = _pools(framework, data_model, rank)
    data_ids = {d.id for d in data_pool}
    service_pool_name = "the service sections" if rule.by_data_model else "all the descriptors"

    suggestions = []
    for d in sorted(data_pool + service_pool, key=rank):
        score, minimum = checked.get(d.id), minimums.get(d.id)
        pool = f"the {framework.data_section.name} section" if d.id in data_ids else service_pool_name
        if score is None:
            reason = "Not scored yet"
            if minimum is not None:
                reason += f"; its Earned Autonomy minimum is {minimum}"
        elif minimum is not None and score < minimum:
            reason = (f"Scored {score}, {minimum - score} below the Earned Autonomy minimum of {minimum} "
                      f"in {source}")
        else:
            reason = f"Scored {score}, among the lowest in {pool}"
            if minimum is not None:
                reason += f"; it meets its Earned Autonomy minimum of {minimum}"
        suggestions.append(Suggestion(descriptor_id=d.id, reason=reason, score=score, minimum=minimum))
    return tuple(suggestions)


def _pools(framework: Framework, data_model: int | None, rank: Callable[[Descriptor], Any]) -> tuple[list[Descriptor], list[Descriptor]]:
    """The best-ranked descriptors the rule takes from the Data section and from the others
    (for a rule of any section: none from "Data", the required number from all)."""
    rule = framework.priority_rule
    if not rule.by_data_model:
        return [], sorted(framework.descriptors, key=rank)[: rule.required]
    assert data_model is not None
    comp = rule.composition(data_model)
    data_pool = sorted(framework.data_section.descriptors, key=rank)[: comp.data]
    service_pool = sorted((d for s in framework.service_sections for d in s.descriptors), key=rank)[: comp.service]
    return data_pool, service_pool
