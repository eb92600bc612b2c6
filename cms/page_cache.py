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

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve

GENERATION_KEY = "public-pages:generation"
PAGE_KEY = "public-pages:{generation}:{address}"
HEADER = "X-Page-Cache"
# Kept from the response as the stack finished it; the rest is per request.
SKIPPED_HEADERS = {"content-length", "date", "set-cookie", HEADER.lower()}


def seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60)


def generation() -> str:
    return cache.get(GENERATION_KEY) or public_pages_changed()


def public_pages_changed() -> str:
    value = str(time.time_ns())
    cache.set(GENERATION_KEY, value, timeout=None)
    return value


def public_pages_changed_on_commit(**_signal) -> None:
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
    try:
        return resolve(request.path_info).url_name == "wagtail_serve"
    except Resolver404:
        return False


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
            response = HttpResponse(content if request.method == "GET" else b"")
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _cacheable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
            cache.set(key, (response.content, headers), timeout=seconds())
            response[HEADER] = "miss"
        return response
