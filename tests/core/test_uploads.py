"""Files residents attach are judged by their content, never by their name."""

import contextlib
import re
import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageFile

from core import uploads
from core.uploads import (
    MAX_ATTACHMENT_BYTES,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_SIDE,
    attachment_clean,
    display_name,
    image_clean,
)

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf|odt|docx|xlsx|txt|csv)$")
PE_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500
ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500
DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield



def upload(name, content):
    return SimpleUploadedFile(name, content)


def refused(clean, name, content, code):
    """The refusal's code, and a message that names the file as it was sent."""
    with pytest.raises(ValidationError) as caught:
        clean(upload(name, content))
    error = caught.value
    assert error.code == code
    message = " ".join(error.messages)
    assert display_name(name) in message
    return message


def image_bytes(image, fmt, **options):
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def reopened(clean):
    return Image.open(BytesIO(clean.content.read()))


def png_header_only(width, height):
    """A valid PNG whose header claims width × height but whose data is a few
    bytes: what a decompression bomb looks like before it is decoded."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def png_bomb(width=13_000, height=13_000):
    """A real PNG of width × height black pixels: a few kilobytes (about
    20 KB for 169 million pixels) that decode to hundreds of megabytes."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _row in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def gif_claiming(width, height, frames=2):
    """An animated GIF of tiny frames whose logical screen claims width × height."""
    small = [Image.new("P", (2, 2), index) for index in range(frames)]
    content = bytearray(image_bytes(small[0], "GIF", save_all=True, append_images=small[1:]))
    content[6:10] = struct.pack("<HH", width, height)
    return bytes(content)


def zipped(members, first_stored=False):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members.items()):
            stored = first_stored and index == 0
            archive.writestr(name, content, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx(**extra):
    return zipped({"[Content_Types].xml": DOCX_CONTENT_TYPES, "word/document.xml": b"<w:document/>", **extra})


def odt(**extra):
    members = {"mimetype": ODT_MIMETYPE, "content.xml": b"<office:document-content/>", **extra}
    return zipped(members, first_stored=True)


@contextlib.contextmanager
def decoding_forbidden():
    """Fails the test if any pixel is decoded meanwhile."""

    def load(self):
        raise AssertionError("pixels were decoded")

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Image.Image, "load", load)
        patched.setattr(ImageFile.ImageFile, "load", load)
        yield


@pytest.fixture
def no_decoding():
    with decoding_forbidden():
        yield


# Images


