"""What people do on a project's page: plain POSTs that redirect back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import errors_to_messages, sign_in_first

from .. import services
from ..forms import CommitteeForm, HelpOfferForm, HideForm, InviteForm, PartnerLinkForm, TransitionForm
from ..models import Partner, ProjectStatus
from .common import back_to, project_or_404
from .projects import detail_context


def _signed_in(view):
    """Visitors are asked to sign in and come back to the project."""

    def wrapper(request, pk: int, *args, **kwargs):
        if not request.user.is_authenticated:
            return sign_in_first(request, reverse("projects:detail", args=[pk]))
        return view(request, pk, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _again(request, project, status=400, **forms):
    """The project's page again, with the form that failed and its errors."""
    return TemplateResponse(request, "projects/project_detail.html", detail_context(request, project, **forms),
                            status=status)


@require_POST
@_signed_in
def transition(request, pk: int):
    project = project_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _again(request, project)
    target = form.cleaned_data["target"]
    try:
        services.project_transition(user=request.user, project=project, target=target,
                                    message=form.cleaned_data["message"])
    except ValidationError as error:
        return _again(request, project, transition_errors={target: error.messages})
    messages.success(request, _("The project is now “%(status)s”.") % {"status": ProjectStatus(target).label})
    return back_to(project, "historique")


@require_POST
@_signed_in
def support(request, pk: int):
    project = project_or_404(request, pk, "projects.support_project")
    supporting = request.POST.get("support") != "0"
    services.project_support(user=request.user, project=project, support=supporting)
    messages.success(request, _("Thank you for your support.") if supporting
                     else _("Your support is withdrawn."))
    return back_to(project, "soutenir")


@require_POST
@_signed_in
def help_offer(request, pk: int):
    project = project_or_404(request, pk, "projects.offer_help")
    form = HelpOfferForm(request.POST)
    if not form.is_valid():
        return _again(request, project, help_form=form)
    offering = request.POST.get("offer") != "0"
    services.help_offer_set(user=request.user, project=project, offer=offering,
                            message=form.cleaned_data["message"])
    messages.success(request, _("The carriers know you would like to help: they will be in touch.") if offering
                     else _("Your offer to help is withdrawn."))
    return back_to(project, "soutenir")


@require_POST
@_signed_in
def invite(request, pk: int):
    project = project_or_404(request, pk, "projects.invite_author")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            seat = services.author_invite(user=request.user, project=project,
                                          display_name=form.cleaned_data["display_name"])
        except ValidationError as error:
            form.add_error("display_name", error)
        else:
            messages.success(request, _("%(name)s is invited to carry the project.") % {"name": seat.user})
            return back_to(project, "porteurs")
    return _again(request, project, invite_form=form)


@require_POST
@_signed_in
def invitation(request, pk: int):
    project = project_or_404(request, pk, "projects.answer_invitation")
    accept = request.POST.get("accept") == "1"
    services.invitation_answer(user=request.user, project=project, accept=accept)
    messages.success(request, _("You now carry this project.") if accept else _("The invitation is declined."))
    return back_to(project, "porteurs")


@require_POST
@_signed_in
def leave(request, pk: int):
    project = project_or_404(request, pk)
    try:
        services.author_leave(user=request.user, project=project)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("You no longer carry this project."))
    return back_to(project, "porteurs")


@require_POST
@_signed_in
def committee(request, pk: int):
    project = project_or_404(request, pk, "projects.manage_project")
    form = CommitteeForm(request.POST, organisation=project.organisation)
    if form.is_valid():
        services.project_committee_set(user=request.user, project=project, committee=form.cleaned_data["committee"])
        messages.success(request, _("The committee in charge is saved."))
    else:
        errors_to_messages(request, form.errors)
    return back_to(project, "suivi")


@require_POST
@_signed_in
def partner_link(request, pk: int):
    project = project_or_404(request, pk, "projects.manage_project")
    form = PartnerLinkForm(request.POST, organisation=project.organisation)
    if form.is_valid():
        try:
            services.partner_link(user=request.user, project=project, partner=form.cleaned_data["partner"],
                                  note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partner is linked; the carriers are told."))
            return back_to(project, "partenaires")
    return _again(request, project, partner_form=form)


@require_POST
@_signed_in
def partner_unlink(request, pk: int, partner_id: int):
    project = project_or_404(request, pk, "projects.manage_project")
    partner = get_object_or_404(Partner, pk=partner_id, organisation=project.organisation)
    services.partner_unlink(user=request.user, project=project, partner=partner)
    messages.success(request, _("The partner is no longer linked."))
    return back_to(project, "partenaires")


@require_POST
@_signed_in
def moderate(request, pk: int):
    project = project_or_404(request, pk, "projects.moderate_project")
    if request.POST.get("restore") == "1":
        services.project_restore(user=request.user, project=project)
        messages.success(request, _("The project is visible again."))
        return back_to(project)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.project_hide(user=request.user, project=project, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("The project is hidden; its carriers are told why."))
            return back_to(project)
    return _again(request, project, hide_form=form)


