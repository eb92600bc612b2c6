"""A project's A4 poster: a PDF with its title, summary and a call to
support it, with a QR code to its page, for its carriers and the staff
while it takes supports."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.qr import qr_data_uri
from projects import printing
from projects.services import project_hide
from tests.participation.conftest import make_user

from .conftest import make_project

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_the_poster_calls_for_supports(client, project, resident):
    client.force_login(resident)
    text = _text(client.get(reverse("projects:poster", args=[project.pk])))
    assert "Un repair café" in text and "Réparer ensemble." in text
    assert "Soutenez-le ou proposez votre aide : sur sa page, ou à l’accueil de Centre social des Cerisiers." in text
    assert f"http://testserver/projets/{project.pk}/" in text


def test_the_qr_code_leads_to_the_projects_page(project):
    url = f"https://plan.example.org/projets/{project.pk}/"
    assert qr_data_uri(url) in printing.poster_html(project, url)


def test_carriers_and_staff_print_it_the_others_get_a_404(client, project, resident, staff, other_staff):
    poster = reverse("projects:poster", args=[project.pk])
    assert client.get(poster).status_code == 404  # a visitor
    for person, status in ((make_user(), 404), (other_staff, 404), (resident, 200), (staff, 200)):
        client.force_login(person)
        assert client.get(poster).status_code == status
        assert (poster in client.get(project.get_absolute_url()).content.decode()) == (status == 200)


def test_no_poster_for_a_draft_or_a_hidden_project(client, organisation, resident, staff):
    draft = make_project(organisation, resident, submit=False, title="Un jardin partagé")
    client.force_login(resident)
    assert client.get(reverse("projects:poster", args=[draft.pk])).status_code == 404
    hidden = make_project(organisation, resident, title="Caché")
    project_hide(user=staff, project=hidden, reason="Hors sujet")
    assert client.get(reverse("projects:poster", args=[hidden.pk])).status_code == 404


def test_the_call_for_projects_poster_leads_to_the_form(client, organisation, staff, other_staff, resident):
    from projects.services import project_settings_set

    project_settings_set(user=staff, organisation=organisation, support_threshold=12)
    poster = reverse("projects:call_poster", args=[organisation.slug])
    client.force_login(staff)
    assert poster in client.get(reverse("projects:review", args=[organisation.slug])).content.decode()
    text = _text(client.get(poster))
    assert "Vous avez une idée pour le quartier ?" in text
    assert "Dès 12 soutiens, l’équipe de Centre social des Cerisiers l’étudie avec vous." in text
    url = f"http://testserver{reverse('projects:propose', args=[organisation.slug])}"
    assert url in text
    assert qr_data_uri(url) in printing.call_poster_html(organisation, 12, url)
    for person in (resident, other_staff):
        client.force_login(person)
        assert client.get(poster).status_code == 404
    client.logout()
    assert client.get(poster).status_code == 404
