"""CSV and other delimited text, any common encoding and delimiter."""

import csv
import io
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from core.csv import cell_read

from .base import (
    EMPTY,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    Cell,
    Sheet,
    SpreadsheetError,
    _clean_text,
    _too_many_columns,
    _too_many_rows,
    _unreadable,
)

CSV_DELIMITERS = ";,\t|"


def _read_csv(text, filename):
    name = PurePosixPath(filename.replace("\\", "/")).stem or "CSV"
    max_rows = getattr(settings, "PLAN_IMPORT_MAX_ROWS", MAX_ROWS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, filled, blank = [], 0, 0  # blank rows are added only when content follows them
    try:
        for fields in reader:
            cells = [Cell(cell_read(value), "text") if value else EMPTY for value in map(_clean_text, fields)]
            while cells and cells[-1] is EMPTY:
                cells.pop()
            if not cells:
                blank += 1
                continue
            filled += 1
            if filled > max_rows:
                raise _too_many_rows(name, max_rows)
            if len(cells) > MAX_COLUMNS:
                raise _too_many_columns(name, len(rows) + blank + 1)
            if len(rows) + blank >= MAX_SHEET_ROWS:
                raise SpreadsheetError(_unreadable(), sheet=name)
            rows.extend([] for _ in range(blank))
            rows.append(cells)
            blank = 0
    except csv.Error as exc:
        message = _("A cell is longer than %(limit)s characters: check for a quotation mark that is never closed.")
        row = len(rows) + blank + 1
        raise SpreadsheetError(message % {"limit": csv.field_size_limit()}, sheet=name, row=row) from exc
    return Sheet(name, rows)


def _delimiter(text):
    """The delimiter that splits most of the first records into the same
    number of cells (at least half of them, else the file has one column);
    on a tie, the one giving more cells, then csv.Sniffer's guess. Parsing
    with each candidate keeps quoted fields whole, which counting characters
    per line would not."""
    sample = text[:65536]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    scores = {delimiter: _consistency(sample, delimiter) + (delimiter == sniffed,) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=scores.__getitem__)
    count, _width, total, _sniffed = scores[best]
    return best if count and count * 2 >= total else ";"


def _consistency(sample, delimiter):
    """(how many of the first non-blank records have the most common width of
    two cells or more, that width, how many records were looked at)."""
    widths = []
    for fields in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
        if any(field.strip() for field in fields):
            widths.append(len(fields))
        if len(widths) == 50:
            break
    split = [width for width in widths if width > 1]
    if not split:
        return (0, 0, len(widths))
    common = max(set(split), key=lambda width: (split.count(width), width))
    return (split.count(common), common, len(widths))
