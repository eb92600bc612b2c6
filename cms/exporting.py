"""A plan written back out: the spreadsheet layout of
`docs/plan-spreadsheet.md` (CSV, XLSX) and the structured format of
`docs/plan-format.md` (JSON).

Centres keep working on their plan in a spreadsheet; what they download must
read back through `import_plan`, and the same plan must give the same bytes
every time so a file can be compared with the previous one. Only live pages
are exported, as on the public site. Every export reads the plan with
`plan_subtree`: a fixed number of queries whatever its size.
"""

import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from core.csv import csv_bytes

from .models import ActionPage, ActionStatus, Indicator, PlanPage
from .selectors import TreeNode, plan_subtree

EXPORT_COLUMNS = [
    "Axe",
    "Objectif général",
    "Objectif opérationnel",
    "N° Action",
    "Action",
    "Pilote",
    "Acteurs mobilisés",
    "Indicateur de réussite",
    "Description",
    "Statut",
    "Avancement (%)",
    "Nouvelle action",
    "Exemples",
    "Publics",
    "Domaines",
]
HIERARCHY_LEVELS = ("axis", "goal", "objective")
ACTION_CELLS = len(EXPORT_COLUMNS) - len(HIERARCHY_LEVELS)
COLUMN_WIDTHS = [40, 40, 40, 10, 50, 24, 30, 40, 50, 14, 12, 12, 40, 24, 24]
PERIOD_WIDTH = 14
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
LINE_BREAKS = re.compile(r"[\r\n\t]")
FIXED_DATETIME = datetime.datetime(2000, 1, 1)
ZIP_DATETIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


# Rich text as plain text


class _TextBlocks(HTMLParser):
    """The paragraphs, headings and list items of a rich-text field."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list] = []  # [list id or None, text]
        self.lists: list[int] = []
        self.current: list | None = None
        self.list_count = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.list_count += 1
            self.lists.append(self.list_count)
        elif tag in self.BLOCKS:
            self.current = [self.lists[-1] if tag == "li" and self.lists else None, ""]
            self.blocks.append(self.current)
        elif tag == "br" and self.current is not None:
            self.current[1] += "\n"

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS or tag in ("ul", "ol"):
            self.current = None

    def handle_data(self, data):
        data = LINE_BREAKS.sub(" ", data)
        if self.current is None:
            if not data.strip():
                return
            self.current = [None, ""]
            self.blocks.append(self.current)
        self.current[1] += data


def _blocks(rich_text: str) -> list[tuple[int | None, str]]:
    parser = _TextBlocks()
    parser.feed(rich_text or "")
    parser.close()
    blocks = []
    for list_id, text in parser.blocks:
        text = "\n".join(line.strip() for line in text.strip().splitlines())
        if text:
            blocks.append((list_id, text))
    return blocks


def rich_text_to_lines(rich_text: str) -> str:
    """One line per paragraph or list item: what a spreadsheet cell holds."""
    return "\n".join(text for _list_id, text in _blocks(rich_text))


def rich_text_to_text(rich_text: str) -> str:
    """Blank lines between paragraphs, "- " bullets: the inverse of
    `cms.services.text_to_rich_text`."""
    chunks: list[str] = []
    previous_list = None
    for list_id, text in _blocks(rich_text):
        if list_id is not None:
            text = text.replace("\n", " ")  # a bullet is one line
        if list_id is not None and list_id == previous_list:
            chunks[-1] += f"\n- {text}"
        else:
            chunks.append(f"- {text}" if list_id is not None else text)
        previous_list = list_id
    return "\n\n".join(chunks)


# The table


def _level_cell(plan: PlanPage, page) -> str:
    title = page.display_title
    if not page.number:
        return title
    if page.level == "axis":
        return f"{plan.axis_label} {page.number} : {title}"
    if page.level == "goal":
        return f"{plan.goal_label} n°{page.number} : {title}"
    return f"{page.number} : {title}"


def _action_cells(action: ActionPage, periods: list) -> list[str]:
    scheduled = {period.pk for period in action.periods.all()}
    return [
        action.number,
        action.display_title,
        action.pilot,
        action.actors,
        action.success_indicator,
        rich_text_to_lines(action.description),
        str(ActionStatus(action.status).label) if action.status else "",
        "" if action.progress is None else str(action.progress),
        "oui" if action.is_new else "",
        "\n".join(action.example_list),
        ", ".join(tag.name for tag in action.publics.all()),
        ", ".join(tag.name for tag in action.domains.all()),
    ] + ["X" if period.pk in scheduled else "" for period in periods]


def _table_rows(plan: PlanPage, node: TreeNode, levels: dict, periods: list, rows: list) -> None:
    """Actions in plan order, and a row for each level with nothing below it."""
    for child in node.children:
        page = child.page
        if isinstance(page, ActionPage):
            rows.append([levels.get(level, "") for level in HIERARCHY_LEVELS] + _action_cells(page, periods))
            continue
        below = {**levels, page.level: _level_cell(plan, page)}
        if child.children:
            _table_rows(plan, child, below, periods, rows)
        else:
            rows.append([below.get(level, "") for level in HIERARCHY_LEVELS] + [""] * (ACTION_CELLS + len(periods)))


def plan_export_table(plan: PlanPage, tree: TreeNode | None = None) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the spreadsheet layout, all text."""
    tree = tree or plan_subtree(plan, tags=True)
    periods = list(plan.periods.all())
    rows: list[list[str]] = []
    with translation.override("fr"):
        _table_rows(plan, tree, {}, periods, rows)
    return EXPORT_COLUMNS + [period.label for period in periods], rows


