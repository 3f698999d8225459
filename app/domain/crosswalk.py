"""How the descriptors of one edition of the guide map onto an earlier edition's.

A new edition may renumber, reword, split, merge, add or retire descriptors. Its file says so
in a ``crosswalk`` from one earlier edition. Every year-on-year comparison (last year's answer
beside this year's, trends, distance travelled) goes through :func:`pairing`, so two different
statements are never paired only because they share a number.

- ``same``: the same statement (perhaps renumbered); compared with no note.
- ``reworded``: the same intent in new words; compared, with a note.
- ``split``: one of several descriptors made from one earlier descriptor; compared with that
  earlier descriptor, with a note that the earlier score covered more.
- ``merged``: made from several earlier descriptors; their scores are shown, but no single
  change is worked out.
- ``new``: nothing earlier to compare with.
- ``retired`` (listed on the earlier side): an earlier descriptor with no successor.

Within one edition every descriptor is paired with itself. Between editions with no crosswalk
nothing is paired. Whether a change is "reworded" or "same" is the edition file's statement,
not the toolkit's judgement.

This module is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # framework.py imports this module
    from app.domain.framework import Framework

__all__ = ["Change", "Crosswalk", "CrosswalkEntry", "EarlierAnswer", "Pairing", "earlier_label", "earlier_terms",
           "pair_earlier_year", "pairing", "CHANGES"]

Change = Literal["same", "reworded", "split", "merged", "new"]
CHANGES: tuple[str, ...] = ("same", "reworded", "split", "merged", "new")


@dataclass(frozen=True)
class CrosswalkEntry:
    """How one descriptor of this edition relates to the earlier edition's descriptors."""

    change: Change
    earlier: tuple[str, ...] = ()


@dataclass(frozen=True)
class Crosswalk:
    """A map from this edition's descriptors to one earlier edition's (``earlier_edition``)."""

    earlier_edition: str
    entries: Mapping[str, CrosswalkEntry]
    retired: tuple[str, ...] = ()

    def entry(self, descriptor_id: str) -> CrosswalkEntry:
        """The entry for a descriptor; one the crosswalk leaves out counts as new."""
        return self.entries.get(descriptor_id, CrosswalkEntry("new"))


@dataclass(frozen=True)
class Pairing:
    """What a descriptor is compared with in an earlier year.

    ``earlier`` holds the earlier year's descriptor ids to show; ``compare_with`` is the one
    whose score a change is worked out from (None when no single one fits); ``note`` says, in
    words for the page, how the descriptor changed (None when it did not).
    """

    earlier: tuple[str, ...]
    compare_with: str | None
    note: str | None

    def earlier_score(self, scores: Mapping[str, int | None]) -> int | None:
        """The earlier year's score a change is worked out from, if any."""
        return scores.get(self.compare_with) if self.compare_with else None


def pairing(descriptor_id: str, edition_id: str, crosswalk: Crosswalk | None,
            earlier_edition_id: str, earlier_label: str = "", earlier_scale: str | None = None) -> Pairing:
    """Pair a descriptor of edition ``edition_id`` with the descriptors of an earlier year's
    assessment in ``earlier_edition_id`` (whose readable name is ``earlier_label``).

    ``earlier_scale`` is the earlier edition's scale in words ("0 to 5") when it is not this
    edition's (:meth:`Scale.differs_from`): the earlier scores are still shown beside this
    year's, but no change between them is worked out, and the note says why."""
    paired = _pairing(descriptor_id, edition_id, crosswalk, earlier_edition_id, earlier_label)
    if earlier_scale is None or not paired.earlier:
        return paired
    said = f"{paired.note} " if paired.note else ""
    return Pairing(paired.earlier, None, f"{said}Scored then on a scale of {earlier_scale}: no change is worked out.")


def _pairing(descriptor_id: str, edition_id: str, crosswalk: Crosswalk | None,
             earlier_edition_id: str, earlier_label: str) -> Pairing:
    if earlier_edition_id == edition_id:
        return Pairing((descriptor_id,), descriptor_id, None)
    name = earlier_label or earlier_edition_id
    if crosswalk is None or crosswalk.earlier_edition != earlier_edition_id:
        return Pairing((), None, f"Not compared: this edition of the guide has no crosswalk from {name}.")
    entry = crosswalk.entry(descriptor_id)
    listed = ", ".join(entry.earlier)
    if entry.change == "same":
        only = entry.earlier[0]
        note = None if only == descriptor_id else f"Was {only} in {name}."
        return Pairing(entry.earlier, only, note)
    if entry.change == "reworded":
        return Pairing(entry.earlier, entry.earlier[0], f"Reworded since {name} (was {listed}).")
    if entry.change == "split":
        return Pairing(entry.earlier, entry.earlier[0],
                       f"Split from {listed} in {name}: the earlier score covered more than this descriptor.")
    if entry.change == "merged":
        return Pairing(entry.earlier, None,
                       f"Merged from {listed} in {name}: their scores are shown, with no single change worked out.")
    return Pairing((), None, f"New since {name}: nothing earlier to compare with.")


def earlier_label(label: str, year: int | None) -> str:
    """How a note names an earlier year's edition, by the edition's own year (not the year of the
    assessment made in it): "the second iteration (2022)"."""
    return f"the {label.lower()} ({year})" if year is not None else f"the {label.lower()}"


def earlier_terms(later: Framework, earlier_edition_id: str, earlier: Framework | None) -> tuple[str, str | None]:
    """What :func:`pairing` needs to know of an earlier year's edition: how its notes name it
    (:func:`earlier_label`; the bare id when that edition is not installed) and its scale in
    words when its scores are not this edition's (:meth:`Scale.differs_from`). Within one
    edition: ``("", None)``."""
    if earlier_edition_id == later.id:
        return "", None
    if earlier is None:
        return earlier_edition_id, None
    return earlier_label(earlier.edition.label, earlier.edition.year), later.scale.differs_from(earlier.scale)


@dataclass(frozen=True)
class EarlierAnswer:
    """One descriptor of this edition beside an earlier year: the pairing, and the earlier
    scores of the descriptors it names (``scores``: each earlier id with its score)."""

    pairing: Pairing
    scores: tuple[tuple[str, int | None], ...]

    @property
    def comparable(self) -> bool:
        """Whether the earlier year has anything to show for this descriptor."""
        return bool(self.pairing.earlier)

    @property
    def score(self) -> int | None:
        """The earlier score a change is worked out from (None: not scored, or no single one)."""
        return self.pairing.earlier_score(dict(self.scores))

    @property
    def note(self) -> str | None:
        return self.pairing.note

    def change(self, now: int | None) -> int | None:
        """This year's score less the earlier one; None when either is missing."""
        before = self.score
        return None if now is None or before is None else now - before


def pair_earlier_year(descriptor_ids: Iterable[str], edition_id: str, crosswalk: Crosswalk | None,
                      earlier_edition_id: str, earlier_scores: Mapping[str, int | None],
                      label: str = "", earlier_scale: str | None = None) -> dict[str, EarlierAnswer]:
    """A whole earlier year's scores (by its own edition's ids) beside this edition's
    descriptors, each through :func:`pairing`: last year's column of a return, last year's box
    on a descriptor page."""
    out = {}
    for descriptor_id in descriptor_ids:
        paired = pairing(descriptor_id, edition_id, crosswalk, earlier_edition_id, label, earlier_scale)
        out[descriptor_id] = EarlierAnswer(paired, tuple((e, earlier_scores.get(e)) for e in paired.earlier))
    return out
