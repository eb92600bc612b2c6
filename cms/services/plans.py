"""Organisations and plans from structured data (docs/plan-format.md).

The demo loader and the importer use these; running them twice changes
nothing the second time: pages are found again (organisations and plans by
slug, plan items by number or title path) and only what differs is saved.
"""

import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..models import HomePage, OrganisationPage, PlanPage, PlanPeriod
from .common import ORGANISATION_FIELDS, PLAN_FIELDS, LoadReport, _save_child, _value
from .tree_sync import _PlanTreeSync


def organisation_upsert(*, home: HomePage, data: dict, report: LoadReport, parent: Page | None = None):
    """Create or update an organisation and its member organisations."""
    values = {"title": data["name"]}
    values.update({name: _value(name, data.get(name)) for name in ORGANISATION_FIELDS})
    organisation = _save_child(
        parent or home, OrganisationPage, data["slug"], values, report, _("Organisation %s") % data["name"]
    )
    for member in data.get("members") or []:
        organisation_upsert(home=home, data=member, report=report, parent=organisation)
    return organisation


def _periods_upsert(plan: PlanPage, periods: list[dict], report: LoadReport) -> dict[str, PlanPeriod]:
    existing = {period.label: period for period in plan.periods.all()}
    by_label = {}
    for order, data in enumerate(periods):
        start = datetime.date.fromisoformat(str(data["start"]))
        end = datetime.date.fromisoformat(str(data["end"]))
        period = existing.get(data["label"])
        if period is None:
            period = PlanPeriod(plan=plan, label=data["label"])
            report.created.append(_("Period %s") % data["label"])
        elif (period.start_date, period.end_date, period.sort_order, period.kind) == (
            start, end, order, data.get("kind", "semester")
        ):
            by_label[period.label] = period
            continue
        else:
            report.updated.append(_("Period %s") % data["label"])
        period.start_date, period.end_date, period.sort_order = start, end, order
        period.kind = data.get("kind", "semester")
        period.full_clean()
        period.save()
        by_label[period.label] = period
    return by_label


@transaction.atomic
def plan_upsert(*, organisation: OrganisationPage, data: dict, report: LoadReport, progress=None) -> PlanPage:
    """Create or update a plan and its whole tree from the structured format
    (docs/plan-format.md); what the data no longer has is unpublished."""
    # Only what the data carries: a spreadsheet has no preamble, and
    # importing one must not wipe the plan's.
    values = {"title": data["title"]}
    if data.get("title_from_file_name"):
        existing = PlanPage.objects.child_of(organisation).filter(slug=data["slug"]).first()
        values["title"] = existing.title if existing else data["title"]
    values.update({name: _value(name, data[name]) for name in PLAN_FIELDS if name in data})
    for level, names in (data.get("levels") or {}).items():
        values[f"{level}_label"], values[f"{level}_label_plural"] = names
    plan = _save_child(organisation, PlanPage, data["slug"], values, report, _("Plan %s") % data["title"])
    periods = _periods_upsert(plan, data.get("periods") or [], report)
    _PlanTreeSync(plan, periods, report, progress).run(data.get("items") or [])
    return plan


# Sent inside the import's transaction with organisation, user (who imported
# from the admin; None from the command line) and the plans' titles and
# reports: participation records it in the audit log, which cms cannot import.
plans_imported = Signal()


def plans_import(*, organisation: OrganisationPage, plans: list[dict], dry_run: bool = False, progress=None,
                 user=None):
    """Import plans in one transaction: all of them or, on any error, none.
    A dry run reports exactly what would change and writes nothing."""
    reports = []
    with transaction.atomic():
        for data in plans:
            report = LoadReport()
            plan_upsert(organisation=organisation, data=data, report=report, progress=progress)
            reports.append(report)
        if dry_run:
            transaction.set_rollback(True)
        else:
            plans_imported.send(sender=None, organisation=organisation, user=user,
                                plans=[(data.get("title", ""), report) for data, report in zip(plans, reports)])
    return reports
