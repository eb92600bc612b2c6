"""What each pytest-xdist worker keeps apart when it starts servers of its own
(the browser tests' server, the production stack): the names of its
PostgreSQL databases and the number of its Redis database."""

import os
from urllib.parse import urlsplit, urlunsplit


def worker_suffix() -> str:
    """"_gw0", "_gw1"… on an xdist worker, "" otherwise."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def worker_redis_url(url: str, first: int) -> str:
    """The Redis database `first`, `first + 1`… of this worker (of four):
    the live updates' groups are named by ids, the same in every worker's
    data, and must not reach another worker's sockets."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix("gw")
    return urlunsplit(urlsplit(url)._replace(path=f"/{first + int(worker) % 4}")) if worker.isdigit() else url
