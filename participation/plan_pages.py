"""The plan's axes, goals, objectives and actions can be commented and followed."""

from cms.models import ActionPage, AxisPage, GoalPage, ObjectivePage, OrganisationPage
from cms.visibility import may_read


def plan_page_organisation(page) -> OrganisationPage | None:
    """The organisation whose plan holds the page: the plan's parent."""
    plan = page.plan
    if plan is None:
        return None
    return OrganisationPage.objects.filter(path=plan.path[: -plan.steplen]).first()


def is_published(user, page) -> bool:
    """Published plan pages are public; drafts are read in the admin only; a
    private page's discussion is for those its privacy setting lets in
    (cms/visibility.py): reading, posting, counting, following, live."""
    return may_read(user, page)


def live_pages(model):
    return model.objects.live().select_related("plan")


def plan_items_for_accueil(organisation) -> list:
    """The organisation's plan items, by plan, indented by level and numbered
    as in the plan (the accueil's "About" list)."""
    from cms.selectors import organisation_plan_items

    groups: dict = {}
    for item in organisation_plan_items(organisation):
        indent = "\u00a0\u00a0" * (item.depth - item.plan.depth - 1)
        label = f"{indent}{item.number} {item.title}".strip() if item.number else f"{indent}{item.title}"
        groups.setdefault(item.plan.title, []).append((item, label))
    return list(groups.items())


def register_plan_pages() -> None:
    from .commenting import register

    for model in (AxisPage, GoalPage, ObjectivePage, ActionPage):
        # The plan's items are listed once, all levels together, with the axes.
        register(model, organisation=plan_page_organisation, can_view=is_published, queryset=live_pages,
                 accueil_choices=plan_items_for_accueil if model is AxisPage else None)
