from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail import views as wagtail_views

from core.page_cache import route_prime

from .selectors import describe_results, search_plans

RESULTS_PER_PAGE = 20


def search(request):
    """Search across every published plan, its levels and its organisations."""
    query = request.GET.get("q", "").strip()[:200]
    page_obj = None
    if query:
        page_obj = Paginator(search_plans(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = describe_results(list(page_obj.object_list))
    return TemplateResponse(request, "cms/search.html", {"query": query, "page_obj": page_obj})


def serve(request, path):
    """Wagtail's page view, with where the address leads read from the cache
    (core/page_cache.py): four queries fewer on every page made for a
    signed-in reader."""
    route_prime(request, path)
    return wagtail_views.serve(request, path)
