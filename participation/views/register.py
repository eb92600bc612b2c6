"""The member register's pages: for the organisation's staff, the list (who
is up to date), recording a member at the accueil, a member's periods and
account, the spreadsheet in and out; for a member, linking their membership
to their account from an e-mailed invitation."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cms.models import OrganisationPage
from core.csv import csv_response
from core.spreadsheets import ODS_TYPE, XLSX_TYPE, ods_bytes, xlsx_bytes
from core.views import form_errors_apply

from ..forms import RegisterDetailsForm, RegisterImportForm, RegisterLinkForm, RegisterMemberForm, SubscriptionForm
from ..models import RegisterMember
from ..selectors.memberships import people_named
from ..selectors.register import EVERYONE, LAPSED, UP_TO_DATE, register_counts, register_list
from ..services import register as services


def _organisation(request, pk: int) -> OrganisationPage:
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not request.user.has_perm("participation.manage_register", organisation):
        raise PermissionDenied
    return organisation


def _member(request, pk: int, member_id: int) -> tuple[OrganisationPage, RegisterMember]:
    organisation = _organisation(request, pk)
    member = get_object_or_404(RegisterMember.objects.select_related("user"), pk=member_id, organisation=organisation)
    member.organisation = organisation
    return organisation, member


def _year_initial(organisation) -> dict:
    starts_on, ends_on = services.membership_year(organisation)
    return {"starts_on": starts_on, "ends_on": ends_on}


@login_required
def register(request, pk: int):
    organisation = _organisation(request, pk)
    form = RegisterMemberForm(request.POST or None, initial=_year_initial(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.register_member_add(organisation=organisation, user=request.user,
                                                  **{**form.cleaned_data, "vote": form.cleaned_data["vote"] or None})
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("%(name)s is in the register.") % {"name": member.name})
            return redirect("participation:register", pk=organisation.pk)
    state = request.GET.get("etat", EVERYONE)
    state = state if state in (UP_TO_DATE, LAPSED, EVERYONE) else EVERYONE
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(register_list(organisation, state=state, search=search), 50).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "form": form, "page": page, "state": state, "search": search,
               "counts": register_counts(organisation), "states": [(UP_TO_DATE, _("Up to date")),
                                                                   (LAPSED, _("To renew")), (EVERYONE, _("All"))],
               "today": timezone.localdate(), "querystring": urlencode({"q": search, "etat": state})}
    return TemplateResponse(request, "participation/register_list.html", context,
                            status=400 if request.method == "POST" else 200)


@login_required
def member(request, pk: int, member_id: int):
    organisation, member = _member(request, pk, member_id)
    step = request.POST.get("step") if request.method == "POST" else None
    details = RegisterDetailsForm(request.POST if step == "details" else None, initial={
        name: getattr(member, name) for name in ("name", "email", "phone", "number", "note")})
    period = SubscriptionForm(request.POST if step == "period" else None, initial=_year_initial(organisation))
    link = RegisterLinkForm(request.POST if step == "link" else None)
    try:
        if step == "details" and details.is_valid():
            services.register_member_update(member=member, user=request.user, **details.cleaned_data)
            messages.success(request, _("The member's details are saved."))
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
        if step == "period" and period.is_valid():
            services.subscription_add(member=member, user=request.user,
                                      **{**period.cleaned_data, "vote": period.cleaned_data["vote"] or None})
            messages.success(request, _("The membership period is added."))
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
        if step == "renew":
            renewed = services.subscription_renew(member=member, user=request.user)
            messages.success(request, _("Renewed until %(date)s.") % {"date": renewed.ends_on.strftime("%d/%m/%Y")})
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
        if step == "link" and link.is_valid():
            found = list(people_named(link.cleaned_data["person"])[:2])
            if len(found) != 1:
                raise ValidationError({"person": _("No single account has this name or address: give their email "
                                                   "address.")})
            services.register_member_link(member=member, user=request.user, account=found[0])
            messages.success(request, _("The membership is linked to the account of %(person)s.")
                             % {"person": found[0].display_name or found[0].email})
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
        if step == "unlink":
            services.register_member_link(member=member, user=request.user, account=None)
            messages.success(request, _("The membership is no longer linked to an account."))
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
        if step == "invite":
            services.register_invite(member=member, user=request.user)
            messages.success(request, _("An invitation is sent to %(email)s.") % {"email": member.email})
            return redirect("participation:register_member", pk=pk, member_id=member.pk)
    except ValidationError as error:
        form_errors_apply({"details": details, "period": period, "link": link}.get(step, details), error)
    context = {"organisation": organisation, "member": member, "details": details, "period": period, "link": link,
               "periods": list(member.subscriptions.select_related("recorded_by")), "today": timezone.localdate()}
    return TemplateResponse(request, "participation/register_member.html", context,
                            status=400 if request.method == "POST" else 200)


@login_required
def member_delete(request, pk: int, member_id: int):
    organisation, member = _member(request, pk, member_id)
    if request.method == "POST":
        services.register_member_delete(member=member, user=request.user)
        messages.success(request, _("%(name)s is removed from the register.") % {"name": member.name})
        return redirect("participation:register", pk=organisation.pk)
    return TemplateResponse(request, "participation/register_member_delete.html",
                            {"organisation": organisation, "member": member})


@login_required
def register_import(request, pk: int):
    organisation = _organisation(request, pk)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.register_import(organisation=organisation, user=request.user, content=upload.read(),
                                          filename=upload.name, dry_run=form.cleaned_data["dry_run"])
        if not report.errors and not form.cleaned_data["dry_run"]:
            messages.success(request, _("The register is imported: %(created)s members added, %(updated)s updated, "
                                        "%(periods)s membership periods recorded.")
                             % {"created": len(report.created), "updated": len(report.updated),
                                "periods": report.periods})
            return redirect("participation:register", pk=organisation.pk)
    return TemplateResponse(request, "participation/register_import.html",
                            {"organisation": organisation, "form": form, "report": report,
                             "checked": bool(report and form.cleaned_data.get("dry_run"))},
                            status=400 if report and report.errors else 200)


@login_required
def register_export(request, pk: int, file_format: str):
    organisation = _organisation(request, pk)
    if file_format not in ("csv", "xlsx", "ods"):
        raise Http404
    header, rows = services.register_export(organisation=organisation, user=request.user, file_format=file_format)
    name = f"registre-{organisation.slug}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        response = csv_response(f"{name}.csv", header, rows)
    elif file_format in ("xlsx", "ods"):
        write, content_type = (xlsx_bytes, XLSX_TYPE) if file_format == "xlsx" else (ods_bytes, ODS_TYPE)
        response = HttpResponse(write(_("Register"), header, rows), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.{file_format}")
    else:
        raise Http404
    response["Cache-Control"] = "private, no-store"  # people's details
    return response


@login_required
def claim(request, token: str):
    """The member's own link: their membership tied to the account they are
    signed in with."""
    try:
        member = services.claim_read(token)
    except ValidationError as error:
        return TemplateResponse(request, "participation/register_claim.html", {"error": error.messages[0]},
                                status=410)
    if request.method == "POST":
        try:
            member = services.register_claim(token=token, user=request.user)
        except ValidationError as error:
            return TemplateResponse(request, "participation/register_claim.html",
                                    {"error": error.messages[0], "member": member}, status=409)
        messages.success(request, _("Your membership of %(organisation)s is linked to your account.")
                         % {"organisation": member.organisation.title})
        return redirect("participation:memberships")
    return TemplateResponse(request, "participation/register_claim.html", {"member": member})
