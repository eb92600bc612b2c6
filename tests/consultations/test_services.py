"""Consultations' writes: the lifecycle, the questions' lock, votes checked
against the clock, eligibility and tampering, secrecy, paper ballots and
the audit log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models.deletion import ProtectedError

from consultations import services
from consultations.counting import ABSTAIN
from consultations.models import (
    Answer,
    AuditAction,
    AuditEntry,
    Ballot,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Method,
    Option,
    Question,
    SealedBallot,
    VoteChannel,
    VoterRecord,
)
from consultations.sealing import keys_of
from consultations.selectors import consultation_questions
from consultations.tally import Line
from tests.participation.conftest import make_committee, make_staff, make_user, seat

from .conftest import NOW, box_contents, box_options, close_and_count, make_consultation, member_of, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are matched in their source language here (the views'
    tests read them in French)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_lifecycle_from_draft_to_closed(organisation, staff):
    consultation = make_consultation(organisation, staff, open_=False,
                                     opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=3))
    assert consultation.status(NOW) == ConsultationStatus.DRAFT
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=False, now=NOW)
    assert consultation.status(NOW) == ConsultationStatus.SCHEDULED
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True, now=NOW)
    assert consultation.status(NOW) == ConsultationStatus.OPEN and consultation.opens_at == NOW.replace(microsecond=0)
    consultation = services.consultation_close(consultation=consultation, user=staff, now=NOW + timedelta(hours=1))
    assert consultation.status(NOW + timedelta(hours=1)) == ConsultationStatus.CLOSED
    actions = list(AuditEntry.objects.filter(consultation=consultation).values_list("action", flat=True))
    assert actions == [AuditAction.COUNTED, AuditAction.CLOSED, AuditAction.OPENED, AuditAction.SCHEDULED,
                       AuditAction.QUESTIONS, AuditAction.CREATED]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {staff.pk}


def test_opening_needs_questions_with_options(organisation, staff):
    consultation = make_consultation(organisation, staff, questions=(), open_=False)
    with pytest.raises(ValidationError, match="at least one question"):
        services.consultation_open(consultation=consultation, user=staff, immediately=True)
    with pytest.raises(ValidationError):
        services.question_save(consultation=consultation, user=staff, text="Q", method=Method.SINGLE,
                               labels=["Seule"])
    with pytest.raises(ValidationError):
        services.question_save(consultation=consultation, user=staff, text="Q", method=Method.SINGLE,
                               labels=["A", "a"])
    with pytest.raises(ValidationError):
        services.question_save(consultation=consultation, user=staff, text="Q", method=Method.MULTIPLE,
                               labels=["A", "B"], min_choices=2, max_choices=3)


def test_who_may_create_and_manage(organisation, staff, council, animator, voters):
    resident = voters[0]
    with pytest.raises(PermissionDenied):
        make_consultation(organisation, resident)
    # A conseil de maison member may, for the organisation or the council.
    member = member_of(organisation, "conseiller")
    seat(council, member)
    assert make_consultation(organisation, member).pk
    # An animator of another committee only for the committee they run.
    other = make_committee(organisation, "Comité jeunesse")
    runner = make_user("meneur")
    seat(other, runner, role="animateur")
    with pytest.raises(ValidationError):
        make_consultation(organisation, runner)
    mine = make_consultation(organisation, runner, committee=other)
    with pytest.raises(ValidationError):
        services.consultation_update(consultation=mine, user=runner, committee=council)


def test_other_organisations_staff_cannot_touch(organisation, consultation):
    from tests.cms.factories import OrganisationFactory

    elsewhere = make_staff(OrganisationFactory(title="Ailleurs"))
    with pytest.raises(PermissionDenied):
        services.consultation_close(consultation=consultation, user=elsewhere)
    with pytest.raises(PermissionDenied):
        services.consultation_update(consultation=consultation, user=elsewhere, title="Pris")


def test_a_vote_is_recorded_once_with_a_receipt(consultation, staff, voters):
    question, (a, b, c) = option_ids(consultation)
    outcome = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b})
    assert outcome.receipt and not outcome.changed
    # Sealed in the box until the count: no plain ballot yet.
    assert not Ballot.objects.exists()
    sealed = SealedBallot.objects.get()
    assert sealed.lookup == keys_of(consultation).lookup(voters[0].pk, outcome.receipt)
    assert box_options(consultation) == [b]
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    assert SealedBallot.objects.count() == 1 and VoterRecord.objects.count() == 1
    assert services.ballot_lines(consultation=consultation, user=voters[0], code=outcome.receipt.lower()) == [
        Line(question=question.pk, option=b)]
    assert services.ballot_lines(consultation=consultation, user=voters[0], code="AAAA-BBBB-CCCC") is None
    # The code means nothing from another account.
    assert services.ballot_lines(consultation=consultation, user=voters[1], code=outcome.receipt) is None
    # Counted: the ballot keeps a receipt handle of its own, and still
    # answers its voter's code.
    close_and_count(consultation, staff)
    ballot = Ballot.objects.get()
    assert ballot.voter is None and ballot.channel == ""
    assert ballot.receipt_hash == keys_of(consultation).receipt(voters[0].pk, outcome.receipt) != sealed.lookup
    assert list(ballot.answers.values_list("option_id", flat=True)) == [b]
    assert not SealedBallot.objects.exists()
    consultation.refresh_from_db()
    assert services.ballot_lines(consultation=consultation, user=voters[0], code=outcome.receipt) == [
        Line(question=question.pk, option=b)]
    assert services.ballot_lines(consultation=consultation, user=voters[1], code=outcome.receipt) is None


def test_the_secret_ballot_cannot_be_joined_to_its_voter(consultation, staff, voters):
    """Nothing in the ballot tables points to a person, a time or an order."""
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    ballot_fields = {field.name for field in Ballot._meta.concrete_fields}
    answer_fields = {field.name for field in Answer._meta.concrete_fields}
    sealed_fields = {field.name for field in SealedBallot._meta.concrete_fields}
    assert ballot_fields == {"id", "consultation", "voter", "channel", "receipt_hash"}
    assert answer_fields == {"id", "ballot", "question", "option", "value", "rank", "exclusive"}
    assert sealed_fields == {"id", "consultation", "lookup", "envelope"}
    # The identifiers are random: their order says nothing of the votes'.
    for model in (Ballot, Answer, SealedBallot):
        assert model._meta.pk.get_internal_type() == "UUIDField"
    voter_fields = {field.name for field in VoterRecord._meta.concrete_fields}
    assert not voter_fields & {"ballot", "receipt_hash", "answers", "lookup", "envelope"}
    close_and_count(consultation, staff)
    assert Ballot.objects.get().voter_id is None


def test_public_ballots_name_their_voter(organisation, staff, voters):
    consultation = make_consultation(organisation, staff, secret=False)
    question, (a, *_rest) = option_ids(consultation)
    outcome = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    assert outcome.receipt is None and Ballot.objects.get().voter == voters[0]


def test_votes_follow_the_server_clock(organisation, staff, voters):
    consultation = make_consultation(organisation, staff, opens_at=NOW + timedelta(hours=1),
                                     closes_at=NOW + timedelta(days=1))
    question, (a, *_rest) = option_ids(consultation)
    with pytest.raises(ValidationError, match="not open yet"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a}, now=NOW)
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a},
                             now=NOW + timedelta(days=1))
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a},
                         now=NOW + timedelta(hours=2))
    assert SealedBallot.objects.count() == 1


def test_eligibility(organisation, staff, council, voters):
    outsider = make_user("dehors")
    unverified = member_of(organisation, "pasconfirme", verified=False)
    by_org = make_consultation(organisation, staff)
    question, (a, *_rest) = option_ids(by_org)
    with pytest.raises(ValidationError, match="declared themselves part of"):
        services.ballot_cast(consultation=by_org, user=outsider, answers={question.pk: a})
    with pytest.raises(ValidationError, match="Confirm your email"):
        services.ballot_cast(consultation=by_org, user=unverified, answers={question.pk: a})
    by_council = make_consultation(organisation, staff, committee=council, eligibility=Eligibility.COMMITTEE)
    question, (a, *_rest) = option_ids(by_council)
    with pytest.raises(ValidationError, match="Conseil de maison"):
        services.ballot_cast(consultation=by_council, user=voters[0], answers={question.pk: a})
    seat(council, voters[0])
    services.ballot_cast(consultation=by_council, user=voters[0], answers={question.pk: a})
    anyone = make_consultation(organisation, staff, eligibility=Eligibility.VERIFIED)
    question, (a, *_rest) = option_ids(anyone)
    services.ballot_cast(consultation=anyone, user=outsider, answers={question.pk: a})
    assert SealedBallot.objects.count() == 2


def _questions(consultation):
    return {question.method: (question, [option.pk for option in question.options.all()])
            for question in consultation.questions.prefetch_related("options")}


def test_tampered_ballots_are_refused_and_nothing_is_saved(every_method, organisation, staff, voters):
    q = _questions(every_method)
    other = make_consultation(organisation, staff)
    __, foreign = option_ids(other)
    tampered = [
        {q[Method.SINGLE][0].pk: foreign[0]},                                      # another question's option
        {q[Method.YES_NO][0].pk: 7},                                               # not for/against/abstain
        {q[Method.MAJORITY][0].pk: {q[Method.MAJORITY][1][0]: 9}},                 # grade out of range
        {q[Method.RANKING][0].pk: dict(zip(q[Method.RANKING][1], [1, 1, 2]))},     # duplicated rank
        {q[Method.RANKING][0].pk: {q[Method.RANKING][1][0]: 4}},                   # rank out of range
        {q[Method.SCORE][0].pk: {q[Method.SCORE][1][0]: 6}},                       # score out of range
        {q[Method.MULTIPLE][0].pk: {foreign[0]}},                                  # foreign option
        {option_ids(other)[0].pk: foreign[0]},                                     # foreign question
        {q[Method.RANKING][0].pk: {foreign[0]: 1}},
    ]
    for answers in tampered:
        with pytest.raises(ValidationError):
            services.ballot_cast(consultation=every_method, user=voters[0], answers=answers)
    assert not Ballot.objects.exists() and not VoterRecord.objects.exists() and not Answer.objects.exists()
    assert not SealedBallot.objects.exists()


def test_a_full_ballot_with_blanks(every_method, voters):
    q = _questions(every_method)
    services.ballot_cast(consultation=every_method, user=voters[0], answers={
        q[Method.YES_NO][0].pk: ABSTAIN,
        q[Method.MULTIPLE][0].pk: set(q[Method.MULTIPLE][1][:2]),
        q[Method.RANKING][0].pk: {q[Method.RANKING][1][2]: 1, q[Method.RANKING][1][0]: 2},
        q[Method.MAJORITY][0].pk: {q[Method.MAJORITY][1][0]: 0, q[Method.MAJORITY][1][1]: 6},
        q[Method.SCORE][0].pk: {q[Method.SCORE][1][1]: 5},
    })
    assert len(box_contents(every_method)[0]) == 1 + 2 + 2 + 2 + 1


def test_the_database_holds_one_answer_per_exclusive_question_and_rank(every_method, voters):
    """Even written past the service, two answers to a single choice or two
    equal ranks do not fit."""
    from django.db import IntegrityError, transaction

    q = _questions(every_method)
    ballot = Ballot.objects.create(consultation=every_method)
    single, (matin, soir) = q[Method.SINGLE]
    Answer.objects.create(ballot=ballot, question=single, option_id=matin, exclusive=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(ballot=ballot, question=single, option_id=soir, exclusive=True)
    ranking, (x, y, __) = q[Method.RANKING]
    Answer.objects.create(ballot=ballot, question=ranking, option_id=x, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(ballot=ballot, question=ranking, option_id=y, rank=1)
    yes_no = q[Method.YES_NO][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(ballot=ballot, question=yes_no, value=5, exclusive=True)


def test_questions_are_locked_once_the_vote_opens(organisation, staff):
    """Someone may be filling in the ballot: it stays the one they read."""
    consultation = make_consultation(organisation, staff, open_=False)
    question, __ = option_ids(consultation)
    services.question_save(consultation=consultation, user=staff, question=question, text="Reformulée",
                           method=Method.SINGLE, labels=["A", "B", "C"])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    with pytest.raises(ValidationError, match="vote is open"):
        services.question_save(consultation=consultation, user=staff, question=question, text="Encore",
                               method=Method.SINGLE, labels=["A", "B"])
    with pytest.raises(ValidationError, match="vote is open"):
        services.question_delete(question=question, user=staff)


def test_a_ballot_checked_against_questions_that_changed_is_refused(organisation, staff, voters):
    """A scheduled vote opens by the clock while its questions may be being
    saved: a ballot checked against the old options is never sealed."""
    consultation = make_consultation(organisation, staff, open_=False)
    stale = list(consultation_questions(consultation))
    question = stale[0]
    a = question.options.all()[0].pk
    Option.objects.filter(question=question).delete()
    Option.objects.bulk_create([Option(question=question, label="Nouvelle", position=1),
                                Option(question=question, label="Autre", position=2)])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    with pytest.raises(ValidationError, match="questions have just changed"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a}, questions=stale)
    assert not SealedBallot.objects.exists() and not VoterRecord.objects.exists()


def test_questions_are_locked_once_someone_voted(consultation, staff, voters):
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    with pytest.raises(ValidationError, match="already voted"):
        services.question_save(consultation=consultation, user=staff, question=question, text="Encore",
                               method=Method.SINGLE, labels=["A", "B"])
    with pytest.raises(ValidationError):
        services.question_delete(question=question, user=staff)
    with pytest.raises(ValidationError, match="voting rules"):
        services.consultation_update(consultation=consultation, user=staff, secret=False)
    with pytest.raises(ValidationError, match="cannot be deleted|not deleted"):
        services.consultation_delete(consultation=consultation, user=staff)
    # The database backs it: ballots protect their consultation.
    with pytest.raises(ProtectedError):
        Consultation.objects.filter(pk=consultation.pk).delete()
    services.consultation_update(consultation=consultation, user=staff, title="Nouveau titre",
                                 closes_at=NOW + timedelta(days=9))


def test_a_draft_can_be_deleted_and_the_log_keeps_it(organisation, staff):
    consultation = make_consultation(organisation, staff, open_=False)
    services.consultation_delete(consultation=consultation, user=staff)
    entry = AuditEntry.objects.first()
    assert entry.action == AuditAction.DELETED and entry.consultation is None
    assert entry.consultation_title == "Le café Reflets"


def test_changing_a_public_vote(organisation, staff, voters):
    consultation = make_consultation(organisation, staff, secret=False, changes_allowed=True)
    question, (a, b, __) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    outcome = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b})
    assert outcome.changed
    assert list(Answer.objects.values_list("option_id", flat=True)) == [b] and Ballot.objects.count() == 1


def test_changing_a_secret_vote_needs_the_receipt(organisation, staff, voters):
    consultation = make_consultation(organisation, staff, changes_allowed=True)
    question, (a, b, __) = option_ids(consultation)
    first = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: a})
    with pytest.raises(ValidationError, match="receipt code"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b})
    with pytest.raises(ValidationError, match="matches no ballot"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b},
                             receipt="ZZZZ-ZZZZ-ZZZZ")
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b}, receipt=first.receipt)
    assert box_options(consultation) == sorted([a, b])
    assert services.ballot_lines(consultation=consultation, user=voters[0], code=first.receipt) == [
        Line(question=question.pk, option=b)]


def test_someone_elses_receipt_changes_nothing(organisation, staff, voters):
    """A code seen over a neighbour's shoulder does not let another voter
    replace the neighbour's secret ballot (nor their own twice)."""
    consultation = make_consultation(organisation, staff, changes_allowed=True)
    question, (a, b, c) = option_ids(consultation)
    hers = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: b})
    with pytest.raises(ValidationError, match="matches no ballot"):
        services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: c},
                             receipt=hers.receipt)
    assert box_options(consultation) == sorted([a, b])


