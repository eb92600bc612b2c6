"""Counting rules (consultations.counting): hand-computed and published examples.

No database: these are pure functions."""

from fractions import Fraction as F

import pytest

from consultations.counting import (
    ABSTAIN,
    GRADES,
    NO,
    YES,
    Tally,
    count_majority,
    count_multiple,
    count_schulze,
    count_score,
    count_single,
    count_yes_no,
    majority_grade,
    participation,
)

# -- yes/no ------------------------------------------------------------------


def test_yes_no_adopted_with_shares_over_expressed_votes():
    result = count_yes_no(yes=6, no=2, abstain=2, blank=5)
    assert result.outcome == "adopted"
    assert result.tallies == (
        Tally(YES, 6, F(6, 8)),
        Tally(NO, 2, F(2, 8)),
        Tally(ABSTAIN, 2, F(2, 10)),  # abstentions over yes + no + abstain
    )
    assert result.expressed == 8
    assert result.blank == 5
    assert result.total == 15  # blank ballots only appear in the total


def test_yes_no_rejected():
    result = count_yes_no(yes=3, no=4, abstain=10, blank=0)
    assert result.outcome == "rejected"
    assert [t.share for t in result.tallies] == [F(3, 7), F(4, 7), F(10, 17)]


def test_yes_no_tie():
    assert count_yes_no(yes=5, no=5, abstain=1, blank=1).outcome == "tie"


def test_yes_no_all_abstain_has_no_outcome_and_zero_shares():
    result = count_yes_no(yes=0, no=0, abstain=4, blank=2)
    assert result.outcome == "none"
    assert [t.share for t in result.tallies] == [F(0), F(0), F(1)]
    assert result.total == 6


def test_yes_no_nothing_at_all():
    result = count_yes_no(yes=0, no=0, abstain=0, blank=0)
    assert result.outcome == "none"
    assert [t.share for t in result.tallies] == [F(0), F(0), F(0)]


def test_yes_no_rejects_negative_counts():
    with pytest.raises(ValueError):
        count_yes_no(yes=1, no=-1, abstain=0, blank=0)


# -- single and multiple choice ----------------------------------------------


def test_single_clear_winner_and_shares_over_non_blank_ballots():
    result = count_single(options=[10, 20, 30], counts={10: 2, 20: 5, 30: 3}, blank=4)
    assert result.winners == (20,)
    assert [(t.key, t.count, t.share) for t in result.tallies] == [
        (10, 2, F(1, 5)),
        (20, 5, F(1, 2)),
        (30, 3, F(3, 10)),
    ]
    assert (result.ballots, result.blank, result.total) == (10, 4, 14)


def test_single_tallies_follow_options_order_and_missing_options_count_zero():
    result = count_single(options=[30, 10, 20], counts={10: 1}, blank=0)
    assert [(t.key, t.count) for t in result.tallies] == [(30, 0), (10, 1), (20, 0)]


def test_single_tie_gives_two_winners_in_options_order():
    result = count_single(options=[1, 2, 3], counts={3: 4, 1: 4, 2: 1}, blank=0)
    assert result.winners == (1, 3)


def test_single_all_blank_has_no_winner():
    result = count_single(options=[1, 2], counts={}, blank=7)
    assert result.winners == ()
    assert result.ballots == 0
    assert result.total == 7
    assert [t.share for t in result.tallies] == [F(0), F(0)]


def test_single_rejects_unknown_options():
    with pytest.raises(ValueError):
        count_single(options=[1, 2], counts={3: 1}, blank=0)


def test_multiple_shares_over_non_blank_ballots_can_exceed_one_in_total():
    result = count_multiple(options=[1, 2, 3], counts={1: 4, 2: 3, 3: 1}, ballots=5, blank=1)
    assert [t.share for t in result.tallies] == [F(4, 5), F(3, 5), F(1, 5)]
    assert sum(t.share for t in result.tallies) == F(8, 5)
    assert result.winners == (1,)
    assert (result.ballots, result.blank, result.total) == (5, 1, 6)


def test_multiple_tie_and_no_ballot():
    assert count_multiple(options=[1, 2], counts={1: 2, 2: 2}, ballots=3, blank=0).winners == (1, 2)
    empty = count_multiple(options=[1, 2], counts={}, ballots=0, blank=3)
    assert empty.winners == ()
    assert [t.share for t in empty.tallies] == [F(0), F(0)]


def test_multiple_count_cannot_exceed_ballots():
    with pytest.raises(ValueError):
        count_multiple(options=[1], counts={1: 3}, ballots=2, blank=0)


