""""En clair" (issue 22): a plan page's optional plain-language version is
shown first, with a switch to the complete text and back; its writers get
the FALC rules beside the field."""

import pytest
from django.test import Client

from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_user

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    """The page's main content: the head's description may quote the text too."""
    html = response.content.decode()
    return html[html.index("<main"):]


@pytest.fixture
def axis():
    return AxisFactory(parent=PlanFactory(parent=OrganisationFactory()), number="1", title="Vivre ensemble",
                       description="<p>Favoriser la cohésion sociale et l’interconnaissance.</p>")


def test_the_plain_language_version_comes_first_with_a_switch(axis):
    action = ActionFactory(parent=axis, number="1.1", title="Café des habitants",
                           description="<p>Développer un lieu de convivialité intergénérationnel.</p>",
                           plain_summary="Un café pour se retrouver.\nC’est ouvert à tout le monde.\n<b>Gratuit</b>")
    for page in (action, axis):
        if page is axis:
            page.plain_summary = "Vivre ensemble dans le quartier."
            page.save_revision().publish()
        html = main_of(Client().get(page.url))
        assert html.index('id="en-clair"') < html.index('id="texte-complet"')
        assert 'href="#texte-complet"' in html and 'href="#en-clair"' in html
        assert "En clair" in html and "Le texte complet" in html
    html = main_of(Client().get(action.url))
    assert html.index("Un café pour se retrouver.") < html.index("Développer un lieu de convivialité")
    assert "&lt;b&gt;Gratuit&lt;/b&gt;" in html and "<b>Gratuit</b>" not in html


def test_the_plan_page_too(axis):
    plan = axis.get_parent().specific
    plan.preamble = "<p>Le projet social est le fruit d’une démarche participative.</p>"
    plan.plain_summary = "Ce plan dit ce que le centre va faire pendant 4 ans."
    plan.save_revision().publish()
    html = main_of(Client().get(plan.url))
    assert html.index("Ce plan dit ce que le centre va faire") < html.index('id="texte-complet"') \
        < html.index("le fruit d’une démarche participative")


def test_without_it_the_page_is_as_before(axis):
    html = Client().get(axis.url).content.decode()
    assert 'id="en-clair"' not in html and 'id="texte-complet"' not in html


def test_its_writers_see_the_falc_rules_beside_the_field(axis):
    admin = make_user("racine")
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    html = client.get(f"/admin/pages/{axis.pk}/edit/").content.decode()
    assert 'name="plain_summary"' in html and "Des phrases courtes : une idée par ligne." in html


def test_projects_and_consultations_carry_one_too(axis):
    """A project's carriers write it in their form, a consultation's
    organisers in theirs; it comes first on their pages."""
    from consultations import services as consultation_services
    from projects.services import project_update
    from tests.consultations.conftest import make_consultation
    from tests.participation.conftest import make_staff
    from tests.projects.conftest import make_project

    organisation = axis.get_parent().get_parent().specific
    carrier, staff = make_user("porteuse"), make_staff(organisation)
    project = make_project(organisation, carrier, description="Réparer ensemble, un samedi par mois.")
    project_update(user=carrier, project=project, fields={
        "title": project.title, "summary": project.summary, "description": project.description,
        "plain_summary": "On répare les objets.\n<i>Ensemble</i>."})
    consultation = make_consultation(organisation, staff, context="Le café change de formule.")
    consultation_services.consultation_update(consultation=consultation, user=staff,
                                              plain_summary="Vous choisissez le café.")
    for url, plain, complete in ((project.get_absolute_url(), "On répare les objets.", "un samedi par mois"),
                                 (consultation.get_absolute_url(), "Vous choisissez le café.", "Le café change")):
        html = main_of(Client().get(url))
        assert html.index('id="en-clair"') < html.index(plain) < html.index('id="texte-complet"') \
            < html.index(complete), url
    assert "<i>" not in Client().get(project.get_absolute_url()).content.decode()  # markup removed on the way in
    client = Client()
    client.force_login(carrier)
    form = client.get(f"/projets/{project.pk}/modifier/").content.decode()
    assert 'name="plain_summary"' in form and "Des phrases courtes : une idée par ligne." in form
