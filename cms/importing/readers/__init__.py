"""Readers that turn an uploaded plan file into sheets of cells.

The importer (docs/plan-spreadsheet.md) works on what a person sees in the
spreadsheet, whatever program saved it: XLSX, ODS and CSV all become the same
`Sheet` of `Cell` values. Each cell keeps its kind so the importer can refuse a
formula, or a date where Excel turned "1.2" into the 1st of February. A file
that cannot be read raises `SpreadsheetError`, whose message tells the person
who uploaded it what to do; nothing here touches the database.
"""

from .base import MAX_BYTES, MAX_ROWS, Cell, Sheet, SpreadsheetError, column_letter
from .detect import detect_format, read_spreadsheet

__all__ = [
    "MAX_BYTES", "MAX_ROWS", "Cell", "Sheet", "SpreadsheetError", "column_letter", "detect_format", "read_spreadsheet",
]