def test_photo_is_reencoded_turned_shrunk_and_stripped_of_its_location():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    photo = image_bytes(Image.new("RGB", (2500, 1000), (200, 30, 30)), "JPEG", exif=exif, comment=b"secret")
    assert Image.open(BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = image_clean(upload("IMG_0001.jpg", photo))

    assert (clean.content_type, clean.width, clean.height) == ("image/jpeg", 800, 2000)
    assert RANDOM_NAME.match(clean.content.name) and clean.content.name.endswith(".jpg")
    result = reopened(clean)
    assert (result.format, result.size) == ("JPEG", (800, 2000))
    assert len(result.getexif()) == 0
    assert "comment" not in result.info and "icc_profile" not in result.info
    assert b"secret" not in clean.content.read() and b"Phone" not in clean.content.read()


def test_two_images_never_share_a_name():
    photo = image_bytes(Image.new("RGB", (20, 10)), "JPEG")
    assert image_clean(upload("a.jpg", photo)).content.name != image_clean(upload("a.jpg", photo)).content.name


def test_colour_profile_is_applied_then_dropped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = image_bytes(Image.new("RGB", (30, 20), (10, 120, 200)), "PNG", icc_profile=srgb)

    clean = image_clean(upload("profil.png", photo))

    result = reopened(clean)
    assert result.format == "JPEG" and "icc_profile" not in result.info


def test_transparent_png_stays_png_with_alpha():
    logo = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    logo.putpixel((5, 5), (0, 0, 255, 255))

    clean = image_clean(upload("logo.png", image_bytes(logo, "PNG")))

    assert clean.content_type == "image/png" and clean.content.name.endswith(".png")
    result = reopened(clean)
    assert (result.format, result.mode) == ("PNG", "RGBA")
    assert result.getpixel((0, 0))[3] == 0 and result.getpixel((5, 5)) == (0, 0, 255, 255)


def test_png_whose_alpha_is_all_opaque_becomes_jpeg():
    clean = image_clean(upload("capture.png", image_bytes(Image.new("RGBA", (40, 30), (0, 90, 0, 255)), "PNG")))
    assert clean.content_type == "image/jpeg" and reopened(clean).format == "JPEG"


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animation_keeps_its_first_frame_only(fmt):
    red, blue = Image.new("RGB", (32, 32), (255, 0, 0)), Image.new("RGB", (32, 32), (0, 0, 255))
    animation = image_bytes(red, fmt, save_all=True, append_images=[blue], duration=100, loop=0)
    assert Image.open(BytesIO(animation)).n_frames == 2

    clean = image_clean(upload(f"anim.{fmt.lower()}", animation))

    result = reopened(clean)
    assert result.format in {"JPEG", "PNG"} and getattr(result, "n_frames", 1) == 1
    r, g, b = result.convert("RGB").getpixel((16, 16))
    assert r > 200 and b < 60


def test_multi_picture_jpeg_from_a_camera_is_accepted():
    second = Image.new("RGB", (60, 40))
    photo = image_bytes(Image.new("RGB", (60, 40), "green"), "MPO", save_all=True, append_images=[second])
    assert Image.open(BytesIO(photo)).format == "MPO"
    assert image_clean(upload("DSC0001.JPG", photo)).content_type == "image/jpeg"


def test_sixteen_bit_greyscale_png_is_accepted():
    scan = Image.new("I;16", (30, 20), 40000)
    assert image_clean(upload("scan.png", image_bytes(scan, "PNG"))).content_type == "image/jpeg"


@pytest.mark.parametrize("content", [PE_EXECUTABLE, ELF_EXECUTABLE, b"Bonjour, ceci est du texte.\n" * 20])
def test_renamed_program_or_text_is_not_an_image(content):
    message = refused(image_clean, "photo.jpg", content, "not_image")
    assert "JPEG, PNG, WebP or GIF" in message


def test_truncated_jpeg_is_not_an_image():
    noise = Image.effect_noise((200, 200), 80).convert("RGB")
    photo = image_bytes(noise, "JPEG", quality=95)
    refused(image_clean, "coupée.jpg", photo[: len(photo) // 2], "not_image")


def test_image_over_the_size_limit_is_refused_before_being_read():
    content = b"\xff\xd8\xff\xe0" + b"\x00" * (MAX_IMAGE_BYTES + 1)
    message = refused(image_clean, "énorme.jpg", content, "too_large")
    assert filesizeformat(MAX_IMAGE_BYTES) in message


def test_image_size_limit_is_the_module_constant(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 100)
    refused(image_clean, "photo.jpg", image_bytes(Image.effect_noise((64, 64), 50), "JPEG"), "too_large")


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'\xef\xbb\xbf  <?xml version="1.0"?>\n<svg onload="alert(1)"/>',
        b"<html><body><script>alert(1)</script></body></html>",
    ],
)
def test_svg_or_html_named_as_png_is_refused(content):
    message = refused(image_clean, "logo.png", content, "svg")
    assert "PNG or JPEG" in message


def test_decompression_bomb_is_refused_from_its_header(no_decoding):
    refused(image_clean, "bombe.png", png_header_only(20_000, 20_000), "too_many_pixels")


def test_small_png_of_169_million_pixels_is_refused_before_decoding(no_decoding):
    """The bomb of issue 18: about 20 KB, 169 million pixels, a gigabyte once decoded."""
    content = png_bomb()
    assert len(content) < 30_000
    message = refused(image_clean, "avatar.png", content, "too_many_pixels")
    assert "is 13,000 × 13,000 pixels; images may have 40 million pixels at most" in message


def test_animated_gif_claiming_billions_of_pixels_is_refused():
    content = gif_claiming(65_535, 65_535)
    with decoding_forbidden():
        refused(image_clean, "anim.gif", content, "too_many_pixels")


def test_what_must_be_decoded_whole_has_a_lower_pixel_limit(monkeypatch):
    """A JPEG is read at a reduced scale; a PNG of the same size would be
    held whole in memory, and is refused from its header."""
    monkeypatch.setattr(uploads, "MAX_DECODED_PIXELS", 1_000_000)
    photo = Image.effect_noise((1600, 1200), 40).convert("RGB")
    assert image_clean(upload("photo.jpg", image_bytes(photo, "JPEG")), max_side=250).width == 250
    capture = image_bytes(photo, "PNG")
    with decoding_forbidden():
        message = refused(lambda file: image_clean(file, max_side=250), "capture.png", capture, "too_many_pixels")
    assert "is 1,600 × 1,200 pixels; an image that cannot be read at a reduced scale" in message
    assert "may have 1 million pixels at most" in message


@pytest.mark.parametrize(("size", "fmt", "decoded"), [
    ((800, 500), "JPEG", 200 * 125),  # read at 1/4: both sides stay over 100
    ((800, 50), "JPEG", 800 * 50),  # too narrow to be reduced
    ((800, 500), "PNG", 800 * 500),
])
def test_decoded_pixels_are_known_from_the_header(size, fmt, decoded):
    image = Image.open(BytesIO(image_bytes(Image.new("RGB", size), fmt)))
    assert uploads.decoded_pixels(image, max_side=100) == decoded


def test_images_kept_as_sent_get_the_header_checks():
    """image_check, for the Wagtail admin's originals: the same refusals,
    nothing decoded, the file left ready to be read again."""
    from core.uploads import image_check

    bomb, photo = png_bomb(), upload("photo.png", image_bytes(Image.new("RGB", (64, 64)), "PNG"))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with decoding_forbidden():
        for name, content, code in (("bombe.png", bomb, "too_many_pixels"), ("logo.png", svg, "svg")):
            refused(image_check, name, content, code)
        image_check(photo)
    assert photo.read(8) == b"\x89PNG\r\n\x1a\n"


def test_image_over_the_pixel_limit_is_refused_with_its_size(no_decoding):
    with translation.override("en"):
        message = refused(image_clean, "panorama.png", png_header_only(7_000, 7_000), "too_many_pixels")
    assert "is 7,000 × 7,000 pixels; images may have 40 million pixels at most" in message


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM"])
def test_other_image_formats_are_refused(fmt):
    message = refused(image_clean, f"dessin.{fmt.lower()}", image_bytes(Image.new("RGB", (16, 16)), fmt), "format")
    assert fmt in message


# Attachments


def test_pdf_is_kept_as_sent_under_a_random_name():
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

    clean = attachment_clean(upload("../../etc/Compte\x00rendu.pdf", pdf))

    assert (clean.content_type, clean.size, clean.original_name) == ("application/pdf", len(pdf), "Compterendu.pdf")
    assert RANDOM_NAME.match(clean.content.name) and clean.content.name.endswith(".pdf")
    assert clean.content.read() == pdf


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("C:\\Users\\Zoé\\Bilan 2025.pdf", "Bilan 2025.pdf"),
        ("dossier/\u202egpj.exe", "gpj.exe"),
        ("\x07\x1b", "document"),
        ("", "document"),
        (None, "document"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_names_are_shown_without_folder_control_characters_or_excess(name, shown):
    assert display_name(name) == shown


def test_name_from_any_file_object_is_sanitised():
    pdf = File(BytesIO(b"%PDF-1.4\n"), name="/home/zoé/Documents/compte-rendu.pdf")
    assert attachment_clean(pdf).original_name == "compte-rendu.pdf"


def test_docx_is_accepted():
    clean = attachment_clean(upload("rapport.docx", docx()))
    assert clean.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert clean.content.name.endswith(".docx")


def test_xlsx_is_accepted_whatever_its_name():
    workbook = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    clean = attachment_clean(upload("budget", workbook))
    assert clean.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert clean.content.name.endswith(".xlsx")


def test_odt_is_accepted():
    clean = attachment_clean(upload("compte-rendu.odt", odt()))
    assert (clean.content_type, clean.content.name[-4:]) == ("application/vnd.oasis.opendocument.text", ".odt")


@pytest.mark.parametrize(
    "content",
    [
        docx(**{"word/vbaProject.bin": b"\x00VBA"}),
        zipped(
            {
                "[Content_Types].xml": b'<Types><Default ContentType="application/vnd.ms-excel.sheet.macroEnabled'
                b'.main+xml"/></Types>',
                "xl/workbook.xml": b"<workbook/>",
            }
        ),
        odt(**{"Basic/Standard/Module1.xml": b"<script:module/>"}),
    ],
)
def test_office_document_with_macros_is_refused(content):
    message = refused(attachment_clean, "rapport.docx", content, "macro")
    assert "without macros" in message


def test_zip_of_other_files_is_refused():
    content = zipped({"photo.jpg": b"\xff\xd8\xff", "notes.txt": b"hello"})
    refused(attachment_clean, "documents.zip", content, "archive")


def test_zip_bomb_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("word/document.xml", "w") as part:
        zeros = bytes(1024 * 1024)
        for _ in range(150):
            part.write(zeros)
    assert len(buffer.getvalue()) < MAX_ATTACHMENT_BYTES
    refused(attachment_clean, "rapport.docx", buffer.getvalue(), "archive_bomb")


def test_small_but_overly_dense_member_is_refused():
    refused(attachment_clean, "rapport.docx", docx(**{"word/media/blank.bmp": bytes(1024 * 1024)}), "archive_bomb")


def test_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 3)
    content = docx(**{f"word/part{index}.xml": b"<p/>" for index in range(3)})
    refused(attachment_clean, "rapport.docx", content, "archive_bomb")


def test_broken_zip_is_unreadable():
    refused(attachment_clean, "rapport.docx", b"PK\x03\x04" + b"\x14\x00" * 50, "unreadable")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", PE_EXECUTABLE),
        ("notes.pdf", ELF_EXECUTABLE),
        ("install.txt", b"#!/bin/sh\nrm -rf ~\n"),
        ("outil.txt", b"\xcf\xfa\xed\xfe" + b"\x00" * 100),
    ],
)
def test_programs_are_refused(name, content):
    message = refused(attachment_clean, name, content, "executable")
    assert "program" in message


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><title>CV</title>",
        b"\n  <HTML><body>CV</body></HTML>",
        b"Mon CV\n<script>alert(1)</script>",
    ],
)
def test_web_page_named_as_text_is_refused(content):
    refused(attachment_clean, "cv.txt", content, "html")


