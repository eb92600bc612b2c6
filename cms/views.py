from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail import views as wagtail_views

from core.page_cache import route_prime

from .searching import search_elsewhere
from .selectors import describe_results, search_plans, search_words

RESULTS_PER_PAGE = 20
WORDS_MAX = 8


def search(request):
    """Search across every published plan, its levels and its organisations;
    on the first page, the projects, comités, meetings and consultations
    anyone may read too (cms/searching.py)."""
    query = request.GET.get("q", "").strip()[:200]
    page_obj, elsewhere = None, []
    if query:
        page_obj = Paginator(search_plans(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = describe_results(list(page_obj.object_list))
        if page_obj.number == 1:
            elsewhere = search_elsewhere(search_words(query).split()[:WORDS_MAX])
    return TemplateResponse(request, "cms/search.html", {"query": query, "page_obj": page_obj,
                                                         "elsewhere": elsewhere})


def serve(request, path):
    """Wagtail's page view, with where the address leads read from the cache
    (core/page_cache.py): four queries fewer on every page made for a
    signed-in reader."""
    route_prime(request, path)
    return wagtail_views.serve(request, path)
