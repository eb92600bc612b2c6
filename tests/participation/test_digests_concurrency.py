"""Exactly once, whoever sends: two digests at once, or a digest and the
instant e-mails at once, e-mail each notification once; two clocks at once
start each job once. Real transactions and threads, on SQLite and PostgreSQL."""

import re

import pytest
from django.core import mail

from participation.models import EmailFrequency, Notification, ScheduledRun, User
from participation.services import comment_post, email_frequency_set, follow_set
from participation.services.digests import digest_send, digests_send
from tests.cms.factories import ActionFactory
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)


def to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


@pytest.fixture
def racing(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import AxisFactory, OrganisationFactory, PlanFactory
    from tests.participation.conftest import make_user as make

    organisation = OrganisationFactory(title="Centre social pressé")
    axis = AxisFactory(parent=PlanFactory(parent=organisation, title="Plan"), number="1", title="Axe")
    actions = [ActionFactory(parent=axis, number=f"1.{n}", title=f"Action {n}") for n in range(1, 4)]
    author = make("autrice")
    person = make("lectrice-pressee")
    email_frequency_set(user=person, frequency=EmailFrequency.DAILY)
    for target in actions:
        follow_set(user=person, target=target, follow=True)
        for n in range(3):
            comment_post(user=author, target=target, text=f"Commentaire {n}")
    return person


def test_two_digests_at_once_send_each_notification_once(racing):
    mail.outbox.clear()
    errors = race(lambda _n: digests_send(frequency=EmailFrequency.DAILY), [1, 2, 3])
    assert errors == [None, None, None]
    sent = to(racing)
    assert sum(len(re.findall(r"^- ", message.body, re.M)) for message in sent) == 9
    assert 1 <= len(sent) <= 3
    assert not Notification.objects.filter(recipient=racing, emailed_at__isnull=True).exists()


def test_a_digest_and_instant_emails_at_once_share_the_notifications(racing):
    from participation.tasks import notification_email_send

    mail.outbox.clear()
    ids = list(Notification.objects.filter(recipient=racing).values_list("pk", flat=True))
    User.objects.filter(pk=racing.pk).update(email_frequency=EmailFrequency.INSTANT)  # as a change of mind

    def work(n):
        if n == 0:
            digest_send(user=User.objects.get(pk=racing.pk), frequency=EmailFrequency.DAILY)
        else:
            for pk in ids:
                notification_email_send.call(pk)

    assert race(work, [0, 1, 2]) == [None, None, None]
    carried = sum(len(re.findall(r"^- ", m.body, re.M)) if "Votre journée" in m.subject else 1 for m in to(racing))
    assert carried == 9


def test_two_clocks_at_once_start_each_job_once(wagtail_tree, transactional_db):  # noqa: F811
    from participation import scheduling

    runs = []
    scheduling.job_register("test_race_job", every=scheduling.HOURLY, run=lambda due_at: runs.append(due_at))
    try:
        assert race(lambda _n: scheduling.schedule_run_due(), [1, 2, 3, 4]) == [None] * 4
        assert len(runs) == 1 and ScheduledRun.objects.filter(job="test_race_job").count() == 1
    finally:
        scheduling._jobs.pop("test_race_job")
