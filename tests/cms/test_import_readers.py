"""Readers of uploaded plan files: every input is built here, in memory."""

import datetime
import io
import json
import os
import pickle
import time
import zipfile

import openpyxl
import pytest
from django.utils.translation import override
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P, S, Span
from openpyxl.chart import BarChart
from openpyxl.styles import Font

from cms.importing import readers
from cms.importing.readers import (
    Cell,
    Sheet,
    SpreadsheetError,
    column_letter,
    detect_format,
    read_spreadsheet,
)

EMPTY = Cell()
MERGED = Cell(merged=True)


def text(value):
    return Cell(value, "text")


def error_text(data, filename=""):
    with pytest.raises(SpreadsheetError) as caught, override("en"):
        read_spreadsheet(data, filename)
    with override("en"):
        return str(caught.value)


# Locations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "index, letter", [(0, "A"), (3, "D"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index, letter):
    assert column_letter(index) == letter


def test_error_names_where_it_happened():
    with override("en"):
        assert str(SpreadsheetError("Boom.", sheet="Plan", row=12, column=3)) == "Sheet “Plan”, row 12, column D: Boom."
        assert str(SpreadsheetError("Boom.", sheet="Plan", row=12)) == "Sheet “Plan”, row 12: Boom."
        assert str(SpreadsheetError("Boom.", sheet="Plan")) == "Sheet “Plan”: Boom."
        assert str(SpreadsheetError("Boom.", row=2, column=0)) == "Row 2, column A: Boom."
        assert str(SpreadsheetError("Boom.")) == "Boom."


def test_error_keeps_its_location_through_pickling():
    error = pickle.loads(pickle.dumps(SpreadsheetError("Boom.", sheet="Plan", row=3, column=1)))
    assert (error.message, error.sheet, error.row, error.column) == ("Boom.", "Plan", 3, 1)


# XLSX -----------------------------------------------------------------------


def xlsx_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_as_a_person_sees_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet["A1"] = "  Axe 1\xa0: Partager  "
    sheet["B1"] = "Fusion"
    sheet.merge_cells("B1:C2")
    sheet["A2"] = "=SUM(1,2)"
    sheet["A3"] = datetime.datetime(2024, 3, 1)
    sheet["B3"] = datetime.datetime(2024, 3, 1, 10, 30)
    sheet["A4"] = 2.2
    sheet["B4"] = 3.0
    sheet["C4"] = True
    sheet["D4"] = 0.5
    sheet["D4"].number_format = "0%"
    sheet["A5"] = "ligne 1\r\nligne 2"
    sheet["A6"] = "   "
    sheet["E7"] = "fin"
    sheet["A8"] = "Axe 2"
    sheet.merge_cells("A8:A9")
    sheet["B9"] = "Action"
    sheet["A40"].font = Font(bold=True)  # formatted, no value: trimmed
    sheet["H7"].font = Font(bold=True)
    workbook.create_sheet("Notes")["B2"] = 12
    workbook.create_chartsheet("Graphique").add_chart(BarChart())

    plan, notes = read_spreadsheet(xlsx_bytes(workbook), "plan.xlsx")

    assert plan.name == "Plan" and notes.name == "Notes"
    assert plan.rows == [
        [text("Axe 1 : Partager"), text("Fusion")],  # C1 covered, trimmed like any blank at the end
        [Cell("=SUM(1,2)", "formula")],
        [Cell("2024-03-01", "date"), Cell("2024-03-01 10:30", "date")],
        [Cell("2.2", "number"), Cell("3", "number"), Cell("VRAI", "bool"), Cell("50%", "number")],
        [text("ligne 1\nligne 2")],
        [],
        [EMPTY, EMPTY, EMPTY, EMPTY, text("fin")],
        [text("Axe 2")],
        [MERGED, text("Action")],
    ]
    assert notes.rows == [[], [EMPTY, Cell("12", "number")]]


