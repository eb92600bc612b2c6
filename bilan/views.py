"""The bilan's pages and files. The staff read the whole bilan; anyone reads
the public version once the staff published it; a federation's staff read
what their member centres share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OrganisationPage
from cms.selectors import organisation_plans
from core.pdf import html_to_pdf
from core.views import form_errors_apply, sign_in_first

from . import services
from .counting import DEFINITIONS, SUMMARY_LABELS, bilan_compute
from .evaluation import evaluation_rows
from .exports import bilan_pdf, bilan_xlsx, senacs_facts, senacs_rows, senacs_xlsx
from .forms import PeriodForm, PlanCopyForm, SharingForm
from .models import BilanSharing, SharingLevel
from .network import network_bilans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisation(slug: str) -> OrganisationPage:
    organisation = OrganisationPage.objects.live().filter(slug=slug).order_by("path").first()
    if organisation is None:
        raise Http404
    return organisation


def _staff(request, slug: str, perm: str = "bilan.view_bilan") -> OrganisationPage:
    organisation = _organisation(slug)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def _bilan(request, organisation, *, public: bool):
    plans = list(organisation_plans(organisation))
    form = PeriodForm(request.GET or None, plans=plans)
    start, end = form.period()
    return form, bilan_compute(organisation, start, end, public=public, plan=form.chosen_plan())


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    return HttpResponse(content, content_type=content_type,
                        headers={"Content-Disposition": content_disposition_header(True, name)})


def _name(bilan, kind: str, extension: str) -> str:
    return f"{bilan.organisation.slug}-{kind}-{bilan.start:%Y%m%d}-{bilan.end:%Y%m%d}.{extension}"


def _context(request, organisation, form, bilan, **extra) -> dict:
    return {"organisation": organisation, "form": form, "bilan": bilan, "summary": bilan.summary(),
            "summary_labels": SUMMARY_LABELS, "definitions": DEFINITIONS, "query": request.GET.urlencode(),
            **extra}


def bilan_view(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    organisation = _staff(request, slug)
    form, bilan = _bilan(request, organisation, public=False)
    sharing = BilanSharing.objects.filter(organisation=organisation).first() or BilanSharing(
        organisation=organisation)
    return TemplateResponse(request, "bilan/bilan.html", _context(
        request, organisation, form, bilan, sharing=sharing, sharing_form=SharingForm(instance=sharing),
        has_parent=OrganisationPage.objects.live().filter(path=organisation.path[: -organisation.steplen]).exists(),
        can_see_network=request.user.has_perm("bilan.view_network", organisation)),
        status=400 if form.errors else 200)


def public_view(request, slug: str):
    organisation = _organisation(slug)
    if not request.user.has_perm("bilan.view_public_bilan", organisation):
        raise Http404
    form, bilan = _bilan(request, organisation, public=True)
    return TemplateResponse(request, "bilan/bilan.html", _context(request, organisation, form, bilan),
                            status=400 if form.errors else 200)


def _export(request, slug: str, public: bool):
    organisation = _organisation(slug)
    if public and not request.user.has_perm("bilan.view_public_bilan", organisation):
        raise Http404
    if not public and not request.user.has_perm("bilan.view_bilan", organisation):
        raise PermissionDenied
    return _bilan(request, organisation, public=public)[1]


def export_xlsx(request, slug: str, public: bool = False):
    bilan = _export(request, slug, public)
    return _file(bilan_xlsx(bilan), XLSX, _name(bilan, "bilan", "xlsx"))


def export_pdf(request, slug: str, public: bool = False):
    bilan = _export(request, slug, public)
    return _file(bilan_pdf(bilan), "application/pdf", _name(bilan, "bilan", "pdf"))


def senacs(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    organisation = _staff(request, slug)
    form, bilan = _bilan(request, organisation, public=False)
    if request.GET.get("format") == "xlsx":
        return _file(senacs_xlsx(bilan), XLSX, _name(bilan, "senacs", "xlsx"))
    return TemplateResponse(request, "bilan/senacs.html", _context(
        request, organisation, form, bilan, rows=senacs_rows(bilan, senacs_facts(bilan))))


def evaluation(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    organisation = _staff(request, slug)
    form, bilan = _bilan(request, organisation, public=False)
    context = _context(request, organisation, form, bilan, evaluation=evaluation_rows(bilan),
                       copy_form=PlanCopyForm(initial=_copy_initial(bilan)))
    if request.GET.get("format") in ("pdf", "html"):
        from django.template.loader import render_to_string

        html = render_to_string("bilan/print/evaluation_document.html", context, request=request)
        if request.GET["format"] == "html":
            return _file(html.encode(), "text/html; charset=utf-8", _name(bilan, "evaluation", "html"))
        return _file(html_to_pdf(html), "application/pdf", _name(bilan, "evaluation", "pdf"))
    return TemplateResponse(request, "bilan/evaluation.html", context)


def _copy_initial(bilan) -> dict:
    if bilan.plan is None:
        return {}
    first = (bilan.plan.period_end or bilan.end.year) + 1
    return {"title": _("Projet social %(first)s–%(last)s") % {"first": first, "last": first + 3},
            "first_year": first, "last_year": first + 3}


@login_required
@require_POST
def plan_copy(request, slug: str):
    organisation = _staff(request, slug, "bilan.copy_plan")
    form, bilan = _bilan(request, organisation, public=False)
    copy_form = PlanCopyForm(request.POST)
    if copy_form.is_valid() and bilan.plan is not None:
        try:
            copy = services.plan_copy(user=request.user, plan=bilan.plan, title=copy_form.cleaned_data["title"],
                                      first_year=copy_form.cleaned_data["first_year"],
                                      last_year=copy_form.cleaned_data["last_year"])
        except ValidationError as error:
            form_errors_apply(copy_form, error)
        else:
            messages.success(request, _("The new plan “%(title)s” is ready as a draft: nothing is published yet.")
                             % {"title": copy.title})
            return redirect("wagtailadmin_explore", copy.pk)
    return TemplateResponse(request, "bilan/evaluation.html", _context(
        request, organisation, form, bilan, evaluation=evaluation_rows(bilan), copy_form=copy_form), status=400)


@login_required
@require_POST
def sharing(request, slug: str):
    organisation = _staff(request, slug, "bilan.manage_sharing")
    current = BilanSharing.objects.filter(organisation=organisation).first() or BilanSharing(
        organisation=organisation)
    form = SharingForm(request.POST, instance=current)
    if form.is_valid():
        services.sharing_set(user=request.user, organisation=organisation, level=form.cleaned_data["level"],
                             public=form.cleaned_data["public"])
        messages.success(request, _("Your choices are saved."))
    else:
        messages.error(request, _("Choose what to share from the list."))
    return redirect(reverse("bilan:bilan", args=[organisation.slug]) + "#partage")


def network(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    organisation = _staff(request, slug, "bilan.view_network")
    plans = list(organisation_plans(organisation))
    form = PeriodForm(request.GET or None, plans=plans)
    start, end = form.period()
    return TemplateResponse(request, "bilan/network.html", {
        "organisation": organisation, "form": form, "summary_labels": SUMMARY_LABELS, "query": request.GET.urlencode(),
        "levels": SharingLevel, **network_bilans(organisation, start, end)})
