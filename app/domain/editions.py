"""Reading and checking an edition of the Early Help System Guide from its YAML file.

:func:`load_framework` checks the file in two steps and raises :class:`FrameworkError` naming
the file, the place in it and the problem:

1. its shape and types, against the pydantic schema kept beside it
   (``descriptors/schema.py``, loaded by path);
2. its cross-references (:mod:`app.domain.edition_checks`): ids unique, each descriptor id
   starting with its section id, exactly one Data section and the priority rule pointing at
   it, thresholds naming real descriptors and lying on the scale, scale scores running 0, 1,
   2, ... and data model levels 1, 2, ..., one composition per data model adding up to the
   required number and not asking for more descriptors than a section group holds.

It returns a frozen :class:`~app.domain.framework.Framework`. :func:`load_frameworks` reads
a folder of editions and :func:`newest` picks the latest.

This module is pure: it imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType, ModuleType, SimpleNamespace
from typing import Annotated, Any

import yaml
from pydantic import TypeAdapter, ValidationError

from app.domain.crosswalk import Crosswalk, CrosswalkEntry
from app.domain.edition_checks import Loc, cross_check, place
from app.domain.framework import (
    Composition,
    DataModel,
    Descriptor,
    Edition,
    Framework,
    Permission,
    PriorityRule,
    Prompt,
    Scale,
    ScaleLevel,
    Section,
    VisionHeading,
)

__all__ = [
    "DEFAULT_DESCRIPTORS_DIR",
    "SCHEMA_PATH",
    "FrameworkError",
    "FrameworkProblem",
    "crosswalk_problems",
    "load_framework",
    "load_frameworks",
    "newest",
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


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def _duplicate_keys(node: yaml.Node | None, loc: Loc = ()) -> Iterable[FrameworkProblem]:
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
                    place(loc + (key,)), f"the key {key_node.value!r} appears twice (first at line {seen[key_node.value]})", line
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


def _pydantic_problem(error: Mapping[str, Any]) -> tuple[Loc, str]:
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
        # Reported with every other problem, not alone: the later value of a duplicated key
        # is the one checked below.
        duplicates = list(_duplicate_keys(root))
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(shown, [FrameworkProblem("", f"not valid YAML: {problem}", line)]) from None
    finally:
        loader.dispose()

    if not isinstance(data, dict):
        problem = FrameworkProblem("", "the file must hold a YAML mapping (key: value lines)", 1)
        raise FrameworkError(shown, [*duplicates, problem])

    schema = _schema_module()
    try:
        parsed = schema.FrameworkFile.model_validate(data)
    except ValidationError as exc:
        problems = list(duplicates)
        for error in exc.errors():
            loc, message = _pydantic_problem(error)
            problems.append(FrameworkProblem(place(loc), message, _line_of(root, loc)))
        # The cross-references of the parts that did pass, so every problem shows at once.
        problems += _cross_check(_valid_parts(schema, data), root, partial=True)
        raise FrameworkError(shown, problems) from None

    problems = duplicates + _cross_check(parsed, root)
    if problems:
        raise FrameworkError(shown, problems)
    return _build(parsed, path)


def _cross_check(parsed: Any, root: yaml.Node | None, partial: bool = False) -> list[FrameworkProblem]:
    """The rules the schema cannot express, each problem with its place and line."""
    return [FrameworkProblem(place(loc), message, _line_of(root, loc)) for loc, message in cross_check(parsed, partial)]


def _valid_parts(schema: ModuleType, data: dict[str, Any]) -> SimpleNamespace:
    """The top-level parts of a file that pass the schema on their own (as the schema parses
    them), for the cross-checks of a file that has other problems."""
    parts: dict[str, Any] = {}
    for name, info in schema.FrameworkFile.model_fields.items():
        if name not in data:
            if not info.is_required():
                parts[name] = info.get_default(call_default_factory=True)
            continue
        kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        adapter: TypeAdapter[Any] = TypeAdapter(kind)
        try:
            parts[name] = adapter.validate_python(data[name], strict=True)
        except ValidationError:
            continue
    return SimpleNamespace(**parts)


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
        narrative_prompts=tuple(Prompt(p.key, p.label) for p in parsed.prompts),
        scale=Scale(
            levels=tuple(ScaleLevel(lv.score, lv.label, lv.meaning) for lv in parsed.scale.levels),
            source=parsed.scale.source,
            note=parsed.scale.note,
        ),
        earned_autonomy=MappingProxyType(
            {year: MappingProxyType(dict(m)) for year, m in sorted(parsed.earned_autonomy.items())}
        ),
        earned_autonomy_sources=MappingProxyType(dict(parsed.earned_autonomy_sources)),
        data_models=tuple(DataModel(m.level, m.name, m.definition) for m in parsed.data_models),
        priority_rule=_rule(parsed.priority_rule),
        permissions=tuple(Permission(p.key, p.question, p.context or "", p.hint or "") for p in parsed.permissions),
        source_path=path,
        crosswalk=_crosswalk(parsed.crosswalk),
    )


def _crosswalk(walk: Any) -> Crosswalk | None:
    """The file's crosswalk from an earlier edition, if it has one."""
    if walk is None:
        return None
    return Crosswalk(walk.earlier_edition,
                     MappingProxyType({d: CrosswalkEntry(item.change, tuple(item.earlier)) for d, item in walk.descriptors.items()}),
                     tuple(walk.retired))


