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


def test_compose_runs_web_worker_postgres_and_redis_with_healthchecks_and_volumes():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert {"postgres-data", "redis-data", "media"} <= set(compose()["volumes"])


def test_readme_documents_the_compose_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("web", "worker"):
        command = " ".join(compose()["services"][name]["command"].split())
        command = command.removeprefix('sh -c "').removesuffix('"')
        assert command in readme, f"{name}: {command}"
    assert "make run" in readme and "make test" in readme


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose (Debian package) is not installed")
def test_compose_file_is_valid():
    env = dict(os.environ, SECRET_KEY="x", POSTGRES_PASSWORD="x")
    result = subprocess.run(["docker-compose", "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


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