def test_xlsx_reads_a_large_plan_whole():
    """Its speed is measured by make bench-import, not here."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    for row in range(6000):
        sheet.append([f"Action {row}.{column} pour le quartier" if column % 4 else row / 4 for column in range(20)])
    data = xlsx_bytes(workbook)

    (plan,) = read_spreadsheet(data)
    assert len(plan.rows) == 6000
    assert plan.rows[5999][:2] == [Cell("1499.75", "number"), text("Action 5999.1 pour le quartier")]


@pytest.mark.parametrize(
    "members",
    [{"xl/workbook.xml": b"<not-a-workbook"}, {"[Content_Types].xml": b"", "xl/workbook.xml": b"<workbook/>"}],
)
def test_invalid_workbook_is_unreadable(members):
    data = zip_bytes(members)
    assert detect_format(data) == "xlsx"
    assert "cannot be read" in error_text(data)


def test_truncated_workbook_is_unreadable():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x" * 5000
    data = xlsx_bytes(workbook)
    assert "cannot be read" in error_text(data[: len(data) // 2])


def test_zip_bomb_is_refused_before_unpacking(settings):
    settings.PLAN_IMPORT_MAX_BYTES = 50_000
    data = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b" " * 600_000})
    assert len(data) < 50_000
    assert "too large once uncompressed" in error_text(data)


# ODS ------------------------------------------------------------------------


def ods_cell(shown=None, **attributes):
    """A cell with `shown` as its displayed text; its value in `attributes`."""
    cell = TableCell(**attributes)
    if shown is not None:
        cell.addElement(P(text=shown))
    return cell


def ods_row(*cells, **attributes):
    row = TableRow(**attributes)
    for cell in cells:
        row.addElement(cell)
    return row


def ods_bytes(*tables):
    document = OpenDocumentSpreadsheet()
    for name, rows in tables:
        table = Table(name=name)
        for row in rows:
            table.addElement(row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_ods_cells_as_a_person_sees_them():
    title = TableCell(valuetype="string")
    paragraph = P(text="Axe")
    paragraph.addElement(S(c=3))
    paragraph.addElement(Span(text="1\xa0"))
    title.addElement(paragraph)
    title.addElement(P(text="Partager"))
    header = TableHeaderRows()  # rows printed on every page
    header.addElement(ods_row(title))
    rows = [
        TableColumn(numbercolumnsrepeated=3),
        header,
        ods_row(ods_cell("X", valuetype="string"), numberrowsrepeated=3),
        ods_row(
            ods_cell("Fusion", valuetype="string", numbercolumnsspanned=2),
            CoveredTableCell(),
            ods_cell("fin", valuetype="string"),
            ods_cell(numbercolumnsrepeated=1000),
        ),
        ods_row(ods_cell("6", formula="of:=SUM([.A1:.A3])", valuetype="float", value="6")),
        ods_row(
            ods_cell("01/03/2024", valuetype="date", datevalue="2024-03-01"),
            ods_cell("2,2", valuetype="float", value="2.2"),
            ods_cell("50 %", valuetype="percentage", value="0.5"),
            ods_cell("VRAI", valuetype="boolean", booleanvalue="true"),
            ods_cell("3,00 €", valuetype="currency", value="3", currency="EUR"),
        ),
        ods_row(ods_cell(numbercolumnsrepeated=5), numberrowsrepeated=2),
        ods_row(ods_cell(numbercolumnsrepeated=2), ods_cell("c", valuetype="string")),
        # LibreOffice's tail: a million empty rows, never expanded
        ods_row(ods_cell(numbercolumnsrepeated=1024), numberrowsrepeated=1_048_560),
    ]
    data = ods_bytes(("Plan", rows), ("Vide", [ods_row(ods_cell(numbercolumnsrepeated=3))]))
    assert detect_format(data, "plan.xlsx") == "ods"

    plan, empty = read_spreadsheet(data)

    assert (plan.name, empty.name, empty.rows) == ("Plan", "Vide", [])
    assert plan.rows == [
        [text("Axe   1\nPartager")],
        [text("X")],
        [text("X")],
        [text("X")],
        [text("Fusion"), MERGED, text("fin")],
        [Cell("=SUM([.A1:.A3])", "formula")],
        [
            Cell("2024-03-01", "date"),
            Cell("2.2", "number"),
            Cell("50%", "number"),
            Cell("VRAI", "bool"),
            Cell("3", "number"),
        ],
        [],
        [],
        [EMPTY, EMPTY, text("c")],
    ]


def test_ods_without_spreadsheet_content_is_unreadable():
    data = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<oops"})
    assert detect_format(data) == "ods"
    assert "cannot be read" in error_text(data)


# CSV ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Axe;Action;Pilote\nPartager;Fête de l'été;Hélène\n".encode(),
        "Axe;Action;Pilote\r\nPartager;Fête de l'été;Hélène\r\n".encode("utf-8-sig"),
        "Axe;Action;Pilote\r\nPartager;Fête de l'été;Hélène\r\n".encode("cp1252"),
        "Axe\tAction\tPilote\nPartager\tFête de l'été\tHélène\n".encode(),
        "Axe\tAction\tPilote\r\nPartager\tFête de l'été\tHélène\r\n".encode("utf-16"),
        "Axe|Action|Pilote\nPartager|Fête de l'été|Hélène\n".encode(),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "tab", "utf-16", "pipe"],
)
def test_csv_encodings_and_delimiters(data):
    assert detect_format(data) == "csv"
    (sheet,) = read_spreadsheet(data, "plan 2024.csv")
    assert sheet == Sheet(
        "plan 2024",
        [[text("Axe"), text("Action"), text("Pilote")], [text("Partager"), text("Fête de l'été"), text("Hélène")]],
    )


def test_cp1252_french_text_is_not_read_as_a_central_european_code_page():
    lines = [
        "N°;Axe;Action;Pilote",
        "1.1;Axe 1 – Partager;Créer du lien, été comme hiver;Hélène",
        "1.2;Noël;Fête « ensemble »;Chloé",
    ]
    (sheet,) = read_spreadsheet("\r\n".join(lines).encode("cp1252"))
    assert [[cell.value for cell in row] for row in sheet.rows] == [line.split(";") for line in lines]


def test_old_mac_csv_is_decoded():
    (sheet,) = read_spreadsheet("Pilote;Action\nHélène;Fête\n".encode("mac_roman"))
    assert sheet.rows[1] == [text("Hélène"), text("Fête")]


def test_csv_with_one_column_is_not_split_on_commas_in_the_text():
    (sheet,) = read_spreadsheet(b"Action\nUne, deux\nTrois, quatre, cinq\n")
    assert sheet.rows == [[text("Action")], [text("Une, deux")], [text("Trois, quatre, cinq")]]


def test_csv_quoted_fields_keep_delimiters_and_line_breaks():
    data = 'Axe,Action,Avancement\r\n"Partager, créer","ligne 1\r\nligne 2",50\r\n"Dire ""oui""",,\r\n,,\r\n\r\n'
    data = data.encode()
    (sheet,) = read_spreadsheet(data, r"C:\fakepath\Mon plan.csv")
    assert sheet.name == "Mon plan"
    assert sheet.rows == [
        [text("Axe"), text("Action"), text("Avancement")],
        [text("Partager, créer"), text("ligne 1\nligne 2"), text("50")],
        [text('Dire "oui"')],
    ]


