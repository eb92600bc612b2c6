"""Benchmark of the whole site under load, against the machine's own ceiling.

    make bench     (PostgreSQL and Redis of this machine, see the Makefile)

1. Builds the large dataset of `bench/dataset.py` in a throwaway PostgreSQL
   database (`<name>_bench`), on its own Redis database.
2. Starts the site as docker-compose does (bench/stack.py): Caddy in front
   (plain HTTP on the loopback), granian for the pages (config/web.py: one
   process per core, threads; or gunicorn, to compare), daphne for the websockets, DEBUG off, static files
   collected and served by Caddy.
3. Finds the machine's ceiling: a bare Django view (bench/bare.py: no
   middleware, no database) served by each WSGI set-up of BARE_SETUPS on
   its own, the fastest kept. Loads each page with wrk from a second
   process (10 connections, fixed duration, several rounds interleaved so
   that the machine's noise falls on every page alike), the bare view in
   the same rounds, and reports every page as a share of it, with its
   target and MET or MISSED. The same bare view behind production's Caddy
   alone, also in the same rounds, tells what the proxy costs: each page is
   also printed as a share of that ("% proxied"), the best any page served
   through the proxy could do here.
4. Counts the SQL queries of one request of each page (cold cache, then
   warm), with Django's test client on the same database.
5. Casts ballots over HTTP: 200 voters at once (every ballot counted once),
   then 200 voters arriving over a few seconds (the time one vote takes);
   measures the time for a live update to reach 200 websocket watchers;
   imports a 5,000-action spreadsheet.

Prints a table and writes the same to bench/results.json. Nothing here is a
test: the figures depend on the machine. Environment: BENCH_WEB (the pages'
server: auto, granian, production's, gunicorn or daphne), BENCH_SECONDS (per
page and round, default 5), BENCH_ROUNDS (default 3), BENCH_PORT (8765).
"""

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# "votes": only the ballots; "live": only the live updates; "bilan": only the 5-year bilan
ONLY = os.environ.get("BENCH_ONLY", "")
# The pages' server behind the proxy: granian (production's), gunicorn or daphne, to compare them;
# "auto": each of WEB_CANDIDATES on two pages for a few seconds, the fastest kept for the rounds.
WEB = os.environ.get("BENCH_WEB", "auto")
WEB_CANDIDATES = ("granian", "gunicorn")
CONNECTIONS = 10
BASE = f"http://127.0.0.1:{PORT}"
BARE_PORT = int(os.environ.get("BENCH_BARE_PORT", PORT + 1))
BARE = f"http://127.0.0.1:{BARE_PORT}"
# Production's proxy alone in front of the bare view: what any page served
# through it could reach at best on this machine.
PROXIED_BARE_PORT = int(os.environ.get("BENCH_PROXIED_BARE_PORT", PORT + 2))
PROXIED_BARE = f"http://127.0.0.1:{PROXIED_BARE_PORT}"
CORES = os.cpu_count() or 1
# The set-ups tried for the bare view; the fastest on this machine is the ceiling.
BARE_SETUPS = {
    f"gunicorn sync, {2 * CORES} processes": [
        "gunicorn", "--bind", "127.0.0.1:{port}", "--backlog", "1024", "--workers", str(2 * CORES),
        "--worker-class", "sync", "bench.bare:application"],
    f"gunicorn gthread, {CORES} processes x 4 threads": [
        "gunicorn", "--bind", "127.0.0.1:{port}", "--backlog", "1024", "--workers", str(CORES),
        "--worker-class", "gthread", "--threads", "4", "bench.bare:application"],
    f"granian wsgi, {CORES} processes x 4 threads": [
        "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", "{port}", "--backlog", "1024",
        "--workers", str(CORES), "--blocking-threads", "4", "--no-access-log", "bench.bare:application"],
    f"uvicorn (ASGI, httptools, uvloop), {CORES} processes": [
        "uvicorn", "--host", "127.0.0.1", "--port", "{port}", "--backlog", "1024", "--workers", str(CORES),
        "--http", "httptools", "--loop", "uvloop", "--no-access-log", "--log-level", "warning",
        "bench.bare:asgi_application"],
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="plancommun-bench-static-"))
SERVER_LOG = Path(tempfile.gettempdir()) / "plancommun-bench-server.log"

if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    sys.exit("bench/site.py measures the production set-up: set DATABASE_URL to a PostgreSQL server "
             "(make bench does) and REDIS_URL to a Redis server.")
