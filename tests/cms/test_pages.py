"""Every public page type renders the seed plans, in the site's design."""

import pytest
from django.urls import reverse

from cms.models import ActionPage, AxisPage, GoalPage, ObjectivePage, OrganisationPage, PlanPage

pytestmark = pytest.mark.django_db

ES_PLAN = "/entraide-et-solidarites/plan-strategique-2021-2024/"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_lists_organisations_with_their_plans(client, demo_data):
    html = get(client, "/")
    for name in ("CERISE", "Centre social municipal", "Fédération des centres sociaux des Hauts-de-Seine",
                 "La Coopération entre 3 lieux", "Entraide et Solidarités", "Maison 1"):
        assert name in html
    assert "Plan Stratégique Entraide et Solidarités 2021-2024" in html
    assert '<html lang="fr">' in html
    # A plan without actions (seed 001) still says what it holds.
    assert "3 axes · 9 objectifs généraux · 27 objectifs opérationnels" in html


def test_organisation_page_shows_plans_and_committees(client, demo_data):
    html = get(client, "/federation-hauts-de-seine/")
    assert "16 rue Salvador Allende" in html
    assert "Projet fédéral 2019–2022" in html
    assert "Bien vieillir" in html and "Conseil d&#x27;administration" in html


def test_member_organisation_shows_the_shared_plan(client, demo_data):
    html = get(client, "/cooperation-trois-lieux/maison-2/")
    assert "Arbre des objectifs de la Coopération" in html


def test_plan_overview_has_preamble_axes_and_progress(client, demo_data):
    html = get(client, "/cerise/plan-strategique/")
    assert "Validé en CA du 30 septembre 2021" in html
    assert "Le Projet social est une convention" in html
    assert html.count('class="card card--axis"') == 3
    assert "Faire évoluer les dispositifs existants" in html


def test_plan_uses_its_own_level_names(client, demo_data):
    html = get(client, "/cooperation-trois-lieux/arbre-des-objectifs/")
    assert ">Finalités<" in html
    html = get(client, ES_PLAN)
    assert "Engagements" in get(client, AxisPage.objects.filter(plan__slug="plan-strategique-2021-2024").first().url)


def test_outline_lists_every_level_in_nested_details(client, demo_data):
    html = get(client, ES_PLAN + "sommaire/")
    plan = PlanPage.objects.get(slug="plan-strategique-2021-2024")
    for action in ActionPage.objects.filter(plan=plan):
        assert action.url in html
    assert html.count("<details") == 3 + 10 + 26


def test_timeline_marks_each_scheduled_period(client, demo_data):
    html = get(client, ES_PLAN + "calendrier/")
    assert "1er semestre 2022" in html and "1er semestre 2025" in html
    plan = PlanPage.objects.get(slug="plan-strategique-2021-2024")
    marks = sum(a.periods.count() for a in ActionPage.objects.filter(plan=plan))
    assert html.count("timeline__cell--on") == marks


def test_timeline_without_schedule_says_so(client, demo_data):
    assert "ne donne pas de calendrier" in get(client, "/cerise/plan-strategique/calendrier/")


def test_action_page_shows_pilot_actors_indicator_schedule_and_breadcrumbs(client, demo_data):
    action = ActionPage.objects.get(plan__slug="plan-strategique-2021-2024", number="2.3.2")
    html = get(client, action.url)
    assert "Vie associative" in html and "Pôles concernés" in html
    assert "Rédaction de la Charte et révision bisannuelle" in html
    assert 'aria-label="Fil d’Ariane"' in html
    assert "Entraide et Solidarités" in html


def test_goal_page_shows_indicators_children_and_examples(client, demo_data):
    goal = GoalPage.objects.get(plan__slug="projet-social", number="1.1")
    html = get(client, goal.url)
    assert "Nombre d&#x27;animation de quartier réalisée" in html
    assert "Déployer des actions au cœur des quartiers" in html
    assert "Semaine de l&#x27;environnement" in html


def test_objective_page_lists_its_actions(client, demo_data):
    objective = ObjectivePage.objects.get(plan__slug="plan-strategique-2021-2024", number="7.3")
    html = get(client, objective.url)
    assert "travailler à des projets transversaux (ex Tiers Lieu)" in html
    assert "Présidence et Direction Générale" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [("status=non-renseigne", 54), ("pilot=comm+tes", 3), ("pilot=comm+benevolat", 4), ("", 57)],
)
def test_action_filters(client, demo_data, query, expected):
    html = get(client, f"{ES_PLAN}actions/?{query}")
    assert html.count('class="action-item"') == expected


def test_action_filter_by_period_and_axis(client, demo_data):
    plan = PlanPage.objects.get(slug="plan-strategique-2021-2024")
    period = plan.periods.get(label="1er semestre 2025")
    html = get(client, f"{ES_PLAN}actions/?period={period.pk}")
    assert html.count('class="action-item"') == ActionPage.objects.filter(plan=plan, periods=period).count()
    axis = AxisPage.objects.filter(plan=plan).order_by("path").last()
    html = get(client, f"{ES_PLAN}actions/?axis={axis.pk}")
    assert html.count('class="action-item"') == ActionPage.objects.filter(path__startswith=axis.path).count()


def test_unknown_filter_value_is_reported_not_ignored(client, demo_data):
    html = get(client, f"{ES_PLAN}actions/?status=bogus")
    assert 'role="alert"' in html
    assert html.count('class="action-item"') == 57


def test_search_finds_actions_across_plans(client, demo_data):
    html = get(client, reverse("search") + "?q=partenaires")
    assert "Etablir un annuaire des partenaires" in html
    assert "Connaitre nos partenaires" in html


def test_empty_search_shows_the_form_only(client, demo_data):
    html = get(client, reverse("search"))
    assert 'role="status"' not in html


def test_sitemap_lists_every_public_page_and_plan_views(client, demo_data):
    xml = get(client, "/sitemap.xml")
    for page in list(OrganisationPage.objects.all()) + list(ActionPage.objects.all()[:10]):
        assert page.full_url in xml
    assert "/plan-strategique-2021-2024/calendrier/" in xml


def test_404_is_in_the_site_design(client, demo_data):
    html = get(client, "/cette-page-n-existe-pas/", status=404)
    assert "Page introuvable" in html and "Plan Commun" in html


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Plan Commun" in html and "Une erreur" in html
