"""Read an uploaded plan file, whatever its format, into structured plans."""

import json
from dataclasses import dataclass, field

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .layout import FURNITURE, PlanImportError, find_header, normalise, parse_sheet
from .readers import SpreadsheetError, detect_format, read_spreadsheet

LEVELS = ("axis", "goal", "objective", "action")
ITEM_FIELDS = {
    "type", "number", "title", "slogan", "subtitle", "description", "examples", "indicators", "children", "pilot",
    "actors", "success_indicator", "periods", "status", "progress", "is_new", "publics", "domains",
}


@dataclass
class ImportedPlan:
    """One plan read from a file: a sheet of a workbook, or a YAML/JSON plan."""

    source: str
    data: dict
    organisation: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_plan_file(content: bytes, filename: str = "", *, sheet: str | None = None) -> list[ImportedPlan]:
    """Every plan in the file; a workbook gives one plan per sheet that has
    an action column, or only the sheet named `sheet`."""
    file_format = detect_format(content, filename)
    if file_format in ("yaml", "json"):
        return [_structured(content, file_format, filename)]
    sheets = read_spreadsheet(content, filename)
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            raise SpreadsheetError(
                _("There is no sheet “%(sheet)s” in this file; its sheets are: %(names)s.")
                % {"sheet": sheet, "names": ", ".join(f"“{s.name}”" for s in sheets)}
            )
        sheets = chosen
    plans, problems, skipped = [], [], []
    for current in sheets:
        try:
            header = find_header(current)
        except SpreadsheetError as error:
            # In a workbook of several sheets, one without a header (notes, a
            # chart's data) is not a plan: say so and go on.
            if len(sheets) == 1:
                raise
            skipped.append(error)
            continue
        try:
            parsed = parse_sheet(current)
        except PlanImportError as error:
            problems.extend(error.problems)
            continue
        data = parsed.data
        data["title"] = _title_above(current, header.row)
        if not data["title"]:  # only the sheet's name: it must not rename an existing plan
            data["title"], data["title_from_file_name"] = current.name, True
        data["slug"] = slugify(data["title"])[:80] or "plan"
        plans.append(ImportedPlan(current.name, data, warnings=parsed.warnings))
    if problems:
        raise PlanImportError(problems)
    if not plans:
        raise PlanImportError(skipped)
    plans[0].warnings += [
        _("Sheet “%(sheet)s” skipped: it has no header row.") % {"sheet": error.sheet} for error in skipped
    ]
    return plans


def _title_above(sheet, header_row: int) -> str:
    for row in sheet.rows[:header_row]:
        for cell in row:
            if cell.kind == "text" and cell.value and not normalise(cell.value).startswith(FURNITURE):
                return cell.value.strip()[:255]
    return ""


def _structured(content: bytes, file_format: str, filename: str) -> ImportedPlan:
    text = content.decode("utf-8-sig", errors="replace")
    try:
        document = json.loads(text) if file_format == "json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise SpreadsheetError(_("The file cannot be read as %(format)s: %(error)s")
                               % {"format": file_format.upper(), "error": error}) from error
    if not isinstance(document, dict) or not isinstance(document.get("plan"), dict):
        raise SpreadsheetError(_("A structured plan file needs a “plan” section (see docs/plan-format.md)."))
    plan = document["plan"]
    problems = []
    if not str(plan.get("title") or "").strip():
        problems.append(_("plan: the title is missing."))
    periods = {p.get("label") for p in plan.get("periods") or [] if isinstance(p, dict)}
    _check_items(plan.get("items") or [], "plan.items", periods, problems)
    if problems:
        raise PlanImportError([SpreadsheetError(message) for message in problems[:30]])
    plan.setdefault("slug", slugify(plan["title"])[:80])
    return ImportedPlan(filename or file_format, plan, organisation=document.get("organisation") or {})


def _check_items(items, where: str, periods: set, problems: list) -> None:
    if not isinstance(items, list):
        problems.append(_("%(where)s: a list is expected.") % {"where": where})
        return
    for position, item in enumerate(items, start=1):
        here = f"{where}[{position}]"
        if not isinstance(item, dict):
            problems.append(_("%(where)s: an item is expected.") % {"where": here})
            continue
        if item.get("type") not in LEVELS:
            problems.append(_("%(where)s: “type” must be one of axis, goal, objective, action.") % {"where": here})
        if not str(item.get("title") or "").strip():
            problems.append(_("%(where)s: the title is missing.") % {"where": here})
        unknown = set(item) - ITEM_FIELDS
        if unknown:
            problems.append(_("%(where)s: unknown keys %(keys)s.")
                            % {"where": here, "keys": ", ".join(sorted(unknown))})
        for key in ("publics", "domains"):
            if not isinstance(item.get(key) or [], list):
                problems.append(_("%(where)s: “%(key)s” must be a list of names.") % {"where": here, "key": key})
        for label in item.get("periods") or []:
            if label not in periods:
                problems.append(_("%(where)s: the period “%(label)s” is not among plan.periods.")
                                % {"where": here, "label": label})
        progress = item.get("progress")
        if progress is not None and (not isinstance(progress, int) or not 0 <= progress <= 100):
            problems.append(_("%(where)s: progress must be a whole number from 0 to 100.") % {"where": here})
        _check_items(item.get("children") or [], f"{here}.children", periods, problems)
