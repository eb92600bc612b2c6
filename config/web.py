"""granian, the pages' server in production (the websockets are daphne's):

    python -m config.web

`make bench` chose it: the same pages through granian's HTTP layer (in
Rust) and through gunicorn's (in Python), and a bare Django view on each,
on this machine (README, "Performance and make bench"). Synchronous Django
in threads: each worker process runs `WEB_THREADS` requests at once, so that
a request waiting on PostgreSQL or Redis does not hold a core; one process
per core (`WEB_CONCURRENCY`) for Python's global lock. Several processes,
or several machines, share the cache, sessions and live updates through
Redis: without `REDIS_URL` run one.

A worker that dies is replaced; every worker is recycled after
`WEB_WORKER_LIFETIME` seconds or once it holds more than
`WEB_WORKER_MAX_RSS` MiB; SIGTERM lets the requests in flight finish for
`WEB_GRACEFUL_TIMEOUT` seconds and then kills; SIGHUP starts new workers and
retires the old ones gracefully, one at a time, each once its successor
had `WEB_RESPAWN_INTERVAL` seconds to start. Access logs go to stdout. A
request's SQL statement is ended by PostgreSQL after
`DATABASE_STATEMENT_TIMEOUT` seconds (30), and its transaction once idle for
`DATABASE_IDLE_TRANSACTION_TIMEOUT` (60): a hung request holds neither a
thread nor a lock for good.
This module only reads the environment and hands granian its options: the
processes are granian's.
"""

import os
import sys


def _number(environ, name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"config.web: {name}={value!r} is not a number.") from None


def _address(environ) -> tuple[str, int]:
    bind = environ.get("WEB_BIND", "0.0.0.0:8000").strip()
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"config.web: WEB_BIND={bind!r} is not host:port.")
    return host.strip("[]"), int(port)


def workers(environ) -> int:
    """One per core with Redis; without it each process would keep its own
    cache (a page made private, or a comment hidden, in one would still be
    served by the others until their copies expire): one, and a clear
    refusal of more."""
    if environ.get("REDIS_URL"):
        return max(1, _number(environ, "WEB_CONCURRENCY", os.cpu_count() or 1))
    if _number(environ, "WEB_CONCURRENCY", 1) > 1:
        raise SystemExit("config.web: several processes share their cache through Redis: set REDIS_URL, "
                         "or WEB_CONCURRENCY=1.")
    return 1


def options(environ) -> dict:
    host, port = _address(environ)
    return {
        "address": host, "port": port, "workers": workers(environ),
        "blocking_threads": max(1, _number(environ, "WEB_THREADS", 4)),
        # A room of voters sending their ballots in the same instant queues
        # instead of having its connections reset.
        "backlog": _number(environ, "WEB_BACKLOG", 1024),
        "respawn_failed_workers": True,
        # A worker being replaced (SIGHUP, lifetime, memory) serves on for
        # this long beside its successor, which loads Django meanwhile: each
        # worker listens on the port itself, so stopping the old one first
        # would leave the port without a listener.
        "respawn_interval": _number(environ, "WEB_RESPAWN_INTERVAL", 30),
        "workers_lifetime": _number(environ, "WEB_WORKER_LIFETIME", 6 * 3600) or None,
        "workers_max_rss": _number(environ, "WEB_WORKER_MAX_RSS", 768) or None,
        "workers_kill_timeout": _number(environ, "WEB_GRACEFUL_TIMEOUT", 30),
        "log_access": environ.get("WEB_ACCESS_LOG", "true").strip().lower() not in ("0", "false", "no", "off", ""),
    }


# A request's statement ends after this long, and a transaction left idle
# by a stuck thread after that long (PostgreSQL ends them; see the settings):
# a hung request cannot hold a thread, or the locks of a ballot box, for good.
REQUEST_LIMITS = {"DATABASE_STATEMENT_TIMEOUT": "30", "DATABASE_IDLE_TRANSACTION_TIMEOUT": "60"}


def environment(environ) -> dict:
    """What the workers inherit: the environment, with the processes' count
    (the settings size each one's share of PostgreSQL's connections by it)
    and the request limits, unless set."""
    chosen = dict(environ)
    chosen["WEB_CONCURRENCY"] = str(workers(environ))
    for name, default in REQUEST_LIMITS.items():
        if not chosen.get(name, "").strip():
            chosen[name] = default
    return chosen


def main() -> None:
    from granian import Granian
    from granian.constants import Interfaces

    chosen = options(os.environ)
    os.environ.update(environment(os.environ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    Granian("config.wsgi:application", interface=Interfaces.WSGI, websockets=False, **chosen).serve()


if __name__ == "__main__":
    sys.exit(main())
