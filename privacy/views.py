from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cms.models import OrganisationPage
from core.views import errors_to_messages, form_errors_apply, protected_file

from .archive import TABLES
from .consent import terms_accept
from .exports import EXPORT_DAYS, data_export_for, data_export_request
from .forms import AccountEraseForm, AccueilEraseForm, TermsAcceptForm
from .middleware import TERMS_FLAG
from .models import LegalTexts
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


LEGAL_PAGES = {
    "legal_notice": _lazy("Legal notice"),
    "privacy_policy": _lazy("Privacy policy"),
    "terms": _lazy("Terms of use"),
    "accessibility": _lazy("Accessibility statement"),
}


def legal_page(request, kind):
    """One of the legal pages: the superusers' text from the Wagtail admin,
    or the site's default one."""
    texts = LegalTexts.load(request_or_site=request)
    context = {"kind": kind, "title": LEGAL_PAGES[kind], "text": getattr(texts, kind),
               "default_template": f"privacy/legal/{kind}.html", "terms_changed_at": texts.terms_changed_at}
    return TemplateResponse(request, "privacy/legal_page.html", context)


@login_required
def terms_accept_view(request):
    """The terms changed since the person accepted them: read, accept, go on."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    form = TermsAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        terms_accept(user=request.user)
        request.session.pop(TERMS_FLAG, None)
        messages.success(request, _("Thank you: the terms of use are accepted."))
        return redirect(next_url)
    texts = LegalTexts.load(request_or_site=request)
    return TemplateResponse(request, "privacy/terms_accept.html",
                            {"form": form, "text": texts.terms, "next": next_url})
