"""The clock (manage.py clock): periodic jobs at their local hour, each
recorded once per due moment, so that a restart or a second clock never
runs one twice."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from participation import scheduling
from participation.models import EmailFrequency, ScheduledRun
from participation.services import comment_post, email_frequency_set, follow_set

from .conftest import make_user

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def counting_job():
    runs = []
    scheduling.job_register("test_counting", every=scheduling.DAILY, hour=8, run=lambda due_at: runs.append(due_at)
                            or "counted")
    yield runs
    scheduling._jobs.pop("test_counting")


def test_due_moments_are_local_times():
    daily = scheduling.Job("d", scheduling.DAILY, print, hour=8)
    weekly = scheduling.Job("w", scheduling.WEEKLY, print, hour=8, weekday=0)
    hourly = scheduling.Job("h", scheduling.HOURLY, print, minute=5)
    # Wednesday 9 December 2026, 07:59 in Paris: yesterday's 8 o'clock, Monday the 7th's.
    now = paris(2026, 12, 9, 7, 59)
    assert scheduling.last_due(daily, now) == paris(2026, 12, 8, 8, 0)
    assert scheduling.last_due(weekly, now) == paris(2026, 12, 7, 8, 0)
    assert scheduling.last_due(hourly, now) == paris(2026, 12, 9, 7, 5)
    assert scheduling.last_due(daily, paris(2026, 12, 9, 8, 0)) == paris(2026, 12, 9, 8, 0)
    # Monday 7 December at 07:00: the previous Monday's.
    assert scheduling.last_due(weekly, paris(2026, 12, 7, 7, 0)) == paris(2026, 11, 30, 8, 0)
    # Summer time: 8 o'clock in Paris is 06:00 UTC.
    assert scheduling.last_due(daily, paris(2026, 7, 1, 9, 0)).hour == 6


def test_every_periodic_job_is_registered():
    assert {"digests_daily", "digests_weekly", "consultation_reminders", "retention_run",
            "data_exports_expire"} <= {job.key for job in scheduling.jobs()}
    assert scheduling.job("digests_weekly").weekday == 0 and scheduling.job("digests_daily").every == "daily"


def test_a_job_runs_once_per_due_moment(counting_job):
    now = paris(2026, 12, 9, 8, 30)
    assert "test_counting" in scheduling.schedule_run_due(now=now)
    assert counting_job == [paris(2026, 12, 9, 8, 0)]
    # The clock restarted, or a second clock: nothing again.
    assert "test_counting" not in scheduling.schedule_run_due(now=now)
    assert "test_counting" not in scheduling.schedule_run_due(now=paris(2026, 12, 10, 7, 59))
    assert len(counting_job) == 1
    run = ScheduledRun.objects.get(job="test_counting")
    assert run.finished_at is not None and run.outcome == "counted"
    # The next day's moment.
    assert "test_counting" in scheduling.schedule_run_due(now=paris(2026, 12, 10, 8, 0))
    assert len(counting_job) == 2


def test_a_recorded_run_is_not_run_twice_by_the_worker(counting_job):
    scheduling.schedule_run_due(now=paris(2026, 12, 9, 9, 0))
    run = ScheduledRun.objects.get(job="test_counting")
    assert scheduling.scheduled_job_run.call(run.pk) == ""  # already finished
    assert len(counting_job) == 1


def test_the_clock_command_sends_the_daily_digest_once(django_capture_on_commit_callbacks, action, resident):
    person = make_user("horloge")
    email_frequency_set(user=person, frequency=EmailFrequency.DAILY)
    follow_set(user=person, target=action, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(user=resident, target=action, text="Un")
    assert mail.outbox == []
    call_command("clock", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mail.outbox] == [[person.email]]
    call_command("clock", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert ScheduledRun.objects.filter(job="digests_daily").count() == 1
