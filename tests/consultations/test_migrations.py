"""Migration 0002 brings what was recorded before sealed ballots under the
new rules: run backwards to 0001, fill the old tables as the old code did,
then forwards again."""

import hashlib
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.concurrency import wagtail_tree  # noqa: F401  (fixture)

BEFORE = [("consultations", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_user

    organisation = OrganisationFactory(title="Centre social d'avant")
    voters = [make_user(f"ancien{n}") for n in range(4)]  # with the account tables of today
    apps = _migrate(BEFORE)
    yield apps, organisation.pk, voters
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app as it is now


def _vote(apps, organisation_id, title, *, closes_in_days, voters, batch_signatures=0):
    Consultation = apps.get_model("consultations", "Consultation")
    Question = apps.get_model("consultations", "Question")
    Option = apps.get_model("consultations", "Option")
    VoterRecord = apps.get_model("consultations", "VoterRecord")
    Ballot = apps.get_model("consultations", "Ballot")
    Answer = apps.get_model("consultations", "Answer")
    PaperBatch = apps.get_model("consultations", "PaperBatch")
    now = timezone.now()
    consultation = Consultation.objects.create(
        organisation_id=organisation_id, title=title, opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=closes_in_days), secret=True, published_at=now - timedelta(days=3))
    question = Question.objects.create(consultation=consultation, position=1, text="Quelle formule ?",
                                       method="choix_unique")
    options = [Option.objects.create(question=question, position=n, label=label) for n, label in enumerate("ABC")]
    for index, user in enumerate(voters):
        VoterRecord.objects.create(consultation=consultation, user_id=user.pk)
        ballot = Ballot.objects.create(id=uuid.uuid4(), consultation=consultation,
                                       receipt_hash=hashlib.sha256(f"{title}{user.pk}:CODE{index}".encode()).hexdigest())
        Answer.objects.create(id=uuid.uuid4(), ballot=ballot, question=question, option=options[index % 3],
                              exclusive=True)
    if batch_signatures:
        batch = PaperBatch.objects.create(consultation=consultation, signatures=batch_signatures)
        for _n in range(batch_signatures):
            ballot = Ballot.objects.create(id=uuid.uuid4(), consultation=consultation, channel="papier", batch=batch)
            Answer.objects.create(id=uuid.uuid4(), ballot=ballot, question=question, option=options[0],
                                  exclusive=True)
    return consultation.pk, [option.pk for option in options]


def test_old_secret_ballots_are_sealed_or_shuffled_and_receipts_leave_the_sessions(old_apps):
    from consultations.ballot_box import box_read
    from consultations.models import Ballot, Consultation, PaperBatch, SealedBallot
    from consultations.selectors import consultation_questions, consultation_results

    apps, organisation_id, voters = old_apps
    open_id, open_options = _vote(apps, organisation_id, "Encore ouverte", closes_in_days=5, voters=voters[:3],
                                  batch_signatures=2)
    closed_id, _ = _vote(apps, organisation_id, "Déjà close", closes_in_days=-1, voters=voters)
    session = SessionStore()
    session["consultation-receipts"] = {str(open_id): "ABCD-EFGH-JKLM"}
    session["_auth_user_id"] = str(voters[0].pk)
    session.create()
    assert "consultation-receipts" in SessionStore(session.session_key).load()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    cache.clear()

    opened = Consultation.objects.get(pk=open_id)
    assert not Ballot.objects.filter(consultation=opened).exists()
    assert SealedBallot.objects.filter(consultation=opened).count() == 5
    assert not SealedBallot.objects.filter(consultation=opened, lookup__isnull=False).exists()
    state = box_read(opened, consultation_questions(opened))
    assert state.ballots == 5
    results = consultation_results(opened)
    assert results.partial == 5
    counts = {tally.key: tally.count for tally in results.questions[0].result.tallies}
    assert counts == {open_options[0]: 3, open_options[1]: 1, open_options[2]: 1}
    batch = PaperBatch.objects.get(consultation=opened)
    assert (batch.unnamed_signatures, batch.ballots_entered) == (2, 2)

    closed = Consultation.objects.get(pk=closed_id)
    assert closed.counted_at is not None
    ballots = Ballot.objects.filter(consultation=closed)
    assert ballots.count() == 4 and not ballots.filter(receipt_hash__isnull=False).exists()
    assert set(ballots.values_list("channel", flat=True)) == {""}
    assert consultation_results(closed).ballots_total == 4

    kept = SessionStore(session.session_key).load()
    assert "consultation-receipts" not in kept and kept["_auth_user_id"] == str(voters[0].pk)
