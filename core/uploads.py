"""Checks on the files people upload: every image (project images, avatars,
and the Wagtail admin's images, see cms/forms.py) and every document.

A file is judged by its bytes, never by its name or by the type the browser
declares: both are chosen by whoever sends it. Images are judged from their
header before a single pixel is decoded (a 20 KB PNG can claim 169 million
pixels, a gigabyte once decoded), then decoded and re-encoded, so that only
pixels reach other visitors (no metadata, no location, no payload hidden
after the picture). Documents are kept as sent, but only when their content
is a type we can name and that cannot run; they are served as downloads
(core/views.py: protected_file), never as a page.
"""

from __future__ import annotations

import secrets
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# A JPEG photo is decoded straight at a reduced scale (1/2 to 1/8), so it
# may have many pixels; what must be decoded whole (PNG, WebP, GIF, or a
# JPEG too narrow to be reduced) costs 4 bytes a pixel, and more while it
# is converted: it may have fewer.
MAX_IMAGE_PIXELS = 40_000_000
MAX_DECODED_PIXELS = 16_000_000
MAX_IMAGE_SIDE = 2000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_RATIO = 200
MAX_NAME_LENGTH = 150

# MPO is how Pillow names the JPEG photos of many cameras and phones.
IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)

PDF = ("application/pdf", ".pdf")
TEXT = ("text/plain", ".txt")
CSV = ("text/csv", ".csv")
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, both byte orders, 32 and 64 bits)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal binary, Java class
    b"#!",  # script
)
HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int
    content_type: str


@dataclass(frozen=True)
class CleanAttachment:
    content: ContentFile
    content_type: str
    size: int
    original_name: str


