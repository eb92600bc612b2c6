"""Project-wide guarantees: translations, deployment files, settings."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_french_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated French entries: {untranslated}"
    assert not fuzzy, f"fuzzy French entries: {fuzzy}"
    mo = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po").stat().st_mtime - 1


def test_every_template_string_is_in_the_catalogue():
    """A string added to a template without `make messages` would show in English."""
    po = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in po}
    missing = []
    for template in (ROOT / "templates").rglob("*.html"):
        for match in re.finditer(r'{%\s*translate\s+"([^"]+)"', template.read_text(encoding="utf-8")):
            # makemessages writes a template's "%" as "%%" in the catalogue.
            if match.group(1) not in known and match.group(1).replace("%", "%%") not in known:
                missing.append(f"{template.name}: {match.group(1)}")
    assert not missing, missing


def test_interface_language_and_timezone():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_the_proxy_the_servers_the_worker_postgres_and_redis_with_healthchecks():
    services = compose()["services"]
    assert set(services) == {"proxy", "web", "ws", "migrate", "worker", "clock", "db", "redis"}
    for name, service in services.items():
        if name != "migrate":  # a one-shot job
            assert "healthcheck" in service, name
            assert service["restart"] == "unless-stopped", name
    assert services["migrate"]["restart"] == "no"
    assert {"postgres-data", "redis-data", "media", "caddy-data"} <= set(compose()["volumes"])


def test_compose_puts_the_proxy_in_front_and_keeps_the_servers_off_the_network():
    services = compose()["services"]
    assert services["proxy"]["build"]["target"] == "proxy"
    assert {"web", "ws"} <= set(services["proxy"]["depends_on"])
    assert services["proxy"]["environment"]["WEB_UPSTREAMS"] == "web:8000"
    assert services["proxy"]["environment"]["WS_UPSTREAMS"] == "ws:8001"
    for name in ("web", "ws", "worker", "clock", "migrate", "db", "redis"):
        assert "ports" not in services[name], f"{name} is reached through the proxy only"
    assert services["web"]["command"] == "python -m config.web"
    assert services["web"]["sysctls"]["net.ipv4.tcp_migrate_req"] == 1
    ws = " ".join(services["ws"]["command"].split())
    assert " daphne --bind " in ws and ws.endswith("config.asgi:application")
    # The websockets' processes bound their statements and idle transactions as the pages' do (config/web.py);
    # migrations, imports and the workers are not bounded unless the operator says so.
    assert ws.startswith("env DATABASE_STATEMENT_TIMEOUT=${DATABASE_STATEMENT_TIMEOUT:-30} "
                         "DATABASE_IDLE_TRANSACTION_TIMEOUT=${DATABASE_IDLE_TRANSACTION_TIMEOUT:-60} daphne ")
    shared = services["migrate"]["environment"]
    for name in ("DATABASE_STATEMENT_TIMEOUT", "DATABASE_IDLE_TRANSACTION_TIMEOUT"):
        assert shared[name] == f"${{{name}:-}}", name
    assert services["clock"]["command"].startswith("python manage.py clock")
    for name in ("web", "ws", "worker", "clock"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
    # docker stops web after its requests in flight had the server's graceful time to finish.
    assert int(services["web"]["stop_grace_period"].removesuffix("s")) > 30


def test_the_image_serves_the_pages_with_granian_and_the_proxy_image_carries_the_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["python", "-m", "config.web"]' in dockerfile
    assert "AS proxy" in dockerfile and "COPY deploy/Caddyfile /etc/caddy/Caddyfile" in dockerfile
    assert "COPY --from=app /app/staticfiles /srv/static" in dockerfile


def test_readme_documents_the_compose_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("web", "ws", "migrate", "worker"):
        command = " ".join(compose()["services"][name]["command"].split())
        command = command.removeprefix('sh -c "').removesuffix('"')
        assert command in readme, f"{name}: {command}"
    assert "make run" in readme and "make test" in readme


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose (Debian package) is not installed")
def test_compose_file_is_valid_with_the_env_file_an_operator_copies(tmp_path):
    """As the README says: .env copied from .env.example, then compose."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}  # only .env, as on a fresh server
    result = subprocess.run(["docker-compose", "config"], cwd=tmp_path, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "change-me-to-a-long-random-string" in result.stdout  # SECRET_KEY from .env reaches the services


def test_every_variable_of_the_env_file_reaches_the_application_containers():
    services = compose()["services"]
    for name in ("web", "ws", "worker", "clock", "migrate"):
        assert services[name]["env_file"] == ".env", name


def test_every_service_s_logs_are_rotated():
    for name, service in compose()["services"].items():
        assert service["logging"] == {"driver": "json-file", "options": {"max-size": "10m", "max-file": "5"}}, name


def test_the_image_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".git", ".venv", "node_modules", "media", "*.sqlite3", ".demo-admin-password"):
        assert entry in ignored, entry
    assert "!.env.example" in ignored


