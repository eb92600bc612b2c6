"""The production stack, started on this machine as docker-compose.yml runs
it: Caddy (deploy/Caddyfile) terminating TLS with its own local authority,
compressing, serving the static files and routing /ws/; granian
(config/web.py) for the pages; daphne for the websockets; the
production settings (HTTPS, secure cookies), on a database of its own with
the demo data.

With PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as CI's second run
has them), two application nodes (a granian and a daphne each) stand
behind the proxy, and the tests show that sessions, the page cache, live
updates and votes work across them. Without them, one node on a SQLite
file, and the tests of two nodes are skipped."""

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.workers import worker_redis_url, worker_suffix

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CADDY = shutil.which("caddy")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
ON_POSTGRES = urlsplit(DATABASE_URL).scheme in {"postgres", "postgresql"}
TWO_NODES = ON_POSTGRES and bool(REDIS_URL)
NEEDS_TWO_NODES = pytest.mark.skipif(
    not TWO_NODES, reason="two nodes share PostgreSQL and Redis: run with DATABASE_URL=postgres://… REDIS_URL=redis://…")
VOTERS = 20
STARTUP_SECONDS = 90
DEMO_PASSWORD = "demo-plan-commun"

pytestmark = pytest.mark.skipif(not CADDY, reason="Caddy is not installed: `make proxy-deps` installs Debian's")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database(tmp: Path) -> str:
    """`<name>_stack` on the environment's PostgreSQL (dropped and made
    again), else a SQLite file."""
    if not ON_POSTGRES:
        return f"sqlite:///{tmp / 'stack.sqlite3'}"
    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    # The module's tests may run on both xdist workers, each with a stack of its own: not one database.
    name = f"{parts.path.lstrip('/') or 'postgres'}_stack{worker_suffix()}"
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, "")),
                         autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


