"""Results read from the database: every method counted through the real
ballots (online and paper), blanks, quorum and turnout, in a bounded number
of queries."""

from fractions import Fraction

import pytest

from consultations import services
from consultations.counting import ABSTAIN, NO, YES
from consultations.models import Method
from consultations.results import percent, results_rows
from consultations.selectors import consultation_results

from .conftest import close_and_count, make_consultation, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["secret", "public"])
def secret(request):
    return request.param


@pytest.fixture
def consultation(organisation, staff, secret):
    return make_consultation(organisation, staff, quorum=5, secret=secret, questions=(
        ("Pour ?", Method.YES_NO, []),
        ("Formule", Method.SINGLE, ["Café", "Cantine"]),
        ("Classez", Method.RANKING, ["A", "B", "C"]),
        ("Jugez", Method.MAJORITY, ["P", "Q"]),
        ("Notez", Method.SCORE, ["R"]),
    ))


def test_every_method_counted_from_the_ballots(consultation, organisation, staff, secret):
    """The same figures from the ballot table (public, and secret once
    counted) as from the sealed box's running count (checked at the count)."""
    q = {question.method: (question, [o.pk for o in question.options.all()])
         for question in consultation.questions.prefetch_related("options")}
    yes_no, single, ranking, majority, score = (q[m] for m in (Method.YES_NO, Method.SINGLE, Method.RANKING,
                                                               Method.MAJORITY, Method.SCORE))
    ballots = [
        {yes_no[0].pk: YES, single[0].pk: single[1][0], ranking[0].pk: dict(zip(ranking[1], [1, 2, 3])),
         majority[0].pk: {majority[1][0]: 0, majority[1][1]: 3}, score[0].pk: {score[1][0]: 5}},
        {yes_no[0].pk: YES, single[0].pk: single[1][1], ranking[0].pk: dict(zip(ranking[1], [2, 1, 3])),
         majority[0].pk: {majority[1][0]: 1, majority[1][1]: 2}, score[0].pk: {score[1][0]: 3}},
        {yes_no[0].pk: NO, single[0].pk: single[1][0], ranking[0].pk: {ranking[1][0]: 1},
         majority[0].pk: {majority[1][1]: 0}},
        {yes_no[0].pk: ABSTAIN},
        {},
    ]
    for answers in ballots[:4]:
        services.ballot_cast(consultation=consultation, user=member_of(organisation), answers=answers)
    services.paper_ballot_enter(consultation=consultation, user=staff, voter=member_of(organisation),
                                answers=ballots[4])
    if secret:
        consultation = close_and_count(consultation, staff)
    results = consultation_results(consultation)
    # Secret ballots keep no channel: few paper voters would be exposed.
    assert results.ballots == ({"": 5} if secret else {"en_ligne": 4, "papier": 1})
    assert (results.voters_online, results.voters_paper) == (4, 1)
    assert results.participation.voters == 5 and results.participation.quorum_reached
    by_method = {item.question.method: item for item in results.questions}
    yes = by_method[Method.YES_NO].result
    assert (yes.outcome, yes.expressed, yes.blank) == ("adopted", 3, 1)
    single_result = by_method[Method.SINGLE].result
    assert single_result.winners == (single[1][0],) and single_result.blank == 2
    schulze = by_method[Method.RANKING].result
    a, b, c = ranking[1]
    # A over B: ballots 1 and 3; B over A: ballot 2. A first.
    assert schulze.winners == (a,) and schulze.blank == 2
    assert schulze.pairwise[0][1] == 2 and schulze.pairwise[1][0] == 1
    judged = by_method[Method.MAJORITY].result
    # P: Excellent, Very good, (To reject: ballot 3 graded only Q) -> median Very good.
    # Q: Fairly good, Good, Excellent -> median Good.
    assert judged.winners == (majority[1][0],)
    merits = {merit.key: merit for merit in judged.options}
    assert merits[majority[1][0]].majority_grade == 1 and merits[majority[1][1]].majority_grade == 2
    assert merits[majority[1][0]].distribution == (1, 1, 0, 0, 0, 0, 1)
    scores = by_method[Method.SCORE].result
    assert scores.options[0].mean == 4 and scores.blank == 3
    rows = {row.method: row for row in results_rows(results)}
    single_lines = {line.label: line for line in rows[Method.SINGLE].lines}
    split = (None, None) if secret else (2, 0)
    assert (single_lines["Café"].online, single_lines["Café"].paper, single_lines["Café"].total) == (*split, 2)
    assert rows[Method.SINGLE].by_channel is not secret