def test_a_named_paper_ballot_blocks_the_online_vote_and_back(consultation, staff, voters):
    question, (a, b, __) = option_ids(consultation)
    services.paper_ballot_enter(consultation=consultation, user=staff, voter=voters[0], answers={question.pk: a})
    with pytest.raises(ValidationError, match="paper"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b})
    services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: b})
    with pytest.raises(ValidationError, match="already voted"):
        services.paper_ballot_enter(consultation=consultation, user=staff, voter=voters[1], answers={question.pk: a})
    assert VoterRecord.objects.filter(channel=VoteChannel.PAPER).count() == 1
    assert box_options(consultation) == sorted([a, b])
    assert AuditEntry.objects.filter(action=AuditAction.PAPER_BALLOT).count() == 1


def test_only_staff_enter_paper_ballots(organisation, staff, council, animator, voters):
    consultation = make_consultation(organisation, staff, committee=council)
    question, (a, *_rest) = option_ids(consultation)
    with pytest.raises(PermissionDenied):
        services.paper_ballot_enter(consultation=consultation, user=animator, voter=voters[0],
                                    answers={question.pk: a})


def test_a_paper_batch_holds_no_more_ballots_than_signatures(consultation, staff, voters):
    question, (a, b, __) = option_ids(consultation)
    batch = services.paper_batch_create(consultation=consultation, user=staff, signers=[voters[0]],
                                        unnamed_signatures=1, note="Accueil")
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: a})
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: b})
    with pytest.raises(ValidationError, match="as many ballots"):
        services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: a})
    batch.refresh_from_db()
    assert batch.ballots_entered == 2 and box_options(consultation) == sorted([a, b])
    # More signatures on the register allow more ballots.
    services.paper_batch_sign(batch=batch, user=staff, signers=[voters[1]])
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: a})
    assert len(box_contents(consultation)) == 3


