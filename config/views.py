"""Site-wide views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness for the container healthcheck and load balancers: the
    process answers, through the whole middleware stack, without touching
    the database. `make bench` uses it as the ceiling of a Django view."""
    return HttpResponse("ok", content_type="text/plain")