def test_utf8_csv_is_accepted_as_csv():
    table = "\ufeffnom;âge\nZoé;30\n".encode()

    clean = attachment_clean(upload("Budget.CSV", table))

    assert (clean.content_type, clean.content.name[-4:], clean.size) == ("text/csv", ".csv", len(table))


def test_utf8_text_is_accepted_as_plain_text():
    clean = attachment_clean(upload("notes.md", "Réunion du comité\n".encode()))
    assert (clean.content_type, clean.content.name[-4:]) == ("text/plain", ".txt")


def test_csv_in_windows_encoding_is_refused_with_the_fix():
    message = refused(attachment_clean, "budget.csv", "nom;âge\nZoé;30\n".encode("cp1252"), "encoding")
    assert "UTF-8" in message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_image_is_not_an_attachment(fmt):
    content = image_bytes(Image.new("RGB", (8, 8)), fmt)
    message = refused(attachment_clean, "plan.pdf", content, "image_as_attachment")
    assert "images of the project" in message


@pytest.mark.parametrize("name", ["données.bin", "données.csv", "données.txt"])
def test_other_binary_is_refused_whatever_its_name(name):
    message = refused(attachment_clean, name, bytes(range(256)) * 4, "type")
    assert "PDF" in message


def test_empty_file_is_refused():
    refused(attachment_clean, "vide.txt", b"", "empty")


