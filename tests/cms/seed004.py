"""Seed 004 rebuilt as the spreadsheet it was exported from.

The seed is a text extraction: each line a row, cells separated by tabs. The
importer itself copes with what the original sheet really has (title rows,
repeated page headers, blank cells carrying down, numbers a cell aside,
duplicated rows). Four cells were moved to another column by the extraction
only (the original has them in merged cells in their own column); they are
put back here, and nothing else is touched.
"""

import csv
import io
from pathlib import Path

import openpyxl
from django.conf import settings

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "004_7c7427ed99dc6f27.txt"
AXIS_1 = "Ancrer les actions d'Entraide et Solidarités dans les aspirations des personnes et les défis sociétaux"

# (line in the seed file, text at the start of the misplaced cell, column it belongs to)
MOVED_BY_EXTRACTION = [
    (44, "Avoir un rôle d'observatoire social", 2),  # objective 5.2, found in the axis column
    (61, "Promouvoir la transversalité", 2),  # objective 7.3, found in the goal column
    (65, "Engagement n°8", 1),  # engagement 8, found in the axis column
]


def seed_rows() -> list[list[str]]:
    if not SEED.exists():
        raise FileNotFoundError(f"{SEED} is missing: the tests read the seeds of shared/, next to the repository.")
    rows = [line.split("\t") for line in SEED.read_text(encoding="utf-8").split("\n")]
    # Axis 1 is a tall merged cell whose text the extraction split across two pages.
    assert rows[9][0].startswith("de et Solidarités") and rows[29][0] == "Ancrer les actions d'Entraide"
    rows[9][0], rows[29][0] = AXIS_1, ""
    for line, start, column in MOVED_BY_EXTRACTION:
        row = rows[line - 1]
        position = next(i for i, cell in enumerate(row) if cell.startswith(start))
        text = row[position]
        row[position] = ""
        if not row[column]:
            row[column] = text
        else:  # the row's own cells were shifted: insert the text where it belongs
            row.insert(column, text)
    return rows


def seed_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan 2021-2024"
    for row in seed_rows():
        sheet.append([cell if cell else None for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_csv(delimiter=";", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(seed_rows())
    return buffer.getvalue().encode(encoding)
