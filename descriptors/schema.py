"""Schema of a framework file (one edition of the Early Help System Guide) in this folder.

Every ``*.yaml`` file beside this one describes one edition of the guide: its identity, the
Early Help vision, the sections and descriptors, the narrative prompts (one to four), the
scale (its lowest and highest score and whose wording it is), the Earned Autonomy thresholds
(optional), the data models and the priority-descriptor rule (optional; the rule is either the
2022 guide's "by data model" kind or a plain "choose N from any section") and the permissions
to share, as a list. ``app.domain.editions.load_framework`` checks each file against :class:`FrameworkFile`
(shape and types) and then checks its cross-references (ids unique, thresholds name real
descriptors, every data model has a composition, and so on), which this schema cannot express.

The models are strict (no silent coercion: ``"4"`` is not a score, ``5.1`` unquoted is a
number, not an id) and forbid unknown keys, so a misspelt key is reported rather than ignored.

This module is loaded by file path, not imported as a package, and must depend only on
pydantic and the standard library.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "Composition",
    "Crosswalk",
    "CrosswalkItem",
    "DataModel",
    "Descriptor",
    "Edition",
    "FrameworkFile",
    "Permission",
    "PriorityRule",
    "Prompt",
    "Scale",
    "ScaleLevel",
    "Section",
    "Vision",
    "VisionHeading",
]


def _tidy(value: str) -> str:
    """Reject blank text and text with spaces at either end (a sign of a copying slip)."""
    if not value.strip():
        raise ValueError("must not be blank")
    if value != value.strip():
        raise ValueError("must not start or end with spaces or line breaks")
    return value


def _no_spaces(value: str) -> str:
    """Ids are single words: no spaces inside."""
    if any(ch.isspace() for ch in value):
        raise ValueError("an id must not contain spaces")
    return value


Text = Annotated[str, AfterValidator(_tidy)]
Id = Annotated[str, Field(min_length=1), AfterValidator(_no_spaces)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
NonNegative = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Edition(_Strict):
    """Which edition of the guide the file holds."""

    id: Slug
    title: Text
    publisher: Text
    label: Text
    year: Annotated[int, Field(ge=2000, le=2100)]


class VisionHeading(_Strict):
    """One heading of the Early Help vision with its numbered statements (numbers dropped)."""

    name: Text
    statements: Annotated[list[Text], Field(min_length=1)]


class Vision(_Strict):
    """The one-line definition of Early Help and the vision's headings."""

    definition: Text
    headings: Annotated[list[VisionHeading], Field(min_length=1)]


class ScaleLevel(_Strict):
    """One point of the scoring scale."""

    score: NonNegative
    label: Text
    meaning: Text


class Scale(_Strict):
    """The scoring scale; ``source`` says whose wording it is (the guide's or the toolkit's).

    ``lowest`` and ``highest`` are the ends of the scale; ``levels`` run from one to the other,
    one whole number at a time."""

    source: Literal["toolkit", "guide"]
    note: Text
    lowest: NonNegative
    highest: NonNegative
    levels: Annotated[list[ScaleLevel], Field(min_length=2)]


class Descriptor(_Strict):
    """A descriptor: its id (section id, a dot, a number), optional short title, statement."""

    id: Id
    title: Text | None = None
    text: Text


class Section(_Strict):
    """A section of the self-assessment; ``data: true`` marks the Data section."""

    id: Id
    name: Text
    data: bool = False
    descriptors: Annotated[list[Descriptor], Field(min_length=1)]


class DataModel(_Strict):
    """One of the data models an area reports in the national data survey."""

    level: Positive
    name: Text
    definition: Text


class Composition(_Strict):
    """How many of the required priority descriptors come from the Data and service sections."""

    data: NonNegative
    service: NonNegative


class PriorityRule(_Strict):
    """The priority-descriptor rule: how many to choose and from where.

    ``kind: data_model`` (the 2022 guide's): per data model, how many come from the Data section
    (``data_section``) and how many from the other sections (``compositions``).
    ``kind: any_section``: choose ``required`` descriptors from any section (no data section,
    no compositions)."""

    kind: Literal["data_model", "any_section"] = "data_model"
    required: Positive
    data_section: Id | None = None
    compositions: dict[int, Composition] = {}
    #: The guide's own "Selection of Descriptors" text, one paragraph an item, as the return
    #: form shows it (optional: an edition may not have it).
    methodology: list[Text] = []
    #: The sentence before the list of data models ("Here is a reminder of ...").
    data_models_intro: Text | None = None


class Permission(_Strict):
    """A permission question the area answers; ``context`` is the guide's explanation and
    ``hint`` a short help text shown under the question (both optional)."""

    key: Key
    context: Text | None = None
    question: Text
    hint: Text | None = None


class Prompt(_Strict):
    """A narrative question asked under every descriptor: a stable ``key`` and its ``label``."""

    key: Key
    label: Text


class CrosswalkItem(_Strict):
    """How one descriptor of this edition relates to the earlier edition's: ``same`` (perhaps
    renumbered), ``reworded`` and ``split`` name one earlier descriptor, ``merged`` two or more,
    ``new`` none."""

    change: Literal["same", "reworded", "split", "merged", "new"]
    earlier: list[Id] = []


class Crosswalk(_Strict):
    """This edition's descriptors against one earlier edition's (``from``, its edition id);
    a descriptor left out counts as new; ``retired`` lists earlier descriptors with no successor."""

    model_config = ConfigDict(strict=True, extra="forbid", populate_by_name=True)

    earlier_edition: Slug = Field(alias="from")
    descriptors: dict[Id, CrosswalkItem]
    retired: list[Id] = []


class FrameworkFile(_Strict):
    """A whole framework file: one edition of the guide."""

    format_version: Literal[1]
    edition: Edition
    vision: Vision
    prompts: Annotated[list[Prompt], Field(min_length=1, max_length=4)]
    scale: Scale
    sections: Annotated[list[Section], Field(min_length=2)]
    #: Optional: an edition without Earned Autonomy leaves it out.
    earned_autonomy: dict[
        Annotated[int, Field(ge=2000, le=2100)], Annotated[dict[Id, NonNegative], Field(min_length=1)]
    ] = {}
    #: Optional: what each year's thresholds are named by where they show, as their source names
    #: them (for example "the Earned Autonomy prospectus"); never an inferred year.
    earned_autonomy_sources: dict[Annotated[int, Field(ge=2000, le=2100)], Annotated[str, Field(min_length=1)]] = {}
    #: Optional: needed only by a ``kind: data_model`` priority rule.
    data_models: list[DataModel] = []
    #: Optional: an edition without one asks for no priority descriptors.
    priority_rule: PriorityRule | None = None
    permissions: list[Permission]
    #: Optional: how this edition's descriptors map onto an earlier edition's, so that last
    #: year's answer and every year-on-year figure never pair two statements by number alone.
    crosswalk: Crosswalk | None = None
