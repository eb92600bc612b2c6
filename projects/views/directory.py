"""The partner directory and the rooms and equipment, public lists and
the staff's forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.models import OrganisationPage
from core.views import form_errors_apply

from .. import services
from ..forms import DirectoryFilterForm, PartnerForm, ResourceForm
from ..models import Partner, Resource
from ..selectors import organisation_resources, partner_directory
from .common import organisation_or_404


def index(request):
    organisations = OrganisationPage.objects.live().annotate(
        partner_count=Count("partners", distinct=True), resource_count=Count("resources", distinct=True)
    ).order_by("path")
    return TemplateResponse(request, "projects/directory_index.html", {"organisations": organisations})


def directory(request, slug: str):
    organisation = organisation_or_404(slug)
    form = DirectoryFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    partners = partner_directory(organisation, kind=data.get("type", ""), domain=data.get("domaine", ""),
                                 convention=data.get("convention", ""))
    return TemplateResponse(request, "projects/directory.html", {
        "organisation": organisation, "partners": partners, "form": form,
        "filtered": any(data.values()) if data else False,
        "resources": organisation_resources(organisation),
        "show_contacts": request.user.has_perm("projects.view_partner_contacts", organisation),
        "can_manage": request.user.has_perm("projects.manage_directory", organisation),
    })


def _directory_url(organisation, anchor: str = "") -> str:
    return reverse("projects:directory", args=[organisation.slug]) + (f"#{anchor}" if anchor else "")


def _manager_organisation(request, slug: str):
    organisation = organisation_or_404(slug)
    if not request.user.has_perm("projects.manage_directory", organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, slug: str, pk: int | None = None):
    organisation = _manager_organisation(request, slug)
    partner = get_object_or_404(Partner, pk=pk, organisation=organisation) if pk else None
    form = PartnerForm(request.POST or None, instance=partner, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        fields["actions"] = form.cleaned_data["actions"]
        try:
            partner = services.partner_save(user=request.user, organisation=organisation, partner=partner,
                                            fields=fields)
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("“%(name)s” is saved in the directory.") % {"name": partner.name})
            return redirect(_directory_url(organisation, f"partenaire-{partner.pk}"))
    return TemplateResponse(request, "projects/partner_form.html",
                            {"form": form, "organisation": organisation, "partner": partner},
                            status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def partner_delete(request, slug: str, pk: int):
    organisation = _manager_organisation(request, slug)
    partner = get_object_or_404(Partner, pk=pk, organisation=organisation)
    if request.method == "POST":
        services.partner_delete(user=request.user, partner=partner)
        messages.success(request, _("“%(name)s” is removed from the directory.") % {"name": partner.name})
        return redirect("projects:directory", slug=organisation.slug)
    return TemplateResponse(request, "projects/confirm_delete.html",
                            {"object": partner, "organisation": organisation,
                             "cancel_url": _directory_url(organisation)})


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, slug: str, pk: int | None = None):
    organisation = _manager_organisation(request, slug)
    resource = get_object_or_404(Resource, pk=pk, organisation=organisation) if pk else None
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            resource = services.resource_save(user=request.user, organisation=organisation, resource=resource,
                                              fields=fields)
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": resource.name})
            return redirect(_directory_url(organisation, "locaux"))
    return TemplateResponse(request, "projects/resource_form.html",
                            {"form": form, "organisation": organisation, "resource": resource},
                            status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def resource_delete(request, slug: str, pk: int):
    organisation = _manager_organisation(request, slug)
    resource = get_object_or_404(Resource, pk=pk, organisation=organisation)
    if request.method == "POST":
        services.resource_delete(user=request.user, resource=resource)
        messages.success(request, _("“%(name)s” is removed.") % {"name": resource.name})
        return redirect(_directory_url(organisation, "locaux"))
    return TemplateResponse(request, "projects/confirm_delete.html",
                            {"object": resource, "organisation": organisation,
                             "cancel_url": _directory_url(organisation, "locaux")})
