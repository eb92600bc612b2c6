"""What the plan writes share: field lists, the load report, text to rich text."""

import html
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail.models import Page

from ..models import ActionPage, AxisPage, GoalPage, ObjectivePage

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
SLUG_LENGTH = 40  # the deepest action URL stays under the 255 characters of a redirect


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # ("created" | "updated" | "removed", level) -> how many plan items
    levels: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def count(self, what: str, level: str) -> None:
        self.levels[(what, level)] += 1

    def level_counts(self, what: str, plan) -> list[str]:
        """"1 engagement, 26 objectifs opérationnels": in the plan's own
        words, singular or plural as the count asks."""
        return [f"{self.levels[(what, level)]} {plan.level_label(level, plural=self.levels[(what, level)] > 1).lower()}"
                for level in ("axis", "goal", "objective", "action") if self.levels[(what, level)]]


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
