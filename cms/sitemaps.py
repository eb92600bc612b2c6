"""The sitemap's parts: the plan's pages (Wagtail's), and a base for the
other apps' public objects, each app listing its own from its own rules
(committees/sitemaps.py, projects/sitemaps.py…; config/urls.py puts them
together). Only what a visitor may read is listed."""

from django.db.models import Q
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .models import OrganisationPage
from .visibility import public_q, visible


def public_organisations_q(prefix: str = "organisation__") -> Q:
    """Objects of a published organisation outside any private branch."""
    return Q(**{f"{prefix}live": True}) & public_q(prefix)


def public_organisations():
    return visible(OrganisationPage.objects.all()).order_by("path")


class PageSitemap(WagtailSitemap):
    """The live pages outside any private branch, and the plans' views."""


class ObjectSitemap(WagtailSitemap):
    """Objects outside the page tree (their `get_absolute_url()`), at the
    Wagtail site's address as its pages are, rather than at the one of
    django.contrib.sites."""

    def location(self, item) -> str:
        return item.get_absolute_url()

    def lastmod(self, item):
        return None

    def _urls(self, page, protocol, domain):
        root = self.get_wagtail_site().root_url
        return [{"item": item, "location": root + self.location(item), "lastmod": self.lastmod(item),
                 "changefreq": None, "priority": None, "alternates": []}
                for item in self.paginator.page(page).object_list]


class ListingSitemap(ObjectSitemap):
    """Pages of fixed addresses: the lists of each app (`names`, their URL names)."""

    names: list[str] = []

    def items(self):
        return self.names

    def location(self, item) -> str:
        return reverse(item)
