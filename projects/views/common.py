from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from ..models import Project
from ..selectors import organisation_by_slug, project_for_view


def project_or_404(request, pk: int, perm: str = "projects.view_project") -> Project:
    """The project if this person may see it (and do `perm`); a project they
    may not see is a 404, not a 403, so that drafts stay unknown."""
    try:
        project = project_for_view(pk)
    except Project.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    if perm != "projects.view_project" and not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


def organisation_or_404(slug: str):
    organisation = organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


def back_to(project: Project, anchor: str = ""):
    return redirect(project.get_absolute_url() + (f"#{anchor}" if anchor else ""))
