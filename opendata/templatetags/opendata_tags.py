"""Links in a page's <head> to its organisation's feeds and calendars, for
feed readers and calendar applications to find (templates/base.html's
`feeds` block). No query: the organisation is one the page already has."""

from django import template

from cms.models import OrganisationPage, PlanNodePage, PlanPage

register = template.Library()


@register.inclusion_tag("opendata/_feed_links.html")
def feed_links(organisation, committee=None):
    """The organisation's RSS, Atom and iCal addresses; a public comité's
    own calendar too."""
    return {"organisation": organisation, "committee": committee if committee and committee.is_public else None}


@register.inclusion_tag("opendata/_feed_links.html")
def page_feed_links(page, breadcrumbs=()):
    """The same for a plan's page, its organisation found among the
    breadcrumbs it shows (the plan's parent)."""
    if isinstance(page, OrganisationPage):
        return feed_links(page)
    plan = page if isinstance(page, PlanPage) else None
    if isinstance(page, PlanNodePage):
        plan = getattr(page, "plan", None)
    if plan is None:
        return feed_links(None)
    parent_path = plan.path[: -plan.steplen]
    organisation = next((crumb for crumb in breadcrumbs or () if crumb.path == parent_path), None)
    return feed_links(organisation)
