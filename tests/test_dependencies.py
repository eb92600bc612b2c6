"""What the code imports is declared, and the lock file holds it."""

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every package of the project (an app added later is read too), but the
# tests and the tools of development and benchmarks, with their own extras.
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/__init__.py")
                    if path.parent.name not in {"tests", "tools", "bench"}))
# Import name -> distribution, where they differ.
DISTRIBUTIONS = {"PIL": "pillow", "yaml": "pyyaml", "ninja": "django-ninja", "django_comments": "django-contrib-comments",
                 "django_comments_xtd": "django-comments-xtd", "allauth": "django-allauth", "odf": "odfpy",
                 "dj_database_url": "dj-database-url", "modelcluster": "django-modelcluster", "rules": "rules",
                 "django_redis": "django-redis", "django_tasks": "django-tasks", "charset_normalizer":
                 "charset-normalizer", "csp": "django-csp"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[=<>\[ ]", requirement)[0].lower() for requirement in project["dependencies"]}


def _imported() -> set[str]:
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in APPS}


def test_every_package_the_code_imports_is_declared():
    declared = _declared()
    missing = {name for name in _imported() if DISTRIBUTIONS.get(name, name.replace("_", "-")).lower() not in declared}
    assert not missing, f"imported but not in pyproject.toml's dependencies: {sorted(missing)}"


def _lock(name: str) -> dict[str, str]:
    return {line.split("==")[0].lower(): line.split("==")[1].strip()
            for line in (ROOT / name).read_text().splitlines() if "==" in line and line[0] not in "# "}


def _pins(requirements) -> list[tuple[str, str]]:
    return [re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", line).groups() for line in requirements]


def test_the_lock_files_pin_every_declared_package_at_its_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, test = _pins(project["dependencies"]), _pins(project["optional-dependencies"]["test"])
    for lock_file, pins in (("requirements.lock", runtime), ("requirements-dev.lock", runtime + test)):
        lock = _lock(lock_file)
        for name, version in pins:
            assert lock.get(name.lower()) == version, (lock_file, name, version, lock.get(name.lower()))
    production = set(_lock("requirements.lock"))
    assert not {name.lower() for name, _version in test} & production, "test tools in the production lock"
