"""A secret vote's box as stored: its running count and the two snapshots
kept for live results (the rules are in services/box.py), packed into a
fixed number of bytes for its questions and sealed with the ballot key."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .models import BallotBox, Consultation
from .sealing import keys_of
from .tally import Tally, TallyLayout

_HEADER = struct.Struct("<III??")


@dataclass
class BoxState:
    ballots: int
    running: Tally
    pending: tuple[int, Tally] | None = None
    shown: tuple[int, Tally] | None = None

    def advance(self, step: int) -> None:
        """After a new ballot: take or show a snapshot when it is due."""
        if self.pending is None:
            if self.ballots >= (self.shown[0] if self.shown else 0) + step:
                self.pending = (self.ballots, self.running.copy())
        elif self.ballots >= self.pending[0] + step:
            self.shown = self.pending
            self.pending = (self.ballots, self.running.copy())


def box_pack(state: BoxState, layout: TallyLayout) -> bytes:
    empty = Tally()
    pending = state.pending or (0, empty)
    shown = state.shown or (0, empty)
    return (_HEADER.pack(state.ballots, pending[0], shown[0], state.pending is not None, state.shown is not None)
            + layout.pack(state.running) + layout.pack(pending[1]) + layout.pack(shown[1]))


def box_unpack(data: bytes, layout: TallyLayout) -> BoxState:
    ballots, pending_n, shown_n, has_pending, has_shown = _HEADER.unpack_from(data)
    start, size = _HEADER.size, layout.size
    if len(data) != start + 3 * size:
        raise ValueError("the box does not match the consultation's questions")
    tallies = [layout.unpack(data[start + i * size:start + (i + 1) * size]) for i in range(3)]
    return BoxState(ballots=ballots, running=tallies[0], pending=(pending_n, tallies[1]) if has_pending else None,
                    shown=(shown_n, tallies[2]) if has_shown else None)


def box_size(layout: TallyLayout) -> int:
    return _HEADER.size + 3 * layout.size


def box_read(consultation: Consultation, questions: list) -> BoxState:
    """The box as it is (nothing cast yet: empty), for the live results."""
    envelope = BallotBox.objects.filter(consultation_id=consultation.pk).values_list("envelope", flat=True).first()
    layout = TallyLayout(questions)
    if envelope is None:
        return BoxState(ballots=0, running=Tally())
    return box_unpack(keys_of(consultation).open(envelope), layout)
