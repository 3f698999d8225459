"""The Early Help System Guide as data: loading, checking and reading one edition.

An edition of the guide (the second iteration, 2022, is ``descriptors/ehsg-2022.yaml``) is a
YAML file: its identity, the Early Help vision, five sections of descriptors, the two prompts
asked under each descriptor, the 0-5 scale, the Earned Autonomy Stage 1 thresholds, the six
data models, the priority-descriptor rule and the permissions to share. A later edition is a
new file, not new code.

:func:`load_framework` checks the file in two steps and raises :class:`FrameworkError` naming
the file, the place in it and the problem:

1. its shape and types, against the pydantic schema kept beside it
   (``descriptors/schema.py``, loaded by path);
2. its cross-references: ids unique, each descriptor id starting with its section id, exactly
   one Data section and the priority rule pointing at it, thresholds naming real descriptors
   and lying on the scale, scale scores running 0, 1, 2, ... and data model levels 1, 2, ...,
   one composition per data model adding up to the required number and not asking for more
   descriptors than a section group holds.

It returns a frozen :class:`Framework`: frozen dataclasses, tuples and read-only mappings.

This module is pure: it imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, Literal

import yaml
from pydantic import ValidationError

__all__ = [
    "DEFAULT_DESCRIPTORS_DIR",
    "SCHEMA_PATH",
    "Composition",
    "DataModel",
    "Descriptor",
    "Edition",
    "Framework",
    "FrameworkError",
    "FrameworkProblem",
    "Permission",
    "PriorityRule",
    "Scale",
    "ScaleLevel",
    "Section",
    "UnknownThresholdYear",
    "VisionHeading",
    "framework_as_dict",
    "load_framework",
    "load_frameworks",
    "newest",
    "render_framework_text",
    "validate_scores",
]

#: The project's folder of framework files (one ``*.yaml`` per edition) and their schema.
DEFAULT_DESCRIPTORS_DIR: Path = Path(__file__).resolve().parents[2] / "descriptors"
#: The schema every framework file is checked against.
SCHEMA_PATH: Path = DEFAULT_DESCRIPTORS_DIR / "schema.py"


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkProblem:
    """One thing wrong with a framework file: where (``place``, ``line``) and what."""

    place: str
    message: str
    line: int | None = None

    def describe(self, path: str) -> str:
        if self.place and self.line is not None:
            where = f"{self.place} (line {self.line})"
        elif self.place or self.line is not None:
            where = self.place or f"line {self.line}"
        else:
            where = "whole file"
        return f"{path}: {where}: {self.message}"


class FrameworkError(Exception):
    """A framework file is missing, unreadable or wrong.

    ``str(error)`` has one line per problem, each naming the file, the place in it (for
    example ``sections[2].descriptors[1].text (line 84)``) and what is wrong. The parts are
    also available as ``path`` and ``problems``.
    """

    def __init__(self, path: str | Path, problems: Iterable[FrameworkProblem]) -> None:
        self.path = str(path)
        self.problems: tuple[FrameworkProblem, ...] = tuple(problems)
        super().__init__("\n".join(p.describe(self.path) for p in self.problems))


class UnknownThresholdYear(KeyError):
    """Raised by :meth:`Framework.thresholds` for a year with no Earned Autonomy thresholds."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------------------
# The frozen framework objects
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """Which edition of the guide: e.g. ``ehsg-2022``, "Second iteration", 2022."""

    id: str
    title: str
    publisher: str
    label: str
    year: int


@dataclass(frozen=True)
class VisionHeading:
    """A heading of the Early Help vision (e.g. "Workforce") and its statements in order."""

    name: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class Descriptor:
    """One descriptor of a mature Early Help System, e.g. 5.1 "Family engagement".

    ``title`` is the guide's short title; only the family voice descriptors have one.
    ``text`` is the statement, word for word as in the guide.
    """

    id: str
    section_id: str
    title: str | None
    text: str

    @property
    def label(self) -> str:
        """``"5.1 Family engagement"`` when the descriptor has a title, else just ``"6.1"``."""
        return f"{self.id} {self.title}" if self.title else self.id


@dataclass(frozen=True)
class Section:
    """A section of the self-assessment (e.g. 6 Workforce); ``is_data`` marks the Data section."""

    id: str
    name: str
    descriptors: tuple[Descriptor, ...]
    is_data: bool