class Stack:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.https_port, self.http_port, self.admin_port = _free_port(), _free_port(), _free_port()
        self.base = f"https://127.0.0.1:{self.https_port}"
        self.nodes = [{"web": _free_port(), "ws": _free_port()} for _n in range(2 if TWO_NODES else 1)]
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("SECURE_", "PYTEST_", "DJANGO_"))}
        self.env.pop("REDIS_URL", None)
        self.env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "false",
            "SECRET_KEY": "stack-test-only-secret-key", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": self.base, "TRUSTED_PROXY_COUNT": "1", "DATABASE_URL": _database(tmp),
            "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
            "CACHE_KEY_PREFIX": f"plancommun-stack-{uuid.uuid4().hex[:12]}", "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": "1", "WEB_THREADS": "4", "WEB_RESPAWN_INTERVAL": "15",
        })
        if TWO_NODES:
            self.env["REDIS_URL"] = worker_redis_url(REDIS_URL, first=8)
        (tmp / "media").mkdir(exist_ok=True)  # as the image makes /app/media
        self.ca = tmp / "caddy" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def manage(self, *arguments: str) -> str:
        result = subprocess.run([str(VENV_BIN / "python"), *arguments], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{arguments}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result.stdout

    def start(self, name: str, command: list[str], env: dict | None = None, cwd: Path = ROOT) -> subprocess.Popen:
        log = self.tmp / f"{name}.log"
        with log.open("w") as output:
            process = subprocess.Popen(command, cwd=cwd, env=env or self.env, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((name, process, log))
        return process

    def start_node(self, index: int) -> None:
        node = self.nodes[index]
        node["web_server"] = self.start(f"web{index}", [str(VENV_BIN / "python"), "-m", "config.web"],
                                        {**self.env, "WEB_BIND": f"127.0.0.1:{node['web']}"})
        node["daphne"] = self.start(f"ws{index}", [
            str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(node["ws"]), "--proxy-headers",
            "config.asgi:application"])

    def start_proxy(self) -> None:
        caddy_home = self.tmp / "caddy"
        caddy_home.mkdir(exist_ok=True)
        self.start("caddy", [CADDY, "run", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")], {
            "PATH": os.environ.get("PATH", ""), "HOME": str(caddy_home),
            "XDG_DATA_HOME": str(caddy_home), "XDG_CONFIG_HOME": str(caddy_home),
            "HTTP_PORT": str(self.http_port), "HTTPS_PORT": str(self.https_port),
            "CADDY_ADMIN": f"127.0.0.1:{self.admin_port}", "CADDY_LOCAL_CERTS": "local_certs",
            "SITE_ADDRESS": "127.0.0.1",
            "WEB_UPSTREAMS": " ".join(f"127.0.0.1:{node['web']}" for node in self.nodes),
            "WS_UPSTREAMS": " ".join(f"127.0.0.1:{node['ws']}" for node in self.nodes),
            "STATIC_ROOT": self.env["STATIC_ROOT"], "MEDIA_ROOT": self.env["MEDIA_ROOT"],
        }, cwd=caddy_home)

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{log.read_text(errors='replace')[-4000:]}" for name, _p, log in self.processes)

    def wait(self, url: str, **options) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            for name, process, _log in self.processes:
                assert process.poll() is None, f"{name} stopped:\n{self.logs()}"
            try:
                if requests.get(url, timeout=5, **options).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout, OSError):
                pass
            time.sleep(0.3)
        pytest.fail(f"{url} did not answer:\n{self.logs()}")

    def get(self, path: str, **options) -> requests.Response:
        options.setdefault("allow_redirects", False)
        return requests.get(self.base + path, verify=self.ca, timeout=30, **options)

    def node_get(self, index: int, path: str, cookies: dict | None = None) -> requests.Response:
        """A request straight to a node's pages server, as the proxy sends it."""
        headers = {"Host": f"127.0.0.1:{self.https_port}", "X-Forwarded-Proto": "https"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return requests.get(f"http://127.0.0.1:{self.nodes[index]['web']}{path}", timeout=30,
                            allow_redirects=False, headers=headers)

    def stop(self) -> None:
        for _name, process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process, _log in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, request):
    stack = Stack(tmp_path_factory.mktemp("stack"))
    try:
        stack.manage("manage.py", "collectstatic", "--no-input", "-v0")
        stack.manage("manage.py", "migrate", "--no-input", "-v0")
        stack.manage("manage.py", "load_demo_data", "--no-admin", "--host", "127.0.0.1",
                     "--port", str(stack.https_port))
        stack.seed = json.loads(stack.manage("tests/stack_seed.py", str(VOTERS)).strip().splitlines()[-1])
        for index in range(len(stack.nodes)):
            stack.start_node(index)
        stack.start_proxy()
        for node in stack.nodes:
            stack.wait(f"http://127.0.0.1:{node['web']}/sante/", headers={"Host": "localhost"})
            stack.wait(f"http://127.0.0.1:{node['ws']}/sante/", headers={"Host": "localhost"})
        stack.wait(f"{stack.base}/sante/", verify=stack.ca)
        yield stack
    finally:
        stack.stop()
        if request.session.testsfailed:
            sys.stderr.write(stack.logs())


def _websocket(stack, url: str):
    from websockets.asyncio.client import connect

    context = ssl.create_default_context(cafile=str(stack.ca)) if url.startswith("wss:") else None
    return connect(url, origin=stack.base, ssl=context, open_timeout=30)


# One node or two: the stack as production runs it.

def test_pages_go_through_tls_and_come_back_compressed(stack):
    plain = stack.get("/", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "text/html" in plain.headers["Content-Type"]
    assert plain.headers.get("Content-Encoding") is None
    compressed = stack.get("/", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert compressed.text.count("</html>") == 1 and "Plan Commun" in compressed.text
    # Django behind the proxy knows the request came over HTTPS (HSTS, secure cookies),
    # and only the proxy names itself.
    assert compressed.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert compressed.headers["Server"] == "Caddy"
    login = stack.get("/compte/login/")
    assert login.status_code == 200 and login.cookies.get("__Host-csrftoken")


def test_plain_http_is_sent_to_https(stack):
    response = requests.get(f"http://127.0.0.1:{stack.http_port}/", allow_redirects=False, timeout=10)
    assert response.status_code in (301, 308) and response.headers["Location"].startswith("https://127.0.0.1")


def test_static_files_come_from_the_proxy_precompressed_and_cached_for_good(stack):
    static = Path(stack.env["STATIC_ROOT"])
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    hashed = next(name for original, name in manifest.items() if original.endswith(".css"))
    response = stack.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.content == (static / hashed).read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert stack.get("/static/no-such-file.css").status_code == 404


def test_only_wagtails_public_images_are_served_from_the_media_folder(stack):
    media = Path(stack.env["MEDIA_ROOT"])
    (media / "images").mkdir(parents=True, exist_ok=True)
    (media / "images" / "stack.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    (media / "projects" / "1" / "documents").mkdir(parents=True, exist_ok=True)
    (media / "projects" / "1" / "documents" / "budget.pdf").write_bytes(b"%PDF-1.4 private")
    image = stack.get("/media/images/stack.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    # A project's documents are the application's to serve, to those who may read them.
    private = stack.get("/media/projects/1/documents/budget.pdf")
    assert private.status_code == 404 and b"private" not in private.content


def test_websockets_are_routed_to_daphne_and_foreign_origins_refused(stack):
    from websockets.exceptions import InvalidStatus

    url = f"wss://127.0.0.1:{stack.https_port}/ws/consultations/{stack.seed['consultation']}/"

    async def scenario():
        async with _websocket(stack, url) as socket:
            assert socket.response.status_code == 101
        from websockets.asyncio.client import connect

        with pytest.raises(InvalidStatus) as refused:
            await connect(url, origin="https://elsewhere.example", ssl=ssl.create_default_context(cafile=str(stack.ca)))
        assert refused.value.response.status_code == 403

    asyncio.run(scenario())
    assert any("WSCONNECT /ws/consultations/" in log.read_text() for name, _p, log in stack.processes
               if name.startswith("ws"))


def test_health_through_the_proxy_and_on_each_server(stack):
    assert stack.get("/sante/").text == "ok"
    for node in stack.nodes:
        for port in (node["web"], node["ws"]):
            assert requests.get(f"http://127.0.0.1:{port}/sante/", headers={"Host": "localhost"}, timeout=10).text == "ok"
    # The proxy's own, for the container's healthcheck.
    assert requests.get(f"http://127.0.0.1:{stack.admin_port}/config/", timeout=10).status_code == 200


def test_a_graceful_restart_of_the_pages_server_loses_no_request(stack):
    """SIGHUP: granian starts new workers and retires the old ones once their
    requests are done; the proxy sees no error meanwhile."""
    arbiter = stack.nodes[0]["web_server"]
    failures, answered, stop = Counter(), [0], threading.Event()

    def load():
        while not stop.is_set():
            response = stack.get("/sante/")
            if response.status_code == 200:
                answered[0] += 1
            else:
                failures[response.status_code] += 1

    threads = [threading.Thread(target=load) for _n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    arbiter.send_signal(signal.SIGHUP)
    log = stack.tmp / "web0.log"
    deadline = time.monotonic() + 120
    while "Stopped old worker" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # the new worker alone
    stop.set()
    for thread in threads:
        thread.join()
    assert "HUP signal received" in log.read_text() and "Stopped old worker" in log.read_text()
    assert not failures and answered[0] > 20, (failures, answered)


# Two nodes behind the proxy, on one PostgreSQL and one Redis.

def _cookie_header(cookies: dict) -> str:
    # Written out: a cookie jar keeps the __Host- cookies (Secure) off the
    # plain HTTP between the proxy and a node, which these requests stand for.
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _node_post(stack, index: int, path: str, cookies: dict, data: dict) -> requests.Response:
    return requests.post(f"http://127.0.0.1:{stack.nodes[index]['web']}{path}", data=data, timeout=30,
                         allow_redirects=False, headers={
                             "Host": f"127.0.0.1:{stack.https_port}", "X-Forwarded-Proto": "https",
                             "Referer": stack.base + "/", "Cookie": _cookie_header(cookies)})


def _sign_in(stack, index: int, email: str) -> dict:
    """Signs in through one node's sign-in form; the cookies it sets."""
    form = stack.node_get(index, "/compte/login/")
    assert form.status_code == 200
    cookies = {"__Host-csrftoken": form.cookies["__Host-csrftoken"]}
    response = _node_post(stack, index, "/compte/login/", cookies, {
        "login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": cookies["__Host-csrftoken"]})
    assert response.status_code == 302, response.text[-2000:]
    return {**cookies, **{cookie.name: cookie.value for cookie in response.cookies}}


@NEEDS_TWO_NODES
def test_the_proxy_spreads_pages_over_both_nodes(stack):
    for _n in range(8):
        assert stack.get("/sante/").status_code == 200
    for index in range(2):
        assert "GET /sante/" in (stack.tmp / f"web{index}.log").read_text(), f"node {index} served nothing"


@NEEDS_TWO_NODES
def test_a_session_opened_on_one_node_is_valid_on_the_other(stack):
    cookies = _sign_in(stack, 0, "habitante@demo.plan-commun.local")
    for index in (0, 1):
        page = stack.node_get(index, "/compte/profil/", cookies)
        assert page.status_code == 200, (index, page.status_code, page.headers.get("Location"))
        assert "Habitante du quartier" in page.text
    signed_out = stack.node_get(1, "/compte/profil/")
    assert signed_out.status_code == 302


@NEEDS_TWO_NODES
def test_a_comment_posted_on_one_node_empties_the_page_cache_of_the_other(stack):
    action = stack.seed["action"]
    before = stack.node_get(1, action["url"])
    assert before.status_code == 200 and stack.node_get(1, action["url"]).status_code == 200  # cached now
    text = f"Un commentaire venu de l'autre nœud {uuid.uuid4().hex[:8]}"
    assert text not in before.text
    cookies = _sign_in(stack, 0, "habitante@demo.plan-commun.local")
    posted = _node_post(stack, 0, f"/commentaires/{action['content_type']}/{action['pk']}/", cookies, {
        "text": text, "stance": "", "parent": "", "csrfmiddlewaretoken": cookies["__Host-csrftoken"]})
    assert posted.status_code in (302, 303), posted.text[-2000:]
    assert text in stack.node_get(1, action["url"]).text


def _cast(stack, cookie: str, index: int) -> tuple[int, bool]:
    seed = stack.seed
    token = uuid.uuid4().hex
    fields = {"csrfmiddlewaretoken": token}
    for n, option in enumerate(seed["options"]):
        fields[f"q{seed['question']}_o{option}"] = str((index + n) % 7)
    response = requests.post(
        f"{stack.base}/consultations/{seed['consultation']}/vote/", data=fields, verify=stack.ca, timeout=60,
        allow_redirects=False, cookies={seed["session_cookie"]: cookie, seed["csrf_cookie"]: token},
        headers={"Referer": f"{stack.base}/consultations/{seed['consultation']}/"})
    return response.status_code, "data-receipt" in response.text


@NEEDS_TWO_NODES
def test_votes_through_both_nodes_are_each_counted_once_and_reach_watchers_on_both(stack):
    seed = stack.seed
    path = f"/ws/consultations/{seed['consultation']}/"
    outcomes = {}

    async def scenario():
        # One watcher on each node's daphne, and one through the proxy.
        urls = [f"ws://127.0.0.1:{node['ws']}{path}" for node in stack.nodes]
        urls.append(f"wss://127.0.0.1:{stack.https_port}{path}")
        watchers = [await _websocket(stack, url) for url in urls]
        try:
            await asyncio.sleep(1)
            received = [asyncio.ensure_future(asyncio.wait_for(socket.recv(), timeout=30)) for socket in watchers]

            def vote_all():
                threads = [threading.Thread(target=lambda i=i, c=c: outcomes.__setitem__(i, _cast(stack, c, i)))
                           for i, c in enumerate(seed["voters"])]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()

            await asyncio.get_running_loop().run_in_executor(None, vote_all)
            return await asyncio.gather(*received)
        finally:
            await asyncio.gather(*(socket.close() for socket in watchers))

    messages = asyncio.run(scenario())
    assert all(outcome == (200, True) for outcome in outcomes.values()), outcomes
    assert len(outcomes) == VOTERS
    assert all(message for message in messages)
    for index in range(2):
        assert f"POST /consultations/{seed['consultation']}/vote/" in (stack.tmp / f"web{index}.log").read_text()
    counted = stack.manage("manage.py", "shell", "-c", (
        "from consultations.models import VoterRecord, SealedBallot, Ballot;"
        f"c={seed['consultation']};"
        "print(VoterRecord.objects.filter(consultation_id=c).count(),"
        " SealedBallot.objects.filter(consultation_id=c).count() + Ballot.objects.filter(consultation_id=c).count())"))
    assert counted.split()[-2:] == [str(VOTERS), str(VOTERS)]
    # The same person again, wherever the proxy sends them, is not a second ballot.
    assert _cast(stack, seed["voters"][0], 0)[0] < 500
    again = stack.manage("manage.py", "shell", "-c", (
        "from consultations.models import VoterRecord;"
        f"print(VoterRecord.objects.filter(consultation_id={seed['consultation']}).count())"))
    assert again.split()[-1] == str(VOTERS)


# Backups: deploy/backup.sh and deploy/restore.sh, as the README says to run them.

NONCES = re.compile(r"""(nonce[=-]["']?|csrfmiddlewaretoken" value=")[A-Za-z0-9+/=_-]{8,100}""")
COUNTS = ("from django.apps import apps;"
          "print(*(apps.get_model(m).objects.count() for m in ('participation.User', 'participation.Comment',"
          " 'consultations.VoterRecord', 'consultations.SealedBallot', 'wagtailcore.Page', 'projects.Project')))")


def _same_page(text: str) -> str:
    return NONCES.sub(r"\1…", text)


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump backups: run with DATABASE_URL=postgres://… "
                    "(on SQLite, a backup is a copy of its file)")
def test_a_backup_restored_into_a_fresh_database_serves_the_same_pages_and_counts(stack):
    import psycopg
    from psycopg import sql

    backup = stack.tmp / "backup.tar"
    with backup.open("wb") as archive:
        subprocess.run([str(ROOT / "deploy" / "backup.sh")], env=stack.env, stdout=archive, check=True, timeout=300)
    parts = urlsplit(stack.env["DATABASE_URL"])
    fresh = f"{parts.path.lstrip('/')}_restored"
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, "/postgres", "", "")), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(fresh)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(fresh)))
    restored_env = {**stack.env, "DATABASE_URL": urlunsplit((parts.scheme, parts.netloc, f"/{fresh}", "", "")),
                    "MEDIA_ROOT": str(stack.tmp / "media-restored"),
                    "CACHE_KEY_PREFIX": f"plancommun-restored-{uuid.uuid4().hex[:12]}",
                    "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"}
    with backup.open("rb") as archive:
        restored = subprocess.run([str(ROOT / "deploy" / "restore.sh")], env=restored_env, stdin=archive,
                                  capture_output=True, text=True, timeout=600)
    assert restored.returncode == 0, restored.stderr[-3000:]
    # The uploaded files came back.
    original_media = Path(stack.env["MEDIA_ROOT"])
    assert sorted(p.relative_to(original_media) for p in original_media.rglob("*") if p.is_file()) == sorted(
        p.relative_to(stack.tmp / "media-restored") for p in (stack.tmp / "media-restored").rglob("*") if p.is_file())
    # The same counts...
    counts = [subprocess.run([str(VENV_BIN / "python"), "manage.py", "shell", "-c", COUNTS], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout.split()[-6:]
              for env in (stack.env, restored_env)]
    assert counts[0] == counts[1] and int(counts[0][0]) > VOTERS, counts
    # ...and the same pages, served from the restored database.
    port = _free_port()
    server = stack.start("restored", [str(VENV_BIN / "python"), "-m", "config.web"],
                         {**restored_env, "WEB_BIND": f"127.0.0.1:{port}"})
    try:
        stack.wait(f"http://127.0.0.1:{port}/sante/", headers={"Host": "localhost"})
        headers = {"Host": f"127.0.0.1:{stack.https_port}", "X-Forwarded-Proto": "https"}
        for path in ("/", stack.seed["action"]["url"], f"/consultations/{stack.seed['consultation']}/resultats/"):
            original = stack.node_get(0, path)
            copy = requests.get(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=30, allow_redirects=False)
            assert original.status_code == copy.status_code == 200, (path, original.status_code, copy.status_code)
            assert _same_page(copy.text) == _same_page(original.text), path
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
