"""Public comités and their meetings, for the sitemap (cms/sitemaps.py):
members-only comités and everything of theirs stay out."""

from cms.sitemaps import ObjectSitemap, public_organisations_q

from .models import Committee, ContentVisibility, Meeting


class CommitteeSitemap(ObjectSitemap):
    def items(self):
        return (Committee.objects.filter(public_organisations_q(), visibility=ContentVisibility.PUBLIC)
                .select_related("organisation").order_by("organisation__path", "sort_order", "pk"))


class MeetingSitemap(ObjectSitemap):
    def items(self):
        return Meeting.objects.public().filter(public_organisations_q("committee__organisation__")).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"committees": CommitteeSitemap, "meetings": MeetingSitemap}
LISTINGS = ["committees:committees"]