@dataclass(frozen=True)
class ScaleLevel:
    """One point of the scale: the score, a short label and a one-line meaning."""

    score: int
    label: str
    meaning: str


@dataclass(frozen=True)
class Scale:
    """The scoring scale (0-5 in the 2022 guide).

    ``source`` is ``"guide"`` when the wording is the guide's own and ``"toolkit"`` when it is
    the toolkit's (the 2022 guide's scale was an image and is lost); ``note`` says so in words
    the interface can show.
    """

    levels: tuple[ScaleLevel, ...]
    source: Literal["toolkit", "guide"]
    note: str

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(level.score for level in self.levels)

    @property
    def minimum(self) -> int:
        return self.levels[0].score

    @property
    def maximum(self) -> int:
        return self.levels[-1].score

    def level(self, score: int) -> ScaleLevel:
        """The level for a score; KeyError if the score is not on the scale."""
        for level in self.levels:
            if level.score == score:
                return level
        raise KeyError(score)


@dataclass(frozen=True)
class DataModel:
    """A data model from the national data survey, e.g. 3 "Building blocks"."""

    level: int
    name: str
    definition: str


@dataclass(frozen=True)
class Composition:
    """How many required priorities must come from the Data section and from the others."""

    data: int
    service: int


@dataclass(frozen=True)
class PriorityRule:
    """The guide's "Selection of Descriptors" rule.

    An area chooses ``required`` priority descriptors; ``compositions[data_model]`` says how
    many of them come from the Data section (``data_section_id``) and how many from the
    service sections (every other section). Further priorities may come from any section.
    """

    required: int
    data_section_id: str
    compositions: Mapping[int, Composition]

    def composition(self, data_model: int) -> Composition:
        return self.compositions[data_model]


@dataclass(frozen=True)
class Permission:
    """A permission question (``key`` is stable: ``dfe``, ``coordinators``, ...).

    ``context`` is the guide's sentence explaining the request (empty if the file gives none).
    """

    key: str
    question: str
    context: str = ""


@dataclass(frozen=True, eq=False)
class Framework:
    """One edition of the Early Help System Guide, loaded from its framework file.

    Compared by identity. Everything is read-only; lookups by id are precomputed.
    """

    edition: Edition
    vision_definition: str
    vision: tuple[VisionHeading, ...]
    sections: tuple[Section, ...]
    prompts: tuple[str, str]
    scale: Scale
    earned_autonomy: Mapping[int, Mapping[str, int]]
    data_models: tuple[DataModel, ...]
    priority_rule: PriorityRule
    permissions: tuple[Permission, ...]
    source_path: Path
    _descriptors: tuple[Descriptor, ...] = field(init=False, repr=False)
    _by_id: Mapping[str, Descriptor] = field(init=False, repr=False)
    _order: Mapping[str, int] = field(init=False, repr=False)
    _sections: Mapping[str, Section] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        descriptors = tuple(d for s in self.sections for d in s.descriptors)
        object.__setattr__(self, "_descriptors", descriptors)
        object.__setattr__(self, "_by_id", MappingProxyType({d.id: d for d in descriptors}))
        object.__setattr__(self, "_order", MappingProxyType({d.id: i for i, d in enumerate(descriptors)}))
        object.__setattr__(self, "_sections", MappingProxyType({s.id: s for s in self.sections}))

    # -- descriptors and sections ---------------------------------------------------

    @property
    def id(self) -> str:
        """The edition id, e.g. ``ehsg-2022``."""
        return self.edition.id

    @property
    def descriptors(self) -> tuple[Descriptor, ...]:
        """Every descriptor, in the guide's order (5.1 ... 9.7)."""
        return self._descriptors

    def descriptor(self, descriptor_id: str) -> Descriptor:
        """The descriptor with this id; KeyError if the guide has none."""
        try:
            return self._by_id[descriptor_id]
        except KeyError:
            raise KeyError(f"{descriptor_id} is not a descriptor in {self.edition.title} ({self.edition.id})") from None

    def has_descriptor(self, descriptor_id: str) -> bool:
        return descriptor_id in self._by_id

    def order_of(self, descriptor_id: str) -> int:
        """The descriptor's position in the guide, from 0; KeyError if unknown."""
        self.descriptor(descriptor_id)
        return self._order[descriptor_id]

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError if the guide has none."""
        try:
            return self._sections[section_id]
        except KeyError:
            raise KeyError(f"{section_id} is not a section in {self.edition.title} ({self.edition.id})") from None

    def section_of(self, descriptor_id: str) -> Section:
        """The section a descriptor belongs to."""
        return self._sections[self.descriptor(descriptor_id).section_id]

    @property
    def data_section(self) -> Section:
        """The Data section (the one the priority rule treats apart)."""
        return self._sections[self.priority_rule.data_section_id]

    @property
    def service_sections(self) -> tuple[Section, ...]:
        """Every section except the Data section, in the guide's order."""
        return tuple(s for s in self.sections if not s.is_data)

    def is_data_descriptor(self, descriptor_id: str) -> bool:
        return self.descriptor(descriptor_id).section_id == self.priority_rule.data_section_id

    # -- data models and thresholds -------------------------------------------------

    def data_model(self, level: int) -> DataModel:
        """The data model at this level; KeyError if there is none."""
        for model in self.data_models:
            if model.level == level:
                return model
        raise KeyError(f"{level!r} is not a data model in {self.edition.title} ({self.edition.id})")

    @property
    def data_model_levels(self) -> tuple[int, ...]:
        return tuple(m.level for m in self.data_models)

    @property
    def threshold_years(self) -> tuple[int, ...]:
        """The Earned Autonomy prospectus years this edition has thresholds for, ascending."""
        return tuple(sorted(self.earned_autonomy))

    @property
    def latest_threshold_year(self) -> int:
        """The most recent prospectus year with Earned Autonomy thresholds."""
        return max(self.earned_autonomy)

    def thresholds(self, year: int) -> Mapping[str, int]:
        """Earned Autonomy Stage 1 minimum score per descriptor id for a prospectus year.

        Raises :class:`UnknownThresholdYear` (a KeyError) for a year the file does not cover.
        """
        try:
            return self.earned_autonomy[year]
        except (KeyError, TypeError):
            known = ", ".join(str(y) for y in self.threshold_years)
            raise UnknownThresholdYear(
                f"{self.edition.title} ({self.edition.id}) has no Earned Autonomy thresholds for {year!r}; "
                f"it has thresholds for {known}"
            ) from None


