from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from cms.models import OrganisationPage

from ..models import Assembly
from ..selectors import assembly_get


def assembly_or_404(request, pk: int, perm: str = "assemblies.view_assembly") -> Assembly:
    """The assembly if this person may see it (404 otherwise: a draft's
    existence is nobody else's business), then `perm` (403)."""
    assembly = assembly_get(pk)
    if assembly is None or not assembly.organisation.live or not request.user.has_perm(
            "assemblies.view_assembly", assembly):
        raise Http404
    if perm != "assemblies.view_assembly" and not request.user.has_perm(perm, assembly):
        raise PermissionDenied
    return assembly


def organisation_or_404(request, pk: int, perm: str | None = None) -> OrganisationPage:
    organisation = get_object_or_404(OrganisationPage, pk=pk, live=True)
    if perm and not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def file_response(content: bytes, content_type: str, name: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, name)
    response["Cache-Control"] = "private, no-store"  # members' names
    response["X-Content-Type-Options"] = "nosniff"
    return response


PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
