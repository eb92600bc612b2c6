"""A consultation's A4 poster: a PDF with its title, dates, who may vote
and a QR code to its page, printed by those who run it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from consultations import printing
from core.qr import qr_data_uri
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_committee, make_staff, make_user, seat

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_poster_says_what_when_who_and_where(client, organisation, staff):
    consultation = make_consultation(organisation, staff, title="Le café Reflets")
    client.force_login(staff)
    text = " ".join(_text(client.get(reverse("consultations:poster", args=[consultation.pk]))).split())
    assert "Le café Reflets" in text
    assert "Quelle formule ?" in text
    assert str(consultation.opens_at.astimezone().year) in text
    assert "Votez en ligne ou à l’accueil de Centre social des Cerisiers" in text
    assert f"http://testserver/consultations/{consultation.pk}/" in text


def test_the_qr_code_leads_to_the_consultations_page(rf, organisation, staff):
    consultation = make_consultation(organisation, staff)
    url = f"https://plan.example.org/consultations/{consultation.pk}/"
    html = printing.poster_html(consultation, url)
    assert qr_data_uri(url) in html
    assert qr_data_uri(url) != qr_data_uri(url + "x")
    assert qr_data_uri(url).startswith("data:image/svg+xml")


def test_the_detail_page_links_the_poster_for_those_who_run_it(client, organisation, staff):
    consultation = make_consultation(organisation, staff)
    poster = reverse("consultations:poster", args=[consultation.pk])
    client.force_login(staff)
    assert poster in client.get(consultation.get_absolute_url()).content.decode()
    client.force_login(member_of(organisation))
    assert poster not in client.get(consultation.get_absolute_url()).content.decode()


def test_only_those_who_run_it_print_the_poster(client, organisation, staff):
    consultation = make_consultation(organisation, staff)
    poster = reverse("consultations:poster", args=[consultation.pk])
    assert client.get(poster).status_code == 404  # a visitor
    client.force_login(member_of(organisation))
    assert client.get(poster).status_code == 404
    client.force_login(make_staff(OrganisationFactory(title="Ailleurs")))
    assert client.get(poster).status_code == 404


def test_a_members_only_committees_poster_stays_with_those_who_run_it(client, organisation, staff):
    private = make_committee(organisation, "Comité famille", visibility="membres")
    consultation = make_consultation(organisation, staff, committee=private, eligibility="comite")
    poster = reverse("consultations:poster", args=[consultation.pk])
    outsider, member, animator = member_of(organisation), make_user(), make_user()
    seat(private, member)
    seat(private, animator, role="animateur")
    for person, status in ((outsider, 404), (member, 404), (animator, 200)):
        client.force_login(person)
        assert client.get(poster).status_code == status
    assert "Les membres du comité Comité famille" in " ".join(_text(client.get(poster)).split())


def test_the_paper_ballot_has_every_question_and_a_box_per_answer(client, every_method, staff):
    client.force_login(staff)
    response = client.get(reverse("consultations:ballot", args=[every_method.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/pdf"
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Bulletin de vote papier" in text and "N’écrivez pas votre nom sur ce bulletin." in text
    for words in ("Pour le projet ?", "Pour", "Contre", "Abstention", "Matin", "Soir", "Cuisine", "Classez",
                  "Excellent", "À rejeter", "Notez"):
        assert words in text
    rows = printing.ballot_rows(list(every_method.questions.prefetch_related("options")))
    assert [row.layout for row in rows] == ["boxes", "boxes", "boxes", "ranks", "grid", "grid"]
    assert rows[5].columns == [0, 1, 2, 3, 4, 5]


def test_the_paper_ballot_is_for_those_who_run_it(client, organisation, staff):
    private = make_committee(organisation, "Comité famille", visibility="membres")
    consultation = make_consultation(organisation, staff, committee=private, eligibility="comite")
    ballot = reverse("consultations:ballot", args=[consultation.pk])
    member, animator = make_user(), make_user()
    seat(private, member)
    seat(private, animator, role="animateur")
    assert client.get(ballot).status_code == 404
    for person, status in ((member_of(organisation), 404), (member, 404),
                           (make_staff(OrganisationFactory(title="Ailleurs")), 404), (animator, 200)):
        client.force_login(person)
        assert client.get(ballot).status_code == status
        assert (ballot in client.get(consultation.get_absolute_url()).content.decode()) == (status == 200)
