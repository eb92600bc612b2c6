"""Digests (issue 22): a person chooses instant, daily or weekly e-mails (or
none) for their notifications; a digest gathers, in one e-mail, what was not
sent yet and what they may still read, grouped by subject, with the same
one-click unsubscribe; each notification is e-mailed at most once, even when
two digests run at once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from participation.emails import DIGEST, email_wanted, unsubscribe_token
from participation.models import EmailFrequency, Notification, NotificationKind, User
from participation.services import comment_post, email_frequency_set, email_preference_set, follow_set
from participation.services.digests import LOOKBACK, digest_send, digests_send
from tests.cms.factories import ActionFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_action(axis):
    return ActionFactory(parent=axis, number="1.2", title="Jardin partagé")


def follower(name, frequency, *targets):
    person = make_user(name)
    email_frequency_set(user=person, frequency=frequency)
    for target in targets:
        follow_set(user=person, target=target, follow=True)
    return person


def to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def test_instant_stays_the_default_and_sends_one_email_per_notification(commit, action, resident, neighbour):
    person = make_user("instantane")
    assert person.email_frequency == EmailFrequency.INSTANT
    follow_set(user=person, target=action, follow=True)
    commit(comment_post, user=resident, target=action, text="Un")
    commit(comment_post, user=neighbour, target=action, text="Deux")
    assert len(to(person)) == 2
    assert digests_send(frequency=EmailFrequency.DAILY) == "0 digest(s), 0 notification(s)"


def test_a_daily_digest_gathers_the_day_in_one_email_grouped_by_subject(commit, action, other_action, resident,
                                                                         neighbour):
    person = follower("quotidienne", EmailFrequency.DAILY, action, other_action)
    commit(comment_post, user=resident, target=action, text="Un")
    commit(comment_post, user=neighbour, target=other_action, text="Deux")
    commit(comment_post, user=neighbour, target=action, text="Trois")
    assert to(person) == []  # nothing at once
    assert Notification.objects.filter(recipient=person, emailed_at__isnull=True).count() == 3
    assert digests_send(frequency=EmailFrequency.DAILY) == "1 digest(s), 3 notification(s)"
    (message,) = to(person)
    assert "Votre journée" in message.subject and "3 notifications" in message.subject
    body = message.body
    # One heading per subject, the newest subject first, each with its notifications.
    assert body.index("== Café des habitants") < body.index("== Jardin partagé")
    assert body.count("== Café des habitants") == 1 and body.count("a commenté") == 3
    assert "Un" not in re.findall(r"^- .*$", body, re.M)[0]  # the comments' text stays on the site
    assert action.url in body and other_action.url in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and html.count("<h2>") == 2 and "Jardin partagé" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/desabonnement/" in message.extra_headers["List-Unsubscribe"]
    assert "/compte/profil/#emails" in body  # where to change the frequency
    assert not Notification.objects.filter(recipient=person, emailed_at__isnull=True).exists()
    mail.outbox.clear()
    assert digests_send(frequency=EmailFrequency.DAILY).startswith("0 digest")  # nothing twice


def test_each_frequency_has_its_own_run(commit, action, resident):
    daily = follower("jour", EmailFrequency.DAILY, action)
    weekly = follower("semaine", EmailFrequency.WEEKLY, action)
    never = follower("jamais", EmailFrequency.NONE, action)
    commit(comment_post, user=resident, target=action, text="Un")
    assert mail.outbox == []
    digests_send(frequency=EmailFrequency.DAILY)
    assert len(to(daily)) == 1 and to(weekly) == []
    digests_send(frequency=EmailFrequency.WEEKLY)
    assert len(to(weekly)) == 1 and "Votre semaine" in to(weekly)[0].subject
    assert to(never) == [] and Notification.objects.filter(recipient=never).count() == 1  # still on the site


def test_a_kind_switched_off_stays_out_of_the_digest(commit, action, resident):
    person = follower("choisie", EmailFrequency.DAILY, action)
    email_preference_set(user=person, key="followed", enabled=False)
    commit(comment_post, user=resident, target=action, text="Un")
    assert digest_send(user=person, frequency=EmailFrequency.DAILY) == 0 and mail.outbox == []


def test_who_lost_access_meanwhile_gets_nothing_about_it(commit, action, other_action, resident):
    """may_receive is asked again when the digest leaves: the page turned
    private since the notification was made."""
    person = follower("exclue", EmailFrequency.DAILY, action, other_action)
    commit(comment_post, user=resident, target=action, text="Un")
    commit(comment_post, user=resident, target=other_action, text="Deux")
    restriction = PageViewRestriction.objects.create(page=action, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Bureau"))
    assert digest_send(user=person, frequency=EmailFrequency.DAILY) == 1
    (message,) = to(person)
    assert "Jardin partagé" in message.body and "Café des habitants" not in message.body
    assert "Café des habitants" not in message.alternatives[0][0] and "Café des habitants" not in message.subject
    # Left unsent: a later digest asks again.
    assert Notification.objects.get(recipient=person, target_id=action.pk).emailed_at is None


def test_old_notifications_are_left_to_the_site(commit, action, resident):
    person = follower("ancienne", EmailFrequency.DAILY, action)
    commit(comment_post, user=resident, target=action, text="Un")
    Notification.objects.filter(recipient=person).update(created_at=timezone.now() - LOOKBACK - timedelta(hours=1))
    assert digest_send(user=person, frequency=EmailFrequency.DAILY) == 0


def test_the_digest_link_stops_the_digests_in_one_click(commit, action, resident):
    person = follower("lectrice", EmailFrequency.WEEKLY, action)
    commit(comment_post, user=resident, target=action, text="Un")
    digests_send(frequency=EmailFrequency.WEEKLY)
    (message,) = to(person)
    link = re.search(r"(/desabonnement/\S+/)", message.body).group(1)
    assert link in message.extra_headers["List-Unsubscribe"]
    page = Client().get(link).content.decode()
    assert "résumés" in page and email_wanted(User.objects.get(pk=person.pk), DIGEST)  # a GET changes nothing
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200  # a mail client's one-click POST
    person.refresh_from_db()
    assert person.email_frequency == EmailFrequency.NONE


def test_a_forged_digest_link_does_nothing(client, resident):
    token = unsubscribe_token(resident, DIGEST)
    assert client.post(reverse("participation:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404


def test_leaving_a_digest_for_instant_sends_what_was_waiting(commit, action, resident):
    person = follower("presse", EmailFrequency.DAILY, action)
    commit(comment_post, user=resident, target=action, text="Un")
    commit(comment_post, user=resident, target=action, text="Deux")
    commit(email_frequency_set, user=person, frequency=EmailFrequency.INSTANT)
    (message,) = to(person)
    assert "2 notifications" in message.subject
    commit(comment_post, user=resident, target=action, text="Trois")
    assert len(to(person)) == 2  # and from now on, one by one


def test_the_settings_page_offers_the_frequency(client, resident):
    client.force_login(resident)
    page = client.get(reverse("participation:profile")).content.decode()
    assert 'name="frequency" value="daily"' in page and "Une fois par jour" in page
    response = client.post(reverse("participation:profile"), {"display_name": "Amina", "frequency": "daily",
                                                               "email_followed": "on"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email_frequency == EmailFrequency.DAILY
    response = client.post(reverse("participation:profile"), {"display_name": "Amina", "frequency": "hourly"})
    assert response.status_code == 200 and "Choisissez une des fréquences proposées." in response.content.decode()
    resident.refresh_from_db()
    assert resident.email_frequency == EmailFrequency.DAILY  # nothing half-written


def test_reminders_do_not_wait_for_the_digest():
    from participation.notifying import digest_kinds

    assert "consultation_reminder" not in digest_kinds() and NotificationKind.FOLLOWED_COMMENT in digest_kinds()
