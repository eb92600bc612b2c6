"""Each organisation's news as RSS and Atom, linked from its pages' <head>
with its calendar; what only some may read is never in them (the leak walk
of tests/test_leaks.py reads them as a visitor, a resident and other staff)."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import AxisPage, OrganisationPage
from committees.models import Committee, Meeting
from journal.models import JournalEntry
from projects.models import Project
from tests.cms.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, slug: str) -> list[dict]:
    response = client.get(f"/flux/{slug}/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def test_the_rss_feed_tells_the_organisations_news(client, demo_data):
    organisation = OrganisationPage.objects.get(slug="cerise")
    items = rss_items(client, "cerise")
    kinds = {item["category"] for item in items}
    assert {"journal", "project", "consultation_opened"} <= kinds
    entry = JournalEntry.objects.public().filter(organisation=organisation).latest("created_at")
    assert any(item["link"] == f"http://testserver{entry.get_absolute_url()}" for item in items)
    project = Project.objects.public().filter(organisation=organisation).first()
    assert any(item["title"] == f"Nouveau projet : {project.title}" for item in items)
    assert all(item["link"].startswith("http://testserver/") for item in items)
    assert len({item["guid"] for item in items}) == len(items)


def test_a_cooperations_feed_has_its_maisons_meetings(client, demo_data):
    items = rss_items(client, "cooperation-trois-lieux")
    meetings = [item for item in items if item["category"] == "meeting"]
    in_maisons = Meeting.objects.public().filter(committee__organisation__slug__startswith="maison-")
    assert in_maisons and len(meetings) == Meeting.objects.public().filter(
        committee__organisation__path__startswith=OrganisationPage.objects.get(slug="cooperation-trois-lieux").path
    ).count()
    assert {f"http://testserver{meeting.get_absolute_url()}" for meeting in in_maisons} <= {
        item["link"] for item in meetings}


def test_the_atom_feed_says_the_same(client, demo_data):
    response = client.get("/flux/cerise/atom.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Actualités de CERISE"
    assert len(feed.findall(f"{ATOM}entry")) == len(rss_items(client, "cerise"))


def test_no_feed_for_an_unknown_unpublished_or_private_organisation(client, demo_data):
    assert client.get("/flux/nobody/rss.xml").status_code == 404
    hidden = OrganisationFactory(title="Centre caché", slug="cache")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/flux/cache/atom.xml").status_code == 404
    draft = OrganisationFactory(title="Centre en projet", slug="brouillon", live=False)
    assert draft.pk and client.get("/flux/brouillon/rss.xml").status_code == 404


def test_a_feed_reads_the_same_number_of_queries_whatever_its_length(client, demo_data):
    client.get("/flux/cerise/rss.xml")
    with CaptureQueriesContext(connection) as captured:
        client.get("/flux/cerise/rss.xml")
    assert len(captured) <= 8


def test_pages_link_their_organisations_feeds_and_calendars(client, demo_data):
    slug = "centre-social-municipal"
    node = AxisPage.objects.live().filter(path__startswith=OrganisationPage.objects.get(slug=slug).path).first()
    committee = Committee.objects.filter(visibility="public", organisation__slug=slug).first()
    for url in (f"/{slug}/", node.url, node.plan.url, node.plan.url + "actions/", committee.get_absolute_url(),
                f"/projets/?organisation={slug}", f"/partenaires/{slug}/"):
        html = client.get(url).content.decode()
        assert f'<link rel="alternate" type="application/rss+xml" href="/flux/{slug}/rss.xml"' in html, url
        assert f'<link rel="alternate" type="application/atom+xml" href="/flux/{slug}/atom.xml"' in html, url
        assert f'<link rel="alternate" type="text/calendar" href="/calendrier/{slug}.ics"' in html, url
    html = client.get(committee.get_absolute_url()).content.decode()
    assert f'href="/comites/{slug}/{committee.slug}/calendrier.ics"' in html
