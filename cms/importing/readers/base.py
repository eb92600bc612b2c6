"""Cells, sheets, errors and the text helpers every format shares."""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024


MAX_ROWS = 20_000


# A plan has a few dozen columns; a row filled across thousands (a value
# pasted along a whole row) would multiply memory by the number of rows.
MAX_COLUMNS = 1024


# Excel's and LibreOffice's own bound: a file claiming more rows is crafted.
MAX_SHEET_ROWS = 1_048_576


SPACES = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2007": " ", "\u200b": None, "\ufeff": None})


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # but tab, line breaks, form feed
ODF_DURATION = re.compile(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S")


@dataclass(frozen=True)
class Cell:
    value: str = ""  # the text as a person sees it, stripped; "" when empty
    kind: str = "empty"  # "empty" | "text" | "number" | "date" | "formula" | "bool"
    merged: bool = False  # covered by a merged range (not its top-left cell)


EMPTY = Cell()


MERGED = Cell(merged=True)


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is spreadsheet row i+1; trailing empty rows and cells trimmed


class SpreadsheetError(Exception):
    """A file that cannot be read, with where (all optional) and a message for
    the person who uploaded it. `row` is 1-based as the spreadsheet shows it,
    `column` 0-based (shown as its letter)."""

    def __init__(self, message: str, *, sheet: str | None = None, row: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column = message, sheet, row, column

    def __str__(self):
        where = {"sheet": self.sheet, "row": self.row, "column": None, "message": self.message}
        if self.column is not None:
            where["column"] = column_letter(self.column)
        key = (self.sheet is not None, self.row is not None, self.column is not None)
        templates = {
            (True, True, True): _("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(message)s"),
            (True, True, False): _("Sheet “%(sheet)s”, row %(row)s: %(message)s"),
            (True, False, True): _("Sheet “%(sheet)s”, column %(column)s: %(message)s"),
            (True, False, False): _("Sheet “%(sheet)s”: %(message)s"),
            (False, True, True): _("Row %(row)s, column %(column)s: %(message)s"),
            (False, True, False): _("Row %(row)s: %(message)s"),
            (False, False, True): _("Column %(column)s: %(message)s"),
        }
        return templates[key] % where if key in templates else self.message

    def __reduce__(self):
        # Keeps the location when the error crosses a process (a background task).
        return _restore_error, (self.message, self.sheet, self.row, self.column)


def _restore_error(message, sheet, row, column):
    return SpreadsheetError(message, sheet=sheet, row=row, column=column)


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA", as spreadsheets name columns."""
    if index < 0:
        raise ValueError(index)
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _clean_text(text):
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(SPACES)
    if "\n" in text:  # spaces ending a line inside the cell are invisible too
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def _parse_number(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        pass
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def _number_text(number, *, percent=False):
    """3.0 → "3", 2.2 → "2.2" (the shortest text that reads back the same),
    0.5 as a percentage → "50%", since a progress column shows "50 %"."""
    if percent:
        number = round(number * 100, 10)
    if isinstance(number, float) and number.is_integer():  # False for inf and nan
        number = int(number)
    return f"{number!r}%" if percent else repr(number)


def _date_text(value):
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second and not value.microsecond else "seconds")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="minutes" if not value.second and not value.microsecond else "seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)  # a duration


def _iso_date_text(raw):
    try:
        return _date_text(datetime.datetime.fromisoformat(raw))
    except ValueError:
        return raw.strip()


def _duration_text(raw):
    """ODF times are durations: "PT10H30M00S" → "10:30"."""
    match = ODF_DURATION.fullmatch(raw.strip())
    if not match:
        return raw.strip()
    hours, minutes, seconds = (int(part) for part in match.groups())
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _sheet_from_grid(name, grid):
    """A Sheet from {row number: {column index: Cell}}, rows 1-based."""
    filled = [row for row, cells in grid.items() if any(cell.kind != "empty" for cell in cells.values())]
    max_rows = getattr(settings, "PLAN_IMPORT_MAX_ROWS", MAX_ROWS)
    if len(filled) > max_rows:
        raise _too_many_rows(name, max_rows)
    if max(filled, default=0) > MAX_SHEET_ROWS:
        raise SpreadsheetError(_unreadable(), sheet=name)
    rows = []
    for number in range(1, max(filled, default=0) + 1):
        cells = grid.get(number, {})
        width = max((column + 1 for column, cell in cells.items() if cell.kind != "empty"), default=0)
        if width > MAX_COLUMNS:
            raise _too_many_columns(name, number)
        rows.append([cells.get(column, EMPTY) for column in range(width)])
    return Sheet(name, rows)


def _megabytes(size):
    return f"{size / (1024 * 1024):g}"


def _not_a_spreadsheet():
    return _("This file is not a spreadsheet (XLSX, ODS or CSV) nor a YAML/JSON plan.")


def _unreadable():
    return _("This file cannot be read; it may be damaged. Open it in your spreadsheet program and save it again.")


def _too_many_rows(sheet, limit):
    message = _("More than %(limit)s rows are filled in: remove the unused rows or split the plan.")
    return SpreadsheetError(message % {"limit": limit}, sheet=sheet)


def _too_many_columns(sheet, row):
    message = _("More than %(limit)s columns are filled in.")
    return SpreadsheetError(message % {"limit": MAX_COLUMNS}, sheet=sheet, row=row)

# XML compresses about ten to one: past ten times the upload limit once
# unpacked, a small archive is a zip bomb rather than a plan.
MAX_UNCOMPRESSED_RATIO = 10

def _check_uncompressed(data):
    limit = getattr(settings, "PLAN_IMPORT_MAX_BYTES", MAX_BYTES) * MAX_UNCOMPRESSED_RATIO
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # opened once already by _zip_format
        size = sum(info.file_size for info in archive.infolist())
    if size > limit:
        message = _("This file is too large once uncompressed (more than %(limit)s MB).")
        raise SpreadsheetError(message % {"limit": _megabytes(limit)})
