"""The journal's entries of actions anyone may read, for the sitemap
(cms/sitemaps.py): entries of private or unpublished actions stay out."""

from cms.sitemaps import ObjectSitemap, public_organisations_q

from .models import JournalEntry


class JournalSitemap(ObjectSitemap):
    def items(self):
        return JournalEntry.objects.public().filter(public_organisations_q()).order_by("pk")


SITEMAPS = {"journal": JournalSitemap}
