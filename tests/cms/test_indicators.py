import datetime
from decimal import Decimal

import pytest

from cms.models import Indicator, IndicatorValue

from .factories import GoalFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal():
    return GoalFactory(parent=PlanFactory(parent=OrganisationFactory()), number="1.1", title="Développer le bénévolat")


def test_indicator_values_are_drawn_and_listed_in_a_table(client, goal):
    indicator = Indicator.objects.create(page=goal, name="Nombre d'adhésions au CS", unit="adhésions", target=200)
    for year, value in ((2022, 120), (2023, 150), (2024, 185)):
        IndicatorValue.objects.create(indicator=indicator, date=datetime.date(year, 12, 31), value=value)
    html = client.get(goal.url).content.decode()
    assert html.count('class="indicator__bar"') == 3
    assert 'class="indicator__target-line"' in html
    assert "31 décembre 2023" in html and "<td>150" in html
    assert "Cible : 200 adhésions" in html
    assert 'role="img"' in html and "les chiffres figurent dans le tableau" in html


def test_indicator_without_values_says_so(client, goal):
    Indicator.objects.create(page=goal, name="Nombre de collectifs créés")
    html = client.get(goal.url).content.decode()
    assert "Nombre de collectifs créés" in html and "Aucune valeur mesurée" in html


def test_one_value_per_indicator_and_date(goal):
    from django.db import IntegrityError, transaction

    indicator = Indicator.objects.create(page=goal, name="Participants")
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2023, 1, 1), value=Decimal("3"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2023, 1, 1), value=Decimal("4"))


def test_indicator_page_query_count_does_not_grow_with_indicators(client, goal, django_assert_max_num_queries):
    for n in range(8):
        indicator = Indicator.objects.create(page=goal, name=f"Indicateur {n}")
        IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2023, 1, 1), value=n)
    with django_assert_max_num_queries(20):
        client.get(goal.url)