# -- Schulze -----------------------------------------------------------------

A, B, C, D, E = 1, 2, 3, 4, 5
LETTERS = {"A": A, "B": B, "C": C, "D": D, "E": E}


def ballots(*groups):
    """('ACBED', 5) -> five rankings {A: 1, C: 2, B: 3, E: 4, D: 5}."""
    return [
        {LETTERS[letter]: rank for rank, letter in enumerate(order, 1)}
        for order, number in groups
        for _ in range(number)
    ]


# Markus Schulze's 45-voter example (also on Wikipedia, "Schulze method").
SCHULZE_45 = ballots(
    ("ACBED", 5), ("ADECB", 5), ("BEDAC", 8), ("CABED", 3),
    ("CAEBD", 7), ("CBADE", 2), ("DCEBA", 7), ("EBADC", 8),
)  # fmt: skip


def test_schulze_published_45_voter_example():
    result = count_schulze(options=[A, B, C, D, E], rankings=SCHULZE_45)
    assert result.pairwise == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert result.strongest == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )
    assert result.ranking == ((E,), (A,), (C,), (B,), (D,))
    assert result.winners == (E,)
    assert (result.ballots, result.blank) == (45, 0)
    assert result.options == (A, B, C, D, E)


def test_schulze_helpers_for_templates():
    result = count_schulze(options=[A, B, C, D, E], rankings=SCHULZE_45)
    assert result.prefers(A, C) == 26
    assert result.prefers(C, A) == 19
    # B wins head to head against A (d: 25 to 20), but A beats B through
    # the path A -> D -> C -> B: p[A][B] = 28 > p[B][A] = 25.
    assert result.prefers(B, A) > result.prefers(A, B)
    assert result.beats(A, B) and not result.beats(B, A)
    assert result.beats(E, A) and not result.beats(A, E)
    assert not result.beats(A, A)


def test_schulze_result_does_not_depend_on_options_order():
    result = count_schulze(options=[D, C, B, A, E], rankings=SCHULZE_45)
    assert result.ranking == ((E,), (A,), (C,), (B,), (D,))
    assert result.pairwise[0] == (0, 28, 12, 15, 14)  # row D, columns D C B A E


def test_schulze_unranked_options_come_below_ranked_ones_and_tie_among_themselves():
    # One ballot ranks only B: B is preferred to A and to C; A and C are equal.
    result = count_schulze(options=[A, B, C], rankings=[{B: 1}])
    assert result.pairwise == ((0, 0, 0), (1, 0, 1), (0, 0, 0))
    assert result.ranking == ((B,), (A, C))
    assert result.winners == (B,)


def test_schulze_equal_ranks_express_no_preference():
    result = count_schulze(options=[A, B, C], rankings=[{A: 1, B: 1, C: 2}])
    assert result.pairwise == ((0, 0, 1), (0, 0, 1), (0, 0, 0))
    assert result.ranking == ((A, B), (C,))


def test_schulze_blank_ballots_are_counted_apart_and_ignored():
    rankings = [{A: 1, B: 2}, {}, {}, {B: 1, A: 2}, {B: 1, A: 2}]
    result = count_schulze(options=[A, B], rankings=rankings)
    assert (result.ballots, result.blank) == (3, 2)
    assert result.pairwise == ((0, 1), (2, 0))
    assert result.winners == (B,)


def test_schulze_condorcet_winner_wins():
    # C beats A (2-1) and B (3-0) head to head; A beats B (2-1).
    rankings = [{C: 1, A: 2, B: 3}, {C: 1, B: 2, A: 3}, {A: 1, C: 2, B: 3}]
    result = count_schulze(options=[A, B, C], rankings=rankings)
    assert result.pairwise == ((0, 2, 1), (1, 0, 0), (2, 3, 0))
    assert result.strongest == ((0, 2, 0), (0, 0, 0), (2, 3, 0))
    assert result.ranking == ((C,), (A,), (B,))
    assert result.winners == (C,)


def test_schulze_perfect_tie():
    result = count_schulze(options=[A, B], rankings=[{A: 1, B: 2}, {B: 1, A: 2}])
    assert result.pairwise == ((0, 1), (1, 0))
    assert result.strongest == ((0, 0), (0, 0))
    assert result.ranking == ((A, B),)
    assert result.winners == (A, B)


