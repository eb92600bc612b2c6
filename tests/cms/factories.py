"""Factories for plan pages: fast, no revisions, published."""

import datetime
import itertools

import factory

from cms.models import (
    ActionPage,
    AxisPage,
    GoalPage,
    HomePage,
    ObjectivePage,
    OrganisationPage,
    PlanPage,
    PlanPeriod,
)

_counter = itertools.count(1)


class PageFactory(factory.Factory):
    """Builds a page and adds it under `parent` (a required keyword)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, periods=(), **kwargs):
        parent = parent or HomePage.objects.get()
        kwargs.setdefault("slug", f"p{next(_counter)}")
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        if periods:
            page.periods.set(periods)
        return page


class OrganisationFactory(PageFactory):
    class Meta:
        model = OrganisationPage

    title = factory.Sequence(lambda n: f"Centre social {n}")
    kind = "centre_social"


class PlanFactory(PageFactory):
    class Meta:
        model = PlanPage

    title = factory.Sequence(lambda n: f"Plan {n}")
    period_start = 2021
    period_end = 2024


class AxisFactory(PageFactory):
    class Meta:
        model = AxisPage


class GoalFactory(PageFactory):
    class Meta:
        model = GoalPage


class ObjectiveFactory(PageFactory):
    class Meta:
        model = ObjectivePage


class ActionFactory(PageFactory):
    class Meta:
        model = ActionPage

    pilot = "DG"
    actors = "Codir"


def semesters(plan, count=4, first_year=2022):
    periods = []
    for i in range(count):
        year, half = first_year + i // 2, i % 2
        start = datetime.date(year, 1 if half == 0 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 0 else datetime.date(year, 12, 31)
        periods.append(
            PlanPeriod.objects.create(
                plan=plan, label=f"S{half + 1} {year}", start_date=start, end_date=end, sort_order=i
            )
        )
    return periods


def build_plan(*, organisation=None, axes=2, goals=2, objectives=2, actions=2, indicators_on_goals=False):
    """A complete four-level plan of axes × goals × objectives × actions."""
    from cms.models import Indicator

    organisation = organisation or OrganisationFactory()
    plan = PlanFactory(parent=organisation)
    periods = semesters(plan)
    for a in range(1, axes + 1):
        axis = AxisFactory(parent=plan, number=str(a), title=f"Axe {a}")
        for g in range(1, goals + 1):
            goal = GoalFactory(parent=axis, number=f"{a}.{g}", title=f"Objectif général {a}.{g}")
            if indicators_on_goals:
                Indicator.objects.create(page=goal, name=f"Nombre de participants {a}.{g}")
            for o in range(1, objectives + 1):
                objective = ObjectiveFactory(parent=goal, number=f"{a}.{g}.{o}", title=f"Objectif {a}.{g}.{o}")
                for n in range(1, actions + 1):
                    ActionFactory(
                        parent=objective,
                        number=f"{a}.{g}.{o}.{n}",
                        title=f"Action {a}.{g}.{o}.{n}",
                        periods=periods[n % 2 :: 2],
                    )
    return plan
