"""Votes at the same instant on the embedded default, as `make run` serves it.

    make bench        (runs this after bench/site.py)
    python bench/sqlite_votes.py

A throwaway SQLite file, one daphne process, the in-memory channel layer:
the set-up of a centre that runs `make run` on its own computer. A secret
vote with live results; bursts of 5, 10 and 50 members posting their
ballot in the same instant, each on a new connection as a browser would.
Every ballot must be counted once and nobody get an error page (before the
SQLite settings of config/settings/base.py, 45 at once gave 39 errors).

Prints the figures and writes them to bench/results-sqlite.json.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BURSTS = (5, 10, 50)
PORT = int(os.environ.get("BENCH_SQLITE_PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"
WORKDIR = Path(tempfile.mkdtemp(prefix="plancommun-bench-sqlite-"))
SERVER_LOG = WORKDIR / "server.log"
for name in ("DATABASE_URL", "REDIS_URL"):
    os.environ.pop(name, None)
# As `make run` serves it: the development configuration (DEBUG on).
os.environ.setdefault("DEBUG", "true")
os.environ.update({"DATABASE_URL": f"sqlite:///{WORKDIR / 'db.sqlite3'}",
                   "DJANGO_SETTINGS_MODULE": "config.settings.base",
                   "BASE_URL": BASE, "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1,testserver"})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import voting  # noqa: E402


def dataset():
    from datetime import timedelta

    from django.utils import timezone

    from bench.dataset import _members, _users
    from cms.models import HomePage
    from cms.services import LoadReport, organisation_upsert
    from consultations import services
    from consultations.models import Method, ResultsVisibility

    organisation = organisation_upsert(home=HomePage.objects.get(), report=LoadReport(),
                                       data={"slug": "centre", "name": "Centre social", "kind": "centre_social"})
    staff = _users("equipe", 1, verified=True)[0]
    _members(organisation, [staff], role="salarie")
    now = timezone.now()
    consultation = services.consultation_create(
        user=staff, organisation=organisation, title="Le conseil de maison vote", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1), results_visibility=ResultsVisibility.LIVE)
    services.question_save(consultation=consultation, user=staff, text="Quelle formule ?", method=Method.MAJORITY,
                           labels=["Associatif", "Cantine", "Familles"])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    voters = _users("membre", sum(BURSTS), verified=True)
    _members(organisation, voters)
    return consultation, voters


def server_start() -> subprocess.Popen:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"Port {PORT} is taken: set BENCH_SQLITE_PORT to a free one.")
    server = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(PORT),
                               "config.asgi:application"], cwd=ROOT, env=os.environ,
                              stdout=open(SERVER_LOG, "w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(BASE + "/sante/", timeout=2):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The server did not start; see {SERVER_LOG}")
            time.sleep(0.3)


def main():
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    consultation, voters = dataset()
    people = voting._voters(consultation, voters)
    connection.close()
    server = server_start()
    results = []
    try:
        offset = 0
        for size in BURSTS:
            run = voting._run(BASE, people[offset:offset + size], 0)
            offset += size
            results.append(run)
            print(f"SQLite (make run), {size} voters at once: one cast p50 {run['p50_ms']:.0f} ms, "
                  f"p99 {run['p99_ms']:.0f} ms; errors {run['errors']}, lost {run['lost']}, double {run['double']}"
                  + (f" ({run['refusals']})" if run["errors"] else ""), flush=True)
    finally:
        server.terminate()
        server.wait(10)
    met = all(run["errors"] == 0 and run["lost"] == 0 and run["double"] == 0 for run in results)
    print(f"{'met    ' if met else 'MISSED '} SQLite, up to {max(BURSTS)} voters at once: 0 errors, 0 lost, 0 double")
    (ROOT / "bench" / "results-sqlite.json").write_text(json.dumps({"bursts": results, "met": met}, indent=2))
    print(f"Written to bench/results-sqlite.json in {time.perf_counter() - started:.0f} s; the server's log: "
          f"{SERVER_LOG}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
