"""Which pages may open the site's websockets (cross-site websocket
hijacking): a browser sends the reader's cookies with a websocket opened by
any page, so the page's origin is checked, by scheme, host AND port.

Channels' AllowedHostsOriginValidator compares the host only: a page served
on another port of the same host (another application, a development
server) could open a signed-in reader's sockets. Accepted here, exactly as
Django's CSRF check accepts a form's origin:

- the origin the connection itself was made to: the scheme (wss, or ws
  behind a proxy that says X-Forwarded-Proto: https, as
  SECURE_PROXY_SSL_HEADER trusts it) and the Host header, which must be one
  of ALLOWED_HOSTS (so a rebound DNS name is refused);
- the origins of CSRF_TRUSTED_ORIGINS (`https://*.example.org` for any
  subdomain) and of BASE_URL (WAGTAILADMIN_BASE_URL), for a site served
  under another name than the one the proxy passes on.

A connection without an Origin header is refused: browsers always send one."""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_key(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL, the port made explicit."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def _headers(scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def own_origin(scope) -> tuple[str, str, int] | None:
    """The origin of the site as this connection reached it, if its Host is allowed."""
    headers = _headers(scope)
    secure = scope.get("scheme") in ("wss", "https")
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, value = proxy
        forwarded = headers.get(name.removeprefix("HTTP_").replace("_", "-").lower(), "")
        secure = secure or forwarded.split(",")[0].strip() == value
    host = headers.get("host", "")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return origin_key(f"{'https' if secure else 'http'}://{host}")


def trusted_origins() -> list[str]:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return [*settings.CSRF_TRUSTED_ORIGINS, *([base] if base else [])]


def origin_allowed(scope) -> bool:
    origin = origin_key(_headers(scope).get("origin", ""))
    if origin is None:
        return False
    if origin == own_origin(scope):
        return True
    scheme, host, port = origin
    for trusted in trusted_origins():
        wildcard = "://*." in trusted
        key = origin_key(trusted.replace("://*.", "://", 1) if wildcard else trusted)
        if key is None or key[0] != scheme or key[2] != port:
            continue
        if host == key[1] or (wildcard and host.endswith(f".{key[1]}")):
            return True
    return False


class SameOriginValidator:
    """ASGI middleware: a websocket from another origin is refused before
    any consumer, session or database is touched (HTTP 403 to the handshake)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
