"""Search beyond the plans (cms/searching.py): projects, comités, meetings
and consultations anyone may read, with an excerpt around the word found.
tests/test_leaks.py searches its marker word as every walker."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.searching import excerpt
from committees.models import Committee, Meeting
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_an_excerpt_shows_the_word_found_in_its_sentence():
    text = "<p>Un samedi par mois,</p><p>réparer ensemble au Café Reflets. " + "Et puis encore " * 20 + "</p>"
    before, match, after = excerpt(text, ["café"])
    assert match == "Café" and before.endswith("réparer ensemble au ") and before.startswith("Un samedi par mois, ")
    assert after.startswith(" Reflets.") and after.endswith("…") and len(after) < 100
    assert excerpt("Rien à voir", ["vélo"]) == ("Rien à voir", "", "")


def test_search_finds_projects_and_consultations_with_excerpts(client, demo_data):
    html = client.get("/recherche/", {"q": "café"}).content.decode()
    assert "Un repair café au café Reflets" in html and "Quelle formule pour le café Reflets ?" in html
    assert "<mark>café</mark>" in html
    assert "ailleurs sur le site" in html


def test_search_finds_committees_and_meetings(client, demo_data):
    committee = Committee.objects.filter(visibility="public").exclude(description="").first()
    html = client.get("/recherche/", {"q": committee.name}).content.decode()
    assert f'href="{committee.get_absolute_url()}"' in html
    meeting = Meeting.objects.public().first()
    assert f'href="{meeting.get_absolute_url()}"' in client.get("/recherche/", {"q": meeting.title}).content.decode()


def test_search_leaves_out_hidden_projects(client, demo_data):
    project = Project.objects.public().first()
    Project.objects.filter(pk=project.pk).update(hidden_at="2026-01-01T00:00Z")
    assert f'href="{project.get_absolute_url()}"' not in client.get("/recherche/", {"q": project.title}).content.decode()


def test_search_reads_a_fixed_number_of_queries(client, demo_data):
    client.get("/recherche/", {"q": "café"})
    with CaptureQueriesContext(connection) as captured:
        client.get("/recherche/", {"q": "café des habitants jardin"})
    assert len(captured) <= 20
