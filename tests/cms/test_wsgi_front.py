"""The WSGI front (core/page_cache.py, config/wsgi.py): production's page
server answers a cached page to a visitor without a session before Django's
handler, exactly as Django answered it (the headers of the whole stack, a
nonce of its own), and never to anyone else or once the page changed."""

import io
import re
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from config.wsgi import application
from core.page_cache import HEADER
from participation.services import comment_post
from tests.participation.conftest import action, axis, make_user, organisation, plan, staff  # noqa: F401

pytestmark = pytest.mark.django_db


@contextmanager
def _in_test_transaction():
    """As Django's test client does: the handler must not close the
    connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(path, *, method="GET", cookie="", host="testserver", proto="https"):
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "443", "HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": proto, "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False, "SERVER_PROTOCOL": "HTTP/1.1",
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, headers

    with _in_test_transaction():
        body_parts = application(environ, start_response)
        try:
            body = b"".join(body_parts)
        finally:
            if hasattr(body_parts, "close"):
                body_parts.close()
    headers = {}
    for name, value in answered["headers"]:
        headers[name.lower()] = value
    return answered["status"], headers, body


def nonce(headers, body) -> str:
    in_header = set(re.findall(r"'nonce-([^']+)'", headers["content-security-policy"]))
    in_body = set(re.findall(rb'<script [^>]*nonce="([^"]+)"', body))
    assert len(in_header) == 1 and {value.decode() for value in in_body} == in_header
    return in_header.pop()


def test_a_visitor_s_second_read_is_answered_by_the_front_as_django_answered_it(action,
                                                                               django_assert_num_queries):
    status, first_headers, first = call(action.url)
    assert status.startswith("200") and first_headers[HEADER.lower()] == "miss"
    with django_assert_num_queries(0):
        status, headers, second = call(action.url)
    assert status == "200 OK" and headers[HEADER.lower()] == "hit"
    first_nonce, second_nonce = nonce(first_headers, first), nonce(headers, second)
    assert first_nonce != second_nonce
    assert second.replace(second_nonce.encode(), b"N") == first.replace(first_nonce.encode(), b"N")
    # Every header of the whole stack, the policy with its own nonce.
    for name, value in first_headers.items():
        if name in ("content-security-policy", HEADER.lower()):
            continue
        assert headers[name] == value, name
    assert headers["content-security-policy"].replace(second_nonce, "N") == first_headers[
        "content-security-policy"].replace(first_nonce, "N")
    assert headers["content-length"] == str(len(second))
    assert "strict-transport-security" in headers or "x-content-type-options" in headers


def test_head_gets_the_headers_without_the_body(action):
    call(action.url)
    status, headers, body = call(action.url, method="HEAD")
    assert status == "200 OK" and headers[HEADER.lower()] == "hit" and body == b""
    assert int(headers["content-length"]) > 1000


def test_a_session_or_a_message_always_reaches_django(client, action):
    call(action.url)
    call(action.url)
    reader = make_user("lectrice")
    client.force_login(reader)
    session = client.cookies["sessionid"] if "sessionid" in client.cookies else next(iter(client.cookies.values()))
    status, headers, body = call(action.url, cookie=f"{session.key}={session.value}")
    assert status.startswith("200") and HEADER.lower() not in headers
    assert "Se déconnecter" in body.decode()
    status, headers, _body = call(action.url, cookie="messages=abc")
    assert HEADER.lower() not in headers


def test_a_change_shows_at_once(action, django_capture_on_commit_callbacks):
    call(action.url)
    assert call(action.url)[1][HEADER.lower()] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(user=make_user("voisine"), target=action, text="Le jardin ouvre samedi.")
    status, headers, body = call(action.url)
    assert headers[HEADER.lower()] == "miss" and "Le jardin ouvre samedi." in body.decode()


def test_a_page_made_private_leaves_the_front_at_once(action, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    call(action.url)
    assert call(action.url)[1][HEADER.lower()] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=action, restriction_type=PageViewRestriction.LOGIN)
    status, headers, body = call(action.url)
    assert HEADER.lower() not in headers or headers[HEADER.lower()] != "hit"
    assert action.title.encode() not in body or not status.startswith("200")


def test_another_host_or_scheme_is_another_entry(action, monkeypatch):
    from core import page_cache

    call(action.url)
    assert call(action.url)[1][HEADER.lower()] == "hit"
    served = []
    real_hit = page_cache._front_hit
    monkeypatch.setattr(page_cache, "_front_hit", lambda *args: served.append(args) or real_hit(*args))
    call(action.url, proto="http")  # what the proxy's header says decides HTTPS (and its redirect): not the front
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        status, _headers, _body = call(action.url, host="evil.example")
    assert status.startswith("400") and not served
    call(action.url)
    assert len(served) == 1


def test_only_wagtail_pages_enter_the_front():
    for path in ("/projets/", "/consultations/", "/recherche/"):
        call(path)
        status, headers, _body = call(path)
        assert headers.get(HEADER.lower()) != "hit", path


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_the_front_is_off_with_the_cache(action):
    call(action.url)
    assert HEADER.lower() not in call(action.url)[1]


def test_other_addresses_go_to_django_without_reading_the_cache(monkeypatch):
    from django.core.cache import cache

    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: reads.append(args[0]) or real_get(*args, **kwargs))
    status, _headers, body = call("/sante/")
    assert status.startswith("200") and body == b"ok" and reads == []
