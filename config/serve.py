"""The production web server: daphne in several processes on one port, so
that Python's global lock does not hold the whole site to one core (what
Channels' deployment guide does with supervisord's `fcgi-program`).

    python -m config.serve [--host 0.0.0.0] [--port 8000] [--workers N] [--backlog 1024] [daphne options]

`WEB_CONCURRENCY` (or `--workers`) sets the number of processes; the
default is one per core. Several processes share their cache, sessions and
live updates through Redis: without `REDIS_URL` (the in-memory cache and
channel layer are per process) it runs one. Each process listens on a
socket of its own bound with SO_REUSEPORT, so that the kernel spreads the
connections evenly: on one shared socket, the first process awake accepts
a whole burst of them while the others stay idle. A process that dies
is started again; SIGTERM or SIGINT stops them all, letting requests in
flight finish; a process that keeps dying at start stops the server with an
error, for docker to restart or an operator to read the log.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

# A process that dies this soon after starting counts towards a crash loop.
EARLY_EXIT_SECONDS = 10
EARLY_EXITS_MAX = 5
RESTART_PAUSE_SECONDS = 0.5


def workers_default() -> int:
    """WEB_CONCURRENCY, or one process per core."""
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not value:
        return os.cpu_count() or 1
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"serve: WEB_CONCURRENCY={value!r} is not a number of processes.") from None


def workers_allowed(asked: int) -> tuple[int, str]:
    """The number of processes to run, and why it differs from the one asked
    for (empty when it does not)."""
    if asked < 1:
        return 1, f"--workers {asked} is not a number of processes: running 1."
    if asked > 1 and not os.environ.get("REDIS_URL"):
        return 1, (f"{asked} processes asked for, but without REDIS_URL the cache and the live updates "
                   "are per process: running 1.")
    return asked, ""


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    # daphne adopts an inherited socket as IPv4 only.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    # The backlog queues a room of voters sending their ballots in the same
    # instant (daphne's own default, 50, resets the connections beyond it).
    listener.listen(backlog)
    listener.set_inheritable(True)
    return listener


class Supervisor:
    """Starts one daphne per socket, starts it again when it dies (on the
    same socket: the connections queued there wait for it) and stops them
    all on SIGTERM or SIGINT."""

    def __init__(self, listeners: list[socket.socket], daphne_args: list[str]):
        self.listeners = listeners
        self.daphne_args = daphne_args
        self.children: dict[int, tuple[subprocess.Popen, float, socket.socket]] = {}
        self.stopping = False
        self.early_exits = 0

    def start_one(self, listener: socket.socket) -> None:
        command = [sys.executable, "-m", "daphne", "-e", f"fd:fileno={listener.fileno()}", *self.daphne_args,
                   "config.asgi:application"]
        # Each process sizes its share of the database connections by it.
        environment = {**os.environ, "WEB_CONCURRENCY": str(len(self.listeners))}
        child = subprocess.Popen(command, pass_fds=(listener.fileno(),), env=environment)
        self.children[child.pid] = (child, time.monotonic(), listener)

    def stop(self, _signum=None, _frame=None) -> None:
        self.stopping = True
        for child, _started, _listener in self.children.values():
            child.send_signal(signal.SIGTERM)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for listener in self.listeners:
            self.start_one(listener)
        status = 0
        while self.children:
            pid, how = os.wait()
            entry = self.children.pop(pid, None)
            if entry is None or self.stopping:
                continue
            _child, started, listener = entry
            early = time.monotonic() - started < EARLY_EXIT_SECONDS
            self.early_exits = self.early_exits + 1 if early else 0
            if self.early_exits >= EARLY_EXITS_MAX:
                print(f"serve: the web process died {EARLY_EXITS_MAX} times at start; stopping.", file=sys.stderr)
                status = 1
                self.stop()
                continue
            print(f"serve: web process {pid} stopped (wait status {how}); starting another.", file=sys.stderr)
            if early:
                time.sleep(RESTART_PAUSE_SECONDS)  # not a tight loop of failing starts
            if not self.stopping:
                self.start_one(listener)
        return status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Other options go to daphne (daphne --help).")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=workers_default())
    parser.add_argument("--backlog", type=int, default=1024)
    options, daphne_args = parser.parse_known_args(argv)
    workers, why = workers_allowed(options.workers)
    if why:
        print(f"serve: {why}", file=sys.stderr)
    try:
        listeners = [listening_socket(options.host, options.port, options.backlog) for _n in range(workers)]
    except (OSError, OverflowError) as error:
        print(f"serve: cannot listen on {options.host}:{options.port} ({error}).", file=sys.stderr)
        return 2
    print(f"serve: {workers} daphne process(es) on {options.host}:{options.port}", file=sys.stderr, flush=True)
    return Supervisor(listeners, daphne_args).run()


if __name__ == "__main__":
    sys.exit(main())
