"""RSS and Atom feeds of an organisation's news (selectors.organisation_news):
what a visitor may read, with absolute links on the address the reader used."""

import dataclasses
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cms.models import OrganisationPage
from core.sanitising import render_user_text

from .selectors import NewsItem, organisation_news, public_organisation


@dataclass(frozen=True)
class Subject:
    """What one request's feed is about: a feed object serves every request,
    so the reader's address travels with the organisation, not on it."""

    organisation: OrganisationPage
    root: str  # scheme and host, without the final slash


class OrganisationRssFeed(Feed):
    feed_type = Rss201rev2Feed
    route = "opendata:organisation_rss"

    def get_object(self, request, slug: str) -> Subject:
        organisation = public_organisation(slug)
        if organisation is None:
            raise Http404
        return Subject(organisation, request.build_absolute_uri("/").rstrip("/"))

    def title(self, subject: Subject) -> str:
        return _("News of %(organisation)s") % {"organisation": subject.organisation.title}

    def description(self, subject: Subject) -> str:
        return _("Journal updates, residents' projects, consultations and meetings of %(organisation)s.") % {
            "organisation": subject.organisation.title}

    def link(self, subject: Subject) -> str:
        return subject.root + subject.organisation.url

    def feed_url(self, subject: Subject) -> str:
        return subject.root + reverse(self.route, args=[subject.organisation.slug])

    def items(self, subject: Subject) -> list[NewsItem]:
        return [dataclasses.replace(item, link=subject.root + item.link)
                for item in organisation_news(subject.organisation)]

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return render_user_text(item.description) if item.description else ""

    def item_link(self, item: NewsItem) -> str:
        return item.link

    def item_guid(self, item: NewsItem) -> str:
        return f"{item.link}#{item.kind}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem):
        return item.date

    def item_categories(self, item: NewsItem) -> list[str]:
        return [item.kind]


class OrganisationAtomFeed(OrganisationRssFeed):
    feed_type = Atom1Feed
    route = "opendata:organisation_atom"

    def subtitle(self, subject: Subject) -> str:
        return self.description(subject)