def test_the_signers_of_a_batch_cannot_vote_online_and_back(consultation, staff, voters):
    """The register of an anonymous batch is checked against online voters."""
    question, (a, b, __) = option_ids(consultation)
    services.paper_batch_create(consultation=consultation, user=staff, signers=[voters[0]])
    with pytest.raises(ValidationError, match="paper"):
        services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: b})
    services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: b})
    with pytest.raises(ValidationError, match=voters[1].display_name):
        services.paper_batch_create(consultation=consultation, user=staff, signers=[voters[2], voters[1]])
    # Nothing half-written: neither the batch nor the other signer.
    assert consultation.paper_batches.count() == 1
    assert not VoterRecord.objects.filter(user=voters[2]).exists()
    with pytest.raises(ValidationError, match="twice"):
        services.paper_batch_create(consultation=consultation, user=staff, signers=[voters[2], voters[2]])
    with pytest.raises(ValidationError, match="at least one"):
        services.paper_batch_create(consultation=consultation, user=staff)


def test_a_batch_signer_must_be_in_the_electorate(consultation, staff):
    outsider = make_user("dehors")
    with pytest.raises(ValidationError, match="may vote"):
        services.paper_batch_create(consultation=consultation, user=staff, signers=[outsider])


def test_paper_batches_are_for_secret_consultations(organisation, staff):
    consultation = make_consultation(organisation, staff, secret=False)
    with pytest.raises(ValidationError, match="secret"):
        services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=3)


