"""Projects anyone may read and each organisation's partner directory,
for the sitemap (cms/sitemaps.py): drafts and hidden projects stay out."""

from django.urls import reverse

from cms.sitemaps import ObjectSitemap, public_organisations, public_organisations_q

from .models import Project


class ProjectSitemap(ObjectSitemap):
    def items(self):
        return Project.objects.public().filter(public_organisations_q()).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DirectorySitemap(ObjectSitemap):
    def items(self):
        return public_organisations()

    def location(self, item) -> str:
        return reverse("projects:directory", args=[item.slug])


SITEMAPS = {"projects": ProjectSitemap, "directories": DirectorySitemap}
LISTINGS = ["projects:list", "projects:directory_index"]
