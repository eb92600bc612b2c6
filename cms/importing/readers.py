"""Readers that turn an uploaded plan file into sheets of cells.

The importer (docs/plan-spreadsheet.md) works on what a person sees in the
spreadsheet, whatever program saved it: XLSX, ODS and CSV all become the same
`Sheet` of `Cell` values. Each cell keeps its kind so the importer can refuse a
formula, or a date where Excel turned "1.2" into the 1st of February. A file
that cannot be read raises `SpreadsheetError`, whose message tells the person
who uploaded it what to do; nothing here touches the database.
"""

import csv
import datetime
import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import charset_normalizer
import openpyxl
import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from odf.element import Node
from odf.namespaces import OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load as load_odf
from openpyxl.cell import MergedCell

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# A plan has a few dozen columns; a row filled across thousands (a value
# pasted along a whole row) would multiply memory by the number of rows.
MAX_COLUMNS = 1024
# Excel's and LibreOffice's own bound: a file claiming more rows is crafted.
MAX_SHEET_ROWS = 1_048_576
# XML compresses about ten to one: past ten times the upload limit once
# unpacked, a small archive is a zip bomb rather than a plan.
MAX_UNCOMPRESSED_RATIO = 10

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old .xls, or an encrypted .xlsx
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Non-UTF-8 CSV in France comes from Excel on Windows, rarely from an old Mac;
# charset_normalizer alone often picks a Central European code page for short
# French text (“é” reads the same, “è” becomes “č”).
WESTERN_ENCODINGS = {"cp1252": "cp1252", "mac_roman": "mac_roman", "mac_iceland": "mac_roman"}  # by preference
CSV_DELIMITERS = ";,\t|"
YAML_KEY = re.compile(r"^[A-Za-z_]+:")
SPACES = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2007": " ", "\u200b": None, "\ufeff": None})
XLSX_ESCAPE = re.compile(r"_x00([01][0-9A-Fa-f])_")  # control characters, as OOXML writes them
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # but tab, line breaks, form feed
ODF_FORMULA_NAMESPACE = re.compile(r"^[a-z]+:(?==)")  # "of:=SUM(…)" → "=SUM(…)"

TABLE = (TABLENS, "table")
TABLE_ROW = (TABLENS, "table-row")
ROW_GROUPS = {(TABLENS, "table-header-rows"), (TABLENS, "table-rows"), (TABLENS, "table-row-group")}
TABLE_CELL = (TABLENS, "table-cell")
COVERED_CELL = (TABLENS, "covered-table-cell")
PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}


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


def detect_format(data: bytes, filename: str = "") -> str:
    """The file's format from its content ("xlsx", "ods", "csv", "yaml" or
    "json"): people rename files, and browsers send whatever name they had."""
    return _detect(data)[0]


def read_spreadsheet(data: bytes, filename: str = "") -> list[Sheet]:
    """Every sheet of an XLSX, ODS or CSV file; `filename` names a CSV's sheet."""
    format_, text = _detect(data)
    if format_ == "xlsx":
        return _read_xlsx(data)
    if format_ == "ods":
        return _read_ods(data)
    if format_ == "csv":
        return [_read_csv(text, filename)]
    raise SpreadsheetError(_("This file is a structured plan (YAML or JSON), not a spreadsheet."))


# Detection ----------------------------------------------------------------


