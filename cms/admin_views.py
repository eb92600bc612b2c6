"""Import a plan from the Wagtail admin: upload, preview, confirm.

Only administrators (the `cms.import_plan` permission) see it, and each
imports into the organisations they administer: `cms.import_plan` asked
about an organisation (participation/rules.py answers). The preview is
a real import rolled back, so it lists exactly what confirming will do; the
uploaded file waits in storage between the two steps and is removed after.
"""

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .importing.layout import PlanImportError
from .importing.plans import read_plan_file
from .importing.readers import SpreadsheetError
from .models import OrganisationPage, PlanPage
from .services import plans_import

SESSION_KEY = "cms_plan_import"
UPLOAD_DIR = "plan-imports"


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan file"),
        help_text=gettext_lazy(
            "A spreadsheet (XLSX, ODS or CSV) with one row per action, or a plan exported from Plan Commun as JSON."
        ),
    )
    organisation = forms.ModelChoiceField(
        OrganisationPage.objects.order_by("path"), label=gettext_lazy("Organisation")
    )
    plan_slug = forms.SlugField(
        label=gettext_lazy("Plan slug"),
        required=False,
        help_text=gettext_lazy("To update an existing plan, give its slug; empty: taken from the plan's title."),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"), required=False,
        help_text=gettext_lazy("Only this sheet of the workbook; empty: one plan per sheet."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = field.queryset.filter(pk__in=importable_organisation_ids(user))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PLAN_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is larger than the %(limit)s MB limit.") % {"limit": limit // (1024 * 1024)}
            )
        return upload


def importable_organisation_ids(user) -> list[int]:
    """The organisations this person may import a plan into."""
    return [organisation.pk for organisation in OrganisationPage.objects.only("pk")
            if user.has_perm("cms.import_plan", organisation)]


def _require_permission(request):
    if not request.user.has_perm("cms.import_plan"):
        raise PermissionDenied


def _read(content: bytes, filename: str, data: dict):
    plans = read_plan_file(content, filename, sheet=data.get("sheet") or None)
    if data.get("plan_slug"):
        if len(plans) > 1:
            raise SpreadsheetError(_("The file has %(count)s plans (one per sheet): name the sheet to import.")
                                   % {"count": len(plans)})
        plans[0].data["slug"] = data["plan_slug"]
    return plans


def _discard_pending(request) -> None:
    """An abandoned preview leaves nothing behind in storage."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(f"{UPLOAD_DIR}/{pending['token']}")


def plan_import(request):
    _require_permission(request)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method == "POST" and "cancel" in request.POST:
        _discard_pending(request)
        return redirect("cms_plan_import")
    form = PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "page_title": _("Import a plan"), "header_icon": "upload"}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        filename = form.cleaned_data["file"].name
        try:
            plans = _read(content, filename, form.cleaned_data)
        except (SpreadsheetError, PlanImportError) as error:
            problems = error.problems if isinstance(error, PlanImportError) else [error]
            context["problems"] = [str(problem) for problem in problems]
            return TemplateResponse(request, "cms/admin/plan_import.html", context)
        organisation = form.cleaned_data["organisation"]
        try:
            reports = plans_import(organisation=organisation, plans=[p.data for p in plans], dry_run=True)
        except Exception as error:  # noqa: BLE001 - shown to the administrator, nothing written
            context["problems"] = [str(error)]
            return TemplateResponse(request, "cms/admin/plan_import.html", context)
        _discard_pending(request)
        token = secrets.token_urlsafe(16)
        default_storage.save(f"{UPLOAD_DIR}/{token}", ContentFile(content))
        request.session[SESSION_KEY] = {
            "token": token, "filename": filename, "organisation": organisation.pk,
            "plan_slug": form.cleaned_data["plan_slug"], "sheet": form.cleaned_data["sheet"],
        }
        context.update(step="preview", organisation=organisation, token=token,
                       previews=[_preview(organisation, plan, report) for plan, report in zip(plans, reports)])
    return TemplateResponse(request, "cms/admin/plan_import.html", context)


def _preview(organisation, plan, report) -> dict:
    """What the import will do to one plan: each created, updated and
    unpublished item by name, and their counts in the plan's own words."""
    existing = PlanPage.objects.child_of(organisation).filter(slug=plan.data["slug"]).first()
    levels = (plan.data.get("levels") or {}).items()
    words = existing or PlanPage(**{f"{level}_label{suffix}": names[index] for level, names in levels
                                    for index, suffix in ((0, ""), (1, "_plural"))})
    return {
        "plan": plan, "report": report, "exists": existing is not None,
        "changes": [("created", pgettext("import preview", "Created"), report.created),
                    ("updated", pgettext("import preview", "Updated"), report.updated),
                    ("removed", _("Unpublished (no longer in the file)"), report.removed)],
        "counts": {what: report.level_counts(what, words) for what in ("created", "updated", "removed")},
    }


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or request.POST.get("token") != pending["token"]:
        messages.error(request, _("This import has expired or was already done: upload the file again."))
        return redirect("cms_plan_import")
    path = f"{UPLOAD_DIR}/{pending['token']}"
    try:
        with default_storage.open(path) as stored:
            content = stored.read()
    except FileNotFoundError:
        messages.error(request, _("This import has expired or was already done: upload the file again."))
        return redirect("cms_plan_import")
    organisation = OrganisationPage.objects.filter(pk=pending["organisation"]).first()
    if organisation is None or not request.user.has_perm("cms.import_plan", organisation):
        _discard_pending(request)
        raise PermissionDenied
    try:
        plans = _read(content, pending["filename"], pending)
        reports = plans_import(organisation=organisation, plans=[p.data for p in plans], user=request.user)
    except Exception as error:  # noqa: BLE001 - the transaction rolled back
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": error})
        return redirect("cms_plan_import")
    finally:
        default_storage.delete(path)
        request.session.pop(SESSION_KEY, None)
    for plan, report in zip(plans, reports):
        messages.success(
            request,
            _("Plan “%(title)s” imported: %(created)s created, %(updated)s updated, %(removed)s unpublished.")
            % {"title": plan.data["title"], "created": len(report.created), "updated": len(report.updated),
               "removed": len(report.removed)},
        )
    plan = PlanPage.objects.child_of(organisation).get(slug=plans[0].data["slug"])
    return redirect("wagtailadmin_explore", plan.pk)