def test_actions_must_be_of_the_organisation_plan(organisation, staff, action):
    from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

    foreign_action = ActionFactory(parent=AxisFactory(parent=PlanFactory(parent=OrganisationFactory(title="Autre"))),
                                   number="9.9")
    consultation = make_consultation(organisation, staff, actions=[action])
    assert list(consultation.actions.all()) == [action]
    with pytest.raises(ValidationError):
        make_consultation(organisation, staff, actions=[foreign_action])


def test_no_query_of_the_app_joins_voters_to_ballots(consultation, voters, django_assert_max_num_queries):
    """The results and exports read ballots and voter records separately."""
    from django.test.utils import CaptureQueriesContext

    from consultations.results import results_rows
    from consultations.selectors import consultation_results

    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    with CaptureQueriesContext(connection) as queries:
        results_rows(consultation_results(consultation))
    for query in queries.captured_queries:
        sql = query["sql"]
        assert not ("consultations_voterrecord" in sql and "consultations_ballot" in sql), sql


def test_a_closed_vote_cannot_be_reopened_by_its_dates(consultation, staff):
    services.consultation_close(consultation=consultation, user=staff)
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.consultation_update(consultation=consultation, user=staff, closes_at=NOW + timedelta(days=30))
    services.consultation_update(consultation=consultation, user=staff, title="Titre corrigé après clôture")


