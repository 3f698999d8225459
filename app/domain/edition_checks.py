"""The checks of a framework file that its schema cannot express: cross-references.

Each check reads the file as the schema parsed it and yields ``(loc, message)`` for every
problem it finds, where ``loc`` is the place in the file (for example
``("sections", 2, "descriptors", 1, "id")``). :func:`cross_check` runs them in the order
their problems are reported; :mod:`app.domain.editions` adds the file and the line.

This module is pure: it imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from app.domain.framework import prompt_field_name

__all__ = ["Found", "Loc", "cross_check", "place"]

#: A place in a framework file: mapping keys and list positions from the top.
Loc = tuple[Any, ...]
#: One problem a check found: where and what.
Found = tuple[Loc, str]


def place(loc: Iterable[Any]) -> str:
    """Turn a location such as ``('sections', 2, 'descriptors', 1, 'text')`` into
    ``sections[2].descriptors[1].text``; mapping keys that are numbers or not plain names
    are bracketed: ``earned_autonomy[2022]["9.9"]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(part)):
            out += f".{part}" if out else str(part)
        else:
            out += f'["{part}"]'
    return out


def cross_check(parsed: Any, partial: bool = False) -> Iterator[Found]:
    """Every problem the schema cannot see, check by check.

    ``partial``: ``parsed`` holds only the parts of a file that passed the schema (the file
    has other problems); a check that needs a part that is not there is skipped, so that
    its problems are still reported together with the schema's."""
    for check in _CHECKS:
        try:
            found = list(check(parsed))
        except AttributeError:
            if not partial:
                raise
            continue
        yield from found


def _data_section_indexes(parsed: Any) -> list[int]:
    return [i for i, s in enumerate(parsed.sections) if s.data]


def _section_and_descriptor_ids(parsed: Any) -> Iterator[Found]:
    """Section and descriptor ids are unique; each descriptor id starts with its section id."""
    section_at: dict[str, int] = {}
    descriptor_at: dict[str, str] = {}
    for i, section in enumerate(parsed.sections):
        if section.id in section_at:
            yield ("sections", i, "id"), f'duplicate section id "{section.id}" (also sections[{section_at[section.id]}])'
        else:
            section_at[section.id] = i
        for j, descriptor in enumerate(section.descriptors):
            loc: Loc = ("sections", i, "descriptors", j, "id")
            if descriptor.id in descriptor_at:
                yield loc, f'duplicate descriptor id "{descriptor.id}" (also {descriptor_at[descriptor.id]})'
            else:
                descriptor_at[descriptor.id] = place(loc[:-1])
            if not descriptor.id.startswith(section.id + "."):
                yield loc, f'descriptor id "{descriptor.id}" must start with its section id "{section.id}" and a dot'


def _by_data_model(parsed: Any) -> bool:
    """Whether the file's priority rule is the "by data model" kind (the 2022 guide's)."""
    return parsed.priority_rule is not None and parsed.priority_rule.kind == "data_model"


def _one_data_section(parsed: Any) -> Iterator[Found]:
    """With a rule by data model: exactly one Data section, the rule points at it, and a
    service section exists. With a rule of any section (or none): no data section is named."""
    rule = parsed.priority_rule
    data_sections = _data_section_indexes(parsed)
    if not _by_data_model(parsed):
        if rule is not None and rule.data_section is not None:
            yield ("priority_rule", "data_section"), "only a rule of kind data_model names a data section"
        if rule is not None and rule.compositions:
            yield ("priority_rule", "compositions"), "only a rule of kind data_model has compositions"
        if rule is not None and rule.required > sum(len(s.descriptors) for s in parsed.sections):
            yield ("priority_rule", "required"), f"asks for {rule.required} descriptors, more than the file has"
        return
    if not data_sections:
        yield ("sections",), "no section is marked data: true; mark the Data section"
    for i in data_sections[1:]:
        yield ("sections", i, "data"), f"only one section may be marked data: true (sections[{data_sections[0]}] already is)"
    if rule.data_section is None:
        yield ("priority_rule", "data_section"), "a rule of kind data_model needs data_section: the id of the Data section"
    elif rule.data_section not in {s.id for s in parsed.sections}:
        yield ("priority_rule", "data_section"), f'there is no section "{rule.data_section}"'
    elif data_sections and parsed.sections[data_sections[0]].id != rule.data_section:
        marked = parsed.sections[data_sections[0]].id
        yield ("priority_rule", "data_section"), f'"{rule.data_section}" is not the section marked data: true ("{marked}")'
    if len(parsed.sections) - len(data_sections) < 1:
        yield ("sections",), "there must be at least one service section (a section not marked data: true)"
    if not parsed.data_models:
        yield ("data_models",), "a priority rule of kind data_model needs the data models"


