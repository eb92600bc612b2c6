"""Consultations in the organisation's audit log (issue 19): created,
opened, closed, paper ballots entered, and never what a ballot says."""

import json

import pytest

from consultations import services
from consultations.models import Method
from participation.models import AuditAction, AuditEntry

from .conftest import close_and_count, make_consultation, option_ids

pytestmark = pytest.mark.django_db

CHOICES = ["Choixsecretalpha", "Choixsecretbeta", "Choixsecretgamma"]


def test_a_consultations_life_is_recorded(organisation, staff):
    consultation = make_consultation(organisation, staff)
    close_and_count(consultation, staff)
    events = [entry.after["event"] for entry in AuditEntry.objects.filter(
        action=AuditAction.CONSULTATION_CHANGED).order_by("pk")]
    assert events[0] == "creation" and "cloture" in events
    entry = AuditEntry.objects.filter(action=AuditAction.CONSULTATION_CHANGED).first()
    assert (entry.actor, entry.object_label, entry.object_id) == (staff, "Le café Reflets", str(consultation.pk))


def test_no_ballot_content_ever_reaches_the_log(organisation, staff, voters):
    consultation = make_consultation(organisation, staff, secret=True,
                                     questions=(("Quelle formule ?", Method.SINGLE, CHOICES),))
    question, (a, b, c) = option_ids(consultation)
    services.paper_ballot_enter(consultation=consultation, user=staff, voter=voters[0], answers={question.pk: a})
    batch = services.paper_batch_create(consultation=consultation, user=staff, signers=[voters[1]],
                                        unnamed_signatures=1)
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: b})
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: c})
    close_and_count(consultation, staff)
    paper = AuditEntry.objects.filter(action=AuditAction.PAPER_BALLOTS)
    assert paper.count() == 4  # the named ballot, the batch, its two ballots
    named = paper.get(after__voter=f"#{voters[0].pk}")
    assert set(named.after) == {"event", "voter"}
    logged = json.dumps([[e.object_label, e.before, e.after] for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert not any(choice in logged for choice in CHOICES)
    assert voters[0].display_name not in logged
    for entry in AuditEntry.objects.all():
        assert not {"option", "options", "answers", "choice"} & set(entry.after), entry.after