def test_the_cached_questions_follow_every_change(organisation, staff, django_assert_num_queries):
    """A consultation's questions are cached (every ballot reads them): a
    change through the services, the admin or a script shows at once."""
    from consultations.selectors import consultation_questions

    consultation = make_consultation(organisation, staff, open_=False)
    question = consultation_questions(consultation)[0]
    assert [option.label for option in question.options.all()] == ["A", "B", "C"]
    with django_assert_num_queries(0):
        assert consultation_questions(consultation)[0].text == "Quelle formule ?"
    services.question_save(consultation=consultation, user=staff, question=question, text="Laquelle ?",
                           method=Method.SINGLE, labels=["A", "B", "C", "D"])
    question = consultation_questions(consultation)[0]
    assert question.text == "Laquelle ?" and [option.label for option in question.options.all()] == list("ABCD")
    Option.objects.filter(question=question, label="D").delete()
    assert [option.label for option in consultation_questions(consultation)[0].options.all()] == list("ABC")
    Question.objects.create(consultation=consultation, position=2, text="Et le nom ?", method=Method.YES_NO)
    assert [q.text for q in consultation_questions(consultation)] == ["Laquelle ?", "Et le nom ?"]
    other = make_consultation(organisation, staff, open_=False, questions=(("Autre ?", Method.YES_NO, []),))
    assert [q.text for q in consultation_questions(other)] == ["Autre ?"]


