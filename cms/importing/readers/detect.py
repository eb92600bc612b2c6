"""Which format a file is, by its content, and reading it."""

import io
import json
import re
import zipfile

import charset_normalizer
import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from .base import CONTROL_CHARACTERS, MAX_BYTES, Sheet, SpreadsheetError, _megabytes, _not_a_spreadsheet, _unreadable
from .delimited import _read_csv
from .ods import _read_ods
from .xlsx import _read_xlsx

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old .xls, or an encrypted .xlsx


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


# Non-UTF-8 CSV in France comes from Excel on Windows, rarely from an old Mac;
# charset_normalizer alone often picks a Central European code page for short
# French text (“é” reads the same, “è” becomes “č”).
WESTERN_ENCODINGS = {"cp1252": "cp1252", "mac_roman": "mac_roman", "mac_iceland": "mac_roman"}  # by preference


YAML_KEY = re.compile(r"^[A-Za-z_]+:")


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