def test_schulze_cycle_resolved_by_strongest_paths():
    # Condorcet cycle A > B (7-2) > C (6-3) > A (5-4): the weakest defeat,
    # C over A (5), is overridden by the path A -> B -> C (strength 6).
    rankings = ballots(("ABC", 4), ("BCA", 2), ("CAB", 3))
    result = count_schulze(options=[A, B, C], rankings=rankings)
    assert result.pairwise == ((0, 7, 4), (2, 0, 6), (5, 3, 0))
    assert result.strongest == ((0, 7, 6), (5, 0, 6), (5, 5, 0))
    assert result.ranking == ((A,), (B,), (C,))


def test_schulze_no_ballot_has_no_winner():
    result = count_schulze(options=[A, B], rankings=[{}, {}])
    assert result.winners == ()
    assert result.ranking == ((A, B),)
    assert (result.ballots, result.blank) == (0, 2)


def test_schulze_rejects_unknown_options():
    with pytest.raises(ValueError):
        count_schulze(options=[A, B], rankings=[{C: 1}])


# -- majority judgment -------------------------------------------------------


def grades(*indices):
    """A distribution from a list of graded indices: grades(0, 0, 6) -> [2, 0, 0, 0, 0, 0, 1]."""
    distribution = [0] * GRADES
    for index in indices:
        distribution[index] += 1
    return distribution


def test_majority_grade_odd_number_of_ballots_is_the_middle_grade():
    assert majority_grade(grades(0, 1, 2)) == 1
    assert majority_grade(grades(0, 6, 6)) == 6
    assert majority_grade(grades(0, 0, 3, 5, 6)) == 3


def test_majority_grade_even_number_of_ballots_is_the_lower_middle_grade():
    # Sorted best to worst: 0, 1, 2, 3; the middle grades are 1 and 2; the lower is 2.
    assert majority_grade(grades(0, 1, 2, 3)) == 2
    assert majority_grade(grades(0, 6)) == 6
    assert majority_grade(grades(1, 1, 4, 4)) == 4
    assert majority_grade([0] * GRADES) is None


def test_majority_ungraded_options_get_the_worst_grade():
    # 4 non-blank ballots; option 1 graded "Excellent" twice, left ungraded
    # twice: 0, 0, 6, 6, whose majority grade is 6 (and not 0).
    # Option 2 appears in no distribution: four worst grades.
    result = count_majority(options=[1, 2], distributions={1: grades(0, 0)}, ballots=4, blank=1)
    first, second = result.options
    assert first.key == 1
    assert first.distribution == (2, 0, 0, 0, 0, 0, 2)
    assert first.majority_grade == 6
    assert (first.better, first.worse, first.sign) == (F(1, 2), F(0), "+")
    assert first.shares == (F(1, 2), F(0), F(0), F(0), F(0), F(0), F(1, 2))
    assert second.distribution == (0, 0, 0, 0, 0, 0, 4)
    assert (second.majority_grade, second.sign, second.worse) == (6, "-", F(0))
    assert result.ranking == ((1,), (2,))
    assert result.winners == (1,)
    assert (result.ballots, result.blank) == (4, 1)


def test_majority_better_grade_wins():
    # 5 ballots. Option 1: 2, 2, 3, 3, 3 -> grade 3. Option 2: 0, 3, 3, 2, 1 -> sorted 0, 1, 2, 3, 3 -> grade 2.
    result = count_majority(
        options=[1, 2], distributions={1: grades(2, 2, 3, 3, 3), 2: grades(0, 3, 3, 2, 1)}, ballots=5, blank=0
    )
    assert [(m.key, m.majority_grade, m.place) for m in result.options] == [(2, 2, 1), (1, 3, 2)]


def test_majority_gauge_plus_beats_minus():
    # Both have the majority grade 2 over 5 ballots.
    # Option 1: 1, 2, 2, 3, 3  p = 1/5, q = 2/5 -> "-" 2/5
    # Option 2: 0, 0, 2, 2, 3  p = 2/5, q = 1/5 -> "+" 2/5
    result = count_majority(
        options=[1, 2], distributions={1: grades(1, 2, 2, 3, 3), 2: grades(0, 0, 2, 2, 3)}, ballots=5, blank=0
    )
    best, other = result.options
    assert (best.key, best.majority_grade, best.sign, best.better, best.worse) == (2, 2, "+", F(2, 5), F(1, 5))
    assert (other.key, other.majority_grade, other.sign, other.better, other.worse) == (1, 2, "-", F(1, 5), F(2, 5))
    assert result.winners == (2,)


