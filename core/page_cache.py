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

import functools
import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started, setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
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
    public_pages_changed()
    transaction.on_commit(public_pages_changed)


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
