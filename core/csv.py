"""The one CSV writer of the project: UTF-8 with a byte order mark, `;`
between cells and CRLF between rows, as French spreadsheet software
expects, and no cell a spreadsheet would run as a formula.

A cell that begins with = + - @ (or a tab or carriage return) is written
with an apostrophe in front, the spreadsheets' own mark of "text, not a
formula" (OWASP's CSV injection advice); the plan importer takes the
apostrophe off again (cms/importing/readers/delimited.py)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_read(text: str) -> str:
    """A cell as written by `cell`, back to its text."""
    return text[1:] if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_STARTS) else text


def _write(out, header: Iterable, rows: Iterable[Iterable]) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    _write(out, header, rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of the table, named `filename`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    _write(response, header, rows)
    return response
