"""Browser tests against the real server.

`site_url` runs daphne in a subprocess on a free port, on its OWN database
(never pytest-django's test database): `<name>_e2e` on the same PostgreSQL
server when DATABASE_URL points at PostgreSQL, otherwise a throwaway SQLite
file. The demo data is loaded into it once per session.

These tests use the Playwright sync API with Debian's Chromium (see
STACK_NOTES.md items 7-8) and never touch the database from the pytest
process, so they need no `django_db` mark.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.workers import worker_redis_url, worker_suffix

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 60  # seconds for daphne to answer
E2E_ADMIN = ("e2e-admin", "e2e-admin-password-1234")
SERVER: dict = {}  # what the running server leaves for the tests: its log (emails go to the console)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests after every other test of the session.

    While Playwright's sync API is started (the session-scoped `browser`), an
    asyncio loop counts as running in the main thread, so any Django ORM call
    made by another test in the same process would raise
    SynchronousOnlyOperation. Running these last (trylast: after
    pytest-django's own reordering) keeps the rest of the suite unaffected,
    without setting DJANGO_ALLOW_ASYNC_UNSAFE for everyone. These tests never
    touch the database from this process, so they do not need it either.
    """
    here = Path(__file__).resolve().parent
    items.sort(key=lambda item: item.path.resolve().is_relative_to(here))


def _venv_tool(name: str) -> str:
    """A console script of the project's virtualenv (.venv/bin/<name>)."""
    for candidate in (ROOT / ".venv" / "bin" / name, VENV_BIN / name):
        if candidate.exists():
            return str(candidate)
    raise RuntimeError(f"{name} is not installed in the virtualenv: run `make install`.")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _e2e_database_url(tmp_dir: Path) -> str:
    """The server's own database: `<name>_e2e` on the environment's
    PostgreSQL server (dropped and recreated), else a fresh SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
        return f"sqlite:///{tmp_dir / 'e2e.sqlite3'}"

    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/") or "postgres"
    e2e_name = f"{name}_e2e{worker_suffix()}"  # one per pytest-xdist worker
    # Connect to the maintenance database: we cannot drop the one we are on.
    admin_url = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(e2e_name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(e2e_name)))
    return urlunsplit((parts.scheme, parts.netloc, f"/{e2e_name}", parts.query, parts.fragment))


def _run_manage(args: list[str], env: dict) -> None:
    result = subprocess.run(
        [_venv_tool("python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` failed (exit {result.returncode}) while preparing the e2e server.\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )


def server_manage(args: list[str]) -> None:
    """Run a management command against the e2e server's database, for what
    a browser cannot do (such as letting time pass)."""
    _run_manage(args, SERVER["env"])


def _wait_for_port(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"daphne exited with code {process.returncode} before answering.\n{log_path.read_text(errors='replace')}",
                pytrace=False,
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error status: the tests will say more
        except OSError:
            time.sleep(0.2)
    process.terminate()
    pytest.fail(
        f"daphne did not answer on port {port} within {STARTUP_TIMEOUT} s.\n{log_path.read_text(errors='replace')}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def site_url(request, tmp_path_factory):
    """Base URL of a real daphne server running the demo data."""
    tmp_dir = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        # The production configuration: real 404/500 pages, static files
        # collected (served by WhiteNoise here, by Caddy in docker-compose.yml).
        "DEBUG": "false",
        "SECRET_KEY": "e2e-only-secret-key",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies that
        # travel over it (tests/test_security_headers.py checks those).
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(tmp_dir / "static"),
        "DATABASE_URL": _e2e_database_url(tmp_dir),
        # Uploaded files and cache keys of the demo stay apart from the
        # developer's own, and from earlier runs (whose ids this database
        # reuses); REDIS_URL itself is passed through as it is.
        "MEDIA_ROOT": str(tmp_dir / "media"),
        "CACHE_KEY_PREFIX": f"plancommun-e2e-{uuid.uuid4().hex[:12]}",
        "PYTHONUNBUFFERED": "1",
    }
    if env.get("REDIS_URL"):
        env["REDIS_URL"] = worker_redis_url(env["REDIS_URL"], first=12)
    _run_manage(["collectstatic", "--no-input", "-v0"], env)
    _run_manage(["migrate", "--no-input"], env)
    _run_manage(["load_demo_data", "--no-admin", "--host", "127.0.0.1", "--port", str(port)], env)
    _run_manage(
        ["createsuperuser", "--no-input", "--username", E2E_ADMIN[0], "--email", "e2e-admin@example.org"],
        {**env, "DJANGO_SUPERUSER_PASSWORD": E2E_ADMIN[1]},
    )
    # Its address confirmed, as an operator's is by the e-mail of a first sign-in.
    _run_manage(["shell", "-c", "from allauth.account.models import EmailAddress as E; from django.contrib.auth "
                 "import get_user_model as U; E.objects.create(user=U().objects.get(username='e2e-admin'), "
                 "email='e2e-admin@example.org', verified=True, primary=True)"], env)

    log_path = tmp_dir / "daphne.log"
    SERVER["log"], SERVER["env"] = log_path, env
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [_venv_tool("daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, process, log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if request.session.testsfailed:
            sys.stderr.write(f"\n--- daphne log ({log_path}) ---\n{log_path.read_text(errors='replace')}\n")


def inject_axe(page) -> None:
    """axe-core into the page, from DevTools: the page's Content-Security-
    Policy refuses the inline script that `add_script_tag` would write."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Run `make e2e-deps`.",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make e2e-deps` (npm ci).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, site_url):
    """Factory: `new_page(width, height, **context_options)` opens a fresh
    context (no shared cookies or cache) whose relative URLs hit the server."""
    contexts = []

    def factory(width=1280, height=900, **options):
        context = browser.new_context(
            base_url=site_url, viewport={"width": width, "height": height}, locale="fr-FR", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def admin_page(new_page):
    """A page logged in to the Wagtail admin as the e2e administrator,
    through the site's sign-in form (the one door): /admin/ leads there."""
    page = new_page()
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/compte/login/\?next=/admin/$"))
    page.fill("#id_login", "e2e-admin@example.org")
    page.fill("#id_password", E2E_ADMIN[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def server_log(site_url):
    """The server's output so far: development emails are printed there."""
    return lambda: SERVER["log"].read_text(errors="replace")


@pytest.fixture
def login(new_page):
    """`login(email, password, width, height)`: a page signed in through the site's own form."""

    def sign_in(email, password="demo-plan-commun", width=1280, height=900):
        page = new_page(width, height)
        page.goto("/compte/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/compte/profil/")
        return page

    return sign_in


def sign_up(page, server_log, email, display_name):
    """Create an account on the open sign-up page (or go to it), confirm it
    by the emailed link (printed in the server log) and choose a name."""
    if "/compte/signup/" not in page.url:
        page.goto("/compte/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", "un-mot-de-passe-solide")
    page.fill("#id_password2", "un-mot-de-passe-solide")
    page.check("#id_terms")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/compte/confirm-email/")
    key = re.findall(r"/compte/confirm-email/([^/\s]+)/", server_log())[-1]
    page.goto(f"/compte/confirm-email/{key}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/compte/profil/")
    page.fill("#id_display_name", display_name)
    page.get_by_role("button", name="Enregistrer").click()
