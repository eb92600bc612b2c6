"""Keep each plan item's `plan` in step when a subtree moves to another plan."""

from django.dispatch import receiver
from wagtail.signals import post_page_move


@receiver(post_page_move)
def refresh_plan_after_move(sender, instance, **kwargs):
    from .models import ActionPage, AxisPage, GoalPage, ObjectivePage, PlanPage, plan_of

    moved = instance.specific
    if isinstance(moved, PlanPage):
        return
    plan = plan_of(moved)
    for model in (AxisPage, GoalPage, ObjectivePage, ActionPage):
        model.objects.filter(path__startswith=moved.path).update(plan=plan)
