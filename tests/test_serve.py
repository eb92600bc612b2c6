"""The production server (config/serve.py) and what keeps a request cheap
under ASGI: one Redis client per process, a middleware chain that runs in
the request's thread."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from asgiref import sync
from django.conf import settings
from django.test import AsyncClient, override_settings

from config.serve import workers_allowed

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("REDIS_URL", "")


def test_several_processes_need_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    workers, why = workers_allowed(4)
    assert workers == 1 and "REDIS_URL" in why
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    assert workers_allowed(4) == (4, "")
    assert workers_allowed(0)[0] == 1


def test_a_number_of_processes_that_is_not_one_is_said(monkeypatch):
    from config.serve import workers_default

    monkeypatch.setenv("WEB_CONCURRENCY", "deux")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='deux' is not a number"):
        workers_default()
    monkeypatch.setenv("WEB_CONCURRENCY", " 3 ")
    assert workers_default() == 3
    monkeypatch.setenv("WEB_CONCURRENCY", "")
    assert workers_default() == (os.cpu_count() or 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def _serve(port: int, *arguments: str, redis: str = "") -> subprocess.Popen:
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/serve.sqlite3", "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_KEY_PREFIX": f"plancommun-serve-test-{port}",
    }
    environment.pop("REDIS_URL", None)
    if redis:
        environment["REDIS_URL"] = redis
    return subprocess.Popen([sys.executable, "-m", "config.serve", "--host", "127.0.0.1", "--port", str(port),
                             *arguments], cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True)


def _answers(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=5) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def _stop(server: subprocess.Popen) -> None:
    """What a failed test leaves running is killed, its processes first."""
    if server.poll() is None:
        for pid in _children(server.pid):
            os.kill(pid, signal.SIGKILL)
        server.kill()
        server.wait()


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not REDIS_URL, reason="several processes share Redis: run with REDIS_URL=redis://…")
def test_serves_from_several_processes_restarts_a_dead_one_and_stops_on_sigterm():
    port = _free_port()
    server = _serve(port, "--workers", "2", redis=REDIS_URL)
    try:
        assert _answers(port, time.monotonic() + 60), server.stderr.read() if server.poll() is not None else ""
        assert _wait_for(lambda: len(_children(server.pid)) == 2, 10)
        first = _children(server.pid)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        assert _wait_for(lambda: len(_children(server.pid)) == 2 and victim not in _children(server.pid), 20)
        # The new process takes over the dead one's socket: every request is answered.
        assert all(_answers(port, time.monotonic() + 30) for _n in range(20))
        workers = _children(server.pid)
        server.send_signal(signal.SIGTERM)
        assert server.wait(20) == 0
        assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 10)
    finally:
        _stop(server)


def test_one_process_without_redis():
    port = _free_port()
    server = _serve(port, "--workers", "3")
    try:
        assert _answers(port, time.monotonic() + 60)
        assert len(_children(server.pid)) == 1
        server.send_signal(signal.SIGTERM)
        assert server.wait(20) == 0
        assert "without REDIS_URL" in server.stderr.read()
    finally:
        _stop(server)


def test_a_process_that_keeps_dying_at_start_stops_the_server():
    server = _serve(_free_port(), "--workers", "1", "--no-such-daphne-option")
    assert server.wait(120) == 1
    assert "died 5 times at start" in server.stderr.read()


def test_a_port_already_taken_is_said():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = _serve(taken.getsockname()[1], "--workers", "1")
        assert server.wait(30) == 2
        assert "cannot listen" in server.stderr.read()


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_the_middleware_chain_runs_in_one_thread_under_asgi(monkeypatch):
    """A few hops between the event loop and a thread per request (into the
    chain, the view, the request signal, CSRF's view check), not two per
    middleware as when an asynchronous-capable middleware is innermost
    (17 here then): one placed after SynchronousChainMiddleware, or a
    middleware only asynchronous, would bring them back."""
    assert settings.MIDDLEWARE[-1] == "config.middleware.SynchronousChainMiddleware"
    hops = []
    original = sync.SyncToAsync.__init__

    def counted(self, func, *args, **kwargs):
        hops.append(getattr(func, "__qualname__", repr(func)))
        original(self, func, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__init__", counted)
    response = sync.async_to_sync(AsyncClient().get)("/sante/")
    assert response.status_code == 200
    assert len(hops) <= 6, hops
    assert not any(hop.endswith(("process_request", "process_response")) for hop in hops), hops


def test_one_redis_connection_pool_per_process():
    """Every request context makes a cache object of its own: they share the
    process's pool (django-redis), not a new connection each."""
    from django_redis.cache import RedisCache

    first = RedisCache("redis://127.0.0.1:6379/15", {}).client
    second = RedisCache("redis://127.0.0.1:6379/15", {}).client
    assert first.get_client(write=True).connection_pool is second.get_client(write=False).connection_pool
    other = RedisCache("redis://127.0.0.1:6379/14", {}).client
    assert other.get_client().connection_pool is not first.get_client().connection_pool