def test_attachment_over_the_size_limit_is_refused():
    message = refused(attachment_clean, "gros.pdf", b"%PDF-1.7\n" + bytes(MAX_ATTACHMENT_BYTES), "too_large")
    assert filesizeformat(MAX_ATTACHMENT_BYTES + 9) in message


def test_attachment_whose_declared_size_is_wrong_is_still_limited(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ATTACHMENT_BYTES", 100)
    content = upload("notes.txt", b"a" * 500)
    content.size = 10
    with pytest.raises(ValidationError) as caught:
        attachment_clean(content)
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(("name", "content", "code"), [
    ("notes.txt", b"%PDF-1.4 a PDF named as text", "extension"),
    ("plan.pdf", b"Du texte, pas un PDF", "extension"),
    ("page.txt", b"<html><script>alert(1)</script></html>", "html"),
    ("dessin.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "html"),
])
def test_documents_kept_under_their_name_must_be_what_it_says(name, content, code):
    """attachment_check, for the Wagtail admin's documents, served with the
    type their name gives."""
    from core.uploads import attachment_check

    refused(attachment_check, name, content, code)


def test_documents_kept_under_their_name_are_accepted_when_true():
    from core.uploads import attachment_check

    for name, content in (("compte-rendu.pdf", b"%PDF-1.4\n"), ("notes.txt", "Réunion".encode()),
                          ("liste.csv", b"nom;age\n"), ("rapport.docx", docx())):
        document = upload(name, content)
        attachment_check(document)
        assert document.read() == content


def test_reencoded_images_fit_the_side_limit():
    clean = image_clean(upload("large.png", image_bytes(Image.new("RGB", (3000, 200), "white"), "PNG")))
    assert max(clean.width, clean.height) == MAX_IMAGE_SIDE