@pytest.mark.parametrize("secret", [True], ids=["secret"])
def test_quorum_not_reached_and_turnout(consultation, organisation, staff):
    question = consultation.questions.get(method=Method.YES_NO)
    services.ballot_cast(consultation=consultation, user=member_of(organisation), answers={question.pk: YES})
    batch = services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=2)
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: NO})
    consultation = close_and_count(consultation, staff)
    results = consultation_results(consultation)
    # One online voter and two signatures on the register; two members + staff in the organisation.
    assert results.participation.voters == 3 and not results.participation.quorum_reached
    assert results.voters_online == 1 and results.voters_paper == 2 and results.ballots_total == 2
    assert results.participation.electorate == 2
    # The rate is over the accounts that may vote: the online voter, not the register's signatures.
    assert results.participation.rate == Fraction(1, 2)


def test_percentages_are_rounded_half_up():
    assert percent(Fraction(1, 6)) == "16,7\xa0%" and percent(Fraction(1, 3)) == "33,3\xa0%"
    assert percent(Fraction(1, 8)) == "12,5\xa0%" and percent(Fraction(1, 16)) == "6,3\xa0%"


def test_means_are_rounded_not_cut():
    from consultations.results import rounded

    assert rounded(Fraction(29, 3), 2) == "9,67" and rounded(Fraction(25, 3), 2) == "8,33"
    assert rounded(Fraction(1, 8), 2) == "0,13" and rounded(Fraction(-29, 3), 2) == "-9,67"
    assert rounded(Fraction(5), 2) == "5,00"


@pytest.mark.parametrize("secret", [False], ids=["public"])
def test_a_score_mean_is_shown_rounded(consultation, organisation):
    question = consultation.questions.get(method=Method.SCORE)
    option = question.options.get()
    for score in (5, 5, 4):  # mean 4.666…
        services.ballot_cast(consultation=consultation, user=member_of(organisation),
                             answers={question.pk: {option.pk: score}})
    row = next(row for row in results_rows(consultation_results(consultation)) if row.method == Method.SCORE)
    assert row.lines[0].mean == "4,67" and "moyenne 4,67" in row.lines[0].detail


@pytest.mark.parametrize("secret", [False], ids=["public"])
def test_the_csv_gives_majority_judgment_places_and_grades(consultation, organisation):
    question = consultation.questions.get(method=Method.MAJORITY)
    p, q = [option.pk for option in question.options.all()]
    for grades in ((0, 3), (1, 4), (2, 6)):
        services.ballot_cast(consultation=consultation, user=member_of(organisation),
                             answers={question.pk: dict(zip((p, q), grades))})
    row = next(row for row in results_rows(consultation_results(consultation)) if row.method == Method.MAJORITY)
    lines = list(row.csv_lines())
    assert lines[0][:5] == ["P", "", "", "", ""]
    assert lines[0][5].startswith("rang 1 ; mention majoritaire : Très bien ; Excellent: 1, Très bien: 1, Bien: 1")


@pytest.mark.parametrize("secret", [False], ids=["public"])
def test_results_are_cached_until_the_next_ballot(consultation, organisation, django_assert_num_queries,
                                                  django_capture_on_commit_callbacks):
    question = consultation.questions.get(method=Method.YES_NO)
    consultation_results(consultation)
    with django_assert_num_queries(0):
        consultation_results(consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(consultation=consultation, user=member_of(organisation), answers={question.pk: NO})
    assert consultation_results(consultation).ballots_total == 1


@pytest.mark.parametrize("ballots", [2, 12])
def test_counting_takes_the_same_queries_whatever_the_number_of_ballots(consultation, organisation, ballots,
                                                                        django_assert_max_num_queries):
    question = consultation.questions.get(method=Method.RANKING)
    options = [option.pk for option in question.options.all()]
    for _index in range(ballots):
        services.ballot_cast(consultation=consultation, user=member_of(organisation),
                             answers={question.pk: dict(zip(options, [3, 1, 2]))})
    with django_assert_max_num_queries(12):
        results_rows(consultation_results(consultation))


def test_a_new_consultation_never_reads_results_cached_for_an_earlier_one_with_its_id(organisation, staff):
    """Ids come back after a database is recreated, while the cache (Redis) keeps its entries."""
    from django.core.cache import cache

    from consultations.selectors import RESULTS_KEY, VERSION_KEY, results_version

    consultation = make_consultation(organisation, staff, open_=False)
    stale = ("0", object())
    cache.set(RESULTS_KEY.format(consultation.pk + 1), stale)
    cache.set(VERSION_KEY.format(consultation.pk + 1), "0")
    following = make_consultation(organisation, staff, open_=False)
    assert following.pk == consultation.pk + 1
    assert results_version(following.pk) != "0"
    assert consultation_results(following) is not stale[1]
