"""Votes stay exact when people click at the same time, on the SQLite
default as on PostgreSQL (real transactions, one thread per click): the
database's constraints and the box's row decide, the service turns the loser
into a clear refusal, and nobody gets an error page.

On SQLite a room of 50 votes at once (the conseil de maison voting in its
room); on PostgreSQL 200, through at most 80 connections (it accepts 100;
the test database and the pytest process hold a few)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from consultations import services
from consultations.models import Answer, Ballot, Method, ResultsVisibility, SealedBallot, VoterRecord
from consultations.selectors import consultation_results
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)

from .conftest import box_contents, box_options, make_consultation, member_of

MAX_THREADS = 80


def burst_size() -> int:
    return 200 if connection.vendor == "postgresql" else 50


@pytest.fixture
def place(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_staff

    organisation = OrganisationFactory(title="Centre social concurrent")
    return organisation, make_staff(organisation)


def _single(consultation):
    question = consultation.questions.get()
    return question, [option.pk for option in question.options.all()]


def _in_threads(work, items, threads: int) -> list:
    """Run work(item) for every item from `threads` threads released at
    once; the errors raised, in no order."""
    barrier = threading.Barrier(threads)
    errors = []

    def run(chunk):
        try:
            barrier.wait(30)
            for item in chunk:
                work(item)
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            connection.close()

    chunks = [items[start::threads] for start in range(threads)]
    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    return errors


@pytest.mark.parametrize("secret", [True, False], ids=["secret", "public"])
def test_fifty_simultaneous_submissions_by_one_person_leave_one_ballot(place, secret):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, secret=secret)
    question, options = _single(consultation)
    voter = member_of(organisation)
    errors = race(lambda n: services.ballot_cast(consultation=consultation, user=voter,
                                                 answers={question.pk: options[n % 3]}), range(50))
    assert sum(error is None for error in errors) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None), errors
    assert VoterRecord.objects.filter(consultation=consultation).count() == 1
    ballots = SealedBallot if secret else Ballot
    assert ballots.objects.filter(consultation=consultation).count() == 1


def test_simultaneous_changes_of_a_public_vote_leave_one_ballot(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, secret=False, changes_allowed=True)
    question, options = _single(consultation)
    voter = member_of(organisation)
    errors = race(lambda n: services.ballot_cast(consultation=consultation, user=voter,
                                                 answers={question.pk: options[n % 3]}), range(30))
    assert all(error is None or isinstance(error, ValidationError) for error in errors), errors
    assert Ballot.objects.filter(consultation=consultation).count() == 1
    assert Answer.objects.filter(ballot__consultation=consultation).count() == 1


def test_simultaneous_changes_of_a_secret_vote_keep_the_box_exact(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, changes_allowed=True)
    question, options = _single(consultation)
    voter = member_of(organisation)
    code = services.ballot_cast(consultation=consultation, user=voter, answers={question.pk: options[0]}).receipt
    errors = race(lambda n: services.ballot_cast(consultation=consultation, user=voter, receipt=code,
                                                 answers={question.pk: options[n % 3]}), range(20))
    assert errors == [None] * 20
    assert len(box_contents(consultation)) == 1
    # The count opens the box and checks it against the running count.
    services.consultation_close(consultation=consultation, user=staff)
    assert Ballot.objects.filter(consultation=consultation).count() == 1


@pytest.mark.parametrize("secret", [True, False], ids=["secret", "public"])
def test_a_burst_of_voters_is_counted_whole(place, secret):
    """50 votes at the same instant on SQLite, 200 on PostgreSQL: every one
    counted, none refused, the count exact."""
    organisation, staff = place
    consultation = make_consultation(organisation, staff, secret=secret)
    question, options = _single(consultation)
    size = burst_size()
    voters = [member_of(organisation) for _ in range(size)]
    errors = _in_threads(lambda item: services.ballot_cast(consultation=consultation, user=item[1],
                                                           answers={question.pk: options[item[0] % 3]}),
                         list(enumerate(voters)), min(size, MAX_THREADS))
    assert errors == []
    assert VoterRecord.objects.filter(consultation=consultation).count() == size
    expected = {options[i]: len(range(i, size, 3)) for i in range(3)}
    if secret:
        chosen = box_options(consultation)
        assert {option: chosen.count(option) for option in options} == expected
        services.consultation_close(consultation=consultation, user=staff)
    counts = {option: Answer.objects.filter(option_id=option).count() for option in options}
    assert counts == expected
    assert Ballot.objects.filter(consultation=consultation).count() == size


def test_a_room_voting_through_the_pages_gets_no_error_page(place):
    """The same burst through the real vote page (sessions, CSRF off as in
    the test client, messages): every voter sees their receipt, none a 500."""
    organisation, staff = place
    consultation = make_consultation(organisation, staff)
    question, options = _single(consultation)
    size = burst_size()
    clients = []
    for index in range(size):
        client = Client()
        client.force_login(member_of(organisation))
        clients.append((index, client))
    statuses = []

    def vote(item):
        index, client = item
        response = client.post(f"/consultations/{consultation.pk}/vote/", {f"q{question.pk}": options[index % 3]})
        statuses.append((response.status_code, "data-receipt" in response.content.decode()))

    errors = _in_threads(vote, clients, min(size, MAX_THREADS))
    assert errors == []
    assert statuses == [(200, True)] * size
    assert SealedBallot.objects.filter(consultation=consultation).count() == size


@pytest.mark.parametrize("secret", [True, False], ids=["secret", "public"])
def test_results_read_during_a_burst_always_add_up(place, secret):
    """Readers computing the results while ballots pour in: never an error
    (each reading is one snapshot of the database)."""
    from django.core.cache import cache

    organisation, staff = place
    consultation = make_consultation(organisation, staff, secret=secret, live_step=3,
                                     results_visibility=ResultsVisibility.LIVE,
                                     questions=(("Pour ?", Method.YES_NO, []),
                                                ("Formule", Method.MULTIPLE, ["A", "B", "C"])))
    yes_no, multiple = consultation.questions.all()
    options = [option.pk for option in multiple.options.all()]
    voters = [member_of(organisation) for _ in range(40)]

    def work(item):
        kind, index = item
        if kind == "vote":
            services.ballot_cast(consultation=consultation, user=voters[index], answers={
                yes_no.pk: (index % 3) - 1, multiple.pk: set(options[: index % 3]) or None})
        else:
            cache.clear()  # every reading computes, none is served from the cache
            results = consultation_results(consultation)
            assert all(item.result is not None for item in results.questions)

    items = [("vote", n) for n in range(40)] + [("read", n) for n in range(40)]
    errors = _in_threads(work, items, 20)
    assert errors == []


def test_a_paper_ballot_and_an_online_vote_at_once_make_one(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff)
    question, options = _single(consultation)
    voter = member_of(organisation)

    def vote(channel):
        if channel == "paper":
            services.paper_ballot_enter(consultation=consultation, user=staff, voter=voter,
                                        answers={question.pk: options[0]})
        else:
            services.ballot_cast(consultation=consultation, user=voter, answers={question.pk: options[1]})

    errors = race(vote, ["paper", "online"] * 5)
    assert sum(error is None for error in errors) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None), errors
    assert len(box_contents(consultation)) == 1


def test_a_batch_never_exceeds_its_signatures(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, questions=(("Pour ?", Method.YES_NO, []),))
    question = consultation.questions.get()
    batch = services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=3)
    errors = race(lambda n: services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: 1}),
                  range(8))
    assert sum(error is None for error in errors) == 3
    assert len(box_contents(consultation)) == 3


def test_a_ballot_racing_the_closing_is_counted_or_refused_never_lost(place):
    """Votes arriving while staff close the vote: each is either in the
    count or refused with a message; the box is never left half-counted."""
    organisation, staff = place
    consultation = make_consultation(organisation, staff)
    question, options = _single(consultation)
    voters = [member_of(organisation) for _ in range(20)]

    def act(index):
        if index == 10:
            services.consultation_close(consultation=consultation, user=staff)
        else:
            services.ballot_cast(consultation=consultation, user=voters[index], answers={question.pk: options[0]})

    errors = race(act, range(20))
    accepted = sum(error is None for error in errors) - 1  # the closing itself
    assert all(isinstance(error, ValidationError) for error in errors if error is not None), errors
    consultation.refresh_from_db()
    assert consultation.counted_at is not None
    assert not SealedBallot.objects.filter(consultation=consultation).exists()
    assert Ballot.objects.filter(consultation=consultation).count() == accepted
    assert VoterRecord.objects.filter(consultation=consultation).count() == accepted