def test_each_line_of_the_env_example_sets_one_variable():
    """Compose reads a line as one value: two assignments on a line would
    hand the first variable the rest of it."""
    for number, line in enumerate((ROOT / ".env.example").read_text(encoding="utf-8").splitlines(), 1):
        setting = line.lstrip("# ").split("  #")[0].strip()
        if re.fullmatch(r"[A-Z_]+=.*", setting):
            value = setting.split("=", 1)[1]
            assert not re.search(r"\s[A-Z_]{3,}=", value), f".env.example line {number}: {line}"


@pytest.mark.skipif(not shutil.which("caddy"), reason="Caddy is not installed: `make proxy-deps` installs Debian's")
@pytest.mark.parametrize("site", ["", "plan-commun.example.org"])
def test_the_proxy_configuration_is_valid(tmp_path, site):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path), **({"SITE_ADDRESS": site} if site else {})}
    result = subprocess.run(["caddy", "validate", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Valid configuration" in result.stdout + result.stderr, result.stderr


def test_the_pages_server_runs_threads_in_a_process_per_core_and_recycles_them():
    from config import web

    options = web.options({"REDIS_URL": "redis://127.0.0.1:6379/0", "WEB_THREADS": "6"})
    assert options["blocking_threads"] == 6 and options["workers"] == (os.cpu_count() or 1)
    assert (options["address"], options["port"]) == ("0.0.0.0", 8000) and options["backlog"] >= 1024
    assert options["respawn_failed_workers"] and options["workers_lifetime"] > 0
    assert options["workers_max_rss"] > 0 and options["workers_kill_timeout"] > 0 and options["log_access"]
    assert web.options({"WEB_BIND": "[::1]:9000", "WEB_ACCESS_LOG": "false"})["address"] == "::1"
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='deux' is not a number"):
        web.options({"REDIS_URL": "redis://x", "WEB_CONCURRENCY": "deux"})
    with pytest.raises(SystemExit, match="is not host:port"):
        web.options({"WEB_BIND": "8000"})


def test_the_pages_server_runs_one_process_without_redis():
    """Each process's in-memory cache would serve what another one changed
    (a page made private, a hidden comment): without Redis, one process."""
    from config import web

    assert web.workers({}) == 1 and web.workers({"WEB_CONCURRENCY": "1"}) == 1
    with pytest.raises(SystemExit, match="set REDIS_URL, or WEB_CONCURRENCY=1"):
        web.workers({"WEB_CONCURRENCY": "4"})
    assert web.workers({"REDIS_URL": "redis://x", "WEB_CONCURRENCY": "3"}) == 3


def test_settings_refuse_to_run_in_production_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG="false")
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", "import config.settings.base"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_settings_read_the_database_and_redis_from_the_environment():
    env = dict(os.environ, DATABASE_URL="postgres://u:p@db.example:5432/plan", REDIS_URL="redis://cache:6379/1")
    code = (
        "import config.settings.base as s;"
        "print(s.DATABASES['default']['HOST'], s.CHANNEL_LAYERS['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["db.example", "channels_redis.core.RedisChannelLayer", "redis://cache:6379/1"]


def test_one_redis_connection_pool_per_process():
    """Each thread makes a cache object of its own (Django's caches are per
    thread): they share the process's pool (django-redis), not a new
    connection each."""
    from django_redis.cache import RedisCache

    first = RedisCache("redis://127.0.0.1:6379/15", {}).client
    second = RedisCache("redis://127.0.0.1:6379/15", {}).client
    assert first.get_client(write=True).connection_pool is second.get_client(write=False).connection_pool
    other = RedisCache("redis://127.0.0.1:6379/14", {}).client
    assert other.get_client().connection_pool is not first.get_client().connection_pool


def test_the_pages_processes_bound_their_statements_and_idle_transactions_unless_told():
    from config import web

    chosen = web.environment({"REDIS_URL": "redis://x", "WEB_CONCURRENCY": "3"})
    assert chosen["DATABASE_STATEMENT_TIMEOUT"] == "30" and chosen["DATABASE_IDLE_TRANSACTION_TIMEOUT"] == "60"
    assert chosen["WEB_CONCURRENCY"] == "3" and chosen["REDIS_URL"] == "redis://x"
    told = web.environment({"DATABASE_STATEMENT_TIMEOUT": "5", "DATABASE_IDLE_TRANSACTION_TIMEOUT": "0"})
    assert told["DATABASE_STATEMENT_TIMEOUT"] == "5" and told["DATABASE_IDLE_TRANSACTION_TIMEOUT"] == "0"
    assert told["WEB_CONCURRENCY"] == "1"


def _settings_options(**environ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(DATABASE_URL="postgres://u:p@db.example:5432/plan", DEBUG="true", **environ)
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c",
         "import config.settings.base as s; print(repr(s.DATABASES['default'].get('OPTIONS', {}).get('options')))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_settings_hand_postgresql_the_statement_and_idle_transaction_limits():
    result = _settings_options(DATABASE_STATEMENT_TIMEOUT="1.5", DATABASE_IDLE_TRANSACTION_TIMEOUT="60")
    assert result.stdout.strip() == "'-c statement_timeout=1500 -c idle_in_transaction_session_timeout=60000'", (
        result.stderr)
    # Unset or 0: no limit (migrations, imports and the workers by default).
    assert _settings_options().stdout.strip() == "None"
    assert _settings_options(DATABASE_STATEMENT_TIMEOUT="0").stdout.strip() == "None"
    refused = _settings_options(DATABASE_STATEMENT_TIMEOUT="trente")
    assert refused.returncode != 0 and "DATABASE_STATEMENT_TIMEOUT='trente': a number of seconds" in refused.stderr


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                    reason="PostgreSQL's limits: run with DATABASE_URL=postgres://…")
def test_postgresql_ends_a_long_statement_and_an_idle_transaction_through_the_pool():
    code = """
import time, django
django.setup()
from django.db import connection, transaction
from django.db.utils import OperationalError
started = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    print("slept")
except OperationalError as error:
    print("ended", type(error.__cause__).__name__, round(time.monotonic() - started, 1))
try:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            time.sleep(1.5)
            cursor.execute("SELECT 1")
    print("idle kept")
except Exception as error:
    causes = []
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    print("idle", "IdleInTransactionSessionTimeout" in causes)
"""
    from urllib.parse import urlsplit, urlunsplit

    # The server's own "postgres" database: only SELECTs here.
    url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    env = dict(os.environ, DEBUG="true", DJANGO_SETTINGS_MODULE="config.settings.base", DATABASE_URL=url,
               DATABASE_STATEMENT_TIMEOUT="0.5", DATABASE_IDLE_TRANSACTION_TIMEOUT="0.5")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.split()
    assert lines[:2] == ["ended", "QueryCanceled"] and float(lines[2]) < 3, result.stdout + result.stderr
    assert lines[3:] == ["idle", "True"], result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose (Debian package) is not installed")
def test_the_nodes_file_points_every_service_at_the_shared_servers_and_media(tmp_path):
    """deploy/compose.nodes.yml over docker-compose.yml, as the README's
    "Two or more web nodes" runs them, with the .env a node would have."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "deploy" / "compose.nodes.yml", tmp_path / "deploy" / "compose.nodes.yml")
    node = ("DATABASE_URL=postgres://plancommun:secret@10.0.0.5:5432/plancommun\n"
            "REDIS_URL=redis://:secret@10.0.0.5:6379/0\nMEDIA_PATH=/mnt/plan-commun-media\nNODE_ADDRESS=10.0.0.11\n"
            "WEB_UPSTREAMS=10.0.0.11:8000 10.0.0.12:8000\nWS_UPSTREAMS=10.0.0.11:8001 10.0.0.12:8001\n")
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8") + node, encoding="utf-8")
    command = ["docker-compose", "-f", "docker-compose.yml", "-f", "deploy/compose.nodes.yml", "config"]
    # Only .env: compose takes the shell's variables over it (the suite's own DATABASE_URL, say).
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    result = subprocess.run(command, cwd=tmp_path, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    for name in ("web", "ws", "migrate", "worker", "clock"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"] == "postgres://plancommun:secret@10.0.0.5:5432/plancommun", name
        assert environment["REDIS_URL"] == "redis://:secret@10.0.0.5:6379/0", name
    for name, port in (("web", 8000), ("ws", 8001)):
        assert [str(published) for published in services[name]["ports"]] == [f"10.0.0.11:{port}:{port}/tcp"], name
        assert "/mnt/plan-commun-media:/app/media:rw" in services[name]["volumes"], name
    assert services["proxy"]["environment"]["WEB_UPSTREAMS"] == "10.0.0.11:8000 10.0.0.12:8000"
    assert "/mnt/plan-commun-media:/srv/media:ro" in services["proxy"]["volumes"]
    # Without the shared servers named, it refuses instead of starting nodes on their own databases.
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    refused = subprocess.run(command, cwd=tmp_path, env=clean, capture_output=True, text=True)
    assert refused.returncode != 0 and "set DATABASE_URL in .env" in refused.stderr


def test_a_backup_refuses_a_media_folder_that_is_not_there(tmp_path):
    """A wrong MEDIA_ROOT must not give an archive that looks whole and
    restores no upload."""
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
           "MEDIA_ROOT": str(tmp_path / "not-here")}
    result = subprocess.run([str(ROOT / "deploy" / "backup.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert f"the media folder {tmp_path / 'not-here'} does not exist" in result.stderr