def validate_scores(framework: Framework, scores: Mapping[str, int | None]) -> Mapping[str, int | None]:
    """Check a mapping of descriptor id to score (None = not scored) and return it read-only.

    Raises ValueError for an id that is not a descriptor of this edition, or a score that is
    not a whole number on the framework's scale. Descriptors left out count as not scored.
    """
    low, high = framework.scale.minimum, framework.scale.maximum
    for descriptor_id, score in scores.items():
        if not framework.has_descriptor(descriptor_id):
            raise ValueError(f"{descriptor_id!r} is not a descriptor in {framework.edition.title}")
        if score is None:
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
            raise ValueError(f"The score for {descriptor_id} must be a whole number from {low} to {high}, not {score!r}")
    return MappingProxyType(dict(scores))


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def _duplicate_keys(node: yaml.Node | None, loc: tuple[Any, ...] = ()) -> Iterable[FrameworkProblem]:
    """Keys repeated within one YAML mapping (PyYAML would silently keep the last one)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key: Any = int(key_node.value) if key_node.value.isdigit() else key_node.value
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                yield FrameworkProblem(
                    _place(loc + (key,)), f"the key {key_node.value!r} appears twice (first at line {seen[key_node.value]})", line
                )
            else:
                seen[key_node.value] = line
            yield from _duplicate_keys(value_node, loc + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, loc + (i,))


@cache
def _schema_module(schema_path: Path = SCHEMA_PATH) -> ModuleType:
    """Load the schema kept beside the framework files (it is a file, not a package)."""
    name = "ehsg_descriptors_schema"
    spec = importlib.util.spec_from_file_location(name, schema_path)
    if spec is None or spec.loader is None:  # pragma: no cover - only if the file vanished
        raise FrameworkError(schema_path, [FrameworkProblem("", "the framework schema cannot be loaded")])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def _place(loc: Iterable[Any]) -> str:
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


def _line_of(root: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """The line (from 1) of the YAML node at ``loc``, or of its nearest existing parent."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    child = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _pydantic_problem(error: Mapping[str, Any]) -> tuple[tuple[Any, ...], str]:
    """A plain-words message for one pydantic error, and where it is."""
    loc = tuple(p for p in error["loc"] if p != "[key]")
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return loc, "required field is missing"
    if kind == "extra_forbidden":
        return loc, "unexpected field: the schema does not allow it (check the spelling)"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return loc, f"should be text, found the number {value!r}: put ids in quotes, e.g. \"5.1\""
    if kind == "value_error":
        return loc, str(error["msg"]).removeprefix("Value error, ")
    message = str(error["msg"])
    if kind.endswith("_type") or kind in {"literal_error", "int_from_float"}:
        message += f", found {value!r}"
    if "[key]" in error["loc"]:
        message = f"key {loc[-1]!r}: {message}" if loc else message
    return loc, message