def test_csv_delimiter_is_the_one_splitting_lines_evenly():
    data = "Axe;Action\nPartager, créer;Un, deux, trois\nAgir;Vite, bien\n".encode()
    (sheet,) = read_spreadsheet(data)
    assert sheet.name == "CSV"
    assert sheet.rows[1] == [text("Partager, créer"), text("Un, deux, trois")]


def test_csv_blank_rows_inside_are_kept_and_cells_trimmed():
    (sheet,) = read_spreadsheet(b"Titre;;\n;;\n\xc2\xa0;x;\n")
    assert sheet.rows == [[text("Titre")], [], [EMPTY, text("x")]]


# Detection and refusals ---------------------------------------------------------


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_that_is_not_a_spreadsheet():
    data = zip_bytes({"word/document.xml": b"<document/>", "mimetype": b"application/vnd.oasis.opendocument.text"})
    with pytest.raises(SpreadsheetError):
        detect_format(data, "plan.xlsx")
    assert "not a spreadsheet" in error_text(data, "plan.xlsx")


def test_password_protected_or_xls_is_refused_with_the_reason():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(4096)
    message = error_text(data, "plan.xlsx")
    assert "password" in message and ".xls" in message


def test_oversized_file_is_refused_before_parsing():
    data = os.urandom(20 * 1024 * 1024)
    started = time.monotonic()
    message = error_text(data)
    assert time.monotonic() - started < 1
    assert "10 MB" in message


