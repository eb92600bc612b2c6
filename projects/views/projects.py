"""Proposing, reading and editing projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.models import OrganisationPage
from core.views import form_errors_apply, id_param, protected_file, rendition_file, sign_in_first

from .. import printing, services
from ..forms import (
    AttachmentForm,
    CommitteeForm,
    HelpOfferForm,
    HideForm,
    ImageForm,
    InviteForm,
    ListFilterForm,
    PartnerLinkForm,
    ProjectForm,
)
from ..models import NeedKind, ProjectAttachment, ProjectImage, ProjectStatus
from ..selectors import list_choices, my_projects, organisation_by_slug, project_detail, project_list
from .common import organisation_or_404, project_or_404


def project_list_view(request):
    organisation = organisation_by_slug(request.GET.get("organisation", ""))
    choices = list_choices(organisation)
    form = ListFilterForm(request.GET, axes=choices["axes"])
    filters = form.filters()
    page = project_list(filters, request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "projects/project_list.html", {
        "page_obj": page, "projects": page.object_list, "form": form, "filters": filters,
        "organisation": filters.organisation, "choices": choices, "querystring": query.urlencode(),
        "needs": NeedKind,
    })


def propose_choose(request):
    """Which organisation the project is for: the form depends on its plan."""
    organisations = OrganisationPage.objects.live().order_by("path")
    return TemplateResponse(request, "projects/project_choose.html", {"organisations": organisations})


@require_http_methods(["GET", "POST"])
def propose(request, slug: str):
    organisation = organisation_or_404(slug)
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    if not request.user.has_perm("projects.add_project"):
        return TemplateResponse(request, "projects/verify_first.html", status=403)
    item = request.GET.get("element", "")
    initial = {"plan_items": [id_param(item)]} if id_param(item) is not None else {}
    form = ProjectForm(request.POST or None, request.FILES or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                author=request.user, organisation=organisation, fields=data, co_authors=form.co_author_names(),
                submit=request.POST.get("action") == "submit", image=data.get("image"),
                image_alt=data.get("image_alt", ""), attachment=data.get("attachment"),
            )
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("Your project is submitted: the organisation will study it.")
                             if project.status == ProjectStatus.SUBMITTED
                             else _("Your draft is saved: only you and your co-carriers see it."))
            return redirect(project)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "projects/project_form.html",
                            {"form": form, "organisation": organisation, "creating": True}, status=status)


def detail_context(request, project, **forms) -> dict:
    user = request.user
    context = {"project": project, "organisation": project.organisation, **project_detail(project, user)}
    context["help_form"] = forms.get("help_form") or HelpOfferForm(
        initial={"message": getattr(context["help_offer"], "message", "")})
    context["invite_form"] = forms.get("invite_form") or InviteForm()
    context["transition_errors"] = forms.get("transition_errors") or {}
    if "staff" in context["roles"]:
        context["committee_form"] = CommitteeForm(organisation=project.organisation,
                                                  initial={"committee": project.committee_id})
        context["partner_form"] = forms.get("partner_form") or PartnerLinkForm(organisation=project.organisation)
        context["hide_form"] = forms.get("hide_form") or HideForm()
    return context


def detail(request, pk: int):
    project = project_or_404(request, pk)
    return TemplateResponse(request, "projects/project_detail.html", detail_context(request, project))


def poster(request, pk: int):
    """The A4 poster, for the carriers and the staff while the project takes
    supports (a 404 for the others: printing costs the server a render)."""
    project = project_or_404(request, pk)
    if not request.user.has_perm("projects.print_poster", project):
        raise Http404
    pdf = printing.poster_pdf(project, request.build_absolute_uri(project.get_absolute_url()))
    return HttpResponse(pdf, content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"affiche-projet-{project.pk}.pdf")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    project = project_or_404(request, pk, "projects.change_project")
    initial = {
        **{name: getattr(project, name) for name in ("title", "summary", "description", "plain_summary", "quartier",
                                                     "starts_on", "ends_on", "budget_amount", "volunteers_wanted",
                                                     "needs_note")},
        "plan_items": list(project.plan_items.values_list("pk", flat=True)),
        "rooms": list(project.resources.values_list("pk", flat=True)),
        "equipment": list(project.resources.values_list("pk", flat=True)),
        "skills": list(project.skills.all()),
    }
    form = ProjectForm(request.POST or None, organisation=project.organisation, creating=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            submitting = request.POST.get("action") == "submit" and project.status == ProjectStatus.DRAFT
            services.project_update(user=request.user, project=project, fields=form.cleaned_data,
                                    submitting=submitting)
            if submitting:
                services.project_transition(user=request.user, project=project, target=ProjectStatus.SUBMITTED)
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(project)
    return TemplateResponse(request, "projects/project_form.html",
                            {"form": form, "organisation": project.organisation, "project": project,
                             "creating": False}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    project = project_or_404(request, pk, "projects.delete_project")
    if request.method == "POST":
        services.project_delete(user=request.user, project=project)
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": project.title})
        return redirect("projects:mine")
    return TemplateResponse(request, "projects/project_delete.html", {"project": project})


@login_required
@require_http_methods(["GET", "POST"])
def media(request, pk: int):
    """The authors add and remove the project's images and documents."""
    project = project_or_404(request, pk, "projects.change_media")
    image_form = ImageForm(prefix="image")
    attachment_form = AttachmentForm(prefix="doc")
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        form = (ImageForm if kind == "image" else AttachmentForm)(request.POST, request.FILES, prefix=kind or "doc")
        if form.is_valid():
            try:
                if kind == "image":
                    services.image_add(user=request.user, project=project, upload=form.cleaned_data["image"],
                                       alt_text=form.cleaned_data["alt_text"])
                else:
                    services.attachment_add(user=request.user, project=project,
                                            upload=form.cleaned_data["attachment"])
            except ValidationError as error:
                form_errors_apply(form, error)
            else:
                messages.success(request, _("Added to the project."))
                return redirect("projects:media", pk=project.pk)
        status = 400
        if kind == "image":
            image_form = form
        else:
            attachment_form = form
    return TemplateResponse(request, "projects/project_media.html", {
        "project": project, "image_form": image_form, "attachment_form": attachment_form,
        "images": project.images.all(), "attachments": project.attachments.all(),
    }, status=status)