def test_majority_two_plus_larger_p_wins():
    # Majority grade 3 (4th of 7) for both.
    # Option 1: 2, 2, 3, 3, 3, 3, 3  p = 2/7, q = 0   -> "+" 2/7
    # Option 2: 0, 1, 2, 3, 3, 3, 6  p = 3/7, q = 1/7 -> "+" 3/7 (wins)
    result = count_majority(
        options=[1, 2],
        distributions={1: grades(2, 2, 3, 3, 3, 3, 3), 2: grades(0, 1, 2, 3, 3, 3, 6)},
        ballots=7,
        blank=0,
    )
    assert [(m.key, m.majority_grade, m.sign, m.better) for m in result.options] == [
        (2, 3, "+", F(3, 7)),
        (1, 3, "+", F(2, 7)),
    ]


def test_majority_two_minus_smaller_q_wins():
    # Majority grade 3 over 6 ballots (lower middle: 4th of 6).
    # Option 1: 3, 3, 3, 3, 3, 6  p = 0, q = 1/6 -> "-" 1/6 (wins)
    # Option 2: 2, 3, 3, 3, 5, 6  p = 1/6, q = 2/6 -> "-" 1/3
    result = count_majority(
        options=[2, 1],
        distributions={1: grades(3, 3, 3, 3, 3, 6), 2: grades(2, 3, 3, 3, 5, 6)},
        ballots=6,
        blank=0,
    )
    assert [(m.key, m.majority_grade, m.sign, m.worse) for m in result.options] == [
        (1, 3, "-", F(1, 6)),
        (2, 3, "-", F(1, 3)),
    ]
    assert result.ranking == ((1,), (2,))


def test_majority_value_breaks_a_tie_of_grade_and_gauge():
    # 3 ballots, both grade 2 with p = q = 1/3 ("-" 1/3).
    # Remove one grade 2 from each: option 1 keeps 0, 4 -> lower middle 4;
    # option 2 keeps 1, 3 -> 3, which is better: option 2 wins.
    result = count_majority(options=[1, 2], distributions={1: grades(0, 2, 4), 2: grades(1, 2, 3)}, ballots=3, blank=0)
    first, second = result.options
    assert (first.sign, first.worse, second.sign, second.worse) == ("-", F(1, 3), "-", F(1, 3))
    assert [m.key for m in result.options] == [2, 1]
    assert result.ranking == ((2,), (1,))
    assert [m.place for m in result.options] == [1, 2]


def test_majority_mieux_voter_published_example():
    # The example of the README of MieuxVoter/majority-judgment-library-python,
    # on 4 grades where 3 is the best: the published ranking is
    # Chips, Pasta, Pizza, Bread. Their grade v is our index 3 - v.
    #   Pizza [0,0,0,1,1,2,2,3,3,3]  Chips [0,0,1,1,2,2,2,2,3,3]
    #   Pasta [0,0,1,1,1,2,2,3,3,3]  Bread [0,0,1,1,1,1,2,2,2,3]
    # Majority grades (6th of 10 from the best, in their scale): Chips 2, the others 1.
    # Chips: p = 2/10 (grade 3), q = 4/10 (grades 0 and 1) -> "-" 2/5.
    # Gauges for grade 1: Pasta p = 5/10 q = 2/10; Pizza p = 5/10 q = 3/10; Bread p = 4/10 q = 2/10:
    # Bread is last ("+" 2/5 < "+" 1/2); Pasta and Pizza tie ("+" 1/2) and go
    # to the majority value: removing 1, 2, 1, 2 from each gives equal grades
    # and gauges, then Pasta keeps [0,0,1,3,3,3] (grade 1) and Pizza
    # [0,0,0,3,3,3] (grade 0): Pasta is ahead.
    pizza, chips, pasta, bread = 1, 2, 3, 4
    raw = {
        pizza: [0, 0, 0, 1, 1, 2, 2, 3, 3, 3],
        chips: [0, 0, 1, 1, 2, 2, 2, 2, 3, 3],
        pasta: [0, 0, 1, 1, 1, 2, 2, 3, 3, 3],
        bread: [0, 0, 1, 1, 1, 1, 2, 2, 2, 3],
    }
    distributions = {option: grades(*(3 - v for v in values)) for option, values in raw.items()}
    result = count_majority(options=[pizza, chips, pasta, bread], distributions=distributions, ballots=10, blank=0)
    assert result.ranking == ((chips,), (pasta,), (pizza,), (bread,))
    assert [m.majority_grade for m in result.options] == [3 - 2, 3 - 1, 3 - 1, 3 - 1]
    assert [(m.sign, m.better, m.worse) for m in result.options] == [
        ("-", F(2, 10), F(4, 10)),
        ("+", F(5, 10), F(2, 10)),
        ("+", F(5, 10), F(3, 10)),
        ("+", F(4, 10), F(2, 10)),
    ]


