"""Staff edit the plan in the Wagtail admin, within their own organisation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.models import ActionPage, PlanPeriod
from participation.models import Membership, MembershipStatus
from participation.services import membership_sync_admin_access

from .factories import ActionFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations():
    mine, other = OrganisationFactory(title="Mine"), OrganisationFactory(title="Other")
    my_plan, other_plan = PlanFactory(parent=mine), PlanFactory(parent=other)
    return {
        "mine": mine,
        "other": other,
        "my_plan": my_plan,
        "my_action": ActionFactory(parent=my_plan, number="1.1"),
        "other_action": ActionFactory(parent=other_plan, number="1.1"),
    }


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.org", "pass-1234", **extra)


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "login" in response.url


def test_a_resident_without_staff_role_has_no_admin_access(client):
    client.force_login(make_user("habitant"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302


def test_communication_staff_edit_their_organisation_and_only_it(client, two_organisations):
    editor = make_user("communication")
    Membership.objects.create(user=editor, organisation=two_organisations["mine"], role="salarie",
                              status=MembershipStatus.ACCEPTED)
    membership_sync_admin_access(user=editor, organisation=two_organisations["mine"])
    client.force_login(editor)
    mine = client.get(reverse("wagtailadmin_pages:edit", args=[two_organisations["my_action"].pk]))
    other = client.get(reverse("wagtailadmin_pages:edit", args=[two_organisations["other_action"].pk]))
    assert mine.status_code == 200
    assert other.status_code in (302, 403, 404)


def test_the_admin_is_in_french(admin_client, two_organisations):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[two_organisations["my_action"].pk])).content
    assert "Indicateur de réussite".encode() in html
    assert b"Pilote" in html


EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def action_form_data(page, **changes):
    data = {
        "title": page.title, "slug": page.slug, "number": page.number, "description": EMPTY_RICH_TEXT,
        "pilot": page.pilot,
        "actors": page.actors, "success_indicator": "", "status": "", "progress": "", "examples": "",
        "comment_notifications": "", "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000", "action-publish": "publish",
    }
    data.update(changes)
    return data


def test_two_actions_with_the_same_number_are_refused_with_a_clear_message(admin_client, two_organisations):
    plan = two_organisations["my_plan"]
    url = reverse("wagtailadmin_pages:add", args=["cms", "actionpage", plan.pk])
    response = admin_client.post(url, action_form_data(ActionPage(title="Doublon", slug="doublon", number="1.1")))
    assert response.status_code == 200
    assert "L’action 1.1 existe déjà dans ce plan" in response.content.decode()
    assert ActionPage.objects.filter(plan=plan).count() == 1


def test_an_action_is_created_and_published_from_the_admin(admin_client, two_organisations):
    plan = two_organisations["my_plan"]
    url = reverse("wagtailadmin_pages:add", args=["cms", "actionpage", plan.pk])
    period = PlanPeriod.objects.create(plan=plan, label="S1 2022", start_date="2022-01-01", end_date="2022-06-30")
    data = action_form_data(ActionPage(title="Nouvelle action", slug="nouvelle-action", number="1.2", pilot="DG"))
    data["periods"] = [str(period.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionPage.objects.get(number="1.2")
    assert action.live and action.plan_id == plan.pk
    assert list(action.periods.all()) == [period]


def test_the_period_choices_are_the_plans_own(admin_client, two_organisations):
    plan = two_organisations["my_plan"]
    PlanPeriod.objects.create(plan=plan, label="Mine S1", start_date="2022-01-01", end_date="2022-06-30")
    other_plan = two_organisations["other_action"].plan
    PlanPeriod.objects.create(plan=other_plan, label="Theirs S1", start_date="2022-01-01", end_date="2022-06-30")
    html = admin_client.get(reverse("wagtailadmin_pages:add", args=["cms", "actionpage", plan.pk])).content.decode()
    assert "Mine S1" in html and "Theirs S1" not in html


def test_staff_keep_their_organisations_logo_and_cannot_take_another_image(client, two_organisations):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    mine = two_organisations["mine"]
    logo, other = (Image.objects.create(title=title, file=get_test_image_file()) for title in ("Logo", "Autre"))
    mine.logo = logo
    mine.save_revision().publish()
    editor = make_user("communication")
    Membership.objects.create(user=editor, organisation=mine, role="salarie", status=MembershipStatus.ACCEPTED)
    membership_sync_admin_access(user=editor, organisation=mine)
    client.force_login(editor)
    data = {"title": "Mine, renamed", "slug": mine.slug, "kind": "centre_social", "territory": "", "address": "",
            "email": "", "website": "", "description": EMPTY_RICH_TEXT, "logo": logo.pk, "open_data_licence": "etalab-2.0",
            "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "action-publish": "publish"}
    url = reverse("wagtailadmin_pages:edit", args=[mine.pk])
    assert client.post(url, data).status_code == 302
    refused = client.post(url, {**data, "logo": other.pk})
    assert refused.status_code == 200 and "Autre" not in refused.content.decode()
    mine.refresh_from_db()
    assert mine.title == "Mine, renamed" and mine.logo_id == logo.pk


def test_the_admin_names_levels_with_the_plan_s_own_words(client):
    """The explorer's Type column says "Orientation" where the plan says so."""
    from .factories import AxisFactory, GoalFactory

    organisation = OrganisationFactory()
    plan = PlanFactory(parent=organisation, axis_label="Orientation", goal_label="Engagement")
    axis = AxisFactory(parent=plan, title="Soutenir l'innovation sociale")
    GoalFactory(parent=axis, title="Accompagner les modèles")
    import re

    client.force_login(make_user("racine", is_superuser=True, is_staff=True))

    def cells(page):
        html = client.get(reverse("wagtailadmin_explore", args=[page.pk])).content.decode()
        return [re.sub(r"\s+", " ", re.sub("<[^>]+>", "", cell)).strip() for cell in
                re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]

    assert "Orientation" in cells(plan) and "Axe" not in cells(plan)
    assert "Engagement" in cells(axis) and "Objectif général" not in cells(axis)
