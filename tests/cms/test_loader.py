"""The demo loader carries the five seed plans faithfully and idempotently."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from cms.models import (
    ActionPage,
    AxisPage,
    GoalPage,
    Indicator,
    ObjectivePage,
    OrganisationPage,
    PlanPage,
)
from committees.models import Committee

pytestmark = pytest.mark.django_db


def counts(plan_slug):
    plan = PlanPage.objects.get(slug=plan_slug)
    return {
        "axes": AxisPage.objects.filter(plan=plan).count(),
        "goals": GoalPage.objects.filter(plan=plan).count(),
        "objectives": ObjectivePage.objects.filter(plan=plan).count(),
        "actions": ActionPage.objects.filter(plan=plan).count(),
    }


@pytest.mark.parametrize(
    ("plan_slug", "expected"),
    [
        ("plan-strategique", {"axes": 3, "goals": 0, "objectives": 8, "actions": 18}),
        ("projet-social", {"axes": 3, "goals": 9, "objectives": 27, "actions": 0}),
        ("projet-federal-2019-2022", {"axes": 3, "goals": 10, "objectives": 0, "actions": 12}),
        ("arbre-des-objectifs", {"axes": 2, "goals": 0, "objectives": 9, "actions": 17}),
        # Seed 004: 10 engagements and 26 objectives as its totals row says; 57
        # distinct actions (the text repeats 7.3.1 and 7.3.2, imported once).
        ("plan-strategique-2021-2024", {"axes": 3, "goals": 10, "objectives": 26, "actions": 57}),
    ],
)
def test_counts_per_seed(demo_data, plan_slug, expected):
    assert counts(plan_slug) == expected


def test_organisations_and_their_members(demo_data):
    cooperation = OrganisationPage.objects.get(slug="cooperation-trois-lieux")
    assert [o.title for o in OrganisationPage.objects.child_of(cooperation)] == ["Maison 1", "Maison 2", "Maison 3"]
    assert OrganisationPage.objects.get(slug="federation-hauts-de-seine").kind == "federation"
    assert OrganisationPage.objects.count() == 8


def test_seed_000_axes_keep_slogans_and_subtitles(demo_data):
    axis = AxisPage.objects.get(plan__slug="plan-strategique", number="1")
    assert axis.slogan == "« Cultiver CERISE »"
    assert axis.subtitle == "Faire évoluer les dispositifs existants"
    plan = PlanPage.objects.get(slug="plan-strategique")
    assert plan.validation_note.startswith("Validé en CA du 30 septembre 2021")
    assert plan.source_document_label == "20210727 PASINTEX - PAP.xls"


def test_seed_001_indicators_and_examples_sit_on_the_goals(demo_data):
    goal = GoalPage.objects.get(plan__slug="projet-social", number="3.1")
    assert goal.title == "Faire émerger une gouvernance partagée"
    assert "Nombre de rencontre du conseil de maison" in [i.name for i in Indicator.objects.filter(page=goal)]
    assert "conseil de maison" in goal.examples
    assert Indicator.objects.filter(page__in=GoalPage.objects.filter(plan__slug="projet-social")).count() == 27


def test_seed_004_action_carries_pilot_actors_indicator_and_semesters(demo_data):
    action = ActionPage.objects.get(plan__slug="plan-strategique-2021-2024", number="4.1.1")
    assert action.title == "Enquête auprès des personnes accompagnées ou ayant été accompagnées."
    assert action.pilot == "Grpe Prospective Hébergement"
    assert action.actors == "Grpe Prospective Hébergement"
    assert action.success_indicator.startswith("Nombre de recueil réalisés")
    assert [p.label for p in action.periods.order_by("sort_order")] == [
        "2e semestre 2022", "2e semestre 2023", "2e semestre 2024",
    ]
    assert action.get_parent().specific.number == "4.1"
    assert action.get_parent().get_parent().specific.number == "4"


def test_seed_004_all_seven_semesters_and_goal_names(demo_data):
    plan = PlanPage.objects.get(slug="plan-strategique-2021-2024")
    assert plan.periods.count() == 7
    assert (plan.goal_label, plan.goal_label_plural) == ("Engagement", "Engagements")
    assert GoalPage.objects.get(plan=plan, number="3").title == "S'investir dans la transition écologique et sociale"


def test_committees_named_in_the_seeds(demo_data):
    assert Committee.objects.filter(organisation__slug="federation-hauts-de-seine", kind="groupe_de_travail").count() == 9
    assert set(
        Committee.objects.filter(organisation__slug="centre-social-municipal").values_list("name", flat=True)
    ) == {"Conseil de maison", "Comité enfant", "Comité famille", "Comité senior"}
    assert Committee.objects.filter(organisation__slug="entraide-et-solidarites", kind="groupe_prospectif").count() == 2


def test_loading_twice_changes_nothing(demo_data):
    pages, revisions, committees = Page.objects.count(), Revision.objects.count(), Committee.objects.count()
    indicators = Indicator.objects.count()
    call_command("load_demo_data", "--no-admin", stdout=open("/dev/null", "w"))
    assert (Page.objects.count(), Revision.objects.count(), Committee.objects.count(), Indicator.objects.count()) == (
        pages, revisions, committees, indicators,
    )


def test_every_loaded_page_is_published(demo_data):
    plan_pages = Page.objects.type(OrganisationPage, PlanPage, AxisPage, GoalPage, ObjectivePage, ActionPage)
    assert not plan_pages.filter(live=False).exists()
    assert not plan_pages.filter(first_published_at__isnull=True).exists()


def test_admin_account_is_created_once_and_its_login_printed(db, tmp_path, monkeypatch, capsys):
    from participation.management.commands import load_demo_data as command

    monkeypatch.setattr(command, "CREDENTIALS_FILE", tmp_path / "password")
    monkeypatch.setattr(command, "DEMO_DIR", tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.yaml").write_text("organisation: {slug: x, name: X, kind: association}\n")
    call_command("load_demo_data")
    first = capsys.readouterr().out
    call_command("load_demo_data")
    second = capsys.readouterr().out
    password = (tmp_path / "password").read_text().strip()
    # The address: the site's form is the one door, and usernames are not credentials.
    assert f"admin@plan-commun.local / {password}" in first and f"admin@plan-commun.local / {password}" in second
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1


def test_bad_demo_file_is_reported_with_its_name(db, tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    from participation.management.commands import load_demo_data as command

    monkeypatch.setattr(command, "DEMO_DIR", tmp_path)
    (tmp_path / "broken.yaml").write_text("organisation: [unclosed\n")
    with pytest.raises(CommandError, match="broken.yaml"):
        call_command("load_demo_data", "--no-admin")
