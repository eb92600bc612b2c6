"""XLSX workbooks, through openpyxl."""

import datetime
import io
import re
import warnings

import openpyxl
from openpyxl.cell import MergedCell

from .base import (
    EMPTY,
    MERGED,
    Cell,
    SpreadsheetError,
    _check_uncompressed,
    _clean_text,
    _date_text,
    _number_text,
    _sheet_from_grid,
    _unreadable,
)

XLSX_ESCAPE = re.compile(r"_x00([01][0-9A-Fa-f])_")  # control characters, as OOXML writes them


def _read_xlsx(data):
    _check_uncompressed(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style", unsupported extensions…
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors
        raise SpreadsheetError(_unreadable()) from exc
    return [_xlsx_sheet(worksheet) for worksheet in workbook.worksheets]  # chart sheets are not worksheets


def _xlsx_sheet(worksheet):
    # The cells the file holds, not iter_rows(): a formatted cell at row
    # 1,048,576 would make it build every cell of the grid above it.
    grid = {}
    for (row, column), cell in worksheet._cells.items():
        value = _xlsx_cell(cell)
        if value is not EMPTY:
            grid.setdefault(row, {})[column - 1] = value
    return _sheet_from_grid(worksheet.title, grid)


def _xlsx_cell(cell):
    value = cell.value
    if value is None:
        return MERGED if isinstance(cell, MergedCell) else EMPTY
    if type(value) is str:  # most cells: checked first, this runs for each of them
        # A formula is a cell of type "f"; a text cell that starts with "="
        # is text (as the plan and register exports write them).
        if cell.data_type == "f":
            return Cell(value.strip(), "formula")
        if "_x" in value:
            value = XLSX_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
        text = _clean_text(value)
        return Cell(text, "text") if text else EMPTY
    if isinstance(value, bool):
        return Cell("VRAI" if value else "FAUX", "bool")
    if isinstance(value, (int, float)):
        return Cell(_number_text(value, percent="%" in (cell.number_format or "")), "number")
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return Cell(_date_text(value), "date")
    return Cell(getattr(value, "text", None) or "=TABLE()", "formula")  # array or data-table formula
