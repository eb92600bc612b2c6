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
