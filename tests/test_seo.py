"""What search engines and social networks read: every public page type
says its title, description, canonical address and image in its <head>;
robots.txt, the favicon and the web manifest answer; the sitemap lists the
public pages of every app (tests/test_leaks.py checks it lists nothing
else)."""

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from cms.models import ActionPage, ObjectivePage, OrganisationPage
from committees.models import Committee, Meeting
from consultations.models import Consultation
from journal.models import JournalEntry
from projects.models import Project

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta (?:name|property)="([a-z:_]+)" content="([^"]*)"')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


def head_of(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    found = {name: html.unescape(value) for name, value in META.findall(text)}
    canonical = CANONICAL.search(text)
    found["canonical"] = html.unescape(canonical.group(1)) if canonical else ""
    return found


def public_addresses() -> list[str]:
    """One address of every public page type of the demo."""
    action = ActionPage.objects.live().first()
    plan = action.plan
    organisation = OrganisationPage.objects.live().first()
    committee = Committee.objects.filter(visibility="public").first()
    meeting = Meeting.objects.public().first()
    project = Project.objects.public().first()
    consultation = Consultation.objects.published().filter(committee__isnull=True).first()
    entry = JournalEntry.objects.public().first()
    return [
        "/", organisation.url, plan.url, plan.url + "sommaire/", plan.url + "calendrier/", plan.url + "actions/",
        action.get_parent().url, action.url, reverse("search") + "?q=jardin",
        reverse("committees:committees"), committee.get_absolute_url(), meeting.get_absolute_url(),
        reverse("projects:list"), project.get_absolute_url(), reverse("projects:directory_index"),
        reverse("projects:directory", args=[organisation.slug]),
        reverse("consultations:index"), consultation.get_absolute_url(),
        reverse("consultations:results", args=[consultation.pk]), reverse("consultations:counting"),
        entry.get_absolute_url(),
    ]


def test_every_public_page_type_describes_itself(client, demo_data):
    for url in public_addresses():
        head = head_of(client, url)
        assert head.get("description"), url
        assert len(head["description"]) <= 200, url
        assert head["og:title"] and head["og:description"] == head["description"], url
        assert head["og:image"].startswith("http://testserver/static/"), url
        assert head["twitter:card"] == "summary_large_image", url
        assert head["canonical"] == "http://testserver" + url, url
        assert head["og:url"] == head["canonical"], url


def test_the_canonical_address_keeps_what_changes_the_content(client, demo_data):
    """The page number and the filters stay; tracking, sort order, stray
    parameters and a first page go: one address for the same content."""
    url = reverse("projects:list")
    canonical = head_of(client, url + "?utm_source=lettre&page=2&tri=recent&fbclid=abc&statut=&x=1")["canonical"]
    assert canonical == f"http://testserver{url}?page=2"
    assert head_of(client, url + "?page=1&utm_campaign=ag")["canonical"] == f"http://testserver{url}"
    committees = reverse("committees:committees")
    canonical = head_of(client, committees + "?gclid=z&type=comite_thematique&organisation=cerise")["canonical"]
    assert canonical == f"http://testserver{committees}?organisation=cerise&type=comite_thematique"
    search = head_of(client, reverse("search") + "?page=2&q=jardin&ref=x")["canonical"]
    assert search == "http://testserver" + reverse("search") + "?q=jardin&page=2"


def test_descriptions_come_from_the_content(client, demo_data):
    project = Project.objects.public().exclude(summary="").first()
    assert head_of(client, project.get_absolute_url())["description"].startswith(project.summary[:40])
    objective = ObjectivePage.objects.live().exclude(description="").first()
    description = head_of(client, objective.url)["description"]
    words = " ".join(html.unescape(re.sub("<[^>]+>", " ", objective.description)).split())
    assert description and words.startswith(description.rstrip("…"))
    committee = Committee.objects.filter(visibility="public").exclude(description="").first()
    assert head_of(client, committee.get_absolute_url())["description"].startswith(committee.description[:30])


def test_the_staffs_search_description_wins(client, demo_data):
    action = ActionPage.objects.live().first()
    action.search_description = "Ce que les moteurs de recherche montrent."
    action.save_revision().publish()
    head = head_of(client, action.url)
    assert head["description"] == head["og:description"] == "Ce que les moteurs de recherche montrent."


def test_titles_are_plain_text_in_the_head(client, demo_data):
    committee = Committee.objects.filter(visibility="public").first()
    Committee.objects.filter(pk=committee.pk).update(name="L'atelier <b>vélo</b> & co")
    head = head_of(client, committee.get_absolute_url())
    assert head["og:title"].startswith("L'atelier <b>vélo</b> & co · ")


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for area in ("/admin/", "/compte/", "/organisations/", "/calendrier/personnel/"):
        assert f"Disallow: {area}\n" in text
    assert "Disallow: /\n" not in text


def test_favicon_and_manifest_answer(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon["Content-Type"] == "image/x-icon"
    assert b"".join(favicon.streaming_content)[:4] == b"\x00\x00\x01\x00"
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert data["name"] == "Plan Commun" and data["lang"] == "fr"
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code in (200, 304) or icon["src"].startswith("/static/")


def test_the_head_links_icons_and_manifest(client, demo_data):
    text = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in text
    assert 'rel="icon" href="/static/favicon.ico"' in text
    assert 'rel="apple-touch-icon"' in text


def test_sitemap_lists_every_kind_of_public_page(client, demo_data):
    xml = client.get("/sitemap.xml").content.decode()
    committee = Committee.objects.filter(visibility="public").first()
    assert f"{committee.get_absolute_url()}</loc>" in xml
    assert f"{Meeting.objects.public().first().get_absolute_url()}</loc>" in xml
    assert f"{Project.objects.public().first().get_absolute_url()}</loc>" in xml
    organisation = OrganisationPage.objects.live().first()
    assert f"{reverse('projects:directory', args=[organisation.slug])}</loc>" in xml
    consultation = Consultation.objects.published().filter(committee__isnull=True).first()
    assert f"{consultation.get_absolute_url()}</loc>" in xml
    assert f"{JournalEntry.objects.public().first().get_absolute_url()}</loc>" in xml
    for name in ("projects:list", "projects:directory_index", "committees:committees", "consultations:index"):
        assert f"{reverse(name)}</loc>" in xml
    root = Site.objects.get(is_default_site=True).root_url  # every address on the Wagtail site's, as its pages'
    assert xml.count(f"<loc>{root}/") == xml.count("<loc>")