def test_size_limit_comes_from_settings(settings):
    settings.PLAN_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    assert "2 MB" in error_text(b"a;b\n" * (600 * 1024))


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(1024 * 1024),
        os.urandom(1024 * 1024).replace(b"\x00", b"a"),
        b"%PDF-1.4\n\x01\x02\x03\x04\x05\x06 binary",
    ],
    ids=["random", "random-without-nul", "control-characters"],
)
def test_binary_junk_is_not_a_spreadsheet(data):
    started = time.monotonic()
    assert "not a spreadsheet" in error_text(data)
    assert time.monotonic() - started < 3


def test_web_page_saved_as_xls_is_refused():
    assert "web page" in error_text(b"<html><body><table><tr><td>Axe</td></tr></table></body></html>", "plan.xls")


@pytest.mark.parametrize("data", [b"", b"  \r\n\r\n", b"\xef\xbb\xbf\n"])
def test_empty_file(data):
    assert error_text(data) == "This file is empty."


def test_json_plan_is_detected_and_left_to_its_reader():
    data = json.dumps({"organisation": {"slug": "cerise"}, "plan": {"title": "Plan"}}).encode()
    assert detect_format(data, "plan.csv") == "json"
    assert "structured plan" in error_text(data)


def test_invalid_json_plan_says_where():
    with pytest.raises(SpreadsheetError) as caught:
        detect_format(b'{\n  "plan": {\n    "title": ,\n  }\n}\n')
    assert caught.value.row == 3


def test_yaml_plan_is_detected():
    data = "# Plan de CERISE\n---\norganisation:\n  slug: cerise\nplan:\n  title: Plan stratégique\n".encode()
    assert detect_format(data, "plan.csv") == "yaml"
    assert "structured plan" in error_text(data)


def test_invalid_yaml_plan_says_where():
    with pytest.raises(SpreadsheetError) as caught:
        detect_format(b"plan:\n  title: Plan\n  axes: [unclosed\n  - x: :\n")
    assert caught.value.row is not None


def test_csv_whose_header_looks_like_yaml_stays_csv():
    data = "Axe: orientations;Action\nPartager;Créer\n".encode()
    assert detect_format(data) == "csv"
    assert read_spreadsheet(data)[0].rows[0] == [text("Axe: orientations"), text("Action")]


# Row and column limits ---------------------------------------------------------


def test_too_many_rows_in_xlsx_names_the_sheet(settings):
    settings.PLAN_IMPORT_MAX_ROWS = 5
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    for row in range(6):
        workbook.active.append([f"Action {row}"])
    with override("en"), pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(xlsx_bytes(workbook))
    assert caught.value.sheet == "Plan"
    with override("en"):
        assert str(caught.value).startswith("Sheet “Plan”: More than 5 rows")
    with override("fr"), pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(xlsx_bytes(workbook))
    assert str(caught.value).startswith("Feuille « Plan » : Plus de 5 lignes")


def test_too_many_rows_in_ods_counts_repeated_rows(settings):
    settings.PLAN_IMPORT_MAX_ROWS = 5
    data = ods_bytes(("Plan", [ods_row(ods_cell("X", valuetype="string"), numberrowsrepeated=1_000_000)]))
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data)
    assert caught.value.sheet == "Plan"


def test_too_many_rows_in_csv(settings):
    settings.PLAN_IMPORT_MAX_ROWS = 5
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(b"a;b\n\n" * 6, "plan.csv")
    assert (caught.value.sheet, caught.value.row) == ("plan", None)


def test_unclosed_quote_names_the_row():
    data = b'Axe;Action\nPartager;"Cr\xc3\xa9er\n' + b"x" * 200_000
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data, "plan.csv")
    assert (caught.value.sheet, caught.value.row) == ("plan", 2)


def test_csv_content_past_the_last_possible_row_is_refused(monkeypatch):
    monkeypatch.setattr(readers.delimited, "MAX_SHEET_ROWS", 10)  # the CSV reader holds the limit
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(b"a;b\n" + b"\n" * 20 + b"c;d\n", "plan.csv")
    assert caught.value.sheet == "plan"


def test_too_many_columns_names_the_row():
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(b"a;b\n" + b"x;" * 2000 + b"x\n", "plan.csv")
    assert (caught.value.sheet, caught.value.row) == ("plan", 2)


def test_ods_cell_repeated_across_a_whole_row_is_refused():
    data = ods_bytes(("Plan", [ods_row(ods_cell("X", valuetype="string", numbercolumnsrepeated=16384))]))
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data)
    assert (caught.value.sheet, caught.value.row) == ("Plan", 1)
