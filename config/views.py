"""Site-wide views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness for the container healthcheck and load balancers: the
    process answers, through the whole middleware stack, without touching
    the database. `make bench` uses it as the ceiling of a Django view."""
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form sent from a page that has expired, or from before signing in
    or out in another tab: said in words, with the way back, instead of
    Django's page for developers."""
    from django.template.response import TemplateResponse
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return TemplateResponse(request, "403_csrf.html", {"back": back}, status=403)


# One door to sign in (docs/security.md): allauth's form at /compte/login/,
# which asks for a confirmed address and counts failures (settings:
# ACCOUNT_RATE_LIMITS). Wagtail's and Django's own sign-in and password
# reset forms would let anyone try passwords without either: their
# addresses send people to allauth's, for GET and POST alike, and never read
# what was posted.


def _next(request, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return target if allowed else default


def sign_in_door(request, *args, **kwargs):
    """Wagtail's admin login and front-end login: the site's sign-in form,
    coming back to where the person was going (the admin by default)."""
    from urllib.parse import urlencode

    from django.shortcuts import redirect
    from django.urls import reverse

    return redirect(f"{reverse('account_login')}?{urlencode({'next': _next(request, reverse('wagtailadmin_home'))})}")


def password_reset_door(request, *args, **kwargs):
    """Wagtail's admin password reset (request, link, new password): the
    site's reset, which allauth limits and which clears the sign-in failures."""
    from django.shortcuts import redirect

    return redirect("account_reset_password")


def page_password(request, page_view_restriction_id: int, page_id: int):
    """Wagtail's form for a page kept behind a shared password, with failed
    guesses counted as failed sign-ins are: per address and per restriction
    (ACCOUNT_RATE_LIMITS["page_password_failed"]); a right password takes
    its attempt back."""
    from allauth.core.internal import ratelimit
    from wagtail.views import authenticate_with_password

    if request.method != "POST":
        return authenticate_with_password(request, page_view_restriction_id, page_id)
    usage = ratelimit.consume(request, app="allauth.account", action="page_password_failed",
                              key=f"page-restriction:{int(page_view_restriction_id)}")
    if usage is None:
        return ratelimit.respond_429(request)
    response = authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code == 302:  # the password was right
        usage.rollback()
    return response


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a
    vulnerability in this deployment, when its operator has said
    (SECURITY_CONTACT; SECURITY.md). Without a contact there is no file:
    an address nobody reads is worse than none."""
    import datetime

    from django.conf import settings
    from django.http import Http404
    from django.utils import timezone

    contact = settings.SECURITY_CONTACT
    if not contact:
        raise Http404("No security contact configured.")
    if "@" in contact and ":" not in contact:
        contact = f"mailto:{contact}"
    expires = (timezone.now() + datetime.timedelta(days=180)).replace(microsecond=0)
    lines = [f"Contact: {contact}", f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
             "Preferred-Languages: fr, en",
             f"Canonical: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/.well-known/security.txt"]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# What crawlers read first. The areas of people's accounts, the admin,
# management desks and private calendars are no one's search result; what
# they show is refused to strangers anyway (docs/security.md), this only
# spares crawlers the refusals.
ROBOTS_DISALLOWED = (
    "/admin/", "/compte/", "/_util/", "/organisations/", "/assemblees/", "/projets/examen/",
    "/calendrier/personnel/", "/desabonnement/", "/commentaires/", "/recherche/",
)


def robots_txt(request):
    from django.urls import reverse

    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """/favicon.ico, where browsers and feed readers look without reading
    the page's <head>: the file of static/, kept a day in caches."""
    from django.conf import settings
    from django.http import FileResponse

    response = FileResponse((settings.BASE_DIR / "static" / "favicon.ico").open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def web_manifest(request):
    """The web app manifest: the site's name and icons for a phone's home
    screen (in French, as the site)."""
    from django.http import JsonResponse
    from django.templatetags.static import static
    from django.utils.translation import gettext as _

    manifest = {
        "name": "Plan Commun",
        "short_name": "Plan Commun",
        "description": _("Plan Commun: the strategic plans of social centres, open to everyone."),
        "lang": "fr",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=86400"
    return response
