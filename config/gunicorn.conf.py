"""gunicorn, the pages' server in production (the websockets are daphne's):

    gunicorn --config config/gunicorn.conf.py config.wsgi:application

Synchronous Django in threads (gthread): each worker process runs
`GUNICORN_THREADS` requests at once, so that a request waiting on PostgreSQL
or Redis does not hold a core; one process per core (`WEB_CONCURRENCY`) for
Python's global lock. Several processes, or several machines, share the
cache, sessions and live updates through Redis: without `REDIS_URL` run one.

What the hand-made server did not: a worker that does not answer its
arbiter for `GUNICORN_TIMEOUT` seconds is killed and replaced; every worker
is recycled after about `GUNICORN_MAX_REQUESTS` requests; SIGTERM lets the
requests in flight finish for `GUNICORN_GRACEFUL_TIMEOUT` seconds and then
kills; SIGHUP starts new workers and retires the old ones gracefully.
Logs (access and errors) go to stdout and stderr.
"""

import os


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"gunicorn: {name}={value!r} is not a number.") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").split()
# Without Redis each process would keep its own cache: a page made private,
# or a comment hidden, in one would still be served by the others until
# their copies expire. So one process, and a clear refusal of more.
if os.environ.get("REDIS_URL"):
    workers = max(1, _number("WEB_CONCURRENCY", os.cpu_count() or 1))
else:
    workers = _number("WEB_CONCURRENCY", 1)
    if workers > 1:
        raise SystemExit("gunicorn: several processes share their cache through Redis: set REDIS_URL, "
                         "or WEB_CONCURRENCY=1.")
    workers = 1
# The settings size each worker's share of the PostgreSQL connections by it.
os.environ["WEB_CONCURRENCY"] = str(workers)
worker_class = "gthread"
threads = max(1, _number("GUNICORN_THREADS", 4))
# A room of voters sending their ballots in the same instant queues instead
# of having its connections reset.
backlog = _number("GUNICORN_BACKLOG", 1024)
timeout = _number("GUNICORN_TIMEOUT", 60)
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind the proxy's keep-alive connections.
keepalive = _number("GUNICORN_KEEPALIVE", 5)
max_requests = _number("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The workers' heartbeat files in memory: a container's disk may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No control socket (gunicorn 27's gunicornc): one path in $HOME, which
# several servers on one machine would share; signals do the same.
control_socket_disable = True
# The proxy's X-Forwarded-Proto and X-Forwarded-For are read by Django
# itself (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXY_COUNT).
