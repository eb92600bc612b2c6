"""Quorum and majorities as statutes write them, in pure functions (no
database): what the secretary reads out, "adoptée à la majorité absolue".

A motion is counted from its for, against and abstention votes (blank paper
ballots are abstentions; spoilt ones count for nothing). Its majority is a
threshold over a base:

- *simple*: more for than against, whatever the base;
- *absolute*: more than half of the base;
- *two thirds*, *three quarters*: at least that share of the base;

and the base is the votes expressed (for + against), the votes cast (with
the abstentions, which then weigh as votes against), or every voice present
or represented in the room when the vote opened (those who did not vote
weigh against too).

An election fills `seats` among candidates, each ballot naming at most that
many. The candidates with the most votes are elected, provided they reach
the majority over the base (the ballots expressed, or cast with the blank
ones, or the voices of the room); with a simple majority the most votes
suffice (relative majority). Candidates tied for the last seat are not
declared elected: the assembly decides how to part them (a new round, the
elder…), which the statement says."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Majority, MajorityBase, QuorumRule, Threshold


@dataclass(frozen=True)
class Room:
    """The voices of an assembly at a moment."""

    members_with_vote: int
    present: int
    represented: int

    @property
    def voices(self) -> int:
        return self.present + self.represented


@dataclass(frozen=True)
class Quorum:
    required: int
    counted: int
    lifted: bool = False

    @property
    def met(self) -> bool:
        return self.counted >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)


def quorum(rule: QuorumRule, room: Room, *, counts_proxies: bool = True, lifted: bool = False) -> Quorum:
    """`lifted`: a second convocation, where the statutes say it is held
    whatever the number present."""
    counted = room.voices if counts_proxies else room.present
    if lifted:
        return Quorum(required=0, counted=counted, lifted=True)
    return Quorum(required=rule.required(room.members_with_vote), counted=counted)


def _base(majority: Majority, *, expressed: int, cast: int, voices: int) -> int:
    return {MajorityBase.EXPRESSED: expressed, MajorityBase.CAST: cast, MajorityBase.PRESENT: voices}[majority.base]


def reaches(majority: Majority, votes: int, *, against: int, base: int) -> bool:
    """Whether `votes` (for a motion or a candidate) reach the majority."""
    if votes <= 0:
        return False
    if majority.threshold == Threshold.SIMPLE:
        return votes > against
    if majority.threshold == Threshold.ABSOLUTE:
        return 2 * votes > base
    if majority.threshold == Threshold.TWO_THIRDS:
        return 3 * votes >= 2 * base
    return 4 * votes >= 3 * base


def needed(majority: Majority, *, against: int, base: int) -> int:
    """The fewest votes that reach it (shown beside the result)."""
    if majority.threshold == Threshold.SIMPLE:
        return against + 1
    if majority.threshold == Threshold.ABSOLUTE:
        return base // 2 + 1
    if majority.threshold == Threshold.TWO_THIRDS:
        return max(1, -(-2 * base // 3))
    return max(1, -(-3 * base // 4))




def majority_words(majority: Majority) -> str:
    words = {
        Threshold.SIMPLE: _("a simple majority"),
        Threshold.ABSOLUTE: _("an absolute majority"),
        Threshold.TWO_THIRDS: _("a two-thirds majority"),
        Threshold.THREE_QUARTERS: _("a three-quarters majority"),
    }[majority.threshold]
    if majority.threshold == Threshold.SIMPLE:
        return words
    base = {MajorityBase.EXPRESSED: _("of the votes expressed"), MajorityBase.CAST: _("of the votes cast"),
            MajorityBase.PRESENT: _("of the members present or represented")}[majority.base]
    return f"{words} {base}"


@dataclass(frozen=True)
class MotionResult:
    adopted: bool
    votes_for: int
    against: int
    abstentions: int
    base: int
    needed: int
    statement: str


def motion_result(majority: Majority, *, votes_for: int, against: int, abstentions: int,
                  voices: int) -> MotionResult:
    expressed = votes_for + against
    base = _base(majority, expressed=expressed, cast=expressed + abstentions, voices=voices)
    adopted = reaches(majority, votes_for, against=against, base=base)
    if adopted and against == 0 and abstentions == 0:
        statement = _("adopted unanimously")
    elif adopted and against == 0:
        statement = ngettext("adopted unanimously of the votes expressed, with %(count)s abstention",
                             "adopted unanimously of the votes expressed, with %(count)s abstentions",
                             abstentions) % {"count": abstentions}
    elif adopted:
        statement = _("adopted by %(majority)s") % {"majority": majority_words(majority)}
    elif votes_for > 0 and votes_for > against:
        statement = _("rejected: %(majority)s is not reached") % {"majority": majority_words(majority)}
    else:
        statement = _("rejected")
    return MotionResult(adopted=adopted, votes_for=votes_for, against=against, abstentions=abstentions, base=base,
                        needed=needed(majority, against=against, base=base), statement=statement)


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int
    elected: bool
    tied: bool = False


@dataclass(frozen=True)
class ElectionResult:
    candidates: list[CandidateResult]
    expressed: int
    base: int
    needed: int
    statement: str
    tie: bool = False
    elected: list[str] = field(default_factory=list)


def election_result(majority: Majority, *, seats: int, votes: dict[str, int], expressed: int, blank: int,
                    voices: int) -> ElectionResult:
    """`votes`: each candidate's votes, in the order of the ballot;
    `expressed`: the ballots that name someone; `blank`: those that name
    nobody (they count in the base of votes cast)."""
    base = _base(majority, expressed=expressed, cast=expressed + blank, voices=voices)
    # A simple (relative) majority: the most votes, any number of them.
    qualified = [name for name, count in votes.items() if reaches(majority, count, against=0, base=base)]
    ranked = sorted(qualified, key=lambda name: -votes[name])
    elected, tied = ranked[:seats], set()
    if len(ranked) > seats and votes[ranked[seats]] == votes[ranked[seats - 1]]:
        last = votes[ranked[seats - 1]]
        tied = {name for name in ranked if votes[name] == last}
        elected = [name for name in elected if votes[name] > last]
    rows = [CandidateResult(name=name, votes=count, elected=name in elected, tied=name in tied)
            for name, count in votes.items()]
    if elected:
        statement = ngettext("%(names)s elected by %(majority)s", "%(names)s elected by %(majority)s",
                             len(elected)) % {"names": ", ".join(elected), "majority": majority_words(majority)}
    else:
        statement = _("nobody elected")
    if tied:
        statement += " ; " + _("%(names)s tied for the last seat: the assembly parts them") % {
            "names": ", ".join(name for name in votes if name in tied)}
    return ElectionResult(candidates=rows, expressed=expressed, base=base,
                          needed=needed(majority, against=0, base=base), statement=statement, tie=bool(tied),
                          elected=elected)