def load_framework(path: str | Path) -> Framework:
    """Load and check one framework file; raise :class:`FrameworkError` if anything is wrong."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(shown, [FrameworkProblem("", "the file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(shown, [FrameworkProblem("", f"the file cannot be read: {exc}")]) from None

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        duplicates = list(_duplicate_keys(root))
        if duplicates:
            raise FrameworkError(shown, duplicates)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(shown, [FrameworkProblem("", f"not valid YAML: {problem}", line)]) from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]

    if not isinstance(data, dict):
        raise FrameworkError(shown, [FrameworkProblem("", "the file must hold a YAML mapping (key: value lines)", 1)])

    schema = _schema_module()
    try:
        parsed = schema.FrameworkFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc, message = _pydantic_problem(error)
            problems.append(FrameworkProblem(_place(loc), message, _line_of(root, loc)))
        raise FrameworkError(shown, problems) from None

    problems = list(_cross_check(parsed, root))
    if problems:
        raise FrameworkError(shown, problems)
    return _build(parsed, path)


def _cross_check(parsed: Any, root: yaml.Node | None) -> Iterable[FrameworkProblem]:
    """The rules the schema cannot express; yields every problem found."""

    def problem(loc: tuple[Any, ...], message: str) -> FrameworkProblem:
        return FrameworkProblem(_place(loc), message, _line_of(root, loc))

    # Sections and descriptors: unique ids, descriptor ids start with their section id.
    section_at: dict[str, int] = {}
    descriptor_at: dict[str, str] = {}
    for i, section in enumerate(parsed.sections):
        if section.id in section_at:
            yield problem(("sections", i, "id"), f'duplicate section id "{section.id}" (also sections[{section_at[section.id]}])')
        else:
            section_at[section.id] = i
        for j, descriptor in enumerate(section.descriptors):
            loc = ("sections", i, "descriptors", j, "id")
            if descriptor.id in descriptor_at:
                yield problem(loc, f'duplicate descriptor id "{descriptor.id}" (also {descriptor_at[descriptor.id]})')
            else:
                descriptor_at[descriptor.id] = _place(loc[:-1])
            if not descriptor.id.startswith(section.id + "."):
                yield problem(loc, f'descriptor id "{descriptor.id}" must start with its section id "{section.id}" and a dot')

    # Exactly one Data section, and the priority rule points at it.
    data_sections = [i for i, s in enumerate(parsed.sections) if s.data]
    if not data_sections:
        yield problem(("sections",), "no section is marked data: true; mark the Data section")
    for i in data_sections[1:]:
        yield problem(
            ("sections", i, "data"),
            f"only one section may be marked data: true (sections[{data_sections[0]}] already is)",
        )
    rule = parsed.priority_rule
    if rule.data_section not in section_at:
        yield problem(("priority_rule", "data_section"), f'there is no section "{rule.data_section}"')
    elif data_sections and parsed.sections[data_sections[0]].id != rule.data_section:
        yield problem(
            ("priority_rule", "data_section"),
            f'"{rule.data_section}" is not the section marked data: true ("{parsed.sections[data_sections[0]].id}")',
        )
    if len(parsed.sections) - len(data_sections) < 1:
        yield problem(("sections",), "there must be at least one service section (a section not marked data: true)")

    # Scale scores run 0, 1, 2, ... in order.
    for i, level in enumerate(parsed.scale.levels):
        if level.score != i:
            yield problem(
                ("scale", "levels", i, "score"),
                f"expected score {i}, found {level.score}: scores must run 0, 1, 2, ... in order",
            )
            break  # one slip shifts every later score: report it once
    top = len(parsed.scale.levels) - 1

    # Earned Autonomy thresholds name real descriptors and lie on the scale.
    for year, minimums in parsed.earned_autonomy.items():
        for descriptor_id, minimum in minimums.items():
            loc = ("earned_autonomy", year, descriptor_id)
            if descriptor_id not in descriptor_at:
                yield problem(loc, f'"{descriptor_id}" is not a descriptor in this file')
            if minimum > top:
                yield problem(loc, f"minimum score {minimum} is not on the scale (0 to {top})")

    # Data model levels run 1, 2, ... in order; each has exactly one composition.
    levels = [m.level for m in parsed.data_models]
    for i, level in enumerate(levels):
        if level != i + 1:
            yield problem(
                ("data_models", i, "level"),
                f"expected level {i + 1}, found {level}: levels must run 1, 2, 3, ... in order",
            )
            break
    for level in levels:
        if level not in rule.compositions:
            yield problem(("priority_rule", "compositions"), f"no composition for data model {level}")

    data_count = sum(len(s.descriptors) for s in parsed.sections if s.data)
    service_count = sum(len(s.descriptors) for s in parsed.sections if not s.data)
    for level, comp in rule.compositions.items():
        loc = ("priority_rule", "compositions", level)
        if level not in levels:
            yield problem(loc, f"there is no data model {level} in data_models")
        if comp.data + comp.service != rule.required:
            total = comp.data + comp.service
            yield problem(loc, f"data {comp.data} + service {comp.service} = {total}, but required is {rule.required}")
        if data_sections and comp.data > data_count:
            yield problem(loc, f"asks for {comp.data} from the Data section, which has only {data_count} descriptors")
        if comp.service > service_count:
            yield problem(loc, f"asks for {comp.service} from the service sections, which have only {service_count} descriptors")

    # Permission keys are unique.
    keys: dict[str, int] = {}
    for i, permission in enumerate(parsed.permissions):
        if permission.key in keys:
            yield problem(
                ("permissions", i, "key"),
                f'duplicate permission key "{permission.key}" (also permissions[{keys[permission.key]}])',
            )
        keys.setdefault(permission.key, i)


def _build(parsed: Any, path: Path) -> Framework:
    """Turn a checked schema object into the frozen :class:`Framework`."""
    e = parsed.edition
    sections = tuple(
        Section(
            id=s.id,
            name=s.name,
            descriptors=tuple(Descriptor(id=d.id, section_id=s.id, title=d.title, text=d.text) for d in s.descriptors),
            is_data=s.data,
        )
        for s in parsed.sections
    )
    return Framework(
        edition=Edition(id=e.id, title=e.title, publisher=e.publisher, label=e.label, year=e.year),
        vision_definition=parsed.vision.definition,
        vision=tuple(VisionHeading(h.name, tuple(h.statements)) for h in parsed.vision.headings),
        sections=sections,
        prompts=(parsed.prompts[0], parsed.prompts[1]),
        scale=Scale(
            levels=tuple(ScaleLevel(lv.score, lv.label, lv.meaning) for lv in parsed.scale.levels),
            source=parsed.scale.source,
            note=parsed.scale.note,
        ),
        earned_autonomy=MappingProxyType(
            {year: MappingProxyType(dict(m)) for year, m in sorted(parsed.earned_autonomy.items())}
        ),
        data_models=tuple(DataModel(m.level, m.name, m.definition) for m in parsed.data_models),
        priority_rule=PriorityRule(
            required=parsed.priority_rule.required,
            data_section_id=parsed.priority_rule.data_section,
            compositions=MappingProxyType(
                {level: Composition(c.data, c.service) for level, c in sorted(parsed.priority_rule.compositions.items())}
            ),
        ),
        permissions=tuple(Permission(p.key, p.question, p.context or "") for p in parsed.permissions),
        source_path=path,
    )


def load_frameworks(directory: str | Path = DEFAULT_DESCRIPTORS_DIR) -> dict[str, Framework]:
    """Load every ``*.yaml`` framework file in a folder, keyed by edition id.

    Raises :class:`FrameworkError` if a file is wrong, if two files share an edition id, or
    if the folder holds no framework file.
    """
    directory = Path(directory)
    frameworks: dict[str, Framework] = {}
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FrameworkError(directory, [FrameworkProblem("", "no framework files (*.yaml) in this folder")])
    for path in paths:
        framework = load_framework(path)
        other = frameworks.get(framework.id)
        if other is not None:
            raise FrameworkError(
                path,
                [FrameworkProblem("edition.id", f'edition id "{framework.id}" is also used by {other.source_path}')],
            )
        frameworks[framework.id] = framework
    return frameworks


def newest(frameworks: Mapping[str, Framework] | Iterable[Framework]) -> Framework:
    """The edition with the highest year (ties: the highest edition id). ValueError if none."""
    items = list(frameworks.values()) if isinstance(frameworks, Mapping) else list(frameworks)
    if not items:
        raise ValueError("there are no frameworks to choose from")
    return max(items, key=lambda f: (f.edition.year, f.edition.id))


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The framework as plain JSON-ready data (strings, numbers, lists, dicts)."""
    rule = framework.priority_rule
    return {
        "edition": {
            "id": framework.edition.id,
            "title": framework.edition.title,
            "publisher": framework.edition.publisher,
            "label": framework.edition.label,
            "year": framework.edition.year,
        },
        "vision": {
            "definition": framework.vision_definition,
            "headings": [{"name": h.name, "statements": list(h.statements)} for h in framework.vision],
        },
        "prompts": list(framework.prompts),
        "scale": [{"score": lv.score, "label": lv.label, "meaning": lv.meaning} for lv in framework.scale.levels],
        "scale_source": framework.scale.source,
        "scale_note": framework.scale.note,
        "sections": [
            {
                "id": s.id,
                "name": s.name,
                "is_data": s.is_data,
                "descriptors": [{"id": d.id, "title": d.title, "label": d.label, "text": d.text} for d in s.descriptors],
            }
            for s in framework.sections
        ],
        "earned_autonomy": {
            str(year): dict(minimums) for year, minimums in sorted(framework.earned_autonomy.items())
        },
        "data_models": [{"level": m.level, "name": m.name, "definition": m.definition} for m in framework.data_models],
        "priority_rule": {
            "required": rule.required,
            "data_section_id": rule.data_section_id,
            "service_section_ids": [s.id for s in framework.service_sections],
            "compositions": {str(level): {"data": c.data, "service": c.service} for level, c in rule.compositions.items()},
        },
        "permissions": [{"key": p.key, "context": p.context, "question": p.question} for p in framework.permissions],
    }


