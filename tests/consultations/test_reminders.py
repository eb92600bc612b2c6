"""Reminders (issue 22): two days before a consultation closes, each person
who may vote in it online and has not voted is told so once, in the site and
by e-mail, unless they switched the reminders off. Who may vote is the
consultation's own rule; nothing but "you have not voted yet" is said, and
only to the person."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations import services
from consultations.models import Eligibility
from consultations.notices import REMINDER, REMINDERS
from consultations.services.reminders import consultation_remind, reminders_send
from participation.emails import email_wanted
from participation.models import EmailFrequency, Notification
from participation.services import email_frequency_set, email_preference_set
from tests.participation.conftest import make_committee, make_user, seat

from .conftest import make_consultation, member_of
from .test_rules import registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing(organisation, staff):
    """Open, closing in a day and a half; the staff member (who may vote) has voted."""
    now = timezone.now()
    consultation = open_since(make_consultation(organisation, staff, title="Horaires du café", secret=True,
                                                closes_at=now + timedelta(hours=36)))
    vote(consultation, staff)
    mail.outbox.clear()
    return consultation


def open_since(consultation, days=5):
    """Opened days ago (opening sets `opens_at` to the moment it opens)."""
    from consultations.models import Consultation

    Consultation.objects.filter(pk=consultation.pk).update(opens_at=timezone.now() - timedelta(days=days))
    consultation.refresh_from_db()
    return consultation


def reminded(consultation):
    return sorted(Notification.objects.filter(kind=REMINDER, target_id=consultation.pk)
                  .values_list("recipient__username", flat=True))


def vote(consultation, person):
    question = consultation.questions.get()
    services.ballot_cast(consultation=consultation, user=person,
                         answers={question.pk: question.options.first().pk})


def test_only_eligible_people_who_have_not_voted_are_reminded(commit, organisation, closing):
    voted, waiting = member_of(organisation, "avote"), member_of(organisation, "attend")
    unverified = member_of(organisation, "nonconfirme", verified=False)
    outsider = make_user("exterieure")
    vote(closing, voted)
    mail.outbox.clear()
    commit(reminders_send)
    assert reminded(closing) == ["attend"]
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    assert "Horaires du café" in message.subject and "Vous n’avez pas encore voté" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for person in (voted, unverified, outsider):
        assert not Notification.objects.filter(recipient=person, kind=REMINDER).exists()


def test_a_reminder_says_nothing_of_anyones_vote(commit, organisation, closing):
    waiting = member_of(organisation, "attend")
    for n in range(3):
        vote(closing, member_of(organisation, f"votant{n}"))
    commit(reminders_send)
    (message,) = mail.outbox[-1:]
    notification = Notification.objects.get(recipient=waiting, kind=REMINDER)
    for text in (message.subject, message.body, notification.title, notification.detail):
        assert not re.search(r"\b3\b|Matin|votant|\bA\b|\bB\b", text)


def test_each_person_is_reminded_once(commit, organisation, closing):
    member_of(organisation, "attend")
    commit(reminders_send)
    commit(reminders_send)
    assert consultation_remind(consultation=closing) == 0
    assert reminded(closing) == ["attend"] and len(mail.outbox) == 1


def test_not_too_early_nor_after_the_closing(organisation, staff):
    member_of(organisation, "attend")
    now = timezone.now()
    later = open_since(make_consultation(organisation, staff, title="Plus tard", closes_at=now + timedelta(days=3)))
    short = open_since(make_consultation(organisation, staff, title="Vote éclair", closes_at=now + timedelta(hours=23)),
                       days=0)  # opened an hour before its last day: announced, not reminded of
    reminders_send()
    assert reminded(later) == [] and reminded(short) == []
    draft = make_consultation(organisation, staff, title="Brouillon", open_=False, closes_at=now + timedelta(days=1))
    reminders_send()
    assert reminded(draft) == []


def test_the_reminders_can_be_switched_off_in_one_click(commit, organisation, closing, staff):
    waiting = member_of(organisation, "attend")
    quiet = member_of(organisation, "discret")
    email_preference_set(user=quiet, key=REMINDERS, enabled=False)
    commit(reminders_send)
    assert reminded(closing) == ["attend"]
    (message,) = mail.outbox
    link = re.search(r"(/desabonnement/\S+/)", message.body).group(1)
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200
    assert not email_wanted(waiting, REMINDERS) and email_wanted(waiting, "followed")
    second = open_since(make_consultation(organisation, staff, title="Second vote",
                                          closes_at=timezone.now() + timedelta(hours=20)))
    commit(reminders_send)
    assert reminded(second) == ["claire"]  # the staff member, who has not voted in this one


def test_reminders_leave_at_once_for_people_on_a_digest(commit, organisation, closing):
    waiting = member_of(organisation, "attend")
    email_frequency_set(user=waiting, frequency=EmailFrequency.WEEKLY)
    commit(reminders_send)
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_the_electorate_rules_are_the_consultations_own(commit, organisation, staff):
    today = timezone.localdate()
    registered(organisation, "ajour", starts=today - timedelta(days=30), ends=today + timedelta(days=300))
    registered(organisation, "perime", starts=today - timedelta(days=400), ends=today - timedelta(days=30))
    registered(organisation, "consultatif", starts=today - timedelta(days=30),
                              ends=today + timedelta(days=300), vote="consultative")
    member_of(organisation, "declaree")  # declared, not in the register
    members = open_since(make_consultation(organisation, staff, title="AG", eligibility=Eligibility.MEMBERS,
                                           closes_at=timezone.now() + timedelta(days=1)))
    committee = make_committee(organisation, "Comité jardin")
    seat(committee, member_of(organisation, "jardiniere"))
    seat(committee, make_user("candidate"), status="pending")
    garden = open_since(make_consultation(organisation, staff, title="Jardin", eligibility=Eligibility.COMMITTEE,
                                          committee=committee, closes_at=timezone.now() + timedelta(days=1)))
    commit(reminders_send)
    assert reminded(members) == ["ajour"]
    assert reminded(garden) == ["jardiniere"]


def test_who_left_the_electorate_after_the_reminder_no_longer_sees_it(client, organisation, closing):
    from participation.models import Membership

    waiting = member_of(organisation, "attend")
    reminders_send()
    Membership.objects.filter(user=waiting).delete()
    client.force_login(waiting)
    page = client.get("/compte/notifications/").content.decode()
    assert "Horaires du café" not in page


def test_a_reminder_rings_the_bell(commit, organisation, closing, client):
    waiting = member_of(organisation, "attend")
    commit(reminders_send)
    client.force_login(waiting)
    page = client.get("/compte/notifications/").content.decode()
    assert "Horaires du café" in page and "Vous n’avez pas encore voté" in page

