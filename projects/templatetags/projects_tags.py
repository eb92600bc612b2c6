"""Where projects meet the rest of the site: the plan's pages and the
organisation's page show the projects linked to them."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.inclusion_tag("projects/_status.html")
def project_status(project):
    return {"project": project, "hidden_label": _("Hidden")}


@register.inclusion_tag("projects/_plan_item_projects.html", takes_context=True)
def plan_item_projects(context, page):
    """The residents' projects that serve a plan item or what is below it.
    The organisation is the plan's parent, found among the page's
    breadcrumbs (already read) rather than with one more query."""
    from projects.selectors import projects_for_plan_item

    plan = context.get("plan")
    parent_path = plan.path[: -plan.steplen] if plan is not None else None
    organisation = next((crumb for crumb in context.get("breadcrumbs") or [] if crumb.path == parent_path), None)
    return {"page": page, "organisation": organisation, **projects_for_plan_item(page)}


@register.inclusion_tag("projects/_organisation_projects.html")
def organisation_projects(organisation):
    from projects.models import Project

    return {
        "organisation": organisation,
        "count": Project.objects.public().filter(organisation=organisation).count(),
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def transition_label(target: str) -> str:
    """The button that moves a project to `target`, said as an act."""
    from django.utils.translation import pgettext

    labels = {
        "depose": pgettext("project action", "Submit the project"),
        "etude": pgettext("project action", "Study it"),
        "accompagne": pgettext("project action", "Accompany it"),
        "non_retenu": pgettext("project action", "Do not retain it"),
        "en_cours": pgettext("project action", "Mark it in progress"),
        "realise": pgettext("project action", "Mark it carried out"),
        "abandonne": pgettext("project action", "Abandon the project"),
    }
    return labels[target]


@register.simple_tag
def project_event(event) -> str:
    """One line of a project's history."""
    from django.utils.translation import gettext

    from projects.models import EventKind, ProjectStatus

    if event.kind == EventKind.STATUS:
        return gettext("Now “%(status)s”") % {"status": ProjectStatus(event.to_status).label}
    if event.kind == EventKind.PARTNER:
        return gettext("Put in touch with %(partner)s") % {"partner": event.message}
    if event.kind == EventKind.COMMITTEE:
        return (gettext("Committee in charge: %(name)s") % {"name": event.message} if event.message
                else gettext("No committee in charge any more"))
    if event.kind == EventKind.HIDDEN:
        return gettext("Hidden by the moderators")
    return gettext("Shown again by the moderators")


@register.inclusion_tag("projects/_action_partners.html")
def action_partners(action):
    """The partners who contribute to an action, from the directory."""
    return {"partners": list(action.partners.select_related("organisation").order_by("name"))}


@register.inclusion_tag("projects/_accueil_forms.html", takes_context=True)
def accueil_project_forms(context, organisation, person):
    """On the accueil's page for a person: support a project, offer to help."""
    from projects.forms import AccueilProjectForm
    from projects.selectors import accueil_projects

    projects = accueil_projects(organisation, person)
    return {"organisation": organisation, "person": person, "projects": projects,
            "csrf_token": context.get("csrf_token"),
            "support_form": AccueilProjectForm(projects=[p for p in projects if not p.supported], prefix="support"),
            "help_form": AccueilProjectForm(projects=[p for p in projects if not p.helping], prefix="help")}
