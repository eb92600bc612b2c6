"""Production security settings and headers (SECURITY.md, config/security.py).

The settings are read as production reads them, from the environment in a
fresh interpreter; the headers are checked on real responses, as the
TLS-terminating proxy hands them to Django (X-Forwarded-Proto: https)."""

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse

from tests.participation.conftest import action, axis, make_user, organisation, plan  # noqa: F401

ROOT = Path(settings.BASE_DIR)
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "ALLOWED_HOSTS": "plan-commun.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://plan-commun.example.org",
    "BASE_URL": "https://plan-commun.example.org",
}
# Variables a developer's shell may hold that production does not set.
DEVELOPMENT_ONLY = ("DEBUG", "SECRET_KEY", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "DJANGO_SETTINGS_MODULE")


def production_env(**extra) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in DEVELOPMENT_ONLY}
    return {**env, **PRODUCTION_ENV, **extra}


def python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def production_settings() -> dict:
    names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
             "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
             "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
             "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME",
             "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY"]
    code = ("import json; from django.conf import settings as s; import django; django.setup(); "
            f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))")
    result = python(code, production_env(SECRET_KEY=secrets.token_urlsafe(50)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for():
    """A server started without DEBUG in its environment is a production
    server: no debug pages, and it refuses to start without its own key."""
    result = python("import config.settings.base", production_env())
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    assert production_settings()["DEBUG"] is False
    result = python("import config.settings.base as s; print(s.DEBUG)", production_env(DEBUG="true"))
    assert result.stdout.split() == ["True"]


def test_production_settings_use_https_hsts_and_secure_cookies():
    values = production_settings()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is False  # the registrable domain's owner decides (SECURITY.md)
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    # Session and CSRF cookies: HTTPS only, out of scripts' reach, and bound
    # to this very host (a sibling subdomain cannot plant them).
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid" and values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["LANGUAGE_COOKIE_SECURE"] is values["LANGUAGE_COOKIE_HTTPONLY"] is True


def test_deploy_checks_pass_with_the_production_environment():
    """What `make check` runs in CI: every warning of `check --deploy` fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(SECRET_KEY=secrets.token_urlsafe(50)), capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)" in result.stdout  # security.W021, see SECURITY.md


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_a_public_page_has_a_strict_policy_with_a_nonce_on_each_script(client, action):
    response = client.get(action.url, **HTTPS)
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    nonces = [value for value in directives["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1 and "'self'" in directives["script-src"]
    nonce = nonces[0][len("'nonce-"):-1]
    assert len(nonce) >= 22  # 128 random bits
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == directives["base-uri"] == directives["frame-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"] and directives["connect-src"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives
    # Each response its own nonce.
    again = client.get(action.url, **HTTPS)
    assert policy(again)["script-src"] != directives["script-src"]


@pytest.mark.django_db
def test_every_response_carries_the_other_security_headers(client, action):
    for url in (action.url, reverse("account_login"), reverse("consultations:index"), "/page-qui-n-existe-pas/"):
        response = client.get(url, **HTTPS)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", url
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_healthcheck(client, action):
    response = client.get(action.url)
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get(reverse("health")).status_code == 200
    assert client.get(action.url, **HTTPS).status_code == 200


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-sessionid",
                   CSRF_COOKIE_NAME="__Host-csrftoken")
def test_sign_in_cookies_are_secure_http_only_and_host_bound(client):
    """The production cookie settings (test_production_settings_…) on a real
    sign-in: browsers accept a __Host- cookie only with Secure, Path=/ and
    no Domain."""
    make_user("habitante")
    client.get(reverse("account_login"), **HTTPS)
    csrf = client.cookies["__Host-csrftoken"]
    response = client.post(reverse("account_login"), {
        "login": "habitante@example.org", "password": "un-mot-de-passe-solide",
        "csrfmiddlewaretoken": csrf.value}, **HTTPS)
    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = response.cookies.get(name) or client.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/" and not cookie["domain"], name
        assert cookie["samesite"] == "Lax", name


@pytest.mark.django_db
def test_a_form_posted_without_its_token_is_refused(client):
    """CSRF: the token comes from the form; the cookie alone is not enough."""
    make_user("habitante")
    client = type(client)(enforce_csrf_checks=True)
    client.get(reverse("account_login"), **HTTPS)
    response = client.post(reverse("account_login"), {
        "login": "habitante@example.org", "password": "un-mot-de-passe-solide"}, **HTTPS,
        HTTP_REFERER="https://testserver/compte/login/")
    assert response.status_code == 403 and "_auth_user_id" not in client.session


@pytest.fixture
def editor(db):
    return make_user("administratrice", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_the_wagtail_admin_has_its_own_policy(client, editor, action):
    """Wagtail 8's admin writes inline scripts and styles: its policy allows
    them (without a nonce, which would make browsers ignore
    'unsafe-inline'), and keeps every other directive."""
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[action.pk]), **HTTPS)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'nonce-" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert directives["frame-src"] == ["'self'"]  # the preview panel
    assert response["X-Frame-Options"] == "DENY"


class FormFields(HTMLParser):
    """The fields of a page's form as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


@pytest.mark.django_db
def test_only_wagtail_previews_may_be_framed_and_only_by_the_site(client, editor, action):
    """The preview panel frames the page as the public sees it, under the
    site's own policy, framed by the admin and nothing else."""
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[action.pk]), **HTTPS)
    fields = FormFields()
    fields.feed(edit.content.decode())
    data = QueryDict(mutable=True)
    for name, value in fields.data:
        data.appendlist(name, value)
    data["title"] = "Un titre en aperçu"
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[action.pk])
    assert client.post(url, data, **HTTPS).json()["is_valid"] is True
    response = client.get(url, {"in_preview_panel": "true"}, **HTTPS)
    assert response.status_code == 200 and "Un titre en aperçu" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    directives = policy(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"] and directives["style-src"] == ["'self'"]
    nonce = [value for value in directives["script-src"] if value.startswith("'nonce-")][0][len("'nonce-"):-1]
    assert f'<script src="/static/js/site.js" nonce="{nonce}"' in response.content.decode()


TEMPLATE_FAULTS = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "script without the nonce": re.compile(r"<script\b(?![^>]*\bnonce=\"{{ request.csp_nonce }}\")[^>]*\bsrc=", re.I),
}


def test_templates_write_no_inline_script_style_or_handler():
    """What the policy would block, caught before a browser does: every
    script from a file with the response's nonce, hooked on data-
    attributes; styles in the style sheets."""
    faults = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for fault, pattern in TEMPLATE_FAULTS.items():
            if "print" in template.parts and fault.startswith("style"):
                continue  # documents printed to PDF on the server (core/pdf.py), never served to a browser
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                faults.append(f"{template.relative_to(ROOT)}:{line}: {fault}: {match.group(0)[:80]}")
    assert not faults, "\n".join(faults)


@pytest.mark.django_db
def test_security_txt_names_the_deployment_s_contact(client):
    """RFC 9116: a contact and an expiry; no file at all without a contact."""
    assert client.get("/.well-known/security.txt", **HTTPS).status_code == 404
    with override_settings(SECURITY_CONTACT="securite@centre.example", SECURITY_POLICY_URL="https://x.example/SECURITY.md",
                           WAGTAILADMIN_BASE_URL="https://plan.centre.example"):
        response = client.get("/.well-known/security.txt", **HTTPS)
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:securite@centre.example"
    assert fields["Policy"] == "https://x.example/SECURITY.md"
    assert fields["Canonical"] == "https://plan.centre.example/.well-known/security.txt"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Expires"])
