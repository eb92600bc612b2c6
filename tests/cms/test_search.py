import pytest
from django.urls import reverse

from cms.selectors import search_plans

from .factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(parent=OrganisationFactory(title="Maison des Tilleuls"))
    axis = AxisFactory(parent=plan, title="Vivre ensemble")
    ActionFactory(parent=axis, title="Organiser des sorties à cheval", pilot="Référent famille")
    ActionFactory(parent=axis, title="Créer un jardin partagé", pilot="Comité senior", live=False)
    return plan


def titles(query):
    return [page.title for page in search_plans(query)]


def test_search_finds_published_actions_by_title_and_pilot(plan):
    assert "Organiser des sorties à cheval" in titles("cheval")
    assert "Organiser des sorties à cheval" in titles("référent")


def test_search_finds_other_forms_of_a_word_through_title_prefixes(plan):
    AxisFactory(parent=plan, title="Outils numériques et accueillir")
    assert "Outils numériques et accueillir" in titles("numérique")
    assert "Outils numériques et accueillir" in titles("accueil")
    assert titles("chev")[0] == "Organiser des sorties à cheval"


def test_search_never_shows_unpublished_pages(plan):
    assert titles("jardin") == []


def test_search_view_links_results_to_their_plan_and_organisation(client, plan):
    html = client.get(reverse("search"), {"q": "cheval"}).content.decode()
    assert "Organiser des sorties à cheval" in html and plan.title in html and "Maison des Tilleuls" in html


def test_search_results_query_count_does_not_grow_with_results(client, plan, django_assert_max_num_queries):
    axis = plan.get_children().first()
    for n in range(15):
        ActionFactory(parent=axis, title=f"Balade à cheval {n}")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("search"), {"q": "cheval"})
    assert response.content.decode().count("<h2>") == 16


@pytest.mark.postgres
def test_french_stemming_on_postgresql(plan):
    """The French configuration matches plural and singular forms."""
    assert "Organiser des sorties à cheval" in titles("chevaux")
