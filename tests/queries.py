"""Counting the SQL queries of a page, the same way in every query test."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import public_pages_changed

# What a page may read, signed in or not (issue 8: "every public page").
MAX_QUERIES = 20


def page_queries(client, url: str) -> int:
    """The queries of a page as it is rendered, on a second visit: the first
    fills what is cached across requests (Wagtail's site root paths, content
    types, an organisation's totals), then the visitors' page cache is made
    stale so that the page is rendered again (core/page_cache.py)."""
    client.get(url)
    public_pages_changed()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