@login_required
@require_POST
def image_remove(request, pk: int, image_id: int):
    project = project_or_404(request, pk, "projects.change_media")
    services.image_remove(user=request.user, image=get_object_or_404(ProjectImage, pk=image_id, project=project))
    messages.success(request, _("The image is removed."))
    return redirect("projects:media", pk=project.pk)


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_id: int):
    project = project_or_404(request, pk, "projects.change_media")
    attachment = get_object_or_404(ProjectAttachment, pk=attachment_id, project=project)
    services.attachment_remove(user=request.user, attachment=attachment)
    messages.success(request, _("The document is removed."))
    return redirect("projects:media", pk=project.pk)


def image_file(request, image_id: int):
    image = get_object_or_404(ProjectImage, pk=image_id)
    project_or_404(request, image.project_id)
    content_type = "image/png" if image.image.name.endswith(".png") else "image/jpeg"
    return protected_file(image.image, content_type=content_type, name=image.image.name.rsplit("/", 1)[-1],
                          as_attachment=False)


def image_rendition(request, image_id: int, width: int, fmt: str):
    """A smaller copy of the image (core/renditions.py), behind the same
    check as the original: a project one may not see has no renditions
    either."""
    image = get_object_or_404(ProjectImage, pk=image_id)
    project_or_404(request, image.project_id)
    return rendition_file(image.image, original_width=image.width, width=width, fmt=fmt, name=f"image-{image.pk}")


def attachment_file(request, attachment_id: int):
    attachment = get_object_or_404(ProjectAttachment, pk=attachment_id)
    project_or_404(request, attachment.project_id)
    return protected_file(attachment.file, content_type=attachment.content_type, name=attachment.name)


@login_required
def mine(request):
    return TemplateResponse(request, "projects/my_projects.html", my_projects(request.user))

