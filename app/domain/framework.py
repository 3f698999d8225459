"""The Early Help System Guide as data: the frozen objects of one edition.

An edition of the guide (the second iteration, 2022, is ``descriptors/ehsg-2022.yaml``) holds
its identity, the Early Help vision, its sections of descriptors, the narrative prompts asked
under each descriptor (two in 2022), its scale (0-5 in 2022), the Earned Autonomy Stage 1
thresholds (if any), the data models (if any), the priority-descriptor rule (by data model,
or "choose N from any section") and the permissions to share. A later edition is a new file,
not new code.

This module is the model only: frozen dataclasses, tuples and read-only mappings, and
:func:`validate_scores`. Reading and checking a file is :mod:`app.domain.editions`.

This module is pure: it imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from app.domain.crosswalk import Crosswalk
from app.domain.scale import Scale, ScaleLevel

__all__ = [
    "Composition",
    "DataModel",
    "Descriptor",
    "Edition",
    "Framework",
    "Permission",
    "PriorityRule",
    "Prompt",
    "Scale",
    "ScaleLevel",
    "Section",
    "DEFAULT_THRESHOLD_SOURCE",
    "UnknownThresholdYear",
    "VisionHeading",
    "validate_scores",
]


#: What Earned Autonomy thresholds are called when their edition file names no source: the
#: guide gives no prospectus year, so none is invented.
DEFAULT_THRESHOLD_SOURCE = "the Earned Autonomy prospectus"


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


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
class Prompt:
    """A narrative question asked under every descriptor: ``key`` names the answer wherever
    it is stored or exported (``working_well``), ``label`` is the question as the edition words it."""

    key: str
    label: str


@dataclass(frozen=True)
class PriorityRule:
    """The edition's "Selection of Descriptors" rule.

    ``kind == "data_model"`` (the 2022 guide's): an area chooses ``required`` priority
    descriptors; ``compositions[data_model]`` says how many of them come from the Data section
    (``data_section_id``) and how many from the service sections (every other section).
    ``kind == "any_section"``: ``required`` descriptors from any section (``required`` is 0
    when the edition asks for none). Further priorities may come from any section.
    """

    kind: Literal["data_model", "any_section"]
    required: int
    data_section_id: str | None
    compositions: Mapping[int, Composition]
    #: The guide's own methodology text, one paragraph an item (empty if the file has none).
    methodology: tuple[str, ...] = ()
    #: The sentence before the list of data models in the return form ("" if none).
    data_models_intro: str = ""

    @property
    def by_data_model(self) -> bool:
        """Whether the rule depends on the area's data model (the 2022 guide's kind)."""
        return self.kind == "data_model"

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
    hint: str = ""


@dataclass(frozen=True, eq=False)
class Framework:
    """One edition of the Early Help System Guide, loaded from its framework file.

    Compared by identity. Everything is read-only; lookups by id are precomputed.
    """

    edition: Edition
    vision_definition: str
    vision: tuple[VisionHeading, ...]
    sections: tuple[Section, ...]
    narrative_prompts: tuple[Prompt, ...]
    scale: Scale
    earned_autonomy: Mapping[int, Mapping[str, int]]
    # What each year's thresholds are called where they show, as their source names them.
    earned_autonomy_sources: Mapping[int, str]
    data_models: tuple[DataModel, ...]
    priority_rule: PriorityRule
    permissions: tuple[Permission, ...]
    source_path: Path
    # How this edition's descriptors map onto an earlier edition's (None: no earlier edition).
    crosswalk: Crosswalk | None = None
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
    def prompts(self) -> tuple[str, ...]:
        """The narrative prompts' labels, in order."""
        return tuple(p.label for p in self.narrative_prompts)

    @property
    def prompt_keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.narrative_prompts)

    @property
    def next_steps_key(self) -> str:
        """The prompt whose answer says what the partnership will do next: the 2022 edition's
        ``prioritising_next``. For another edition, its last prompt: the toolkit's reading (an
        edition file does not say which of its prompts holds next steps)."""
        return self.prompt_keys[-1]

    @property
    def drafting_keys(self) -> tuple[str, str]:
        """Where a workshop's drafted narratives land: what is working well on the first prompt,
        what to do next on :attr:`next_steps_key` (the toolkit's rule, see app/domain/narratives.py)."""
        return self.prompt_keys[0], self.next_steps_key

    @property
    def has_earned_autonomy(self) -> bool:
        """Whether this edition has Earned Autonomy thresholds at all."""
        return bool(self.earned_autonomy)

    @property
    def has_data_models(self) -> bool:
        """Whether the return asks for the area's data model (only a rule by data model needs it)."""
        return bool(self.data_models)

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
        """The Data section (the one a rule by data model treats apart); ValueError when the
        edition's rule names none."""
        data_id = self.priority_rule.data_section_id
        if data_id is None:
            raise ValueError(f"{self.edition.title} ({self.edition.id}) has no Data section in its priority rule")
        return self._sections[data_id]

    @property
    def service_sections(self) -> tuple[Section, ...]:
        """Every section except the Data section, in the guide's order."""
        return tuple(s for s in self.sections if s.id != self.priority_rule.data_section_id)

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
        """The most recent prospectus year with Earned Autonomy thresholds (UnknownThresholdYear
        when the edition has none)."""
        if not self.earned_autonomy:
            raise UnknownThresholdYear(f"{self.edition.title} ({self.edition.id}) has no Earned Autonomy thresholds")
        return max(self.earned_autonomy)

    def threshold_source(self, year: int) -> str:
        """What the thresholds of a prospectus year are called where they show: the edition
        file's words, or "the Earned Autonomy prospectus" when it names none (never a year
        the source does not give)."""
        return self.earned_autonomy_sources.get(year, DEFAULT_THRESHOLD_SOURCE)

    def thresholds(self, year: int) -> Mapping[str, int]:
        """Earned Autonomy Stage 1 minimum score per descriptor id for a prospectus year.

        Raises :class:`UnknownThresholdYear` (a KeyError) for a year the file does not cover.
        An edition with no Earned Autonomy at all has no thresholds for any year (empty).
        """
        if not self.earned_autonomy:
            return MappingProxyType({})
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


#: Names the descriptor page keeps for its own fields and anchors ("#evidence"): a prompt with
#: one of these keys gets its field under another name (:func:`prompt_field_name`).
_PAGE_NAMES = frozenset({"score", "version", "action", "csrf_token", "remove_evidence", "evidence",
                         "evidence_description", "evidence_kind", "evidence_agency", "evidence_date",
                         "evidence_link", "conflict-title", "restored-title", "peer-challenges"})


def prompt_field_name(key: str) -> str:
    """The name (and id) of a prompt's field on the descriptor page, and of its text in a kept
    draft: the prompt key (``working_well``), or ``prompt_<key>`` for a key the page itself uses."""
    return f"prompt_{key}" if key in _PAGE_NAMES else key