throwaway_database()
SERVER_ENV = {
    **os.environ, "DEBUG": "false", "SECRET_KEY": "bench-only-secret-key",
    # localhost: the Host of the proxy's health checks (deploy/Caddyfile).
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    # Plain HTTP on the loopback, without the TLS proxy of production.
    "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
    "STATIC_ROOT": str(STATIC_ROOT), "CACHE_KEY_PREFIX": "plancommun-bench", "LOG_LEVEL": "WARNING",
    "BASE_URL": BASE, "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
os.environ.update({key: SERVER_ENV[key] for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT",
                                                     "SECURE_SSL_REDIRECT", "SECURE_COOKIES",
                                                     "CACHE_KEY_PREFIX", "LOG_LEVEL", "BASE_URL",
                                                     "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND")})

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import dataset, stack, voting  # noqa: E402

WORKERS = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
THREADS = int(os.environ.get("WEB_THREADS") or 4)

TARGETS = {"queries": 20, "anonymous_plan_share": 60.0, "signed_in_share": 25.0, "burst_p99_of_bare": 2.0,
           "cast_p99_ms": 200, "live_p99_ms": 500, "import_seconds": 30, "bilan_seconds": 1.0}


def pages(data) -> list[dict]:
    """What a visitor (and a signed-in resident, on the action page) reads."""
    plan_url = data.plan.url
    return [
        {"name": "ceiling: bare Django view", "url": "/", "base": BARE, "ceiling": True},
        {"name": "bare view behind the proxy", "url": "/", "base": PROXIED_BARE, "ceiling": True},
        {"name": "/sante/ (the site's middleware)", "url": reverse("health")},
        {"name": "home", "url": "/", "plan": True},
        {"name": "plan overview", "url": plan_url, "plan": True},
        {"name": "full outline", "url": plan_url + "sommaire/", "plan": True},
        {"name": "timeline", "url": plan_url + "calendrier/", "plan": True},
        {"name": "axis page", "url": data.axis.url, "plan": True},
        {"name": "action, 20 comments", "url": data.action.url, "plan": True},
        {"name": "action, 20 comments, signed in", "url": data.action.url, "signed_in": True},
        {"name": "project list, signed in", "url": reverse("projects:list"), "signed_in": True},
        {"name": "project page, signed in", "url": reverse("projects:detail", args=[data.project.pk]),
         "signed_in": True},
        {"name": "comité page, signed in", "url": reverse(
            "committees:committee", args=[data.committee.organisation.slug, data.committee.slug]), "signed_in": True},
        {"name": "consultation results, signed in",
         "url": reverse("consultations:results", args=[data.consultation.pk]), "signed_in": True},
    ]


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def count_queries(page, cookie) -> tuple[int, int]:
    """Queries of one request with an empty cache, then of the next one."""
    if page.get("ceiling"):
        return 0, 0
    client = Client(HTTP_HOST="127.0.0.1")
    if page.get("signed_in"):
        client.cookies.load(cookie)
    counts = []
    cache.clear()
    for _attempt in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["url"])
        assert response.status_code == 200, (page["url"], response.status_code)
        counts.append(len(captured))
    return counts[0], counts[1]


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str = "", base: str = BASE, seconds: int = SECONDS) -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [base + url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout) (\d+)", output))
    if "50" not in latency:
        raise SystemExit(f"wrk measured nothing on {url}:\n{output}")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "p50": _ms(latency["50"]),
            "p99": _ms(latency["99"]), "errors": errors}


def server_start(web: str) -> list[subprocess.Popen]:
    return stack.start(PORT, SERVER_ENV, SERVER_LOG, web=web)


