"""The counts results are computed from, whatever holds the ballots.

A `Tally` adds up ballots into counts and nothing else: how many ballots
came by each channel, how many answered each question, how many times each
option (with its grade or score) was chosen, and, for rankings, how many
ballots preferred each option to each other one. It is built from the
ballot table by aggregate queries (public ballots, and secret ones once
counted), or one ballot at a time in the sealed box of a secret vote
(services/box.py), where `TallyLayout` packs it into a fixed number of bytes
so that its encrypted size says nothing of what was chosen.

Keys:
    ("ballots", channel)
    ("answered", question, channel)            ballots answering the question
    ("line", question, option, value, channel) option: None for for/against;
                                               value: None for a choice
    ("duel", question, option_a, option_b)     ballots ranking a above b
"""

from __future__ import annotations

import struct
from collections import Counter
from dataclasses import dataclass

from .counting import ABSTAIN, GRADES, NO, YES
from .models import Method

# Secret ballots keep no channel: with few paper voters, the paper column of
# the results would tell what they chose.
NO_CHANNEL = ""


@dataclass(frozen=True)
class Line:
    """One answer of a ballot, as the counting sees it."""

    question: int
    option: int | None = None
    value: int | None = None
    rank: int | None = None


class Tally(Counter):
    def add(self, questions: dict, lines: list[Line], *, channel: str, sign: int = 1) -> None:
        """Add one ballot (sign=-1 takes it away again). `questions` maps
        ids to questions with their options prefetched."""
        self["ballots", channel] += sign
        ranks: dict[int, dict[int, int]] = {}
        answered = set()
        for line in lines:
            answered.add(line.question)
            if line.rank is not None:
                ranks.setdefault(line.question, {})[line.option] = line.rank
            else:
                self["line", line.question, line.option, line.value, channel] += sign
        for question_id in answered:
            self["answered", question_id, channel] += sign
        for question_id, ranking in ranks.items():
            self.duels_add(questions[question_id], ranking, sign=sign)

    def duels_add(self, question, ranking: dict[int, int], *, sign: int = 1) -> None:
        """One ballot's ranking of a question's options (option -> rank;
        unranked options come after every ranked one, equal among themselves)."""
        options = [option.pk for option in question.options.all()]
        last = float("inf")
        for a in options:
            for b in options:
                if a != b and ranking.get(a, last) < ranking.get(b, last):
                    self["duel", question.pk, a, b] += sign

    def ballots(self, channel: str | None = None) -> int:
        return sum(n for key, n in self.items() if key[0] == "ballots" and channel in (None, key[1]))

    def by_channel(self) -> dict[str, int]:
        return {key[1]: n for key, n in self.items() if key[0] == "ballots" and n}

    def answered(self, question_id: int) -> dict[str, int]:
        return {key[2]: n for key, n in self.items() if key[0] == "answered" and key[1] == question_id and n}

    def lines(self, question_id: int) -> dict[tuple, int]:
        """(option, value, channel) -> answers, for one question."""
        return {key[2:]: n for key, n in self.items() if key[0] == "line" and key[1] == question_id and n}

    def duels(self, question_id: int) -> dict[tuple[int, int], int]:
        return {key[2:]: n for key, n in self.items() if key[0] == "duel" and key[1] == question_id and n}

    def copy(self) -> Tally:
        return Tally(self)


def line_keys(question) -> list[tuple]:
    """Every (option, value) a ballot may give to the question."""
    options = [option.pk for option in question.options.all()]
    if question.method == Method.YES_NO:
        return [(None, value) for value in (YES, NO, ABSTAIN)]
    if question.method in (Method.SINGLE, Method.MULTIPLE):
        return [(option, None) for option in options]
    if question.method == Method.MAJORITY:
        return [(option, grade) for option in options for grade in range(GRADES)]
    if question.method == Method.SCORE:
        return [(option, value) for option in options for value in range(question.score_min, question.score_max + 1)]
    return []


class TallyLayout:
    """Every key a tally of these questions can hold, in a fixed order, so
    that it packs into the same number of bytes whatever the votes (counts
    as unsigned 32-bit integers). For secret ballots: no channel."""

    def __init__(self, questions: list):
        keys = [("ballots", NO_CHANNEL)]
        for question in questions:
            keys.append(("answered", question.pk, NO_CHANNEL))
            if question.method == Method.RANKING:
                options = [option.pk for option in question.options.all()]
                keys.extend(("duel", question.pk, a, b) for a in options for b in options if a != b)
            else:
                keys.extend(("line", question.pk, option, value, NO_CHANNEL) for option, value in line_keys(question))
        self.keys = keys
        self.index = {key: position for position, key in enumerate(keys)}
        self.format = struct.Struct(f"<{len(keys)}I")

    @property
    def size(self) -> int:
        return self.format.size

    def pack(self, tally: Tally) -> bytes:
        unknown = [key for key, n in tally.items() if n and key not in self.index]
        if unknown:
            raise ValueError(f"the tally holds keys outside its questions: {unknown[:3]}")
        return self.format.pack(*(tally.get(key, 0) for key in self.keys))

    def unpack(self, data: bytes) -> Tally:
        return Tally({key: n for key, n in zip(self.keys, self.format.unpack(data)) if n})
