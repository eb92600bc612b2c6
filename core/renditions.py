"""Smaller copies of the uploaded images (project images, journal photos),
so that a 346-pixel card is not sent a 2000-pixel photo.

A rendition is a file next to its original, under a name computed from the
original's name, its width and its format
(`projects/7/images/renditions/<original>-640.webp`): no table, no query,
the same name on every page. It is encoded at the first request for
it (no upload waits for a dozen encodings), then served as stored; never
re-encoded per request. The originals were already re-encoded from
their pixels (core/uploads.py), turned upright and stripped of EXIF; the
renditions are made from them with nothing but pixels either.

Renditions are served by the same views as their original, after the same
check of who may see it (core/views.py: protected_file): a hidden
project's rendition is as unreachable as its original. Deleting the
original deletes them (`renditions_delete`).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, features

# Widths offered in srcset: a card (about 22rem), the detail column (about
# 46rem), and both at twice the density. The original's own width is
# always offered too, as the largest.
WIDTHS = (320, 480, 640, 960, 1280, 1600)
# Avatars are shown at 32 pixels beside a comment, 96 on the profile.
AVATAR_WIDTHS = (32, 64, 96, 192)

MODERN_FORMATS = tuple(fmt for fmt in ("avif", "webp") if features.check(fmt))
CONTENT_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
PIL_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG", "png": "PNG"}
SAVE_OPTIONS = {
    "avif": {"quality": 60},
    "webp": {"quality": 80, "method": 4},
    "jpg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}
FOLDER = "renditions"


def fallback_format(name: str) -> str:
    """The format every browser reads: PNG for an original kept in PNG
    (it has transparency), JPEG otherwise."""
    return "png" if name.lower().endswith(".png") else "jpg"


def formats_for(name: str) -> tuple[str, ...]:
    return (*MODERN_FORMATS, fallback_format(name))


def widths_for(width: int, preset: str = "photo") -> tuple[int, ...]:
    """The widths an original `width` pixels wide is offered in: the
    standard ones it is larger than, and its own; an avatar, always shown
    small, in the same few widths whatever its own."""
    if preset == "avatar":
        return AVATAR_WIDTHS
    if width <= 0:
        return ()
    return (*(size for size in WIDTHS if size < width), width)


def is_offered(name: str, original_width: int, width: int, fmt: str, preset: str = "photo") -> bool:
    return width in widths_for(original_width, preset) and fmt in formats_for(name)


def rendition_name(name: str, width: int, fmt: str) -> str:
    path = PurePosixPath(name)
    return str(path.parent / FOLDER / f"{path.stem}-{width}.{fmt}")


def _encode(original: Image.Image, width: int, fmt: str) -> bytes:
    picture = original
    if width < original.width:
        height = max(1, round(original.height * width / original.width))
        picture = original.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if fmt == "jpg" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    buffer = BytesIO()
    # No exif=, icc_profile= nor info: pixels only.
    picture.save(buffer, PIL_FORMATS[fmt], **SAVE_OPTIONS[fmt])
    return buffer.getvalue()


def _open(file) -> Image.Image:
    with file.open("rb") as handle:
        picture = Image.open(BytesIO(handle.read()))
        picture.load()
    ImageOps.exif_transpose(picture, in_place=True)
    if picture.mode not in ("RGB", "RGBA", "L"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    return picture


def _store(storage, name: str, data: bytes) -> None:
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # made at the same moment by another request: keep one
        storage.delete(saved)


@dataclass(frozen=True)
class Rendition:
    name: str
    content_type: str


def rendition_get(file, *, width: int, fmt: str) -> Rendition:
    """The stored rendition of `file`, encoded now if it is the first time
    anyone asks for it. The caller has checked `is_offered`."""
    name = rendition_name(file.name, width, fmt)
    if not file.storage.exists(name):
        _store(file.storage, name, _encode(_open(file), width, fmt))
    return Rendition(name=name, content_type=CONTENT_TYPES[fmt])


def renditions_delete(storage, name: str) -> None:
    """The renditions of the original stored as `name`, whatever widths and
    formats were made."""
    path = PurePosixPath(name)
    folder = str(path.parent / FOLDER)
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{path.stem}-"
    for file in files:
        if file.startswith(prefix) and file[len(prefix):].split(".", 1)[0].isdecimal():
            storage.delete(f"{folder}/{file}")


def images_delete_on_commit(files) -> None:
    """Remove stored images and their renditions once the rows that named
    them are gone for good (nothing is removed if the transaction fails)."""
    from django.db import transaction

    names = [(file.storage, file.name) for file in files if file]

    def delete():
        for storage, name in names:
            storage.delete(name)
            renditions_delete(storage, name)

    transaction.on_commit(delete)
