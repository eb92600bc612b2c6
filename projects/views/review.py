"""The staff's desk: projects to study, the support threshold, the export."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.csv import csv_response
from participation.audit import data_exported

from .. import printing, services
from ..forms import ThresholdForm
from ..selectors import export_rows, review_list
from ..services import support_threshold
from .common import organisation_or_404


def _staff_organisation(request, slug: str):
    organisation = organisation_or_404(slug)
    if not request.user.has_perm("projects.review_projects", organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def desk(request, slug: str):
    organisation = _staff_organisation(request, slug)
    form = ThresholdForm(request.POST or None, initial={"support_threshold": support_threshold(organisation)})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_settings_set(user=request.user, organisation=organisation,
                                          support_threshold=form.cleaned_data["support_threshold"])
        except ValidationError as error:
            form.add_error("support_threshold", error)
        else:
            messages.success(request, _("The threshold is saved."))
            return redirect("projects:review", slug=organisation.slug)
    return TemplateResponse(request, "projects/review.html", {
        "organisation": organisation, "threshold_form": form,
        **review_list(organisation, support_threshold(organisation)),
    }, status=400 if form.errors else 200)


def _date(value) -> str:
    return date_format(timezone.localtime(value), "Y-m-d") if value else ""


EXPORT_COLUMNS = [
    (gettext_lazy("id"), lambda p: p.pk),
    (gettext_lazy("title"), lambda p: p.title),
    (gettext_lazy("status"), lambda p: p.get_status_display()),
    (gettext_lazy("hidden"), lambda p: _("yes") if p.hidden_at else ""),
    (gettext_lazy("submitted"), lambda p: _date(p.submitted_at)),
    (gettext_lazy("carriers"), lambda p: ", ".join(str(seat.user) for seat in p.authors.all())),
    (gettext_lazy("neighbourhood"), lambda p: p.quartier),
    (gettext_lazy("summary"), lambda p: p.summary),
    (gettext_lazy("plan items"), lambda p: " | ".join(item.title for item in p.plan_items.all())),
    (gettext_lazy("supports"), lambda p: p.support_count),
    (gettext_lazy("offers to help"), lambda p: p.help_count),
    (gettext_lazy("budget (euros)"),
     lambda p: str(p.budget_amount).replace(".", ",") if p.budget_amount is not None else ""),
    (gettext_lazy("volunteers wanted"), lambda p: p.volunteers_wanted or ""),
    (gettext_lazy("rooms and equipment"), lambda p: ", ".join(resource.name for resource in p.resources.all())),
    (gettext_lazy("skills"), lambda p: ", ".join(skill.name for skill in p.skills.all())),
    (gettext_lazy("other needs"), lambda p: p.needs_note),
    (gettext_lazy("committee in charge"), lambda p: p.committee.name if p.committee else ""),
    (gettext_lazy("partners"), lambda p: ", ".join(partner.name for partner in p.partners.all())),
    (gettext_lazy("answer"), lambda p: p.answer),
    (gettext_lazy("start"), lambda p: p.starts_on or ""),
    (gettext_lazy("end"), lambda p: p.ends_on or ""),
    (gettext_lazy("link"), None),
]


@login_required
def export(request, slug: str):
    organisation = _staff_organisation(request, slug)
    projects = list(export_rows(organisation))
    filename = f"projets-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    data_exported(organisation=organisation, user=request.user, what=filename, rows=len(projects))
    rows = ([*(get(project) for __, get in EXPORT_COLUMNS[:-1]), request.build_absolute_uri(project.get_absolute_url())]
            for project in projects)
    return csv_response(filename, [str(name) for name, __ in EXPORT_COLUMNS], rows)


def call_poster(request, slug: str):
    """The call for projects' A4 poster, for the organisation's staff (a 404
    for the others): its QR code opens the form to propose one."""
    organisation = organisation_or_404(slug)
    if not request.user.has_perm("projects.review_projects", organisation):
        raise Http404
    url = request.build_absolute_uri(reverse("projects:propose", args=[organisation.slug]))
    pdf = printing.call_poster_pdf(organisation, support_threshold(organisation), url)
    return HttpResponse(pdf, content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"affiche-projets-{organisation.slug}.pdf")})
