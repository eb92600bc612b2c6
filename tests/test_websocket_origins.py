"""Websockets open only from the site's own pages (cross-site websocket
hijacking): origins compared by scheme, host and port (config/origins.py)."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from config.asgi import application
from config.origins import origin_allowed
from tests.concurrency import run_async

HOSTS = ["localhost", "127.0.0.1", "site.example", "internal"]


def scope(host, origin=None, scheme="ws", **headers):
    raw = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin is not None else [])
    raw += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {"type": "websocket", "scheme": scheme, "headers": raw}


@pytest.mark.parametrize(("connection", "allowed"), [
    (scope("localhost:8000", "http://localhost:8000"), True),
    (scope("localhost:8000", "http://localhost:8001"), False),  # another port of the same host
    (scope("localhost:8000", "http://localhost"), False),
    (scope("localhost", "http://localhost"), True),
    (scope("localhost", "http://localhost:80"), True),
    (scope("localhost:8000", "https://localhost:8000"), False),  # another scheme
    (scope("site.example", "https://site.example", scheme="wss"), True),
    (scope("site.example", "http://site.example", scheme="wss"), False),
    (scope("site.example", "https://site.example", x_forwarded_proto="https"), True),  # behind a TLS proxy
    (scope("site.example", "https://site.example"), False),  # …that does not say so
    (scope("evil.example", "http://evil.example"), False),  # a host the site does not answer to (DNS rebinding)
    (scope("localhost:8000", None), False),
    (scope("localhost:8000", "null"), False),
    (scope("localhost:8000", "http://localhost:8000.evil.example"), False),
])
def test_origin_is_the_connection_s_own(connection, allowed):
    with override_settings(ALLOWED_HOSTS=HOSTS, CSRF_TRUSTED_ORIGINS=[], WAGTAILADMIN_BASE_URL=""):
        assert origin_allowed(connection) is allowed


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://plan.example.org", True),
    ("https://plan.example.org:443", True),
    ("https://plan.example.org:8443", False),
    ("http://plan.example.org", False),
    ("https://maison.quartiers.example", True),
    ("https://quartiers.example", True),  # the domain itself, as Django's CSRF check has it
    ("https://quartiers.example.evil.example", False),
    ("https://base.example", True),
    ("https://base.example:444", False),
])
def test_trusted_origins_and_the_base_url(origin, allowed):
    """Served under a public name the proxy does not pass on as Host."""
    with override_settings(ALLOWED_HOSTS=HOSTS, WAGTAILADMIN_BASE_URL="https://base.example",
                           CSRF_TRUSTED_ORIGINS=["https://plan.example.org", "https://*.quartiers.example"]):
        assert origin_allowed(scope("internal:8000", origin)) is allowed


@pytest.mark.parametrize(("origin", "connected"), [
    ("http://localhost:8000", True),
    ("http://localhost:8001", False),
    ("https://localhost:8000", False),
])
@pytest.mark.django_db
def test_the_real_stack_compares_scheme_host_and_port(origin, connected):
    """Refused at the handshake, before any consumer; the same origin gets
    through to the consumer (which then says who may watch)."""

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/commentaires/1/1/",
                                             headers=[(b"origin", origin.encode()), (b"host", b"localhost:8000")])
        opened, _code = await communicator.connect()
        if opened:
            await communicator.disconnect()
        return opened

    with override_settings(ALLOWED_HOSTS=HOSTS):
        assert run_async(scenario) is connected