def test_majority_true_tie_shares_a_place():
    same = grades(0, 2, 2, 5)
    result = count_majority(options=[1, 2, 3], distributions={1: same, 2: grades(6, 6, 6, 6), 3: same}, ballots=4, blank=0)
    assert result.ranking == ((1, 3), (2,))
    assert result.winners == (1, 3)
    assert [(m.key, m.place) for m in result.options] == [(1, 1), (3, 1), (2, 2)]


def test_majority_zero_ballots():
    result = count_majority(options=[1, 2], distributions={}, ballots=0, blank=3)
    assert result.winners == ()
    assert result.ranking == ((1, 2),)
    for merit in result.options:
        assert merit.majority_grade is None
        assert merit.sign == ""
        assert merit.distribution == (0,) * GRADES
        assert merit.shares == (F(0),) * GRADES
        assert merit.place == 1


def test_majority_rejects_more_grades_than_ballots():
    with pytest.raises(ValueError):
        count_majority(options=[1], distributions={1: grades(0, 0, 0)}, ballots=2, blank=0)


# -- score -------------------------------------------------------------------


def test_score_mean_median_and_distribution():
    result = count_score(
        options=[1, 2, 3], distributions={1: {4: 2, 1: 2}, 2: {5: 2, 3: 1}}, low=0, high=5, blank=2
    )
    first, second, third = result.options
    # Option 2: 5, 5, 3 -> mean 13/3, median (odd) 5.
    assert (first.key, first.count, first.mean, first.median) == (2, 3, F(13, 3), F(5))
    assert first.distribution == ((0, 0), (1, 0), (2, 0), (3, 1), (4, 0), (5, 2))
    # Option 1: 1, 1, 4, 4 -> mean 5/2, median (even) (1 + 4) / 2.
    assert (second.key, second.count, second.mean, second.median) == (1, 4, F(5, 2), F(5, 2))
    # Option 3 has no score.
    assert (third.key, third.count, third.mean, third.median) == (3, 0, None, None)
    assert third.distribution == tuple((v, 0) for v in range(6))
    assert result.winners == (2,)
    assert result.blank == 2


def test_score_even_median_averages_the_two_middle_values():
    result = count_score(options=[1], distributions={1: {1: 1, 2: 1, 4: 1, 5: 1}}, low=1, high=5, blank=0)
    assert result.options[0].median == F(3)
    result = count_score(options=[1], distributions={1: {1: 1, 2: 1}}, low=1, high=5, blank=0)
    assert result.options[0].median == F(3, 2)


def test_score_ties_keep_options_order_and_share_the_win():
    result = count_score(
        options=[3, 1, 2], distributions={1: {2: 2}, 2: {1: 1, 3: 1}, 3: {0: 1}}, low=0, high=3, blank=0
    )
    assert [s.key for s in result.options] == [1, 2, 3]
    assert result.winners == (1, 2)


def test_score_without_any_score_has_no_winner():
    result = count_score(options=[1, 2], distributions={}, low=0, high=3, blank=4)
    assert result.winners == ()
    assert [s.key for s in result.options] == [1, 2]


@pytest.mark.parametrize("value", [-1, 6])
def test_score_out_of_range_value_raises(value):
    with pytest.raises(ValueError):
        count_score(options=[1], distributions={1: {value: 1}}, low=0, high=5, blank=0)


# -- participation -----------------------------------------------------------


def test_participation_rate_and_quorum_reached():
    result = participation(voters=30, electorate=120, quorum=30)
    assert result.rate == F(1, 4)
    assert result.quorum_reached is True


def test_participation_quorum_not_reached():
    assert participation(voters=29, electorate=120, quorum=30).quorum_reached is False


def test_participation_quorum_zero_means_no_quorum():
    assert participation(voters=0, electorate=120, quorum=0).quorum_reached is True


def test_participation_unknown_or_empty_electorate():
    assert participation(voters=12, electorate=None, quorum=10).rate is None
    assert participation(voters=0, electorate=0, quorum=0).rate is None


def test_participation_rate_counts_only_the_voters_the_electorate_holds():
    """Anonymous paper ballots come from people the site does not know: they
    count as voters and for the quorum, not in the rate over the accounts."""
    result = participation(voters=9, electorate=5, quorum=8, known_voters=4)
    assert result.rate == F(4, 5) and result.voters == 9 and result.quorum_reached
    with pytest.raises(ValueError):
        participation(voters=3, electorate=5, quorum=0, known_voters=4)
