"""Every page type is valid HTML: the Nu HTML Checker (vnu, the W3C's)
reports no error on any full document the site serves.

The pages are those of the leak walk (tests/test_leaks.py): every URL
pattern with its arguments and every live page of a world where each kind
of thing exists, read by a visitor, a member (animator of a comité) and an
administrator of the organisation, error pages included; with them the
demo's public page types (tests/test_seo.py), results of closed
consultations, and the account forms sent back with mistakes. Fragments
(htmx partials, feeds, files) are not documents and are left out.

The checker starts a Java virtual machine, which is slow: all the documents
go to ONE run. It comes from the npm package `vnu-jar` (`make e2e-deps`
installs it, `npm ci`) and needs Java 11 or later.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from consultations.models import Consultation
from tests.participation.conftest import make_staff
from tests.test_leaks import NOT_POSTED, _addresses, world  # noqa: F401 (the fixture)
from tests.test_seo import public_addresses

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DOCTYPE = re.compile(rb"\A\s*<!doctype html>", re.IGNORECASE)
VNU_TIMEOUT = 300  # seconds, for all the documents at once

# Signing out would end a walker's walk.
SKIPPED = NOT_POSTED
# Forms sent back with mistakes: their error summaries and messages.
POSTED = {
    "/compte/signup/": {"email": "pas-une-adresse", "password1": "court", "password2": "autre"},
    "/compte/login/": {"login": "personne@example.org", "password": "faux"},
    "/compte/password/reset/": {"email": ""},
    "/compte/password/change/": {"oldpassword": "faux", "password1": "court", "password2": "autre"},
    "/projets/proposer/marqueurs/": {"title": ""},
}
# The error pages Django renders by itself (the 404 and 403 come from the walk).
ERROR_TEMPLATES = ("400.html", "429.html", "500.html")


def _java() -> str:
    java = shutil.which("java")
    if not java:
        pytest.skip("java is not installed: the Nu HTML Checker (vnu.jar) needs Java 11 or later")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} is missing: run `make e2e-deps` (npm ci installs vnu-jar)")
    return java


def _extra_addresses() -> list[str]:
    """Besides the walk: the home page, searches that find something, and
    the demo's public pages, results of closed consultations included."""
    closed = Consultation.objects.published().filter(closes_at__lt=timezone.now(), committee__isnull=True)
    return ["/", "/recherche/?q=zorglub", "/recherche/?q=jardin", *public_addresses(),
            *(f"/consultations/{pk}/resultats/" for pk in closed.values_list("pk", flat=True)[:3])]


def _documents(world, clients: dict[str, Client]) -> dict[str, bytes]:
    """Every full HTML document the walkers are shown, by `role url`."""
    addresses, _ = _addresses(world)
    addresses += _extra_addresses()
    documents = {}

    def keep(name, response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return
        if DOCTYPE.match(response.content):
            documents[f"{name} ({response.status_code})"] = response.content

    for role, client in clients.items():
        for address in addresses:
            if address not in SKIPPED:
                keep(f"{role} {address}", client.get(address))
        for address, data in POSTED.items():
            keep(f"{role} POST {address}", client.post(address, data))
    strict = Client(enforce_csrf_checks=True)
    keep("visitor POST /compte/login/ without its token", strict.post("/compte/login/", {"login": "x"}))
    request = clients["visitor"].get("/").wsgi_request
    for name in ERROR_TEMPLATES:
        documents[name] = render_to_string(name, request=request if name != "500.html" else None).encode()
    return documents


def _run_vnu(java: str, paths: list[Path]) -> list[dict]:
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
    )
    assert result.returncode == 0, f"vnu failed (exit {result.returncode}):\n{result.stderr[-2000:]}"
    return json.loads(result.stderr)["messages"]


def _format(messages: list[dict], names: dict[str, str], sources: dict[str, list[str]]) -> str:
    lines = [f"{len(messages)} HTML error(s) reported by the Nu HTML Checker:"]
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        name = names.get(Path(path).name, path)
        line = message.get("lastLine") or message.get("firstLine")
        lines.append(f"- {name}, line {line}: {message.get('message')}")
        if line and name in sources and 0 < line <= len(sources[name]):
            lines.append(f"    {sources[name][line - 1].strip()[:200]}")
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_page_type_is_valid_html(demo_data, world, tmp_path):  # noqa: F811 (the fixture)
    java = _java()
    administrator = make_staff(world.organisation, "administrateur-html", role="administrateur")
    clients = {"visitor": Client()}
    for role, user in (("member", world.member), ("administrator", administrator)):
        clients[role] = Client()
        clients[role].force_login(user)

    documents = _documents(world, clients)
    # Every page type is there, the error pages with them.
    assert len(documents) > 100, sorted(documents)
    assert any(name.endswith("(404)") for name in documents) and any(name.endswith("(403)") for name in documents)
    assert any("/resultats/ (200)" in name for name in documents)

    names, sources, paths = {}, {}, []
    for index, (name, content) in enumerate(sorted(documents.items())):
        path = tmp_path / f"page-{index}.html"
        path.write_bytes(content)
        names[path.name] = name
        sources[name] = content.decode("utf-8", errors="replace").splitlines()
        paths.append(path)

    messages = [message for message in _run_vnu(java, paths) if message.get("type") == "error"]
    assert not messages, _format(messages, names, sources)


def test_the_checker_finds_errors(tmp_path):
    """The control: an invalid document is reported (else the test above
    would prove nothing)."""
    java = _java()
    page = tmp_path / "invalid.html"
    page.write_text('<!DOCTYPE html><html lang="fr"><head><title>t</title></head>'
                    "<body><p><ul><li>une aide</li></ul></p><h1>x</h1><h1 id=a>y</h1><p id=a>z</p></body></html>")
    messages = _run_vnu(java, [page])
    assert any("No “p” element in scope" in message["message"] for message in messages), messages
    assert any("Duplicate ID" in message["message"] for message in messages), messages