def plan_export_csv(plan: PlanPage) -> bytes:
    """The project's CSV (core/csv.py): UTF-8 with a BOM, `;`, no formula."""
    header, rows = plan_export_table(plan)
    return csv_bytes(header, rows)


# XLSX


class _StableZipFile(ZipFile):
    """A zip whose entries carry a fixed date, so the same workbook gives the
    same bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=ZIP_DATETIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read())


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: 31 characters, none of []:*?/\\."""
    return SHEET_FORBIDDEN.sub("", title).strip().strip("'")[:31].strip() or "Plan"


def _last_change(plan: PlanPage, tree: TreeNode) -> datetime.datetime:
    """The latest publication in the plan, naive UTC, as the workbook's date."""
    dates = [page.last_published_at for page in _pages(tree) if page.last_published_at]
    if not dates:
        return FIXED_DATETIME
    return timezone.make_naive(max(dates), datetime.UTC).replace(microsecond=0)


def plan_export_xlsx(plan: PlanPage) -> bytes:
    """One sheet, every cell text: "1.1.1" must never turn into a date."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    tree = plan_subtree(plan, tags=True)
    header, rows = plan_export_table(plan, tree)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(plan.title)
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    for row_number, row in enumerate([header] + rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number, value=ILLEGAL_CHARACTERS_RE.sub("", value) or None)
            if value:
                cell.data_type = "s"  # never a formula, even when the text starts with "="
            cell.number_format = "@"
            cell.alignment = wrap
            if row_number == 1:
                cell.font = bold
    for column_number in range(1, len(header) + 1):
        width = COLUMN_WIDTHS[column_number - 1] if column_number <= len(COLUMN_WIDTHS) else PERIOD_WIDTH
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    changed = _last_change(plan, tree)
    workbook.properties.title = plan.title
    workbook.properties.creator = "Plan Commun"
    workbook.properties.created = workbook.properties.modified = changed
    out = io.BytesIO()
    with _StableZipFile(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not save_workbook(): it stamps the current time
    return out.getvalue()


# Structured format


def _pages(tree: TreeNode):
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node.page
        stack.extend(reversed(node.children))


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _indicator_data(indicators: list[Indicator]) -> list[dict]:
    return [{"name": i.name, "unit": i.unit, "target": _number(i.target)} for i in indicators]


def _item_data(node: TreeNode, indicators: dict) -> dict:
    page = node.page
    data = {"type": page.level, "number": page.number, "title": page.display_title}
    if page.level == "axis":
        data.update(slogan=page.slogan, subtitle=page.subtitle)
    data.update(description=rich_text_to_text(page.description), examples=page.examples)
    if isinstance(page, ActionPage):
        data.update(
            pilot=page.pilot,
            actors=page.actors,
            success_indicator=page.success_indicator,
            periods=[period.label for period in page.periods.all()],
            status=page.status,
            progress=page.progress,
            is_new=page.is_new,
            publics=[tag.name for tag in page.publics.all()],
            domains=[tag.name for tag in page.domains.all()],
        )
    data["indicators"] = _indicator_data(indicators.get(page.pk, []))
    if not isinstance(page, ActionPage):
        data["children"] = [_item_data(child, indicators) for child in node.children]
    return data


def plan_export_data(plan: PlanPage) -> dict:
    """The plan in the structured format; `plan_upsert` rebuilds it from
    `["plan"]`."""
    tree = plan_subtree(plan, tags=True)
    organisation = plan.get_parent().specific
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(page__in=[page.pk for page in _pages(tree)]):
        indicators.setdefault(indicator.page_id, []).append(indicator)
    plan_data = {
        "slug": plan.slug,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "status": plan.status,
        "validation_note": plan.validation_note,
        "preamble": rich_text_to_text(plan.preamble),
        "scope": rich_text_to_text(plan.scope),
        "history": rich_text_to_text(plan.history),
        "source_document_url": plan.source_document_url,
        "source_document_label": plan.source_document_label,
        "levels": {
            level: [plan.level_label(level), plan.level_label(level, plural=True)]
            for level in ("axis", "goal", "objective", "action")
        },
        "periods": [
            {"label": p.label, "start": p.start_date.isoformat(), "end": p.end_date.isoformat(), "kind": p.kind}
            for p in plan.periods.all()
        ],
        "indicators": _indicator_data(indicators.get(plan.pk, [])),
        "items": [_item_data(child, indicators) for child in tree.children],
    }
    return {
        "organisation": {"slug": organisation.slug, "name": organisation.title, "kind": organisation.kind},
        "plan": plan_data,
    }


def plan_export_json(plan: PlanPage) -> bytes:
    return (json.dumps(plan_export_data(plan), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Downloads

EXPORTERS = {"csv": plan_export_csv, "xlsx": plan_export_xlsx, "json": plan_export_json}


def plan_export_filename(plan: PlanPage, extension: str) -> str:
    return f"{plan.get_parent().slug}-{plan.slug}.{extension}"


def plan_export_response(plan: PlanPage, extension: str) -> HttpResponse:
    """The plan as a file to download, named after its organisation and slug."""
    return HttpResponse(
        EXPORTERS[extension](plan),
        content_type=CONTENT_TYPES[extension],
        headers={
            "Content-Disposition": content_disposition_header(True, plan_export_filename(plan, extension)),
        },
    )
