"""The Wagtail admin's images and documents get the checks of every upload
(core/uploads.py through cms/upload_forms.py), by each of its doors, and
its documents are never served as a page that runs."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from cms.upload_forms import CheckedDocumentForm, CheckedImageForm
from core import uploads
from tests.core.test_uploads import decoding_forbidden, gif_claiming, png_bomb

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture(autouse=True)
def root_collection(db):
    """Made by Wagtail's migrations, gone after a test that flushed the
    database (transaction=True)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_wagtail_forms_and_limits_are_those_of_every_upload():
    assert issubclass(get_image_form(get_image_model()), CheckedImageForm)
    assert issubclass(get_document_form(get_document_model()), CheckedDocumentForm)
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == uploads.MAX_IMAGE_PIXELS
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == uploads.MAX_IMAGE_BYTES
    assert {"JPG" if ext == "jpeg" else ext.upper() for ext in settings.WAGTAILIMAGES_EXTENSIONS} <= (
        uploads.IMAGE_FORMATS | {"JPG"})
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == uploads.MAX_ATTACHMENT_BYTES


def _add_image(client, name, content):
    return client.post(reverse("wagtailimages:add"), {
        "title": "Essai", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, content, content_type="image/png")})


@pytest.mark.parametrize(("name", "make"), [
    ("bombe.png", png_bomb),  # 20 KB, 169 million pixels
    ("anim.gif", lambda: gif_claiming(65_535, 65_535)),
    ("logo.svg", lambda: SVG),
    ("logo.png", lambda: SVG),
])
def test_image_upload_abuse_is_refused_before_decoding(admin_client, name, make):
    content = make()
    with decoding_forbidden():
        response = _add_image(admin_client, name, content)
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_bomb_is_refused_through_the_multiple_upload_too(admin_client):
    content = png_bomb()
    with decoding_forbidden():
        response = admin_client.post(reverse("wagtailimages:add_multiple"), {
            "files[]": SimpleUploadedFile("bombe.png", content, content_type="image/png")})
    assert response.json()["success"] is False
    assert not get_image_model().objects.exists()


def test_a_picture_is_accepted(admin_client):
    response = _add_image(admin_client, "photo.png", png())
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 40


def _add_document(client, name, content):
    return client.post(reverse("wagtaildocs:add"), {
        "title": "Essai", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("name", "content"), [
    ("notes.txt", b"<!doctype html><script>alert(document.cookie)</script>"),
    ("plan.pdf", b"<html><body onload=alert(1)>"),  # a page named as a PDF
    ("dessin.txt", SVG),
    ("macro.docx", b"MZ\x90\x00 a program"),
    ("compte-rendu.pdf", b"Du texte sous un nom de PDF"),
])
def test_document_upload_abuse_is_refused(admin_client, name, content):
    response = _add_document(admin_client, name, content)
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(("name", "content", "inline"), [
    ("compte-rendu.pdf", b"%PDF-1.4\n%polyglot <html><script>alert(1)</script>", True),
    ("notes.txt", b"Ordre du jour : budget", False),
])
def test_documents_are_served_so_that_nothing_runs(admin_client, client, settings, tmp_path, name, content, inline):
    """A PDF opens in the browser's viewer, anything else downloads; never
    sniffed into a page, and a Content-Security-Policy that lets nothing
    run or load should a browser render it anyway."""
    settings.MEDIA_ROOT = tmp_path  # served from disk, as in production
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert _add_document(admin_client, name, content).status_code == 302
    document = get_document_model().objects.get()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Type"] == ("application/pdf" if inline else "text/plain")
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")


def test_the_admin_profile_picture_is_checked_like_every_picture(admin_client, admin_user):
    """Wagtail's account page resized the picture with Pillow, decoding
    whatever its header claimed."""
    from wagtail.users.models import UserProfile

    bomb = png_bomb()
    with decoding_forbidden():
        response = admin_client.post(reverse("wagtailadmin_account"), {
            "avatar-avatar": SimpleUploadedFile("moi.png", bomb, content_type="image/png"),
            "name_email-first_name": "Ada", "name_email-last_name": "Admin", "name_email-email": "admin@example.com",
            "locale-preferred_language": "fr", "locale-current_time_zone": "Europe/Paris",
            "theme-theme": "system", "theme-density": "default", "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on"})
    assert response.status_code == 200
    assert "« moi.png » mesure 13 000 × 13 000 pixels" in response.content.decode().replace("\xa0", " ")
    assert not UserProfile.get_for_user(admin_user).avatar
    response = admin_client.post(reverse("wagtailadmin_account"), {
        "avatar-avatar": SimpleUploadedFile("moi.png", png((900, 600)), content_type="image/png"),
        "name_email-first_name": "Ada", "name_email-last_name": "Admin", "name_email-email": "admin@example.com",
        "locale-preferred_language": "fr", "locale-current_time_zone": "Europe/Paris",
        "theme-theme": "system", "theme-density": "default", "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on"})
    avatar = UserProfile.get_for_user(admin_user).avatar
    assert response.status_code == 302 and avatar
    assert Image.open(avatar).size == (400, 267)
