"""The production stack for `make bench`, as docker-compose.yml runs it, on
the loopback: Caddy (deploy/Caddyfile) in front, over plain HTTP (the TLS it
terminates in production is the same for every page), granian for the pages
(config/web.py), daphne for the websockets."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str, processes: list, deadline: float, log: Path, headers: dict | None = None) -> None:
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if any(process.poll() is not None for process in processes) or time.monotonic() > deadline:
                stop(processes)
                raise SystemExit(f"The stack did not start ({url}); see {log}") from None
            time.sleep(0.3)


# The pages' servers `make bench` can put behind the proxy (BENCH_WEB), to
# compare them on the same pages: granian (config/web.py) is production's.
WEB_SERVERS = {
    "granian": [str(BIN / "python"), "-m", "config.web"],
    "gunicorn": [str(BIN / "gunicorn"), "--bind", "127.0.0.1:{port}", "--workers", "{workers}", "--worker-class",
                 "gthread", "--threads", "{threads}", "--backlog", "1024", "config.wsgi:application"],
    "daphne": [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", "{port}", "config.asgi:application"],
}


def start(port: int, env: dict, log: Path, *, web: str = "granian") -> list[subprocess.Popen]:
    """Caddy on `port`, in front of the pages' server `web` (WEB_SERVERS)
    and daphne for the websockets."""
    web_port, ws_port = free_port(), free_port()
    caddy_home = Path(env.get("STATIC_ROOT", "/tmp")).parent / f"bench-caddy-{port}"
    output = open(log, "w")
    if web not in WEB_SERVERS:
        raise SystemExit(f"BENCH_WEB={web!r}: one of {', '.join(WEB_SERVERS)}")
    workers = env.get("WEB_CONCURRENCY") or str(os.cpu_count() or 1)
    threads = env.get("WEB_THREADS") or "4"
    web_command = [part.format(port=web_port, workers=workers, threads=threads) for part in WEB_SERVERS[web]]
    processes = [
        subprocess.Popen(web_command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                         env={**env, "WEB_BIND": f"127.0.0.1:{web_port}", "WEB_ACCESS_LOG": "false"}),
        subprocess.Popen([str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(ws_port), "config.asgi:application"],
                         cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True),
        caddy_start(port, f"127.0.0.1:{web_port}", f"127.0.0.1:{ws_port}", env, output, caddy_home),
    ]
    deadline = time.monotonic() + 90
    for server_port in (web_port, ws_port):
        _answers(f"http://127.0.0.1:{server_port}/sante/", processes, deadline, log, {"Host": "127.0.0.1"})
    _answers(f"http://127.0.0.1:{port}/sante/", processes, deadline, log)
    return processes


def caddy_start(port: int, web_upstreams: str, ws_upstreams: str, env: dict, output, home: Path) -> subprocess.Popen:
    """Caddy on `port` with production's configuration (deploy/Caddyfile)."""
    caddy = shutil.which("caddy")
    if not caddy:
        raise SystemExit("make bench runs the production stack: install Debian's caddy (make proxy-deps).")
    home.mkdir(exist_ok=True)
    return subprocess.Popen(
        [caddy, "run", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")],
        cwd=home, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, env={
            "PATH": os.environ.get("PATH", ""), "HOME": str(home), "XDG_DATA_HOME": str(home),
            "XDG_CONFIG_HOME": str(home), "SITE_ADDRESS": f"http://127.0.0.1:{port}", "CADDY_ADMIN": "off",
            "WEB_UPSTREAMS": web_upstreams, "WS_UPSTREAMS": ws_upstreams,
            "STATIC_ROOT": env.get("STATIC_ROOT", ""), "MEDIA_ROOT": env.get("MEDIA_ROOT", "/nonexistent"),
        })


def proxy_in_front(port: int, upstream_port: int, env: dict, log: Path) -> subprocess.Popen:
    """Production's Caddy alone, in front of one server (the bare view, whose
    /sante/ answers its health checks), to tell what the proxy costs."""
    home = Path(env.get("STATIC_ROOT", "/tmp")).parent / f"bench-caddy-{port}"
    upstream = f"127.0.0.1:{upstream_port}"
    process = caddy_start(port, upstream, upstream, env, open(log, "a"), home)
    _answers(f"http://127.0.0.1:{port}/sante/", [process], time.monotonic() + 60, log)
    return process


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