def render_framework_text(framework: Framework) -> str:
    """A readable plain-text rendering of the whole framework."""
    e = framework.edition
    out: list[str] = [
        f"{e.title} ({e.label}, {e.year})",
        f"Edition id: {e.id}",
        f"Published by: {e.publisher}",
        "",
        "THE EARLY HELP VISION",
        framework.vision_definition,
    ]
    for heading in framework.vision:
        out += ["", heading.name]
        out += [f"  {n}. {s}" for n, s in enumerate(heading.statements, start=1)]

    out += ["", "THE SELF-ASSESSMENT", "For each descriptor, a score and two questions:"]
    out += [f"  - {p}" for p in framework.prompts]
    for section in framework.sections:
        marker = " (the Data section)" if section.is_data else ""
        out += ["", f"{section.id} {section.name}{marker}"]
        for d in section.descriptors:
            heading = f"{d.id} {d.title}: " if d.title else f"{d.id} "
            out.append(f"  {heading}{d.text}")

    out += ["", f"SCALE ({framework.scale.minimum} to {framework.scale.maximum})"]
    if framework.scale.source == "toolkit":
        out.append("The wording of this scale is the toolkit's, not the guide's. " + framework.scale.note)
    else:
        out.append(framework.scale.note)
    out += [f"  {lv.score} {lv.label}: {lv.meaning}" for lv in framework.scale.levels]

    out += ["", "EARNED AUTONOMY, STAGE 1: MINIMUM SCORES"]
    for year, minimums in sorted(framework.earned_autonomy.items()):
        out.append(f"  Prospectus {year}: " + ", ".join(f"{d} at least {m}" for d, m in minimums.items()))

    out += ["", "DATA MODELS"]
    out += [f"  {m.level} {m.name}: {m.definition}" for m in framework.data_models]

    from app.domain.priorities import explain_rule  # local import: priorities imports this module

    out += ["", "CHOOSING PRIORITY DESCRIPTORS"]
    out += [f"  {explain_rule(framework, level)}" for level in framework.data_model_levels]

    if framework.permissions:
        out += ["", "PERMISSIONS"]
        out += [f"  [{p.key}] {p.question}" for p in framework.permissions]
    return "\n".join(out) + "\n"
