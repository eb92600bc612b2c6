"""Counting rules for consultation votes.

This module is pure Python (standard library only). Each function takes
already aggregated counts (or, for Schulze, the ballots' rankings) and
returns a frozen result object; shares and means are exact fractions.
A count can never be negative (``ValueError``), and a count or ranking that
names an option missing from ``options`` raises ``ValueError`` too.

Yes/no (``count_yes_no``)
    Each ballot is *yes*, *no*, *abstain* or *blank*. The expressed votes are
    yes + no. The share of yes and of no is taken over the expressed votes;
    the share of abstentions over yes + no + abstain. Blank ballots are only
    counted in the total (yes + no + abstain + blank). The question is
    *adopted* when yes > no, *rejected* when no > yes, a *tie* when
    yes = no > 0, and there is no outcome (*none*) when yes + no = 0.

Single choice (``count_single``)
    Each non-blank ballot chooses exactly one option. The share of an option
    is its count divided by the number of non-blank ballots (the sum of the
    counts). The winners are all options having the highest count, provided
    it is above zero; there is no winner when every ballot is blank.

Multiple choice (``count_multiple``)
    Each non-blank ballot may choose several options. The share of an option
    is its count divided by the number of non-blank ballots, so the shares
    may add up to more than 100 %. Winners as for a single choice.

Ranked choice, Schulze method (``count_schulze``)
    Each ballot ranks options (rank 1 is preferred; equal ranks are allowed).
    Options a ballot leaves out are ranked below every option it ranks, and
    equal among themselves. A ballot ranking no option is blank and is
    ignored in the computation.

    1. d[X][Y] is the number of ballots strictly preferring X to Y.
    2. The link X -> Y has strength d[X][Y] if d[X][Y] > d[Y][X], else 0
       ("winning votes").
    3. p[X][Y] is the strength of the strongest path from X to Y, the
       strength of a path being that of its weakest link (widest paths,
       computed with the Floyd-Warshall algorithm).
    4. X beats Y when p[X][Y] > p[Y][X]. The first place goes to the options
       beaten by no other option, the second place to those beaten by no
       other remaining option, and so on. Options sharing a place are tied.
       The winners are the options in first place (none without a ballot).

Majority judgment (``count_majority``)
    Each ballot grades options on GRADES = 7 grades; index 0 is the best
    grade ("Excellent") and index 6 the worst ("To reject"). A ballot is
    non-blank when it grades at least one option of the question; an option
    it leaves ungraded receives the worst grade. Every option is therefore
    graded by exactly n = ``ballots`` ballots: its distribution is completed
    with worst grades up to n before counting.

    * Majority grade (Balinski & Laraki): sort the n grades from best to
      worst, g(1) <= g(2) <= ... <= g(n) (by index). The majority grade is
      g(floor(n/2) + 1): the middle grade when n is odd and the lower (worse)
      of the two middle grades when n is even. Equivalently, it is the best
      grade g such that more than half of the grades are g or better.
    * Majority gauge, to separate options with the same majority grade:
      p = share of grades strictly better than the majority grade,
      q = share of grades strictly worse. If p > q the option is "+" with
      value p, otherwise (p <= q) "-" with value q. A "+" beats a "-";
      between two "+" the larger p wins; between two "-" the smaller q wins.
    * Majority value, if still tied (same grade, sign and value): remove one
      majority grade from each tied option's distribution and compare again
      (grade, then gauge), until they differ. Options whose distributions
      run out without ever differing are tied and share a place.

    The winners are the options in first place (none when n = 0).

Score (``count_score``)
    Each ballot gives an option an integer score in [low, high]. The mean is
    the sum of the scores divided by their number; the median is the middle
    score, or the average of the two middle scores for an even number of
    scores. Options are ordered by decreasing mean (equal means keep the
    order of ``options``; options without any score come last). The winners
    are all options with the best mean, provided there is at least one score.

Participation (``participation``)
    The rate is known_voters / electorate (unknown when the electorate is
    unknown or empty). The electorate counts the people with an account who
    may vote, so the rate counts only the voters it can contain: online
    voters, named paper ballots and the named signers of paper batches, not
    the signatures of people without an account (known_voters defaults to
    voters). The quorum is a number of
    voters, all of them: it is reached when voters >= quorum; a quorum of 0
    means there is no quorum (always reached).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key
from itertools import accumulate

YES, NO, ABSTAIN = 1, -1, 0
GRADES = 7
WORST_GRADE = GRADES - 1


# -- helpers ----------------------------------------------------------------


def _share(count: int, base: int) -> Fraction:
    return Fraction(count, base) if base else Fraction(0)


def _check_non_negative(**values: int) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative (got {value})")


def _check_options(options: Sequence[int], keys: Iterable[int]) -> None:
    if len(set(options)) != len(options):
        raise ValueError("options must not contain duplicates")
    unknown = set(keys) - set(options)
    if unknown:
        raise ValueError(f"unknown options: {sorted(unknown)}")


def _place_groups(items: Sequence[int], beats: Callable[[int, int], bool]) -> tuple[tuple[int, ...], ...]:
    """Repeatedly take the remaining items beaten by no remaining item."""
    remaining, groups = list(items), []
    while remaining:
        group = [x for x in remaining if not any(beats(y, x) for y in remaining)]
        if not group:  # impossible for a transitive relation
            raise RuntimeError("the beat relation has a cycle")
        groups.append(tuple(group))
        remaining = [x for x in remaining if x not in group]
    return tuple(groups)


# -- yes/no ------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: int
    count: int
    share: Fraction


@dataclass(frozen=True)
class YesNoResult:
    tallies: tuple[Tally, ...]
    expressed: int
    blank: int
    total: int
    outcome: str  # "adopted" | "rejected" | "tie" | "none"


def count_yes_no(*, yes: int, no: int, abstain: int, blank: int) -> YesNoResult:
    _check_non_negative(yes=yes, no=no, abstain=abstain, blank=blank)
    expressed = yes + no
    tallies = (
        Tally(YES, yes, _share(yes, expressed)),
        Tally(NO, no, _share(no, expressed)),
        Tally(ABSTAIN, abstain, _share(abstain, expressed + abstain)),
    )
    if expressed == 0:
        outcome = "none"
    else:
        outcome = "adopted" if yes > no else "rejected" if no > yes else "tie"
    return YesNoResult(tallies, expressed, blank, expressed + abstain + blank, outcome)


# -- single and multiple choice ----------------------------------------------


@dataclass(frozen=True)
class ChoiceResult:
    tallies: tuple[Tally, ...]
    ballots: int  # non-blank ballots
    blank: int
    total: int
    winners: tuple[int, ...]


def _choice(options: Sequence[int], counts: Mapping[int, int], ballots: int, blank: int) -> ChoiceResult:
    values = [counts.get(option, 0) for option in options]
    tallies = tuple(Tally(o, c, _share(c, ballots)) for o, c in zip(options, values))
    top = max(values, default=0)
    winners = tuple(o for o, c in zip(options, values) if c == top) if top > 0 else ()
    return ChoiceResult(tallies, ballots, blank, ballots + blank, winners)


def count_single(*, options: Sequence[int], counts: Mapping[int, int], blank: int) -> ChoiceResult:
    _check_options(options, counts)
    _check_non_negative(blank=blank, **{f"count of {o}": c for o, c in counts.items()})
    return _choice(options, counts, sum(counts.values()), blank)


def count_multiple(
    *, options: Sequence[int], counts: Mapping[int, int], ballots: int, blank: int
) -> ChoiceResult:
    _check_options(options, counts)
    _check_non_negative(ballots=ballots, blank=blank, **{f"count of {o}": c for o, c in counts.items()})
    if any(count > ballots for count in counts.values()):
        raise ValueError("an option cannot be chosen by more ballots than were cast")
    return _choice(options, counts, ballots, blank)


# -- Schulze -----------------------------------------------------------------


Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SchulzeResult:
    options: tuple[int, ...]
    pairwise: Matrix  # d[i][j]: ballots strictly preferring options[i] to options[j]
    strongest: Matrix  # p[i][j]: strength of the strongest path from i to j
    ranking: tuple[tuple[int, ...], ...]  # place groups, best first
    winners: tuple[int, ...]
    ballots: int  # non-blank ballots
    blank: int

    def prefers(self, a: int, b: int) -> int:
        """Number of ballots strictly preferring option a to option b."""
        return self.pairwise[self.options.index(a)][self.options.index(b)]

    def beats(self, a: int, b: int) -> bool:
        """Whether option a beats option b (p[a][b] > p[b][a])."""
        i, j = self.options.index(a), self.options.index(b)
        return self.strongest[i][j] > self.strongest[j][i]


def _pairwise(options: Sequence[int], rankings: Iterable[Mapping[int, int]]) -> tuple[list[list[int]], int, int]:
    """The matrix d, the number of non-blank ballots and of blank ballots."""
    profiles: Counter[tuple[float, ...]] = Counter()
    blank = 0
    for ranking in rankings:
        if not ranking:
            blank += 1
            continue
        _check_options(options, ranking)
        if any(rank < 1 for rank in ranking.values()):
            raise ValueError("ranks start at 1")
        profiles[tuple(ranking.get(o, float("inf")) for o in options)] += 1
    n = len(options)
    d = [[0] * n for _ in range(n)]
    for ranks, weight in profiles.items():
        for i in range(n):
            for j in range(n):
                if ranks[i] < ranks[j]:
                    d[i][j] += weight
    return d, sum(profiles.values()), blank


def _strongest_paths(d: list[list[int]]) -> list[list[int]]:
    n = len(d)
    p = [[d[i][j] if d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j != i and j != k:
                    p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
    return p


def _frozen(matrix: list[list[int]]) -> Matrix:
    return tuple(tuple(row) for row in matrix)


def count_schulze(*, options: Sequence[int], rankings: Iterable[Mapping[int, int]]) -> SchulzeResult:
    _check_options(options, ())
    d, ballots, blank = _pairwise(options, rankings)
    return _schulze(options, d, ballots, blank)


def count_schulze_pairwise(
    *, options: Sequence[int], pairwise: Mapping[tuple[int, int], int], ballots: int, blank: int
) -> SchulzeResult:
    """The same count from the matrix d alone, given as {(a, b): ballots
    strictly preferring a to b} (a sealed box keeps only that)."""
    _check_options(options, [key for pair in pairwise for key in pair])
    _check_non_negative(ballots=ballots, blank=blank, **{f"{a} over {b}": n for (a, b), n in pairwise.items()})
    if any(pairwise.get((a, b), 0) + pairwise.get((b, a), 0) > ballots for a in options for b in options):
        raise ValueError("a pair of options is compared by more ballots than were cast")
    d = [[pairwise.get((a, b), 0) for b in options] for a in options]
    return _schulze(options, d, ballots, blank)


def _schulze(options: Sequence[int], d: list[list[int]], ballots: int, blank: int) -> SchulzeResult:
    p = _strongest_paths(d)
    index = {option: i for i, option in enumerate(options)}
    ranking = _place_groups(options, lambda a, b: p[index[a]][index[b]] > p[index[b]][index[a]])
    winners = ranking[0] if ballots and ranking else ()
    return SchulzeResult(tuple(options), _frozen(d), _frozen(p), ranking, winners, ballots, blank)


# -- majority judgment -------------------------------------------------------


@dataclass(frozen=True)
class OptionMerit:
    key: int
    distribution: tuple[int, ...]  # completed: sums to the number of ballots
    majority_grade: int | None  # None when there is no ballot
    better: Fraction  # p
    worse: Fraction  # q
    sign: str  # "+" | "-" | "" (no ballot)
    shares: tuple[Fraction, ...]
    place: int  # 1-based index of the option's place group


@dataclass(frozen=True)
class MajorityResult:
    options: tuple[OptionMerit, ...]  # best first
    ranking: tuple[tuple[int, ...], ...]
    winners: tuple[int, ...]
    ballots: int
    blank: int


def majority_grade(distribution: Sequence[int]) -> int | None:
    """The best grade g such that more than half of the grades are g or better."""
    n = sum(distribution)
    return next((g for g, cumul in enumerate(accumulate(distribution)) if 2 * cumul > n), None)


def _gauge(distribution: Sequence[int]) -> tuple[Fraction, Fraction, str]:
    grade, n = majority_grade(distribution), sum(distribution)
    if grade is None:
        return Fraction(0), Fraction(0), ""
    p = Fraction(sum(distribution[:grade]), n)
    q = Fraction(sum(distribution[grade + 1 :]), n)
    return p, q, "+" if p > q else "-"


def _merit_key(distribution: Sequence[int]) -> tuple[int, int, Fraction]:
    """Smaller is better: grade, then "+" before "-", then larger p or smaller q."""
    p, q, sign = _gauge(distribution)
    grade = majority_grade(distribution)
    assert grade is not None
    return (grade, 0, -p) if sign == "+" else (grade, 1, q)


def _compare_merit(a: Sequence[int], b: Sequence[int]) -> int:
    """-1 when a is better, 1 when b is better, 0 when tied (equal sizes)."""
    a, b = list(a), list(b)
    while a != b and sum(a) and sum(b):
        key_a, key_b = _merit_key(a), _merit_key(b)
        if key_a != key_b:
            return -1 if key_a < key_b else 1
        a[key_a[0]] -= 1  # the majority value: drop one majority grade each
        b[key_b[0]] -= 1
    return 0


def _complete(distribution: Sequence[int], ballots: int) -> tuple[int, ...]:
    if len(distribution) != GRADES:
        raise ValueError(f"a distribution has {GRADES} grades")
    _check_non_negative(**{f"grade {g}": c for g, c in enumerate(distribution)})
    missing = ballots - sum(distribution)
    if missing < 0:
        raise ValueError("a distribution counts more grades than ballots")
    return (*distribution[:WORST_GRADE], distribution[WORST_GRADE] + missing)


def count_majority(
    *, options: Sequence[int], distributions: Mapping[int, Sequence[int]], ballots: int, blank: int
) -> MajorityResult:
    _check_options(options, distributions)
    _check_non_negative(ballots=ballots, blank=blank)
    completed = {o: _complete(distributions.get(o, (0,) * GRADES), ballots) for o in options}
    compare = lambda a, b: _compare_merit(completed[a], completed[b])  # noqa: E731
    order = sorted(options, key=cmp_to_key(compare))
    ranking = _place_groups(order, lambda a, b: compare(a, b) < 0)
    place = {o: number for number, group in enumerate(ranking, 1) for o in group}
    merits = []
    for o in order:
        distribution = completed[o]
        p, q, sign = _gauge(distribution)
        shares = tuple(_share(c, ballots) for c in distribution)
        merits.append(OptionMerit(o, distribution, majority_grade(distribution), p, q, sign, shares, place[o]))
    winners = ranking[0] if ballots and ranking else ()
    return MajorityResult(tuple(merits), ranking, winners, ballots, blank)


# -- score -------------------------------------------------------------------


@dataclass(frozen=True)
class OptionScore:
    key: int
    count: int
    mean: Fraction | None
    median: Fraction | None
    distribution: tuple[tuple[int, int], ...]  # (value, count) for low..high


@dataclass(frozen=True)
class ScoreResult:
    options: tuple[OptionScore, ...]  # by decreasing mean
    winners: tuple[int, ...]
    blank: int


def _nth_value(distribution: Sequence[tuple[int, int]], k: int) -> int:
    """The k-th (0-based) score in increasing order."""
    for value, cumul in zip((v for v, _ in distribution), accumulate(c for _, c in distribution)):
        if k < cumul:
            return value
    raise IndexError(k)


def _option_score(key: int, counts: Mapping[int, int], low: int, high: int) -> OptionScore:
    outside = [value for value in counts if not low <= value <= high]
    if outside:
        raise ValueError(f"scores outside [{low}, {high}]: {sorted(outside)}")
    _check_non_negative(**{f"score {v}": c for v, c in counts.items()})
    distribution = tuple((value, counts.get(value, 0)) for value in range(low, high + 1))
    n = sum(c for _, c in distribution)
    if n == 0:
        return OptionScore(key, 0, None, None, distribution)
    mean = Fraction(sum(v * c for v, c in distribution), n)
    median = Fraction(_nth_value(distribution, (n - 1) // 2) + _nth_value(distribution, n // 2), 2)
    return OptionScore(key, n, mean, median, distribution)


def count_score(
    *, options: Sequence[int], distributions: Mapping[int, Mapping[int, int]], low: int, high: int, blank: int
) -> ScoreResult:
    if low > high:
        raise ValueError("low must not exceed high")
    _check_options(options, distributions)
    _check_non_negative(blank=blank)
    scores = [_option_score(o, distributions.get(o, {}), low, high) for o in options]
    scores.sort(key=lambda s: (s.mean is None, -(s.mean or 0)))  # stable
    best = scores[0].mean if scores else None
    winners = tuple(s.key for s in scores if s.mean == best) if best is not None else ()
    return ScoreResult(tuple(scores), winners, blank)


# -- participation -----------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    voters: int
    electorate: int | None
    rate: Fraction | None
    quorum: int
    quorum_reached: bool


def participation(*, voters: int, electorate: int | None, quorum: int,
                  known_voters: int | None = None) -> Participation:
    _check_non_negative(voters=voters, quorum=quorum, electorate=electorate or 0)
    known = voters if known_voters is None else known_voters
    if not 0 <= known <= voters:
        raise ValueError("known voters must be between 0 and the number of voters")
    rate = Fraction(known, electorate) if electorate else None
    return Participation(voters, electorate, rate, quorum, quorum == 0 or voters >= quorum)