def crosswalk_problems(framework: Framework, frameworks: Mapping[str, Framework]) -> list[FrameworkProblem]:
    """What an edition's crosswalk names that its earlier edition, when loaded beside it, does not
    hold (an earlier edition that is not loaded is not checked: nothing is paired with it)."""
    walk = framework.crosswalk
    earlier = frameworks.get(walk.earlier_edition) if walk is not None else None
    if walk is None or earlier is None:
        return []
    named: list[tuple[Loc, str]] = [(("crosswalk", "descriptors", d, "earlier", i), e)
                                    for d, entry in walk.entries.items() for i, e in enumerate(entry.earlier)]
    named += [(("crosswalk", "retired", i), e) for i, e in enumerate(walk.retired)]
    unknown = [(loc, e) for loc, e in named if not earlier.has_descriptor(e)]
    if not unknown:
        return []
    root = _file_root(framework.source_path)
    return [FrameworkProblem(place(loc), f'"{e}" is not a descriptor of {earlier.id} ({earlier.source_path.name})',
                             _line_of(root, loc)) for loc, e in unknown]


def _file_root(path: Path) -> yaml.Node | None:
    """The YAML tree of a file already loaded once (for line numbers); None if it is gone."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _rule(rule: Any) -> PriorityRule:
    """The priority rule as the file gives it; no rule is "choose none" (no priorities asked)."""
    if rule is None:
        return PriorityRule(kind="any_section", required=0, data_section_id=None, compositions=MappingProxyType({}))
    return PriorityRule(
        kind=rule.kind,
        required=rule.required,
        data_section_id=rule.data_section,
        compositions=MappingProxyType({level: Composition(c.data, c.service) for level, c in sorted(rule.compositions.items())}),
        methodology=tuple(rule.methodology),
        data_models_intro=rule.data_models_intro or "",
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
    for framework in frameworks.values():
        problems = crosswalk_problems(framework, frameworks)
        if problems:
            raise FrameworkError(framework.source_path, problems)
    return frameworks


def newest(frameworks: Mapping[str, Framework] | Iterable[Framework]) -> Framework:
    """The edition with the highest year (ties: the highest edition id). ValueError if none."""
    items = list(frameworks.values()) if isinstance(frameworks, Mapping) else list(frameworks)
    if not items:
        raise ValueError("there are no frameworks to choose from")
    return max(items, key=lambda f: (f.edition.year, f.edition.id))