def image_clean(upload: File, *, max_side: int = MAX_IMAGE_SIDE) -> CleanImage:
    """An image re-encoded from its pixels alone, at most `max_side` pixels
    on its long side, or a ValidationError saying what to send instead.
    Nothing the sender wrote into the file (location, camera, comments,
    trailing bytes) survives."""
    name = display_name(upload.name, fallback=_("image"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        picture = _decode(_checked_image(upload, name, max_side), name, max_side)
    content, content_type = _encode(picture)
    return CleanImage(content=content, width=picture.width, height=picture.height, content_type=content_type)


def image_check(upload: File) -> None:
    """The checks of image_clean that the header answers (markup, format,
    MAX_IMAGE_PIXELS), for an image kept as sent: the Wagtail admin's
    originals, whose renditions Wagtail decodes later."""
    name = display_name(upload.name, fallback=_("image"))
    _checked_image(upload, name, None)
    upload.seek(0)


def _checked_image(upload: File, name: str, max_side: int | None) -> Image.Image:
    data = _read_at_most(upload, MAX_IMAGE_BYTES, name, _image_too_large)
    _refuse_markup(data, name)
    return _open_image(data, name, max_side)


def attachment_clean(upload: File) -> CleanAttachment:
    """A document kept byte for byte under a random name, once its content is
    known to be a PDF, an office document without macros, or plain text."""
    name = display_name(upload.name)
    data, content_type, extension = _checked_attachment(upload, name)
    return CleanAttachment(
        content=ContentFile(data, name=_random_name(extension)),
        content_type=content_type,
        size=len(data),
        original_name=name,
    )


def attachment_check(upload: File) -> None:
    """The checks of attachment_clean for a document kept under the name it
    was sent with (the Wagtail admin's documents, served with a type read
    from that name): its content must also be what the name says."""
    name = display_name(upload.name)
    _data, _content_type, extension = _checked_attachment(upload, name)
    upload.seek(0)
    if not name.lower().endswith(extension):
        raise ValidationError(
            _("“%(name)s” is not what its name says: its content is a %(extension)s document. Rename it, or send "
              "the right file."),
            code="extension", params={"name": name, "extension": extension},
        )


def _checked_attachment(upload: File, name: str) -> tuple[bytes, str, str]:
    data = _read_at_most(upload, MAX_ATTACHMENT_BYTES, name, _attachment_too_large)
    if not data:
        raise ValidationError(_("“%(name)s” is empty: choose the file again."), code="empty", params={"name": name})
    return data, *_attachment_type(data, name)


def display_name(name: str | None, fallback: str = "document") -> str:
    """The uploaded name as it may be shown back to people: the sender chose
    it, so no folder, no control or direction-changing character, and a
    length that fits on a line."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    visible = "".join(char for char in base if not unicodedata.category(char).startswith("C"))
    return _shorten(visible.strip()) or fallback


def _shorten(name: str) -> str:
    """Long names lose the end of their stem, so that the extension, which
    tells people what they will open, stays visible."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:MAX_NAME_LENGTH].rstrip()
    return stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension


def _random_name(extension: str) -> str:
    """Stored names say nothing about the sender and cannot be guessed."""
    return secrets.token_hex(16) + extension


def _read_at_most(upload: File, limit: int, name: str, refuse: Callable[[str, int, int], ValidationError]) -> bytes:
    """The whole content, without ever holding more than the limit in memory
    even when the declared size is wrong."""
    declared = getattr(upload, "size", None) or 0
    if declared > limit:
        raise refuse(name, declared, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise refuse(name, max(declared, len(data)), limit)
    return data


def _image_too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” weighs %(size)s; images may weigh %(limit)s at most: send a smaller copy."),
        code="too_large",
        params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def _attachment_too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” weighs %(size)s; documents may weigh %(limit)s at most: compress it or split it."),
        code="too_large",
        params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


# Images


def _refuse_markup(data: bytes, name: str) -> None:
    """SVG and HTML are text a browser runs, whatever the name says."""
    head = data[:1024].removeprefix(UTF8_BOM).lstrip()
    if head.startswith(b"<") or b"<svg" in head.lower():
        raise ValidationError(
            _(
                "“%(name)s” is a drawing or a web page (SVG, HTML), which is not accepted because it can carry "
                "scripts: export it as PNG or JPEG."
            ),
            code="svg",
            params={"name": name},
        )


def _open_image(data: bytes, name: str, max_side: int | None) -> Image.Image:
    """Reads the header only: size and format are checked before a single
    pixel is decoded, so a small file cannot claim gigabytes of memory;
    with `max_side`, what decoding down to that side will hold too."""
    try:
        with warnings.catch_warnings():
            # Pillow's own warning (past 89 million pixels) would hide the
            # size, which the limits below tell the sender; past twice that
            # it refuses to open the file at all.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except (UnidentifiedImageError, *DECODING_ERRORS):
        raise _not_image(name) from None
    if image.format not in IMAGE_FORMATS:
        raise ValidationError(
            _("“%(name)s” is a %(format)s image, which is not accepted: send a JPEG, PNG, WebP or GIF photo."),
            code="format",
            params={"name": name, "format": image.format or "?"},
        )
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(name, image.size)
    if max_side and decoded_pixels(image, max_side) > MAX_DECODED_PIXELS:
        raise _too_many_pixels_to_decode(name, image.size)
    return image


def decoded_pixels(image: Image.Image, max_side: int = MAX_IMAGE_SIDE) -> int:
    """The pixels decoding will hold in memory, from the header: a JPEG is
    read at the smallest scale (1, 1/2, 1/4, 1/8) that keeps `max_side`
    pixels on both sides, as `draft` does; anything else whole (the first
    frame of an animation only)."""
    if image.format not in ("JPEG", "MPO"):
        return image.width * image.height
    fits = min(image.width, image.height) // max_side
    scale = max(scale for scale in (1, 2, 4, 8) if scale <= max(fits, 1))
    return -(-image.width // scale) * -(-image.height // scale)


def _decode(image: Image.Image, name: str, max_side: int) -> Image.Image:
    """The first frame only, turned the way the camera meant it to be seen
    and shrunk; a JPEG is decoded straight at a reduced scale when it can."""
    try:
        image.draft(None, (max_side, max_side))
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        return _shrink(image, max_side)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except DECODING_ERRORS:
        raise _not_image(name) from None


def _shrink(image: Image.Image, max_side: int) -> Image.Image:
    """Pixels only, in sRGB and at most `max_side` on their long side;
    alpha is kept only where some pixel is actually transparent. Images
    in full colour or grey are shrunk before being converted, so that the
    full-size picture is held once, not twice."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    picture = _to_srgb(image.convert(mode))
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if picture.mode == "RGBA" and picture.getchannel("A").getextrema()[0] == 255:
        picture = picture.convert("RGB")
    picture.info = {}
    return picture


def _encode(picture: Image.Image) -> tuple[ContentFile, str]:
    """JPEG for photos, PNG only where transparency has to be kept. No exif=
    nor info is passed on, so no EXIF, GPS, ICC profile or comment is
    written back."""
    buffer = BytesIO()
    if picture.mode == "RGBA":
        picture.save(buffer, "PNG", optimize=True)
        extension, content_type = ".png", "image/png"
    else:
        picture.save(buffer, "JPEG", quality=85, optimize=True)
        extension, content_type = ".jpg", "image/jpeg"
    return ContentFile(buffer.getvalue(), name=_random_name(extension)), content_type


def _to_srgb(image: Image.Image) -> Image.Image:
    """Recent phones shoot in wide-gamut colour: converting to sRGB keeps the
    colours right once the profile is dropped."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _not_image(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not an image: send a JPEG, PNG, WebP or GIF photo."),
        code="not_image",
        params={"name": name},
    )


def _too_many_pixels_to_decode(name: str, size: tuple[int, int]) -> ValidationError:
    width, height = (number_format(side, force_grouping=True) for side in size)
    return ValidationError(
        _(
            "“%(name)s” is %(width)s × %(height)s pixels; an image that cannot be read at a reduced scale (PNG, "
            "WebP, GIF, or a very long JPEG) may have %(limit)s million pixels at most: reduce it."
        ),
        code="too_many_pixels",
        params={"name": name, "width": width, "height": height,
                "limit": number_format(MAX_DECODED_PIXELS // 1_000_000)},
    )


def _too_many_pixels(name: str, size: tuple[int, int] | None = None) -> ValidationError:
    params = {"name": name, "limit": number_format(MAX_IMAGE_PIXELS // 1_000_000)}
    if size is None:
        message = _("“%(name)s” has too many pixels; images may have %(limit)s million pixels at most: reduce it.")
    else:
        message = _(
            "“%(name)s” is %(width)s × %(height)s pixels; images may have %(limit)s million pixels at most: reduce it."
        )
        width, height = (number_format(side, force_grouping=True) for side in size)
        params |= {"width": width, "height": height}
    return ValidationError(message, code="too_many_pixels", params=params)


# Attachments


def _attachment_type(data: bytes, name: str) -> tuple[str, str]:
    """(content type, extension) read from the content. The name only chooses
    between two textual types; it never makes other bytes acceptable."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data, name)
    _refuse_attachment(data, name)
    if _is_utf8_text(data):
        return CSV if name.lower().endswith(".csv") else TEXT
    if _is_legacy_text(data):
        raise ValidationError(
            _("“%(name)s” is text in another encoding than UTF-8: save it again as UTF-8 (for a table, “CSV UTF-8”)."),
            code="encoding",
            params={"name": name},
        )
    raise ValidationError(
        _(
            "“%(name)s” is not an accepted document: send a PDF, an OpenDocument or Office document "
            "(without macros), or a text file."
        ),
        code="type",
        params={"name": name},
    )


def _refuse_attachment(data: bytes, name: str) -> None:
    """Images have their own place; programs and web pages run when opened.
    Checked before the text rule, since a script is valid UTF-8."""
    if data.startswith(IMAGE_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        message, code = _("“%(name)s” is an image: add it with the images of the project."), "image_as_attachment"
    elif data.removeprefix(UTF8_BOM).startswith(EXECUTABLE_SIGNATURES):
        message = _("“%(name)s” looks like a program, which cannot be attached: send a PDF or an office document.")
        code = "executable"
    elif any(marker in data[:1024].lower() for marker in HTML_MARKERS):
        message = _("“%(name)s” is a web page, which cannot be attached because it can carry scripts: save it as PDF.")
        code = "html"
    else:
        return
    raise ValidationError(message, code=code, params={"name": name})


def _is_utf8_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _is_legacy_text(data: bytes) -> bool:
    """Windows-1252 and Latin-1 files, as spreadsheets save their CSV by
    default in France: worth a message that says how to fix them."""
    return not any(byte < 0x20 and byte not in b"\t\n\r\x0c" for byte in data)


def _office_type(data: bytes, name: str) -> tuple[str, str]:
    """Only the zip files that are office documents, judged from the central
    directory before anything is decompressed."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            _refuse_bomb(members, name)
            kind = _odf_type(archive, members) or _ooxml_type(members)
            if kind is None:
                raise ValidationError(
                    _("“%(name)s” is a compressed archive, which is not accepted: attach its documents one by one."),
                    code="archive",
                    params={"name": name},
                )
            _refuse_macros(archive, members, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, *DECODING_ERRORS):
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be read: save it again and send the new copy."),
            code="unreadable",
            params={"name": name},
        ) from None
    return kind


def _refuse_bomb(members: list[zipfile.ZipInfo], name: str) -> None:
    """A few kilobytes can unzip to gigabytes in whatever opens them later
    (a preview, an antivirus, a resident's computer)."""
    too_dense = any(m.compress_size > 0 and m.file_size / m.compress_size > MAX_ZIP_RATIO for m in members)
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES or too_dense:
        raise ValidationError(
            _("“%(name)s” would take far too much room once opened: save it again, or as a PDF."),
            code="archive_bomb",
            params={"name": name},
        )


def _odf_type(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> tuple[str, str] | None:
    if not members or members[0].filename != "mimetype":
        return None
    mimetype = archive.read(members[0]).decode("ascii", errors="replace").strip()
    return (mimetype, ODF_TYPES[mimetype]) if mimetype in ODF_TYPES else None


def _ooxml_type(members: list[zipfile.ZipInfo]) -> tuple[str, str] | None:
    names = [m.filename for m in members]
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for prefix, kind in OOXML_TYPES.items() if any(n.startswith(prefix) for n in names)), None)


def _refuse_macros(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """Office macros run with the rights of whoever opens the document:
    VBA projects in Office files, Basic and scripts in OpenDocument ones."""
    names = [m.filename for m in members]
    has_vba = any(n.lower().endswith("vbaproject.bin") for n in names)
    has_odf_macros = any(n.startswith(("Basic/", "Scripts/")) for n in names)
    if has_vba or has_odf_macros or b"macroenabled" in _content_types(archive, names).lower():
        raise ValidationError(
            _(
                "“%(name)s” contains macros, which are not accepted: save it without macros "
                "(.docx, .xlsx, .pptx, .odt, .ods, .odp)."
            ),
            code="macro",
            params={"name": name},
        )


def _content_types(archive: zipfile.ZipFile, names: list[str]) -> bytes:
    if "[Content_Types].xml" not in names:
        return b""
    with archive.open("[Content_Types].xml") as part:
        return part.read(1024 * 1024)
