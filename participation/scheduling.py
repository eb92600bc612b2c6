"""Periodic jobs, and the clock that starts them.

django-tasks has no schedule of its own: `manage.py clock` (the `clock`
service of docker-compose.yml) wakes every minute, and for each registered
job whose last due moment has no run yet, records one (`ScheduledRun`,
unique per job and moment) and hands it to the worker. A restarted clock, or
two clocks, find the run recorded and start nothing; a clock that was down
runs only the latest missed moment of each job (the jobs catch up on
their own: a digest gathers everything not yet sent).

Each app registers its jobs in its AppConfig.ready (participation has the
digests; consultations the reminders; privacy its daily clean-ups). Times
are local (settings.TIME_ZONE, Europe/Paris)."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

HOURLY, DAILY, WEEKLY = "hourly", "daily", "weekly"


@dataclass(frozen=True)
class Job:
    key: str
    every: str
    run: Callable  # run(due_at) -> str (what was done, for the record)
    hour: int = 0
    minute: int = 0
    weekday: int = 0  # Monday


_jobs: dict[str, Job] = {}


def job_register(key: str, *, every: str, run: Callable, hour: int = 0, minute: int = 0, weekday: int = 0) -> None:
    if every not in {HOURLY, DAILY, WEEKLY}:
        raise ValueError(f"unknown period {every!r}")
    if key in _jobs and _jobs[key].run is not run:
        raise ValueError(f"the job {key!r} is registered twice")
    _jobs[key] = Job(key, every, run, hour, minute, weekday)


def jobs() -> list[Job]:
    return list(_jobs.values())


def job(key: str) -> Job:
    return _jobs[key]


def last_due(job: Job, now: datetime.datetime) -> datetime.datetime:
    """The latest moment at or before `now` the job was due (local time)."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    if job.every == HOURLY:
        due = local.replace(minute=job.minute, second=0, microsecond=0)
        if due > local:
            due -= datetime.timedelta(hours=1)
        return due.astimezone(datetime.UTC)
    day = local.date()
    if job.every == WEEKLY:
        day -= datetime.timedelta(days=(day.weekday() - job.weekday) % 7)
    due = _at(day, job)
    if due > local:
        due = _at(day - datetime.timedelta(days=7 if job.every == WEEKLY else 1), job)
    return due.astimezone(datetime.UTC)


def _at(day: datetime.date, job: Job) -> datetime.datetime:
    # A wall-clock time that a change of hour skips or repeats takes its first meaning.
    return datetime.datetime.combine(day, datetime.time(job.hour, job.minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def schedule_run_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Record and hand to the worker every job due and not yet run; the
    keys of those started (by this clock: another one started the rest)."""
    from .models import ScheduledRun

    now = now or timezone.now()
    started = []
    for known in jobs():
        due = last_due(known, now)
        if ScheduledRun.objects.filter(job=known.key, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=known.key, due_at=due)
        except IntegrityError:
            continue  # another clock recorded it first
        try:
            scheduled_job_run.enqueue(run.pk)
        except Exception:
            # Not handed over (the queue's database unreachable): the next look tries again.
            ScheduledRun.objects.filter(pk=run.pk, finished_at__isnull=True).delete()
            raise
        started.append(known.key)
    return started


@task()
def scheduled_job_run(run_id: int) -> str:
    """A recorded job, run by the worker once: a run already finished is not
    run again."""
    from .models import ScheduledRun

    run = ScheduledRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run is None or run.job not in _jobs:
        return ""
    outcome = str(_jobs[run.job].run(run.due_at) or "")
    ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome[:255])
    return outcome
