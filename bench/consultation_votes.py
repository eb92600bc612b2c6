"""Benchmark: 200 voters casting their ballots at once, and the live update
of 200 people watching the results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plancommun REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/consultation_votes.py     (make bench does the same)

Prints the ballots cast per second, the p50/p99 time of one cast, whether
every ballot is counted exactly once, and the p50/p99 time for an update to
reach each of 200 websocket watchers (through the Redis channel layer when
REDIS_URL is set). Targets (issue 7/8): 0 lost, 0 double, p99 cast < 200 ms,
update to 200 watchers < 1 s p99.
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402

throwaway_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

VOTERS, WATCHERS = 200, 200
THREADS = int(os.environ.get("BENCH_THREADS", "60"))  # PostgreSQL's 100 connections, shared


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def setup():
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cms.models import HomePage, OrganisationPage
    from consultations import services
    from consultations.models import Method, ResultsVisibility
    from participation.models import Membership, MembershipStatus

    call_command("migrate", verbosity=0)
    home = HomePage.objects.first()
    organisation = home.add_child(instance=OrganisationPage(title="Centre social du banc d'essai", slug="banc", kind="centre_social"))
    User = get_user_model()
    staff = User.objects.create_user("bench-staff", "staff@bench.local", "x", display_name="Équipe")
    Membership.objects.create(user=staff, organisation=organisation, role="salarie",
                              status=MembershipStatus.ACCEPTED)
    voters = User.objects.bulk_create(User(username=f"voter{i}", email=f"voter{i}@bench.local",
                                           display_name=f"Votant {i}") for i in range(VOTERS))
    Membership.objects.bulk_create(Membership(user=user, organisation=organisation, role="habitant",
                                              status=MembershipStatus.ACCEPTED) for user in voters)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(EmailAddress(user=user, email=user.email, verified=True, primary=True)
                                     for user in voters)
    now = timezone.now()
    consultation = services.consultation_create(
        user=staff, organisation=organisation, title="Banc d'essai", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1), results_visibility=ResultsVisibility.LIVE)
    services.question_save(consultation=consultation, user=staff, text="Jugez", method=Method.MAJORITY,
                           labels=["A", "B", "C", "D"])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    return consultation, voters


def cast_all(consultation, voters):
    from consultations import services

    question = consultation.questions.get()
    options = [option.pk for option in question.options.all()]
    timings, errors = [], []
    barrier = threading.Barrier(THREADS)

    def run(chunk):
        try:
            barrier.wait(60)
            for index, voter in chunk:
                answers = {question.pk: {option: (index + n) % 7 for n, option in enumerate(options)}}
                start = time.perf_counter()
                services.ballot_cast(consultation=consultation, user=voter, answers=answers)
                timings.append(time.perf_counter() - start)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    chunks = [list(enumerate(voters))[start::THREADS] for start in range(THREADS)]
    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, timings, errors


def watch(consultation):
    """200 watchers on the real consumer; one results change; the time for
    each to receive it."""
    import asyncio

    from channels.routing import URLRouter
    from channels.testing import WebsocketCommunicator
    from django.contrib.auth.models import AnonymousUser

    from config.routing import websocket_urlpatterns
    from consultations.services.live import results_changed

    class Anonymous:
        def __init__(self, inner):
            self.inner = inner

        async def __call__(self, scope, receive, send):
            return await self.inner({**scope, "user": AnonymousUser()}, receive, send)

    app = Anonymous(URLRouter(websocket_urlpatterns))

    async def scenario():
        watchers = [WebsocketCommunicator(app, f"/ws/consultations/{consultation.pk}/") for _ in range(WATCHERS)]
        for watcher in watchers:
            assert (await watcher.connect(timeout=10))[0]
        start = time.perf_counter()
        await asyncio.get_running_loop().run_in_executor(None, results_changed, consultation.pk)

        async def arrival(watcher):
            await watcher.receive_json_from(timeout=10)
            return time.perf_counter() - start

        delays = await asyncio.gather(*(arrival(watcher) for watcher in watchers))
        for watcher in watchers:
            await watcher.disconnect()
        return delays

    return asyncio.run(scenario())


def main():
    from consultations.models import Ballot, VoterRecord

    consultation, voters = setup()
    layer = "Redis" if os.environ.get("REDIS_URL") else "in-memory"
    print(f"Database: {connection.vendor}; channel layer: {layer}; {THREADS} threads")
    elapsed, timings, errors = cast_all(consultation, voters)
    ballots = Ballot.objects.filter(consultation=consultation).count()
    records = VoterRecord.objects.filter(consultation=consultation).count()
    print(f"Votes: {VOTERS} voters in {elapsed:.2f} s = {VOTERS / elapsed:.0f} ballots/s; "
          f"one cast p50 {percentile(timings, .5) * 1000:.0f} ms, p99 {percentile(timings, .99) * 1000:.0f} ms")
    print(f"Counted: {ballots} ballots, {records} voters, lost {VOTERS - ballots}, double {max(0, ballots - VOTERS)}"
          f", errors {len(errors)}")
    delays = watch(consultation)
    print(f"Live update to {WATCHERS} watchers: p50 {percentile(delays, .5) * 1000:.0f} ms, "
          f"p99 {percentile(delays, .99) * 1000:.0f} ms (includes the 200 ms coalescing window)")


if __name__ == "__main__":
    main()