def _scale_scores_in_order(parsed: Any) -> Iterator[Found]:
    """Scale scores run lowest, lowest + 1, ... highest in order; one slip shifts every later
    score, so it is reported once."""
    scale = parsed.scale
    if scale.highest <= scale.lowest:
        yield ("scale", "highest"), f"highest ({scale.highest}) must be more than lowest ({scale.lowest})"
        return
    for i, level in enumerate(scale.levels):
        expected = scale.lowest + i
        if level.score != expected:
            yield (("scale", "levels", i, "score"),
                   f"expected score {expected}, found {level.score}: scores must run {scale.lowest}, {scale.lowest + 1}, ... in order")
            return
    if scale.levels[-1].score != scale.highest:
        yield ("scale", "levels"), f"the levels end at {scale.levels[-1].score} but highest is {scale.highest}"


def _thresholds_on_real_descriptors(parsed: Any) -> Iterator[Found]:
    """Earned Autonomy thresholds name real descriptors and lie on the scale."""
    descriptor_ids = {d.id for s in parsed.sections for d in s.descriptors}
    low, top = parsed.scale.lowest, parsed.scale.highest
    for year, minimums in parsed.earned_autonomy.items():
        for descriptor_id, minimum in minimums.items():
            loc: Loc = ("earned_autonomy", year, descriptor_id)
            if descriptor_id not in descriptor_ids:
                yield loc, f'"{descriptor_id}" is not a descriptor in this file'
            if not low <= minimum <= top:
                yield loc, f"minimum score {minimum} is not on the scale ({low} to {top})"
    for year in parsed.earned_autonomy_sources:
        if year not in parsed.earned_autonomy:
            yield ("earned_autonomy_sources", year), f"names the source of {year}'s thresholds, but earned_autonomy has none for {year}"


def _data_model_levels_in_order(parsed: Any) -> Iterator[Found]:
    """Data model levels run 1, 2, ... in order (a slip reported once); each has a composition."""
    levels = [m.level for m in parsed.data_models]
    for i, level in enumerate(levels):
        if level != i + 1:
            yield ("data_models", i, "level"), f"expected level {i + 1}, found {level}: levels must run 1, 2, 3, ... in order"
            break
    if not _by_data_model(parsed):
        return
    for level in levels:
        if level not in parsed.priority_rule.compositions:
            yield ("priority_rule", "compositions"), f"no composition for data model {level}"


def _compositions_add_up(parsed: Any) -> Iterator[Found]:
    """Each composition is for a real data model, adds up to the required number and asks
    for no more descriptors than the Data section or the service sections hold."""
    if not _by_data_model(parsed):
        return
    rule = parsed.priority_rule
    levels = {m.level for m in parsed.data_models}
    has_data_section = bool(_data_section_indexes(parsed))
    data_count = sum(len(s.descriptors) for s in parsed.sections if s.data)
    service_count = sum(len(s.descriptors) for s in parsed.sections if not s.data)
    for level, comp in rule.compositions.items():
        loc: Loc = ("priority_rule", "compositions", level)
        if level not in levels:
            yield loc, f"there is no data model {level} in data_models"
        if comp.data + comp.service != rule.required:
            total = comp.data + comp.service
            yield loc, f"data {comp.data} + service {comp.service} = {total}, but required is {rule.required}"
        if has_data_section and comp.data > data_count:
            yield loc, f"asks for {comp.data} from the Data section, which has only {data_count} descriptors"
        if comp.service > service_count:
            yield loc, f"asks for {comp.service} from the service sections, which have only {service_count} descriptors"