def test_a_paper_register_locks_the_voting_rules(consultation, staff):
    """A batch signed only by people without an account: nobody has a voter
    record yet, but people have voted, under these rules."""
    services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=2)
    with pytest.raises(ValidationError, match="voting rules"):
        services.consultation_update(consultation=consultation, user=staff, secret=False)


def test_when_results_are_shown_cannot_change_once_people_voted(consultation, voters, staff):
    """Voters were told when they would see the results: no early peek."""
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    with pytest.raises(ValidationError, match="voting rules"):
        services.consultation_update(consultation=consultation, user=staff, results_visibility="direct")


def test_each_ballot_of_a_batch_is_in_the_log_without_its_content(consultation, staff):
    question, (a, *_rest) = option_ids(consultation)
    batch = services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=2)
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: a})
    entry = AuditEntry.objects.get(action=AuditAction.PAPER_BATCH_BALLOT)
    assert entry.actor == staff and entry.detail == f"batch {batch.pk}, ballot 1 of 2"


def test_a_vote_of_the_members_up_to_date_is_checked_at_cast_time(organisation, staff, voters):
    """The register decides, at the moment of the ballot: a declared resident
    is refused, a member whose period ended is refused, a consultative voice
    too; the electorate counts the accounts with a vote."""
    from participation.models import RegisterMember, Subscription
    from participation.services.register import register_member_add

    consultation = make_consultation(organisation, staff, eligibility=Eligibility.MEMBERS)
    question, (a, *_rest) = option_ids(consultation)
    voting, lapsing, honorary = voters[0], voters[1], voters[2]
    for person, category in ((voting, "adherent"), (lapsing, "adherent"), (honorary, "honneur")):
        register_member_add(organisation=organisation, user=staff, name=person.display_name, account=person,
                            category=category)
    Subscription.objects.filter(member__user=lapsing).update(starts_on=NOW.date() - timedelta(days=40),
                                                             ends_on=NOW.date() - timedelta(days=1))
    from participation import roles

    roles.changed()
    with pytest.raises(ValidationError, match="up to date"):
        services.ballot_cast(consultation=consultation, user=voters[3], answers={question.pk: a})  # declared only
    for refused in (lapsing, honorary):
        with pytest.raises(ValidationError, match="up to date"):
            services.ballot_cast(consultation=consultation, user=refused, answers={question.pk: a})
    services.ballot_cast(consultation=consultation, user=voting, answers={question.pk: a})
    from consultations.selectors import electorate_size

    assert electorate_size(consultation) == 1
    assert RegisterMember.objects.count() == 3
