import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.models import ActionPage, ActionStatus, plan_of
from cms.selectors import plan_subtree

from .factories import ActionFactory, AxisFactory, GoalFactory, OrganisationFactory, PlanFactory, build_plan

pytestmark = pytest.mark.django_db


def test_items_know_their_plan_through_the_tree():
    plan = build_plan(axes=1, goals=1, objectives=1, actions=1)
    action = ActionPage.objects.get()
    assert action.plan_id == plan.pk
    assert plan_of(action) == plan


def test_a_plan_may_skip_levels():
    """Seed 002: orientations hold actions directly, with no objective pages."""
    plan = PlanFactory(parent=OrganisationFactory())
    axis = AxisFactory(parent=plan, title="Soutenir l'innovation sociale")
    action = ActionFactory(parent=axis, title="Développement d'outils numériques collaboratifs")
    tree = plan_subtree(plan)
    assert [child.page for child in tree.children] == [axis]
    assert [child.page for child in tree.children[0].children] == [action]


def test_action_numbers_are_unique_within_a_plan():
    plan = PlanFactory(parent=OrganisationFactory())
    ActionFactory(parent=plan, number="1.1.1")
    with pytest.raises(ValidationError, match="Une autre action de ce plan porte déjà ce numéro"):
        ActionFactory(parent=plan, number="1.1.1")
    other = ActionFactory(parent=plan, number="1.1.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPage.objects.filter(pk=other.pk).update(number="1.1.1")


def test_the_same_number_is_fine_in_another_plan_or_when_blank():
    first = PlanFactory(parent=OrganisationFactory())
    second = PlanFactory(parent=OrganisationFactory())
    ActionFactory(parent=first, number="1.1.1")
    ActionFactory(parent=second, number="1.1.1")
    ActionFactory(parent=first, number="")
    ActionFactory(parent=first, number="")
    assert ActionPage.objects.count() == 4


def test_plan_period_must_be_in_order():
    plan = PlanFactory.build(period_start=2024, period_end=2021)
    with pytest.raises(ValidationError) as error:
        plan.clean()
    assert "period_end" in error.value.message_dict


@pytest.mark.parametrize(
    ("status", "progress", "expected"),
    [("", None, None), (ActionStatus.DONE, None, 100), (ActionStatus.IN_PROGRESS, 40, 40), ("", 0, 0)],
)
def test_effective_progress(status, progress, expected):
    assert ActionPage(status=status, progress=progress).effective_progress == expected


def test_progress_averages_reported_actions_and_ignores_abandoned_ones():
    plan = PlanFactory(parent=OrganisationFactory())
    axis = AxisFactory(parent=plan)
    ActionFactory(parent=axis, status=ActionStatus.DONE)
    ActionFactory(parent=axis, status=ActionStatus.IN_PROGRESS, progress=50)
    ActionFactory(parent=axis, status=ActionStatus.ABANDONED, progress=10)
    ActionFactory(parent=axis)
    progress = plan_subtree(plan).progress
    assert (progress.total, progress.reported, progress.percent) == (3, 2, 75)


def test_unpublished_items_are_left_out_of_the_public_tree():
    plan = PlanFactory(parent=OrganisationFactory())
    draft_axis = AxisFactory(parent=plan, live=False)
    ActionFactory(parent=draft_axis)
    assert plan_subtree(plan).children == []


def test_axis_slogan_is_not_repeated_when_it_only_quotes_the_title():
    axis = AxisFactory.build(title="Cultiver CERISE", slogan="« Cultiver CERISE »")
    assert axis.distinct_slogan == ""
    axis.slogan = "« Cultivons ensemble »"
    assert axis.distinct_slogan == "« Cultivons ensemble »"


def test_moving_a_branch_to_another_plan_updates_its_items():
    first = PlanFactory(parent=OrganisationFactory())
    second = PlanFactory(parent=OrganisationFactory())
    axis = AxisFactory(parent=first)
    goal = GoalFactory(parent=axis)
    action = ActionFactory(parent=goal, number="9.9")
    axis.move(second, pos="last-child")
    action.refresh_from_db()
    goal.refresh_from_db()
    assert (action.plan_id, goal.plan_id) == (second.pk, second.pk)