def _permission_keys_unique(parsed: Any) -> Iterator[Found]:
    """Permission keys are unique (any key is stored: issue 14)."""
    keys: dict[str, int] = {}
    for i, permission in enumerate(parsed.permissions):
        if permission.key in keys:
            yield ("permissions", i, "key"), f'duplicate permission key "{permission.key}" (also permissions[{keys[permission.key]}])'
        keys.setdefault(permission.key, i)


def _prompt_keys_unique(parsed: Any) -> Iterator[Found]:
    """Prompt keys are unique, and so are the names their fields take on the descriptor page
    (``prompt_field_name``) and their labels: two questions asked in the same words could not
    be told apart on the page, in the CSV or in a Word return read back."""
    keys: dict[str, int] = {}
    fields: dict[str, int] = {}
    labels: dict[str, int] = {}
    for i, prompt in enumerate(parsed.prompts):
        field, label = prompt_field_name(prompt.key), " ".join(prompt.label.split()).casefold()
        if prompt.key in keys:
            yield ("prompts", i, "key"), f'duplicate prompt key "{prompt.key}" (also prompts[{keys[prompt.key]}])'
        elif field in fields:
            yield ("prompts", i, "key"), (f'the key "{prompt.key}" names the same field as prompts[{fields[field]}] '
                                         f'("{field}" on the descriptor page); choose another key')
        if label in labels:
            yield ("prompts", i, "label"), f"the same question as prompts[{labels[label]}]; each prompt needs its own words"
        keys.setdefault(prompt.key, i)
        fields.setdefault(field, i)
        labels.setdefault(label, i)


#: How many earlier descriptors each kind of change names: (fewest, most); None: no limit.
_EARLIER_COUNT: dict[str, tuple[int, int | None]] = {
    "same": (1, 1), "reworded": (1, 1), "split": (1, 1), "merged": (2, None), "new": (0, 0)}


def _crosswalk_entries(parsed: Any) -> Iterator[Found]:
    """A crosswalk lists this file's own descriptors, each naming as many earlier descriptors as
    its kind of change needs, and comes from another edition. Whether the earlier ids exist is
    checked against the earlier edition when both are loaded (``crosswalk_problems``)."""
    walk = parsed.crosswalk
    if walk is None:
        return
    if walk.earlier_edition == parsed.edition.id:
        yield ("crosswalk", "from"), f'a crosswalk must come from an earlier edition, not this one ("{walk.earlier_edition}")'
    descriptor_ids = {d.id for s in parsed.sections for d in s.descriptors}
    for descriptor_id, item in walk.descriptors.items():
        loc: Loc = ("crosswalk", "descriptors", descriptor_id)
        if descriptor_id not in descriptor_ids:
            yield loc, f'"{descriptor_id}" is not a descriptor in this file'
        fewest, most = _EARLIER_COUNT[item.change]
        count = len(item.earlier)
        if count < fewest or (most is not None and count > most):
            wanted = ("no earlier descriptor" if most == 0 else "exactly one earlier descriptor" if most == 1
                      else f"{fewest} or more earlier descriptors")
            yield loc + ("earlier",), f"a change of {item.change!r} names {wanted}, found {count}"
    named = {e for item in walk.descriptors.values() for e in item.earlier}
    for i, retired in enumerate(walk.retired):
        if retired in named:
            yield ("crosswalk", "retired", i), f'"{retired}" is retired but also named as earlier for a descriptor of this file'


_CHECKS = (
    _section_and_descriptor_ids,
    _one_data_section,
    _scale_scores_in_order,
    _thresholds_on_real_descriptors,
    _data_model_levels_in_order,
    _compositions_add_up,
    _permission_keys_unique,
    _prompt_keys_unique,
    _crosswalk_entries,
)
