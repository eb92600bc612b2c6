"""What visitors without an account read of the plan, served from the cache.

A plan page (every page Wagtail serves) is the same for everyone who has no
session: no name, no message, no form token. Its whole response is cached,
keyed by its address and a *generation*, a number that anything visible on
those pages bumps once committed: a page published, moved or deleted, a
comment, a consultation opened or closed, a project, a comité (each app
registers its models with `invalidate_on`). Bumping the generation leaves every older
entry unused, so a change shows at once on every page that displays it;
the entries also expire after PUBLIC_PAGE_CACHE_SECONDS, which bounds what
changes with time alone (a consultation opening at its date).

Anyone with a session (signed in, or holding a draft or a message) always
gets a page made for them, and so does a response that sets a cookie or
used a CSRF token."""

import base64
import collections
import contextlib
import functools
import hashlib
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info
from django.core.signals import request_finished, request_started, setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, parse_cookie
from django.urls import Resolver404, resolve

GENERATION_KEY = "public-pages:generation"
PAGE_KEY = "public-pages:{generation}:{address}"
HEADER = "X-Page-Cache"
# Kept from the response as the stack finished it; the rest is per request
# (the Content-Security-Policy among them, added outside this middleware).
SKIPPED_HEADERS = {"content-length", "date", "set-cookie", HEADER.lower()}
# Stands for the Content-Security-Policy nonce in a stored page: each reader
# gets a nonce of their own (a NUL never appears in a rendered page).
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"


def seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60)


# The generation as this request first read it: a page asks for it at every
# cached fragment, and one request reads one state of the site (a change by
# this request moves it here too). Outside a request it is read each time.
_request = threading.local()


def _request_begins(**_signal) -> None:
    _request.generation = None
    _request.values = {}  # what public_cached found, by key (the generation is in the key)
    _request.active = True


def _request_ends(**_signal) -> None:
    _request.__dict__.clear()


request_started.connect(_request_begins, dispatch_uid="core.page_cache.request_begins")
request_finished.connect(_request_ends, dispatch_uid="core.page_cache.request_ends")


def generation() -> str:
    if not getattr(_request, "active", False):
        return cache.get(GENERATION_KEY) or public_pages_changed()
    if _request.generation is None:
        _request.generation = cache.get(GENERATION_KEY) or public_pages_changed()
    return _request.generation


def public_pages_changed() -> str:
    value = str(time.time_ns())
    cache.set(GENERATION_KEY, value, timeout=None)
    if getattr(_request, "active", False):
        _request.generation = value
    return value


def public_pages_changed_on_commit(**_signal) -> None:
    """Bumped at once, so that the writer's own transaction reads what it
    wrote, and again once committed: a reader in between may have cached
    the state before the change under the first generation, which the
    second one retires."""
    if getattr(_grouped, "depth", 0):
        _grouped.pending = True
        return
    public_pages_changed()
    transaction.on_commit(public_pages_changed)


_grouped = threading.local()


@contextlib.contextmanager
def changes_grouped():
    """Writes made within (by this thread) bump the generation once, when
    the block ends (and again on commit), instead of twice each: an import
    that saves thousands of pages, which renders none of them meanwhile."""
    _grouped.depth = getattr(_grouped, "depth", 0) + 1
    try:
        yield
    finally:
        _grouped.depth -= 1
        if not _grouped.depth and getattr(_grouped, "pending", False):
            _grouped.pending = False
            public_pages_changed_on_commit()


