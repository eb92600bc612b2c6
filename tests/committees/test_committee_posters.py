"""A committee's A4 poster: a PDF with its name, what it does, its next
meetings and how to join, with a QR code to its page, printed by those who
run it; a members-only committee's meetings stay off the wall."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from committees import printing
from core.qr import qr_data_uri
from participation.models import Membership, MembershipStatus
from tests.cms.factories import OrganisationFactory

from .conftest import make_committee, make_meeting, make_staff, make_user, seat

pytestmark = pytest.mark.django_db


def _poster(committee):
    return reverse("committees:committee_poster", args=[committee.organisation.slug, committee.slug])


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_the_poster_says_what_when_and_how_to_join(client, organisation, staff):
    garden = make_committee(organisation, "Jardin partagé", policy="ouvert", description="On cultive ensemble.")
    make_meeting(garden, title="Semis de printemps", place="Cour du centre")
    make_meeting(garden, title="Réunion annulée", cancelled_at="2026-01-01T00:00Z")
    client.force_login(staff)
    text = _text(client.get(_poster(garden)))
    assert "Jardin partagé" in text and "On cultive ensemble." in text
    assert "Semis de printemps" in text and "Cour du centre" in text
    assert "Réunion annulée" not in text
    assert "Tout le monde peut rejoindre : sur la page, ou à l’accueil de Centre social des Cerisiers." in text
    assert f"http://testserver{garden.get_absolute_url()}" in text


def test_the_qr_code_leads_to_the_committees_page(organisation):
    garden = make_committee(organisation, "Jardin partagé")
    url = f"https://plan.example.org{garden.get_absolute_url()}"
    assert qr_data_uri(url) in printing.poster_html(garden, url)


def test_a_members_only_committees_meetings_stay_off_its_poster(client, organisation, staff):
    private = make_committee(organisation, "Comité famille", visibility="membres")
    make_meeting(private, title="Ordre du jour confidentiel")
    client.force_login(staff)
    text = _text(client.get(_poster(private)))
    assert "Comité famille" in text
    assert "confidentiel" not in text


def test_only_those_who_run_it_print_the_poster(client, organisation):
    private = make_committee(organisation, "Comité famille", visibility="membres")
    resident, member, animator = make_user(), make_user(), make_user()
    Membership.objects.create(user=resident, organisation=organisation, role="habitant",
                              status=MembershipStatus.ACCEPTED)
    seat(private, member)
    seat(private, animator, role="animateur")
    assert client.get(_poster(private)).status_code == 404  # a visitor
    detail = private.get_absolute_url()
    for person, status in ((resident, 404), (member, 404), (make_staff(OrganisationFactory(title="Ailleurs")), 404),
                           (animator, 200)):
        client.force_login(person)
        assert client.get(_poster(private)).status_code == status
        assert (_poster(private) in client.get(detail).content.decode()) == (status == 200)
