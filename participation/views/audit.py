"""The audit log of an organisation, for its administrators: what staff and
animators did, searched and exported; nobody may change it."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.models import OrganisationPage
from core.csv import csv_response

from ..forms import AuditFilterForm
from ..selectors.audit import audit_actors, audit_entries


def _filtered(request, pk: int):
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not request.user.has_perm("participation.view_audit_log", organisation):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, actors=audit_actors(organisation))
    return organisation, form, audit_entries(organisation, **form.filters())


@login_required
def audit_log(request, pk: int):
    organisation, form, entries = _filtered(request, pk)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = {key: value for key, value in request.GET.items() if key != "page"}
    context = {"organisation": organisation, "form": form, "page": page, "querystring": urlencode(query)}
    return TemplateResponse(request, "participation/audit_log.html", context)


@login_required
def audit_export(request, pk: int):
    organisation, _form, entries = _filtered(request, pk)
    header = ["date", "par", "rôle", "action", "objet", "numéro", "avant", "après"]
    rows = ([timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"), str(entry.actor or ""),
             entry.actor_role, entry.get_action_display(), entry.object_label, entry.object_id,
             entry.before or "", entry.after or ""] for entry in entries.iterator(chunk_size=500))
    return csv_response(f"journal-audit-{organisation.slug}.csv", header, rows)
