"""Votes stay exact when people click at the same time (PostgreSQL, real
transactions, one thread per click): the database's unique constraints
decide, the service turns the loser into a clear refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations import services
from consultations.models import Answer, Ballot, Method, VoterRecord
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.postgres

# PostgreSQL here accepts 100 connections; the test database and the
# pytest process hold a few.
MAX_THREADS = 80


@pytest.fixture
def place(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_staff

    organisation = OrganisationFactory(title="Centre social concurrent")
    return organisation, make_staff(organisation)


def _single(consultation):
    question = consultation.questions.get()
    return question, [option.pk for option in question.options.all()]


def test_fifty_simultaneous_submissions_by_one_person_leave_one_ballot(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff)
    question, options = _single(consultation)
    voter = member_of(organisation)
    errors = race(lambda n: services.ballot_cast(consultation=consultation, user=voter,
                                                 answers={question.pk: options[n % 3]}), range(50))
    assert sum(error is None for error in errors) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None)
    assert VoterRecord.objects.filter(consultation=consultation).count() == 1
    assert Ballot.objects.filter(consultation=consultation).count() == 1
    assert Answer.objects.filter(ballot__consultation=consultation).count() == 1


def test_simultaneous_changes_of_a_public_vote_leave_one_ballot(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, secret=False, changes_allowed=True)
    question, options = _single(consultation)
    voter = member_of(organisation)
    race(lambda n: services.ballot_cast(consultation=consultation, user=voter,
                                        answers={question.pk: options[n % 3]}), range(30))
    assert Ballot.objects.filter(consultation=consultation).count() == 1
    assert Answer.objects.filter(ballot__consultation=consultation).count() == 1


def test_two_hundred_voters_at_once_are_all_counted(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff)
    question, options = _single(consultation)
    voters = [member_of(organisation) for _ in range(200)]
    # 200 votes released together through 80 connections.
    barrier = threading.Barrier(MAX_THREADS)
    errors = []

    def run(chunk):
        try:
            barrier.wait(30)
            for index, voter in chunk:
                services.ballot_cast(consultation=consultation, user=voter,
                                     answers={question.pk: options[index % 3]})
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    chunks = [list(enumerate(voters))[start::MAX_THREADS] for start in range(MAX_THREADS)]
    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Ballot.objects.filter(consultation=consultation).count() == 200
    assert VoterRecord.objects.filter(consultation=consultation).count() == 200
    counts = {option: Answer.objects.filter(option_id=option).count() for option in options}
    assert counts == {options[0]: 67, options[1]: 67, options[2]: 66}


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
    assert Ballot.objects.filter(consultation=consultation).count() == 1


def test_a_batch_never_exceeds_its_signatures(place):
    organisation, staff = place
    consultation = make_consultation(organisation, staff, questions=(("Pour ?", Method.YES_NO, []),))
    question = consultation.questions.get()
    batch = services.paper_batch_create(consultation=consultation, user=staff, signatures=3)
    race(lambda n: services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: 1}), range(8))
    assert Ballot.objects.filter(batch=batch).count() == 3