def invalidate_on(*models) -> None:
    """Any write to these models (rows, and their many-to-many links) shows
    on the public pages: registered by the app that owns them."""
    for model in models:
        uid = f"public-pages:{model._meta.label}"
        post_save.connect(public_pages_changed_on_commit, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(public_pages_changed_on_commit, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(public_pages_changed_on_commit, sender=field.remote_field.through, weak=False,
                                dispatch_uid=f"{uid}.{field.name}")


def _anonymous_page(request) -> bool:
    """A visitor without a session asking for a page Wagtail serves (the
    address is resolved here, in memory: other views never touch the cache)."""
    cookies = request.COOKIES
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return _served_by_wagtail(request.path_info)


@functools.lru_cache(maxsize=4096)
def _served_by_wagtail(path: str) -> bool:
    """Resolving walks every pattern of the site (a third of a cache hit's
    time): its answer for an address stands as long as the URLconf does."""
    try:
        return resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        return False


def _urls_changed(*, setting, **_signal) -> None:
    if setting == "ROOT_URLCONF":
        _served_by_wagtail.cache_clear()


setting_changed.connect(_urls_changed, dispatch_uid="core.page_cache.urls_changed")


def _cacheable(request, response) -> bool:
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", ""))


class AnonymousPageCacheMiddleware:
    """Placed early (after WhiteNoise), so that a hit skips the session,
    authentication and the rest; the headers those added on the way out
    (X-Frame-Options, Vary…) are stored with the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not seconds() or not _anonymous_page(request):
            return self.get_response(request)
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        key = PAGE_KEY.format(generation=generation(), address=address)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            nonce = getattr(request, "csp_nonce", None)
            if nonce is not None and NONCE_PLACEHOLDER in content:
                content = content.replace(NONCE_PLACEHOLDER, str(nonce).encode())
            response = HttpResponse(content if request.method == "GET" else b"")
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _cacheable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
            content = response.content
            nonce = getattr(request, "_csp_nonce", None)  # set once the page asked for it
            if nonce:
                content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
            cache.set(key, (content, headers), timeout=seconds())
            response[HEADER] = "miss"
            # For the WSGI front (wsgi_front below): the same page, once
            # the outer middleware has added its headers.
            response._page_cache_front = (FRONT_KEY.format(generation=generation(),
                                                           address=_front_address(request.META)), nonce)
        return response


def public_key(name: str) -> str | None:
    """The cache key of a value the public pages show, the same for every
    reader, valid until the next change they show (None when the cache is
    turned off)."""
    return f"public-pages:{name}:{generation()}" if seconds() else None


def public_cached(name: str, compute):
    """Such a value, from the cache or computed and cached (for
    PUBLIC_PAGE_CACHE_SECONDS at most)."""
    key = public_key(name)
    if key is None:
        return compute()
    values = getattr(_request, "values", None) if getattr(_request, "active", False) else None
    if values is not None and key in values:
        return values[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds())
    if values is not None:
        values[key] = value
    return value


# Where an address leads (its site, the page as its own type, the page's own
# sub-route), as Wagtail finds it in four queries, is the same for everyone
# until a page or site changes, which bumps the generation: signed-in readers,
# whose pages are made for them, take it from the cache (see cms.views.serve).
ROUTE_KEY = "public-pages:route:{generation}:{address}"


def route_prime(request, path: str) -> None:
    """Give Wagtail the route of this address from the cache (it looks for
    it on the request first), or find it and cache it before the page is
    served, as found, before anything of the request is set on the page."""
    from wagtail.models import Page

    if not seconds() or getattr(request, "is_preview", False):
        return
    address = hashlib.sha256(f"{request.get_host()}/{path}".encode()).hexdigest()
    key = ROUTE_KEY.format(generation=generation(), address=address)
    cached = cache.get(key)
    if cached is not None:
        request._wagtail_site, request._wagtail_route_for_request = cached
        return
    route = Page.route_for_request(request, path)
    if route is not None:
        cache.set(key, (request._wagtail_site, route), timeout=seconds())


# The WSGI front: production's page servers (config/wsgi.py) answer a cached
# page before Django's handler, with no request object, no middleware and
# no resolving: an anonymous visitor's read costs two cache reads. It holds
# only what the middleware above stored while serving the same address to
# a visitor without a session, as it finally left the stack (security and
# policy headers included), so that every check of a full request (the host,
# HTTPS, the page's visibility) was made for that address; the key also
# carries what could change those checks' answer (the scheme, the proxy's
# headers). Any request with a cookie of the site, any other method, or any
# address without such an entry goes to Django as before.
FRONT_KEY = "public-pages:front:{generation}:{address}"
_FRONT_ENVIRON = ("wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME",
                  "SERVER_PORT", "PATH_INFO", "QUERY_STRING")
NONCE_TEXT = NONCE_PLACEHOLDER.decode()


class _Memory:
    """The front's entries this process read last, by key: a key carries the
    generation, so an entry found here is as fresh as the cache's; only the
    generation is read from the shared cache on each request."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, collections.OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


# About 25 kB a page: a few megabytes a process.
_front_memory = _Memory(int(os.environ.get("PAGE_CACHE_FRONT_ENTRIES", "256")))


def _front_address(environ) -> str:
    return hashlib.sha256("\x00".join(str(environ.get(name, "")) for name in _FRONT_ENVIRON).encode(
        "utf-8", "surrogatepass")).hexdigest()


def _front_eligible(environ) -> bool:
    """Only a request that may have an entry: no session, no message, and
    an address Wagtail serves (the only ones the middleware stores; any
    other, /sante/ or the projects' list, goes to Django without a read of
    the cache)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not seconds():
        return False
    cookie = environ.get("HTTP_COOKIE")
    if cookie:
        cookies = parse_cookie(cookie)
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
    return _served_by_wagtail(get_path_info(environ))


def wsgi_front(application):
    """`application` (Django's WSGI handler) behind the cache of anonymous
    pages."""

    def front(environ, start_response):
        if not _front_eligible(environ):
            return application(environ, start_response)
        key = FRONT_KEY.format(generation=generation(), address=_front_address(environ))
        stored = _front_memory.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                _front_memory.put(key, stored)
        if stored is not None:
            return _front_hit(environ, start_response, stored)
        captured = []

        def capture(status, headers, exc_info=None):
            captured.append((status, headers))
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        response = application(environ, capture)
        front_entry = getattr(response, "_page_cache_front", None)
        if front_entry and captured and captured[0][0].startswith("200"):
            _front_store(front_entry, captured[0][1], response)
        return response

    return front


def _front_store(front_entry, headers, response) -> None:
    key, nonce = front_entry
    if any(name.lower() == "set-cookie" for name, _value in headers):
        return
    content = response.content
    if nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
        headers = [(name, value.replace(nonce, NONCE_TEXT)) for name, value in headers]
    headers = [(name, value) for name, value in headers if name.lower() not in SKIPPED_HEADERS]
    cache.set(key, (content, headers), timeout=seconds())


def _front_hit(environ, start_response, stored):
    content, headers = stored
    if NONCE_PLACEHOLDER in content or any(NONCE_TEXT in value for _name, value in headers):
        nonce = base64.b64encode(os.urandom(16)).decode("ascii")
        content = content.replace(NONCE_PLACEHOLDER, nonce.encode())
        headers = [(name, value.replace(NONCE_TEXT, nonce)) for name, value in headers]
    start_response("200 OK", [*headers, ("Content-Length", str(len(content))), (HEADER, "hit")])
    return [content] if environ.get("REQUEST_METHOD") == "GET" else [b""]
