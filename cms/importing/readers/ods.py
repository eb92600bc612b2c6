"""OpenDocument spreadsheets, through odfpy."""

import io
import re

from django.conf import settings
from odf.element import Node
from odf.namespaces import OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load as load_odf

from .base import (
    EMPTY,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MERGED,
    Cell,
    Sheet,
    SpreadsheetError,
    _check_uncompressed,
    _clean_text,
    _duration_text,
    _iso_date_text,
    _number_text,
    _parse_number,
    _too_many_columns,
    _too_many_rows,
    _unreadable,
)

ODF_FORMULA_NAMESPACE = re.compile(r"^[a-z]+:(?==)")  # "of:=SUM(…)" → "=SUM(…)"


TABLE = (TABLENS, "table")


TABLE_ROW = (TABLENS, "table-row")


ROW_GROUPS = {(TABLENS, "table-header-rows"), (TABLENS, "table-rows"), (TABLENS, "table-row-group")}


TABLE_CELL = (TABLENS, "table-cell")


COVERED_CELL = (TABLENS, "covered-table-cell")


PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}


def _read_ods(data):
    _check_uncompressed(data)
    try:
        document = load_odf(io.BytesIO(data))
        spreadsheet = next(node for node in document.body.childNodes if _qname(node) == (OFFICENS, "spreadsheet"))
    except Exception as exc:  # odfpy raises anything from KeyError to SAX errors
        raise SpreadsheetError(_unreadable()) from exc
    try:
        return [_ods_sheet(table) for table in spreadsheet.childNodes if _qname(table) == TABLE]
    except RecursionError as exc:  # text nested thousands of levels deep
        raise SpreadsheetError(_unreadable()) from exc


def _ods_sheet(table):
    """Repeated rows are expanded only when content follows them: LibreOffice
    ends every sheet with a million repeated empty rows."""
    name = table.attributes.get((TABLENS, "name"), "")
    max_rows = getattr(settings, "PLAN_IMPORT_MAX_ROWS", MAX_ROWS)
    rows, filled, pending = [], 0, 0
    for row in _ods_rows(table):
        repeat = _repeat(row, "number-rows-repeated")
        cells = _ods_row_cells(row, sheet=name, row_number=len(rows) + pending + 1)
        if not cells:
            pending += repeat
            continue
        if len(rows) + pending + repeat > MAX_SHEET_ROWS:
            raise SpreadsheetError(_unreadable(), sheet=name)
        filled += repeat
        if filled > max_rows:
            raise _too_many_rows(name, max_rows)
        rows.extend([] for _ in range(pending))
        rows.extend(list(cells) for _ in range(repeat))
        pending = 0
    return Sheet(name, rows)


def _ods_rows(parent):
    for node in parent.childNodes:
        if _qname(node) == TABLE_ROW:
            yield node
        elif _qname(node) in ROW_GROUPS:
            yield from _ods_rows(node)


def _ods_row_cells(row, *, sheet, row_number):
    """The row's cells up to its last non-empty one."""
    cells, pending = [], []
    for node in row.childNodes:
        qname = _qname(node)
        if qname not in (TABLE_CELL, COVERED_CELL):
            continue
        repeat = _repeat(node, "number-columns-repeated")
        cell = MERGED if qname == COVERED_CELL else _ods_cell(node)
        if cell.kind == "empty":
            pending.append((cell, repeat))
            continue
        width = len(cells) + sum(count for _, count in pending) + repeat
        if width > MAX_COLUMNS:
            raise _too_many_columns(sheet, row_number)
        for empty, count in pending:
            cells.extend([empty] * count)
        cells.extend([cell] * repeat)
        pending = []
    return cells


def _ods_cell(node):
    attributes = node.attributes
    formula = attributes.get((TABLENS, "formula"))
    if formula:
        return Cell(ODF_FORMULA_NAMESPACE.sub("", formula.strip()), "formula")
    value_type = attributes.get((OFFICENS, "value-type"))
    if value_type in ("float", "percentage", "currency"):
        number = _parse_number(attributes.get((OFFICENS, "value"), ""))
        if number is not None:
            return Cell(_number_text(number, percent=value_type == "percentage"), "number")
    elif value_type == "date" and attributes.get((OFFICENS, "date-value")):
        return Cell(_iso_date_text(attributes[(OFFICENS, "date-value")]), "date")
    elif value_type == "time" and attributes.get((OFFICENS, "time-value")):
        return Cell(_duration_text(attributes[(OFFICENS, "time-value")]), "date")
    elif value_type == "boolean":
        return Cell("VRAI" if attributes.get((OFFICENS, "boolean-value")) == "true" else "FAUX", "bool")
    text = "\n".join(_odf_text(child) for child in node.childNodes if _qname(child) in PARAGRAPHS)
    if not text.strip() and value_type == "string":
        text = attributes.get((OFFICENS, "string-value"), "")
    text = _clean_text(text)
    return Cell(text, "text") if text else EMPTY


def _odf_text(element):
    """odf.teletype.extractText, without the comments attached to a cell and
    with a bound on <text:s c="…">, which a crafted file could set to a billion."""
    parts = []
    for child in element.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            parts.append(child.data)
        elif _qname(child) == (TEXTNS, "line-break"):
            parts.append("\n")
        elif _qname(child) == (TEXTNS, "tab"):
            parts.append("\t")
        elif _qname(child) == (TEXTNS, "s"):
            count = _parse_number(child.attributes.get((TEXTNS, "c"), "1"))
            parts.append(" " * min(int(count or 1), 100))
        elif _qname(child) != (OFFICENS, "annotation"):
            parts.append(_odf_text(child))
    return "".join(parts)


def _qname(node):
    return getattr(node, "qname", None)


def _repeat(node, attribute):
    count = _parse_number(node.attributes.get((TABLENS, attribute), "1"))
    return max(int(count), 1) if isinstance(count, int) else 1
