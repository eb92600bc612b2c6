"""The comités where plan pages and organisation pages show them."""

from django import template

from cms.models import OrganisationPage

from ..models import Committee
from ..selectors import organisation_committees as committees_of
from ..selectors import plan_item_committees as links_of

register = template.Library()


@register.inclusion_tag("committees/_organisation_committees.html")
def organisation_committees(organisation):
    """The committees and governance bodies of an organisation, by kind,
    with its calendar (which holds the organisations within it too)."""
    groups: dict[str, list[Committee]] = {}
    for committee in committees_of(organisation):
        committee.organisation = organisation  # for its URL, without a query each
        groups.setdefault(committee.get_kind_display(), []).append(committee)
    return {"groups": groups, "organisation": organisation}


@register.inclusion_tag("committees/_plan_item_committees.html")
def plan_item_committees(page):
    """The committees that pilot or follow a plan item."""
    return {"links": links_of(page)}


@register.inclusion_tag("committees/_plan_calendar.html", takes_context=True)
def plan_calendar(context, plan):
    """The calendar of the organisation whose plan this is: for a plan
    shared by several maisons, their common calendar."""
    parent_path = plan.path[: -plan.steplen]
    organisation = next((crumb for crumb in context.get("breadcrumbs") or [] if crumb.path == parent_path), None)
    if organisation is None:
        organisation = plan.get_parent()
    has_members = OrganisationPage.objects.live().child_of(organisation).exists()
    return {"organisation": organisation, "has_members": has_members}


@register.inclusion_tag("committees/_accueil_form.html", takes_context=True)
def accueil_committee_form(context, organisation, person):
    """On the accueil's page for a person: ask to join a comité."""
    from ..forms import AccueilCommitteeForm
    from ..selectors import accueil_committees

    committees = accueil_committees(organisation, person)
    return {"organisation": organisation, "person": person, "csrf_token": context.get("csrf_token"),
            "form": AccueilCommitteeForm(committees=committees, prefix="committee") if committees else None}
