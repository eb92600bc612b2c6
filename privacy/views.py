from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import OrganisationPage
from core.views import errors_to_messages, form_errors_apply, protected_file

from .archive import TABLES
from .exports import EXPORT_DAYS, data_export_for, data_export_request
from .forms import AccountEraseForm, AccueilEraseForm
from .selectors import accueil_organisations, erasures_of
from .services import account_erase


@login_required
def account_erase_view(request):
    """Supprimer mon compte: what goes, what stays, then the password again."""
    if not request.user.has_perm("privacy.erase_own_account"):
        raise PermissionDenied
    form = AccountEraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(person=request.user, by=request.user,
                          contributions=form.cleaned_data["contributions"])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for having taken part."))
            return redirect("/")
    return TemplateResponse(request, "privacy/account_erase.html", {"form": form})


@login_required
def accueil_erase(request, pk, user_id):
    """A staff member deletes the account of a person who asks at the accueil."""
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    person = get_object_or_404(get_user_model(), pk=user_id, erased_at__isnull=True)
    if organisation not in accueil_organisations(request.user, person):
        raise PermissionDenied
    form = AccueilEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(person=person, by=request.user, organisation=organisation,
                          contributions=form.cleaned_data["contributions"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The account is deleted."))
            return redirect("privacy:accueil_erasures", pk=organisation.pk)
    return TemplateResponse(request, "privacy/accueil_erase.html",
                            {"form": form, "person": person, "organisation": organisation})


@login_required
def accueil_erasures(request, pk):
    """The record of the deletions made at the organisation's accueil."""
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not request.user.has_perm("participation.view_membership_requests", organisation):
        raise PermissionDenied
    return TemplateResponse(request, "privacy/accueil_erasures.html",
                            {"organisation": organisation, "erasures": erasures_of(organisation)})


@login_required
def data_export(request):
    """Télécharger mes données: what the archive holds, and asking for it."""
    if not request.user.has_perm("privacy.export_own_data"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            data_export_request(user=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Your archive is being made: a link to download it will arrive by e-mail."))
        return redirect("privacy:data_export")
    return TemplateResponse(request, "privacy/data_export.html", {"tables": TABLES, "days": EXPORT_DAYS})


@login_required
def data_export_download(request, token):
    """The archive, for the person it was made for, while the link lasts."""
    try:
        export = data_export_for(token=token, user=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("privacy:data_export")
    name = f"mes-donnees-plan-commun-{timezone.localdate(export.ready_at).isoformat()}.zip"
    response = protected_file(export.file, content_type="application/zip", name=name)
    response["Cache-Control"] = "private, no-store"
    return response
