"""Each organisation's open data page, for the sitemap (cms/sitemaps.py)."""

from django.urls import reverse

from cms.sitemaps import ObjectSitemap, public_organisations


class OpenDataSitemap(ObjectSitemap):
    def items(self):
        return public_organisations()

    def location(self, item) -> str:
        return reverse("opendata:data", args=[item.slug])


SITEMAPS = {"open_data": OpenDataSitemap}
