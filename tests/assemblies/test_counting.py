"""Quorum and majorities as statutes write them, on their variants: the
arithmetic the secretary reads out (assemblies/counting.py)."""

import pytest
from django.utils import translation

from assemblies.counting import Room, election_result, motion_result, quorum
from assemblies.models import Majority, QuorumRule

SIMPLE = Majority("simple", "exprimes")


@pytest.mark.parametrize("rule,members,required", [
    (QuorumRule("aucun"), 40, 0),
    (QuorumRule("nombre", number=12), 40, 12),
    (QuorumRule("part", numerator=1, denominator=4), 40, 10),
    (QuorumRule("part", numerator=1, denominator=4), 41, 11),  # "at least a quarter": 10.25 -> 11
    (QuorumRule("part", numerator=1, denominator=3), 100, 34),  # a third of 100, not 33 %
    (QuorumRule("part", numerator=1, denominator=2), 41, 21),
    (QuorumRule("part", numerator=2, denominator=3), 30, 20),
])
def test_the_quorum_required(rule, members, required):
    assert rule.required(members) == required


def test_the_quorum_counts_the_represented_or_not_and_a_second_convocation_lifts_it():
    rule = QuorumRule("part", numerator=1, denominator=2)
    room = Room(members_with_vote=40, present=14, represented=6)
    assert quorum(rule, room).met and quorum(rule, room).counted == 20
    present_only = quorum(rule, room, counts_proxies=False)
    assert not present_only.met and present_only.missing == 6
    lifted = quorum(rule, Room(members_with_vote=40, present=3, represented=0), lifted=True)
    assert lifted.met and lifted.required == 0 and lifted.lifted


@pytest.mark.parametrize("majority,votes,voices,adopted,statement", [
    (SIMPLE, (10, 9, 30), 49, True, "adopted by a simple majority"),
    (SIMPLE, (10, 10, 0), 20, False, "rejected"),
    # Absolute of the votes expressed: the abstentions do not weigh.
    (Majority("absolue", "exprimes"), (10, 9, 30), 49, True, "adopted by an absolute majority of the votes expressed"),
    # Counted in the votes cast, they weigh as votes against.
    (Majority("absolue", "votants"), (10, 9, 30), 49, False,
     "rejected: an absolute majority of the votes cast is not reached"),
    (Majority("absolue", "votants"), (25, 9, 15), 49, True, "adopted by an absolute majority of the votes cast"),
    # Of the members present or represented: those who did not vote weigh too.
    (Majority("absolue", "presents"), (25, 2, 0), 60, False,
     "rejected: an absolute majority of the members present or represented is not reached"),
    # Two thirds: at least; exactly two thirds is enough.
    (Majority("deux_tiers", "exprimes"), (20, 10, 5), 35, True,
     "adopted by a two-thirds majority of the votes expressed"),
    (Majority("deux_tiers", "exprimes"), (19, 10, 5), 35, False,
     "rejected: a two-thirds majority of the votes expressed is not reached"),
    (Majority("deux_tiers", "votants"), (20, 5, 6), 31, False,
     "rejected: a two-thirds majority of the votes cast is not reached"),
    (Majority("trois_quarts", "exprimes"), (30, 10, 0), 40, True,
     "adopted by a three-quarters majority of the votes expressed"),
    (Majority("absolue", "exprimes"), (30, 0, 0), 35, True, "adopted unanimously"),
    (Majority("absolue", "exprimes"), (30, 0, 4), 35, True,
     "adopted unanimously of the votes expressed, with 4 abstentions"),
    (SIMPLE, (0, 0, 12), 12, False, "rejected"),
])
def test_motions(majority, votes, voices, adopted, statement):
    with translation.override("en"):
        result = motion_result(majority, votes_for=votes[0], against=votes[1], abstentions=votes[2], voices=voices)
    assert result.adopted is adopted
    assert result.statement == statement
    if adopted:
        assert result.votes_for >= result.needed
    else:
        assert result.votes_for < result.needed or result.votes_for == 0


def test_the_fewest_votes_needed():
    result = motion_result(Majority("deux_tiers", "votants"), votes_for=20, against=5, abstentions=6, voices=31)
    assert (result.base, result.needed) == (31, 21)
    result = motion_result(Majority("absolue", "exprimes"), votes_for=10, against=10, abstentions=0, voices=20)
    assert (result.base, result.needed, result.adopted) == (20, 11, False)


def test_an_election_with_an_absolute_majority():
    result = election_result(Majority("absolue", "exprimes"), seats=3,
                             votes={"Awa": 30, "Bernard": 21, "Chloé": 20, "Damien": 12},
                             expressed=40, blank=2, voices=45)
    assert result.elected == ["Awa", "Bernard"]  # Chloé: 20 of 40 is not more than half
    assert [c.elected for c in result.candidates] == [True, True, False, False]
    assert result.needed == 21


def test_an_election_with_a_relative_majority_and_a_tie_for_the_last_seat():
    result = election_result(SIMPLE, seats=2, votes={"Awa": 30, "Bernard": 12, "Chloé": 12, "Damien": 3},
                             expressed=40, blank=0, voices=40)
    assert result.elected == ["Awa"]
    assert result.tie and {c.name for c in result.candidates if c.tied} == {"Bernard", "Chloé"}


def test_blank_ballots_count_in_the_votes_cast():
    majority = Majority("absolue", "votants")
    counted = election_result(majority, seats=1, votes={"Awa": 11}, expressed=20, blank=4, voices=24)
    assert counted.base == 24 and counted.elected == []
    expressed = election_result(Majority("absolue", "exprimes"), seats=1, votes={"Awa": 11}, expressed=20, blank=4,
                                voices=24)
    assert expressed.elected == ["Awa"]
