"""Tables written as spreadsheet files (XLSX, ODS), every cell typed as
text, so that nothing a person typed runs as a formula, and reads back as
it was (the CSV writer, which has no cell types, is core/csv.py)."""

import io

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def xlsx_bytes(title: str, header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in [header, *rows]:
        sheet.append(["" if value is None else str(value) for value in row])
        for written in sheet[sheet.max_row]:
            written.data_type = "s"  # text, even "=…"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(title: str, header, rows) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])
    for row in [header, *rows]:
        line = TableRow()
        for value in row:
            text = "" if value is None else str(value)
            written = TableCell(valuetype="string")
            written.addElement(P(text=text))
            line.addElement(written)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
