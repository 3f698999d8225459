"""Where the room is: the small state a participant's phone polls to follow the facilitator.

Cheap by design (it is asked every second or so by every phone in the room): the workshop is
already loaded by its code; two counts, in one query, give whether the current round's results show. No names,
no scores, nothing a participant could not see on their own question page.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.data import Workshop
from app.data import workshops as data
from app.domain.workshops import WorkshopMode, results_shown


@dataclass(frozen=True)
class RoomState:
    descriptor_id: str | None
    round: int
    shown: bool
    agreed: bool

    @property
    def key(self) -> str:
        """Changes whenever a phone should move or show something new."""
        return f"{self.descriptor_id or '-'}.{self.round}.{int(self.shown)}.{int(self.agreed)}"


def room_state(workshop: Workshop) -> RoomState:
    """The descriptor a live workshop's room is on and whether its results are showing.

    An open-round workshop has no room to follow: its state names no descriptor. (A closed
    workshop's code opens nothing: the caller stops before asking.)"""
    covered = {i.descriptor_id: i for i in workshop.descriptors}
    entry = covered.get(workshop.current_descriptor_id or "")
    if workshop.mode != WorkshopMode.LIVE or entry is None:
        return RoomState(None, 0, False, False)
    shown = entry.revealed or results_shown(False, *data.round_tally(workshop.id, entry.id, entry.round))
    return RoomState(entry.descriptor_id, entry.round, shown, entry.agreed_score is not None)