def _detect(data):
    """The format, with the decoded text for text formats."""
    max_bytes = getattr(settings, "PLAN_IMPORT_MAX_BYTES", MAX_BYTES)
    if len(data) > max_bytes:
        raise SpreadsheetError(_("This file is larger than the %(limit)s MB limit.") % {"limit": _megabytes(max_bytes)})
    if not data:
        raise SpreadsheetError(_("This file is empty."))
    if data.startswith(CFB_MAGIC):
        raise SpreadsheetError(
            _(
                "This file is password-protected or in the old Excel format (.xls): open it in your "
                "spreadsheet program and save it as .xlsx without a password."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data), None
    if data.startswith(b"%PDF"):
        raise SpreadsheetError(
            _("This file is a PDF document, not a spreadsheet: import the spreadsheet the plan was made from.")
        )
    text = _decode(data)
    if not text.strip():
        raise SpreadsheetError(_("This file is empty."))
    return _structured_format(text) or "csv", text


def _zip_format(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if "xl/workbook.xml" in members:
                return "xlsx"
            mimetype = members.get("mimetype")
            if mimetype and mimetype.file_size < 100 and archive.read(mimetype).strip() == ODS_MIMETYPE:
                return "ods"
    except Exception as exc:  # zipfile raises BadZipFile, zlib.error, RuntimeError (encrypted)…
        raise SpreadsheetError(_unreadable()) from exc
    if "xl/workbook.bin" in members:
        raise SpreadsheetError(
            _(
                "This Excel file is in the binary format (.xlsb): open it in your spreadsheet program and "
                "save it as .xlsx."
            )
        )
    raise SpreadsheetError(_not_a_spreadsheet())


def _structured_format(text):
    """"json" or "yaml" for a structured plan, None for anything else (CSV)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            message = _("This file looks like a JSON plan but is not valid JSON.")
            raise SpreadsheetError(message, row=exc.lineno) from exc
        return "json"
    if stripped.startswith("<"):
        # "Export to Excel" in many web tools writes an HTML table named .xls.
        raise SpreadsheetError(
            _(
                "This file is a web page or an XML file, not a spreadsheet: open it in your spreadsheet "
                "program and save it as .xlsx."
            )
        )
    first = next((line for line in text.splitlines() if line.strip() and not _yaml_preamble(line)), "")
    if not YAML_KEY.match(first):
        return None
    try:
        value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe_load, in C
    except yaml.YAMLError as exc:
        if first.split(":")[0] in ("plan", "organisation"):
            mark = getattr(exc, "problem_mark", None)
            raise SpreadsheetError(
                _("This file looks like a YAML plan but is not valid YAML."), row=mark.line + 1 if mark else None
            ) from exc
        return None
    if isinstance(value, dict) and ("plan" in value or "organisation" in value):
        return "yaml"
    return None


def _yaml_preamble(line):
    return line.lstrip().startswith("#") or line.startswith(("---", "%YAML", "%TAG"))


def _decode(data):
    """The text of a text file, or an error when it is binary junk."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        text = _try_decode(data, "utf-16")
    elif b"\x00" in data:
        text = None
    else:
        text = (
            _try_decode(data, "utf-8-sig")
            or _try_decode(data, _guess_encoding(data))
            or _try_decode(data, "cp1252")
            or _try_decode(data, "mac_roman")  # Excel for Mac's "CSV (Macintosh)"; decodes any byte
        )
    if text is None or _is_junk(text):
        raise SpreadsheetError(_not_a_spreadsheet())
    return text


def _try_decode(data, encoding):
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_encoding(data):
    """charset_normalizer's guess, or the Western code page a French
    spreadsheet program would have used when that is about as plausible,
    and only when it is confident."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = min(matches, key=lambda match: match.chaos)
    plausible = {match.encoding for match in matches if match.chaos <= best.chaos + 0.1}
    for encoding, decode_as in WESTERN_ENCODINGS.items():
        if encoding in plausible:
            return decode_as
    return best.encoding if best.chaos <= 0.1 and best.coherence >= 0.5 else None


def _is_junk(text):
    controls = len(CONTROL_CHARACTERS.findall(text))
    return controls > 2 and controls > len(text) / 100


# XLSX ----------------------------------------------------------------------


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
        if cell.data_type == "f" or value.startswith("="):
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


# ODS -----------------------------------------------------------------------


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


# CSV -----------------------------------------------------------------------


def _read_csv(text, filename):
    name = PurePosixPath(filename.replace("\\", "/")).stem or "CSV"
    max_rows = getattr(settings, "PLAN_IMPORT_MAX_ROWS", MAX_ROWS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, filled, blank = [], 0, 0  # blank rows are added only when content follows them
    try:
        for fields in reader:
            cells = [Cell(value, "text") if value else EMPTY for value in map(_clean_text, fields)]
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


# Values and limits ---------------------------------------------------------


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
    match = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", raw.strip())
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


def _check_uncompressed(data):
    limit = getattr(settings, "PLAN_IMPORT_MAX_BYTES", MAX_BYTES) * MAX_UNCOMPRESSED_RATIO
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # opened once already by _zip_format
        size = sum(info.file_size for info in archive.infolist())
    if size > limit:
        message = _("This file is too large once uncompressed (more than %(limit)s MB).")
        raise SpreadsheetError(message % {"limit": _megabytes(limit)})


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
