"""Votes and live updates against the running server, as browsers send them:
a signed-in person's form POST (session and CSRF cookies), and anonymous
websocket watchers of the results."""

import asyncio
import http.client
import secrets
import statistics
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

from django.test import Client

VOTERS = 200
PACED_SECONDS = 10
LIVE_UPDATES = 5
WATCHERS = 200


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


class Voter:
    """A signed-in member with a form of answers ready to post."""

    def __init__(self, user, consultation, question, options, index):
        client = Client()
        client.force_login(user)
        self.user, self.csrf = user, secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as token
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"
        fields = {"csrfmiddlewaretoken": self.csrf}
        for n, option in enumerate(options):
            fields[f"q{question.pk}_o{option}"] = (index + n) % 7
        self.body = urlencode(fields)
        self.path = f"/consultations/{consultation.pk}/vote/"

    def cast(self, base: str) -> tuple[float, bool, str]:
        """Counted: the page that shows the receipt code, once."""
        return _timed(base, "POST", self.path, self.body, {
            "Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"},
            lambda response, body: response.status == 200 and b"data-receipt" in body)


def _timed(base: str, method: str, path: str, body, headers: dict, ok) -> tuple[float, bool, str]:
    """One request on a new connection, as a browser arriving sends it: the
    seconds it took, whether `ok(response)`, and what came back."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        body = response.read()
        success = ok(response, body)
        outcome = f"{response.status} {response.getheader('Location', '')}".strip()
    except OSError as error:
        success, outcome = False, type(error).__name__
    finally:
        connection.close()
    return time.perf_counter() - started, success, outcome


def _voters(consultation, users):
    question = consultation.questions.get()
    options = list(question.options.values_list("pk", flat=True))
    return [Voter(user, consultation, question, options, index) for index, user in enumerate(users)]


class Visitor:
    """The ceiling's counterpart of a voter: a GET of /sante/, the minimal
    Django view, sent with the same connection handling."""

    def __init__(self, path: str):
        self.path = path

    def cast(self, base: str) -> tuple[float, bool, str]:
        return _timed(base, "GET", self.path, None, {}, lambda response, _body: response.status == 200)


def _burst(base, people, spread: float = 0) -> tuple[float, list, list, Counter]:
    """Every person's request released in the same instant (or spread evenly
    over `spread` seconds): elapsed seconds, timings of the successes and
    failures, and the failures' outcomes."""
    timings, failures, outcomes = [], [], Counter()
    barrier = threading.Barrier(len(people))

    def one(index, person):
        barrier.wait()
        if spread:
            time.sleep(index * spread / len(people))
        elapsed, ok, outcome = person.cast(base)
        (timings if ok else failures).append(elapsed)
        if not ok:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=one, args=(index, person)) for index, person in enumerate(people)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, timings, failures, outcomes


def ceiling_burst(*, base: str, path: str) -> dict:
    """VOTERS requests of the minimal view released in the same instant:
    what the server, whatever the page, can do for a crowd arriving at once.
    A burst's p99 is the time the last ones wait for all the others."""
    elapsed, timings, failures, _outcomes = _burst(base, [Visitor(path) for _i in range(VOTERS)])
    return {"requests": VOTERS, "seconds": elapsed, "per_second": VOTERS / elapsed,
            "p50_ms": 1000 * percentile(timings, .5), "p99_ms": 1000 * percentile(timings + failures, .99),
            "errors": len(failures)}


def _ballots(consultation_id) -> int:
    """Sealed in the box while the vote runs, plain once counted."""
    from consultations.models import Ballot, SealedBallot

    return (Ballot.objects.filter(consultation_id=consultation_id).count()
            + SealedBallot.objects.filter(consultation_id=consultation_id).count())


def _run(base, voters, spread: float) -> dict:
    from consultations.models import VoterRecord

    consultation_id = voters[0].path.split("/")[2]
    before = _ballots(consultation_id)
    elapsed, timings, failures, outcomes = _burst(base, voters, spread)
    added = _ballots(consultation_id) - before
    recorded = VoterRecord.objects.filter(consultation_id=consultation_id,
                                          user__in=[voter.user for voter in voters]).count()
    return {"voters": len(voters), "seconds": elapsed, "per_second": len(voters) / elapsed,
            "p50_ms": 1000 * percentile(timings, .5), "p99_ms": 1000 * percentile(timings + failures, .99),
            "errors": len(failures), "refusals": dict(outcomes), "lost": len(voters) - recorded,
            "double": max(0, added - recorded)}


def cast_over_http(*, base: str, consultation, voters, ceiling_path: str, ceiling_base: str = "") -> dict:
    """200 voters at once (the exactness under load, and the throughput),
    beside 200 requests of the minimal view at once (the ceiling of a
    burst); then 200 others arriving evenly over PACED_SECONDS (what one
    vote costs when people vote as they come, a room of 200 voting within
    seconds)."""
    people = _voters(consultation, voters[:2 * VOTERS])
    ceiling = ceiling_burst(base=ceiling_base or base, path=ceiling_path)
    return {"ceiling_burst": ceiling, "burst": _run(base, people[:VOTERS], 0),
            "paced": _run(base, people[VOTERS:], PACED_SECONDS)}


def live_latency(*, base: str, consultation, voters) -> dict:
    """WATCHERS anonymous websockets on the results; LIVE_UPDATES votes one
    after the other; the time from sending each vote to each watcher
    receiving its update."""
    from websockets.asyncio.client import connect

    from consultations.consumers import COALESCE_SECONDS

    people = _voters(consultation, voters[:LIVE_UPDATES])
    host = urlsplit(base).netloc
    url = f"ws://{host}/ws/consultations/{consultation.pk}/"

    async def scenario():
        watchers = [await connect(url, origin=base, max_size=None, open_timeout=30) for _ in range(WATCHERS)]
        delays = []
        try:
            await asyncio.sleep(1)
            for voter in people:
                started = time.perf_counter()

                async def arrival(socket, started=started):
                    await asyncio.wait_for(socket.recv(), timeout=30)
                    return time.perf_counter() - started

                receiving = [asyncio.ensure_future(arrival(socket)) for socket in watchers]
                await asyncio.get_running_loop().run_in_executor(None, voter.cast, base)
                delays.extend(await asyncio.gather(*receiving))
                await asyncio.sleep(2 * COALESCE_SECONDS)
        finally:
            await asyncio.gather(*(socket.close() for socket in watchers))
        return delays

    delays = asyncio.run(scenario())
    return {"watchers": WATCHERS, "updates": LIVE_UPDATES, "p50_ms": 1000 * statistics.median(delays),
            "p99_ms": 1000 * percentile(delays, .99), "coalesce_ms": 1000 * COALESCE_SECONDS}