def web_fastest(page_list, cookie) -> tuple[str, dict]:
    """The pages' server for the rounds: BENCH_WEB, or the one of
    WEB_CANDIDATES that serves an anonymous and a signed-in action page
    best, each as a share of the other candidates' best."""
    if WEB != "auto":
        return WEB, {}
    probes = [page for page in page_list if page["name"].startswith("action, 20 comments")]
    measured = {}
    for web in WEB_CANDIDATES:
        server = server_start(web)
        try:
            measured[web] = {}
            for page in probes:
                headers = {"Cookie": cookie} if page.get("signed_in") else {}
                urllib.request.urlopen(urllib.request.Request(BASE + page["url"], headers=headers), timeout=30).read()
                measured[web][page["name"]] = wrk(page["url"], cookie if page.get("signed_in") else "",
                                                  seconds=max(2, SECONDS // 2))["rps"]
        finally:
            stack.stop(server)
        print(f"    pages' server {web}: " + ", ".join(f"{name} {rps:.0f} req/s"
                                                       for name, rps in measured[web].items()), flush=True)
    best = {name: max(measured[web][name] for web in measured) for name in measured[WEB_CANDIDATES[0]]}
    score = {web: statistics.mean(measured[web][name] / best[name] for name in best) for web in measured}
    return max(score, key=score.get), measured


def bare_start(arguments: list[str]) -> subprocess.Popen:
    command = [str(stack.BIN / arguments[0]), *(part.format(port=BARE_PORT) for part in arguments[1:])]
    server = subprocess.Popen(
        command, cwd=ROOT, env={**SERVER_ENV, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(BARE + "/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The bare view's server did not start ({arguments})") from None
            time.sleep(0.3)


def bare_fastest() -> tuple[str, subprocess.Popen]:
    """Each set-up of BARE_SETUPS on the bare view for a few seconds; the
    fastest is started again and kept for the rounds."""
    measured = {}
    for name, arguments in BARE_SETUPS.items():
        server = bare_start(arguments)
        try:
            measured[name] = wrk("/", base=BARE, seconds=max(2, SECONDS // 2))["rps"]
        finally:
            stack.stop([server])
        print(f"    bare view, {name}: {measured[name]:.0f} req/s", flush=True)
    best = max(measured, key=measured.get)
    return best, bare_start(BARE_SETUPS[best])


def port_free() -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"Port {PORT} is taken: set BENCH_PORT to a free one.")


def load(page_list, cookie) -> None:
    for page in page_list:
        page["rounds"] = []
    for round_number in range(ROUNDS):
        for page in page_list:
            # Warm the page's caches, as a visitor before this one would have.
            base = page.get("base", BASE)
            urllib.request.urlopen(urllib.request.Request(base + page["url"], headers={
                "Cookie": cookie} if page.get("signed_in") else {}), timeout=30).read()
            page["rounds"].append(wrk(page["url"], cookie if page.get("signed_in") else "", base=base))
            print(f"    {page['name']}: {page['rounds'][-1]['rps']:.0f} req/s", flush=True)
        print(f"  round {round_number + 1}/{ROUNDS} done", flush=True)
    ceiling = statistics.median(r["rps"] for r in page_list[0]["rounds"])
    proxied = statistics.median(r["rps"] for r in page_list[1]["rounds"])
    for page in page_list:
        rounds = page["rounds"]
        page.update(rps=statistics.median(r["rps"] for r in rounds), p50=statistics.median(r["p50"] for r in rounds),
                    p99=max(r["p99"] for r in rounds), errors=sum(r["errors"] for r in rounds))
        page["share"] = 100 * page["rps"] / ceiling
        page["share_proxied"] = 100 * page["rps"] / proxied


def page_target(page) -> float | None:
    """The share of the ceiling a page must reach, if it has one."""
    if page.get("plan"):
        return TARGETS["anonymous_plan_share"]
    if page.get("signed_in"):
        return TARGETS["signed_in_share"]
    return None


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def report(page_list, extra) -> dict:
    print(f"\n{'page':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL cold':>9} {'SQL warm':>9} {'% ceiling':>10}"
          f" {'% proxied':>10} {'target':>8}")
    for page in page_list:
        target = page_target(page)
        page["target"] = target
        page["met"] = None if target is None else page["share"] >= target and not page["errors"]
        print(f"{page['name']:34} {page['rps']:8.0f} {page['p50']:8.1f} {page['p99']:8.1f} "
              f"{page['queries_cold']:9d} {page['queries_warm']:9d} {page['share']:9.0f}% {page['share_proxied']:9.0f}%"
              + (f" {'>= ' + format(target, '.0f') + '%':>8} {verdict(page['met'])}" if target is not None else "")
              + (f"  ({page['errors']} errors)" if page["errors"] else ""))
    print()
    for line in extra["lines"]:
        print(line)
    checks = targets_check(page_list, extra)
    print()
    for name, met in checks.items():
        print(f"{verdict(met):7} {name}")
    return {
        "database": connection.vendor, "seconds_per_round": SECONDS, "rounds": ROUNDS, "connections": CONNECTIONS,
        "ceiling_setup": extra["ceiling_setup"], "bare_setups": list(BARE_SETUPS),
        "pages_server": extra["web"], "pages_server_probe": extra["web_probe"],
        "dataset": extra["dataset"], "targets": TARGETS, "checks": checks,
        "pages": [{key: page[key] for key in ("name", "url", "rps", "p50", "p99", "errors", "share", "share_proxied",
                                              "queries_cold", "queries_warm", "target", "met", "rounds")}
                  for page in page_list],
        "votes": extra["votes"], "live": extra["live"], "import": extra["import"], "bilan": extra["bilan"],
    }


def targets_check(page_list, extra) -> dict:
    public = [page for page in page_list if not page.get("ceiling")]
    burst, bare_burst = extra["votes"]["burst"], extra["votes"]["ceiling_burst"]
    limit = TARGETS["burst_p99_of_bare"] * bare_burst["p99_ms"]
    return {
        f"every page <= {TARGETS['queries']} SQL queries (warm caches)": all(
            page["queries_warm"] <= TARGETS["queries"] for page in public),
        f"anonymous plan pages >= {TARGETS['anonymous_plan_share']:.0f}% of the ceiling": all(
            page["met"] for page in public if page.get("plan")),
        f"signed-in action, project, comité and results pages >= {TARGETS['signed_in_share']:.0f}% of the ceiling":
            all(page["met"] for page in public if page.get("signed_in")),
        f"200 voters at once: 0 errors, 0 lost, 0 double, p99 {burst['p99_ms']:.0f} ms <= "
        f"{TARGETS['burst_p99_of_bare']:.0f} x the bare view's burst p99 ({limit:.0f} ms)":
            burst["errors"] == 0 and burst["lost"] == 0 and burst["double"] == 0 and burst["p99_ms"] <= limit,
        f"200 voters over {voting.PACED_SECONDS} s: 0 errors, 0 lost, one cast p99 "
        f"{extra['votes']['paced']['p99_ms']:.0f} ms < {TARGETS['cast_p99_ms']} ms":
            extra["votes"]["paced"]["errors"] == 0 and extra["votes"]["paced"]["lost"] == 0
            and extra["votes"]["paced"]["p99_ms"] < TARGETS["cast_p99_ms"],
        f"a vote seen by {extra['live']['watchers']} watchers: p99 {extra['live']['p99_ms']:.0f} ms < "
        f"{TARGETS['live_p99_ms']} ms": extra["live"]["p99_ms"] < TARGETS["live_p99_ms"],
        f"5,000-action import {extra['import']['seconds']:.1f} s < {TARGETS['import_seconds']} s":
            extra["import"]["seconds"] < TARGETS["import_seconds"],
        f"5-year bilan {extra['bilan']['seconds']:.2f} s < {TARGETS['bilan_seconds']:.0f} s":
            extra["bilan"]["seconds"] < TARGETS["bilan_seconds"],
    }


def import_measure() -> dict:
    from cms.importing.plans import read_plan_file
    from cms.models import ActionPage, HomePage
    from cms.services import LoadReport, organisation_upsert, plans_import

    content = dataset.plan_workbook("Plan de référence 5 000 actions", 10, 10, 10, 5)
    started = time.perf_counter()
    plans = read_plan_file(content, "bench.xlsx")
    organisation = organisation_upsert(home=HomePage.objects.get(), report=LoadReport(),
                                       data={"slug": "import", "name": "Import", "kind": "association"})
    plans_import(organisation=organisation, plans=[plan.data for plan in plans])
    seconds = time.perf_counter() - started
    actions = ActionPage.objects.filter(plan__slug=plans[0].data["slug"], path__startswith=organisation.path).count()
    return {"actions": actions, "seconds": seconds}


def bilan_measure(data) -> dict:
    """The 5-year bilan of the dataset's first centre, computed as its page
    and its exports compute it (bilan.counting): the best of 3, the queries
    of one, and its page's queries."""
    import datetime

    from django.utils import timezone

    from bilan.counting import bilan_compute

    end = timezone.localdate()
    start = end.replace(year=end.year - 5) + datetime.timedelta(days=1)
    timings, cpu = [], []
    for _attempt in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            bilan = bilan_compute(data.organisation, start, end)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    summary = bilan.summary()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(data.staff)
    with CaptureQueriesContext(connection) as page_captured:
        response = client.get(reverse("bilan:bilan", args=[data.organisation.slug]) + f"?du={start}&au={end}")
    assert response.status_code == 200
    return {"seconds": min(timings), "cpu_seconds": min(cpu), "queries": len(captured),
            "page_queries": len(page_captured),
            "participants": summary["participants"], "comments": summary["comments"], "votes": summary["votes"],
            "presences": summary["presences"], "updates": summary["updates"]}


def bilan_line(bilan: dict) -> str:
    return (f"5-year bilan of the first centre: {bilan['seconds'] * 1000:.0f} ms, of which "
            f"{bilan['cpu_seconds'] * 1000:.0f} ms in Python ({bilan['queries']} queries; its page "
            f"{bilan['page_queries']}); {bilan['participants']} participants, {bilan['comments']} comments, "
            f"{bilan['votes']} votes, {bilan['presences']} presences, {bilan['updates']} journal updates")


def votes_only(data) -> None:
    votes = voting.cast_over_http(base=BASE, consultation=data.consultation, voters=data.live_voters,
                                  ceiling_base=BARE, ceiling_path="/")
    print(json.dumps(votes, indent=2))


def main():
    port_free()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    data = dataset.build()
    # As autovacuum would have by then: the planner's statistics of the tables just filled.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Dataset built in {time.perf_counter() - started:.0f} s: {data.counts}", flush=True)
    bilan = bilan_measure(data)
    print(bilan_line(bilan), flush=True)
    if ONLY == "bilan":
        met = bilan["seconds"] < TARGETS["bilan_seconds"]
        print(f"{'met    ' if met else 'MISSED '} 5-year bilan < {TARGETS['bilan_seconds']:.0f} s")
        return
    cookie = session_cookie(data.reader)
    page_list = pages(data)
    for page in page_list:
        page["queries_cold"], page["queries_warm"] = count_queries(page, cookie)
    web, web_probe = web_fastest(page_list, cookie)
    server = server_start(web)
    bare = proxied_bare = None
    try:
        ceiling_setup, bare = bare_fastest()
        print(f"Ceiling: the bare view on {ceiling_setup}, on {BARE}; behind production's Caddy on {PROXIED_BARE}",
              flush=True)
        proxied_bare = stack.proxy_in_front(PROXIED_BARE_PORT, BARE_PORT, SERVER_ENV, SERVER_LOG)
        pages_server = (f"{web} ({WORKERS} processes x {THREADS} threads)" if web in WEB_CANDIDATES
                        else f"{web}, 1 process")
        print(f"Server: Caddy, {pages_server} for the pages, daphne for the websockets; DEBUG off, on {BASE}; "
              f"wrk: {CONNECTIONS} connections, "
              f"{SECONDS} s per page, {ROUNDS} rounds", flush=True)
        if ONLY == "votes":
            return votes_only(data)
        if ONLY == "live":
            return print(json.dumps(voting.live_latency(base=BASE, consultation=data.consultation,
                                                        voters=data.live_voters[voting.VOTERS * 2:]), indent=2))
        load(page_list, cookie)
        votes = voting.cast_over_http(base=BASE, consultation=data.consultation, voters=data.live_voters,
                                      ceiling_base=BARE, ceiling_path="/")
        live = voting.live_latency(base=BASE, consultation=data.consultation,
                                   voters=data.live_voters[voting.VOTERS * 2:])
    finally:
        stack.stop(server + [process for process in (bare, proxied_bare) if process])
    imported = import_measure()
    lines = [
        f"Votes, 200 voters at once: {votes['burst']['per_second']:.0f} ballots/s, one cast p50 "
        f"{votes['burst']['p50_ms']:.0f} ms, p99 {votes['burst']['p99_ms']:.0f} ms; errors "
        f"{votes['burst']['errors']}, lost {votes['burst']['lost']}, double {votes['burst']['double']}"
        + (f" ({votes['burst']['refusals']})" if votes['burst']['errors'] else ""),
        f"  beside: the bare view, 200 requests at once: {votes['ceiling_burst']['per_second']:.0f} req/s, "
        f"p99 {votes['ceiling_burst']['p99_ms']:.0f} ms (what any page takes in such a burst on this machine; "
        f"a cast costs {votes['ceiling_burst']['per_second'] / votes['burst']['per_second']:.1f} times as much)",
        f"Votes, 200 voters over {voting.PACED_SECONDS} s: one cast p50 {votes['paced']['p50_ms']:.0f} ms, "
        f"p99 {votes['paced']['p99_ms']:.0f} ms; errors {votes['paced']['errors']}, lost {votes['paced']['lost']}, "
        f"double {votes['paced']['double']}",
        f"Live update to {live['watchers']} watchers over websockets: p50 {live['p50_ms']:.0f} ms, "
        f"p99 {live['p99_ms']:.0f} ms ({live['updates']} votes, each after a quiet moment: sent at once, "
        f"the {live['coalesce_ms']:.0f} ms window groups only the votes that follow one)",
        f"Import of a {imported['actions']}-action spreadsheet: {imported['seconds']:.1f} s",
        bilan_line(bilan),
    ]
    results = report(page_list, {"dataset": data.counts, "votes": votes, "live": live, "import": imported,
                                 "bilan": bilan, "lines": lines, "ceiling_setup": ceiling_setup,
                                 "web": web, "web_probe": web_probe})
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nWritten to bench/results.json in {time.perf_counter() - started:.0f} s; the server's log: {SERVER_LOG}")
    shutil.rmtree(STATIC_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
