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
