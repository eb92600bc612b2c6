"""Writes of the plan site: organisations and plans from structured data.

The demo loader uses these with the YAML files of `cms/demo_data/` (format in
`docs/plan-format.md`); running them twice changes nothing the second time:
every page is found again by its slug under its parent, and only pages whose
values differ are saved and published again.
"""

import datetime
import html
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page

from .models import (
    ActionPage,
    AxisPage,
    GoalPage,
    HomePage,
    Indicator,
    ObjectivePage,
    OrganisationPage,
    PlanPage,
    PlanPeriod,
)

NODE_TYPES = {"axis": AxisPage, "goal": GoalPage, "objective": ObjectivePage, "action": ActionPage}
NODE_FIELDS = {
    AxisPage: ("number", "description", "examples", "slogan", "subtitle"),
    GoalPage: ("number", "description", "examples"),
    ObjectivePage: ("number", "description", "examples"),
    ActionPage: (
        "number", "description", "examples", "pilot", "actors", "success_indicator", "status", "progress", "is_new",
    ),
}
RICH_FIELDS = {"description", "preamble", "scope", "history"}
ORGANISATION_FIELDS = ("kind", "territory", "address", "email", "website", "description")
PLAN_FIELDS = (
    "period_start", "period_end", "status", "validation_note", "preamble", "scope", "history",
    "source_document_url", "source_document_label",
)
SLUG_LENGTH = 80


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def text_to_rich_text(text: str) -> str:
    """Plain text with blank-line paragraphs and "- " bullets, as HTML."""
    blocks = []
    for block in (text or "").strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{html.escape(line[2:].strip(), quote=False)}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{html.escape(' '.join(lines), quote=False)}</p>")
    return "".join(blocks)


def _value(name: str, raw):
    if name in RICH_FIELDS:
        return text_to_rich_text(raw or "")
    if name in ("progress", "period_start", "period_end"):
        return raw
    if name == "is_new":
        return bool(raw)
    return "" if raw is None else str(raw).strip()


def _item_slug(data: dict) -> str:
    base = f"{data.get('number', '')} {data['title']}".strip()
    return slugify(base)[:SLUG_LENGTH].strip("-") or "element"


def _apply(page: Page, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


def _save_child(parent: Page, model, slug: str, values: dict, report: LoadReport, label: str, periods=None):
    """Create or update a published child page; publish only what changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **values)
        if periods is not None:
            page.periods = periods
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(label)
        return page
    changed = _apply(page, values)
    if periods is not None and {p.pk for p in page.periods.all()} != {p.pk for p in periods}:
        page.periods = periods
        changed = True
    if changed or not page.live:
        page.save_revision().publish()
        report.updated.append(label)
    return page


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


def _items_upsert(parent: Page, items: list[dict], periods: dict[str, PlanPeriod], report: LoadReport):
    for data in items:
        model = NODE_TYPES.get(data.get("type"))
        if model is None:
            raise ValidationError(_("Unknown level “%(type)s” for “%(title)s”.") % {
                "type": data.get("type"), "title": data.get("title")})
        values = {"title": data["title"][:255]}
        values.update({name: _value(name, data.get(name)) for name in NODE_FIELDS[model] if name in data})
        wanted = None
        if model is ActionPage:
            wanted = []
            for label in data.get("periods") or []:
                if label not in periods:
                    raise ValidationError(_("Action “%(title)s” names an unknown period “%(label)s”.") % {
                        "title": data["title"], "label": label})
                wanted.append(periods[label])
        page = _save_child(parent, model, _item_slug(data), values, report, data["title"], periods=wanted)
        _indicators_upsert(page, data.get("indicators") or [], report)
        _items_upsert(page, data.get("children") or [], periods, report)


def _indicators_upsert(page: Page, indicators: list[dict], report: LoadReport):
    for order, data in enumerate(indicators):
        indicator, created = Indicator.objects.get_or_create(
            page=page, name=data["name"], defaults={"unit": data.get("unit") or "", "target": data.get("target"),
                                                    "sort_order": order}
        )
        if created:
            report.created.append(_("Indicator %s") % data["name"])


@transaction.atomic
def plan_upsert(*, organisation: OrganisationPage, data: dict, report: LoadReport) -> PlanPage:
    """Create or update a plan and its whole tree from the YAML structure."""
    values = {"title": data["title"]}
    values.update({name: _value(name, data.get(name)) for name in PLAN_FIELDS})
    for level, names in (data.get("levels") or {}).items():
        values[f"{level}_label"], values[f"{level}_label_plural"] = names
    plan = _save_child(organisation, PlanPage, data["slug"], values, report, _("Plan %s") % data["title"])
    periods = _periods_upsert(plan, data.get("periods") or [], report)
    _items_upsert(plan, data.get("items") or [], periods, report)
    return plan


def organisation_editors_group(organisation: OrganisationPage) -> Group:
    """The communication staff of one organisation: they edit and publish its
    pages, and no other organisation's."""
    group, _created = Group.objects.get_or_create(name=_("Communication – %s") % organisation.title)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="cms", codename__in=["add_indicator", "change_indicator", "delete_indicator"]
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=organisation, permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename)
        )
    return group
