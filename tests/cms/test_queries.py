"""Query counts of the plan pages do not grow with the number of actions."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import transaction

from cms.models import ActionPage, HomePage, PlanPage
from cms.services import LoadReport, organisation_upsert, plan_upsert
from tests.queries import MAX_QUERIES, page_queries

SEED_004 = Path(settings.BASE_DIR) / "cms" / "demo_data" / "004-entraide-et-solidarites.yaml"


def tenfold(plan_data):
    """Seed 004's plan with every axis repeated ten times, renumbered."""
    bigger = copy.deepcopy(plan_data)
    bigger["slug"] = "plan-x10"
    items = []
    for copy_number in range(10):
        for axis in copy.deepcopy(plan_data["items"]):
            stack = [axis]
            while stack:
                item = stack.pop()
                item["title"] = f"{item['title']} ({copy_number})"
                if item.get("number"):
                    item["number"] = f"{copy_number}.{item['number']}"
                stack.extend(item.get("children") or [])
            items.append(axis)
    bigger["items"] = items
    return bigger


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    data = yaml.safe_load(SEED_004.read_text(encoding="utf-8"))
    with django_db_blocker.unblock(), transaction.atomic():
        home = HomePage.objects.get()
        organisation = organisation_upsert(home=home, data=data["organisation"], report=LoadReport())
        small = plan_upsert(organisation=organisation, data=data["plan"], report=LoadReport())
        large = plan_upsert(organisation=organisation, data=tenfold(data["plan"]), report=LoadReport())
        yield small, large
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["", "sommaire/", "calendrier/", "actions/"])
def test_plan_views_query_count_is_flat(client, plans, route):
    small, large = plans
    assert ActionPage.objects.filter(plan=large).count() == 10 * ActionPage.objects.filter(plan=small).count()
    small_count = page_queries(client, small.url + route)
    large_count = page_queries(client, large.url + route)
    assert small_count == large_count
    assert small_count <= MAX_QUERIES


@pytest.mark.django_db
def test_axis_and_action_pages_query_count_is_flat(client, plans):
    from cms.models import AxisPage

    small, large = plans
    small_axis = AxisPage.objects.filter(plan=small).first()
    large_axis = AxisPage.objects.filter(plan=large).first()
    assert page_queries(client, small_axis.url) == page_queries(client, large_axis.url) <= MAX_QUERIES
    small_action = ActionPage.objects.filter(plan=small).first()
    large_action = ActionPage.objects.filter(plan=large).first()
    assert page_queries(client, small_action.url) == page_queries(client, large_action.url) <= MAX_QUERIES


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_plans(client, plans):
    count = page_queries(client, "/")
    PlanPage.objects.filter(slug="plan-x10").update(live=False)
    assert page_queries(client, "/") == count <= MAX_QUERIES
