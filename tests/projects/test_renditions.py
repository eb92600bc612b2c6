"""Project images are sent as renditions of the size they are shown at
(core/renditions.py), behind the same check as their original."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from core import renditions
from core.uploads import image_clean
from projects.models import ProjectImage
from projects.services import image_remove, project_delete, project_hide
from projects.services.media import image_store
from tests.queries import MAX_QUERIES, page_queries

from .conftest import make_project, make_user

pytestmark = pytest.mark.django_db

MODERN = renditions.MODERN_FORMATS


def photo_bytes(size=(1000, 600), fmt="JPEG", mode="RGB", exif=None) -> bytes:
    buffer = io.BytesIO()
    picture = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 120))
    picture.save(buffer, format=fmt, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def add_image(project, data=None, name="photo.jpg", alt="Un banc en bois") -> ProjectImage:
    clean = image_clean(SimpleUploadedFile(name, data or photo_bytes()))
    return image_store(project=project, image=clean, alt_text=alt)


def rendition_url(image, width, fmt):
    return reverse("projects:image_rendition", args=[image.pk, width, fmt])


def served_image(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_avif_and_webp_are_offered_when_pillow_writes_them():
    assert "webp" in MODERN
    from PIL import features

    assert ("avif" in MODERN) == features.check("avif")


def test_widths_stop_at_the_original():
    assert renditions.widths_for(2000) == (320, 480, 640, 960, 1280, 1600, 2000)
    assert renditions.widths_for(500) == (320, 480, 500)
    assert renditions.widths_for(40) == (40,)
    assert renditions.formats_for("x/a.png")[-1] == "png" and renditions.formats_for("x/a.jpg")[-1] == "jpg"


def test_each_rendition_is_made_once_at_its_size_and_format(client, project):
    image = add_image(project, photo_bytes((2000, 1333)))
    for width, fmt in [(320, "jpg"), (640, "webp"), (2000, "jpg"), *((960, fmt) for fmt in MODERN)]:
        response = client.get(rendition_url(image, width, fmt))
        assert response.status_code == 200, (width, fmt)
        assert response["Content-Type"] == renditions.CONTENT_TYPES[fmt]
        assert response["X-Content-Type-Options"] == "nosniff"
        picture = served_image(response)
        assert picture.format == renditions.PIL_FORMATS[fmt]
        assert picture.size == (width, round(1333 * width / 2000))
        name = renditions.rendition_name(image.image.name, width, fmt)
        assert default_storage.exists(name)
    # Asked again, it is read as stored, not encoded anew.
    name = renditions.rendition_name(image.image.name, 320, "jpg")
    stamp = default_storage.open(name).read()
    default_storage.delete(name)
    default_storage.save(name, io.BytesIO(stamp[:-10] + b"0123456789"))
    again = b"".join(client.get(rendition_url(image, 320, "jpg")).streaming_content)
    assert again.endswith(b"0123456789")


def test_sizes_and_formats_not_offered_are_refused(client, project):
    image = add_image(project, photo_bytes((500, 300)))
    assert client.get(rendition_url(image, 640, "jpg")).status_code == 404  # larger than the original
    assert client.get(rendition_url(image, 333, "jpg")).status_code == 404  # not a width we offer
    assert client.get(rendition_url(image, 320, "png")).status_code == 404  # a JPEG's fallback is JPEG
    assert client.get(rendition_url(image, 320, "gif")).status_code == 404
    assert client.get(rendition_url(image, 500, "jpg")).status_code == 200


def test_transparency_keeps_a_png_fallback(client, project):
    image = add_image(project, photo_bytes((400, 200), fmt="PNG", mode="RGBA"), name="logo.png")
    response = client.get(rendition_url(image, 320, "png"))
    assert response.status_code == 200 and served_image(response).mode == "RGBA"
    assert served_image(client.get(rendition_url(image, 320, "webp"))).mode == "RGBA"


def test_renditions_carry_no_exif_and_stand_upright(client, project):
    exif = Image.Exif()
    exif[0x0112] = 6  # turned: shown 90° clockwise
    exif[0x010F] = "Appareil de Camille"
    image = add_image(project, photo_bytes((800, 400), exif=exif.tobytes()))
    assert (image.width, image.height) == (400, 800)
    picture = served_image(client.get(rendition_url(image, 320, "jpg")))
    assert picture.size == (320, 640) and not picture.getexif()
    for fmt in MODERN:
        assert not served_image(client.get(rendition_url(image, 320, fmt))).getexif()


def test_pages_offer_srcset_and_never_the_original(client, organisation, project):
    first, _second = add_image(project, alt="Le banc"), add_image(project, alt="La cour")
    detail = client.get(project.get_absolute_url()).content.decode()
    original = reverse("projects:image_file", args=[first.pk])
    assert f'"{original}"' not in detail and f"{original} " not in detail
    pictures = re.findall(r"<picture.*?</picture>", detail, re.S)
    assert len(pictures) == 2
    top, below = pictures
    for fmt in MODERN:
        assert f'<source type="image/{fmt}" srcset="{rendition_url(first, 320, fmt)} 320w, ' in top
    assert f"{rendition_url(first, 1000, 'jpg')} 1000w" in top and 'sizes="(min-width: 72rem) 46rem' in top
    assert f'<img src="{rendition_url(first, 640, "jpg")}"' in top
    assert 'alt="Le banc" width="1000" height="600"' in top
    assert 'fetchpriority="high"' in top and 'loading="lazy"' not in top
    assert 'loading="lazy" decoding="async"' in below and 'alt="La cour"' in below and "fetchpriority" not in below

    listing = client.get(f"/projets/?organisation={organisation.slug}").content.decode()
    card = re.search(r'<article class="card project-card">.*?</article>', listing, re.S).group(0)
    assert f"{rendition_url(first, 320, 'jpg')} 320w" in card and 'sizes="(min-width: 72rem) 16rem' in card
    assert 'class="project-card__image"' in card and 'loading="lazy"' in card
    assert not re.search(rf'{re.escape(original)}["\s]', listing)


def test_an_outsider_reaches_no_rendition_of_a_draft_or_a_hidden_project(client, organisation, resident, staff,
                                                                         project, draft):
    secret = add_image(draft)
    hidden = add_image(project)
    project_hide(user=staff, project=project, reason="Propos injurieux")
    urls = [rendition_url(image, 320, fmt) for image in (secret, hidden) for fmt in ("jpg", *MODERN)]
    for who in (None, make_user("outsider")):
        client.logout()
        if who:
            client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    client.force_login(resident)  # their carrier still sees them
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_removing_an_image_removes_its_renditions(client, resident, project, django_capture_on_commit_callbacks):
    image = add_image(project)
    kept = add_image(project)
    client.force_login(resident)
    for width, fmt in [(320, "jpg"), (640, "webp"), (1000, "jpg")]:
        assert client.get(rendition_url(image, width, fmt)).status_code == 200
    assert client.get(rendition_url(kept, 320, "jpg")).status_code == 200
    folder = renditions.rendition_name(image.image.name, 1, "x").rsplit("/", 1)[0]

    def stored(of):
        stem = of.image.name.rsplit("/", 1)[1].split(".")[0]
        return [name for name in default_storage.listdir(folder)[1] if name.startswith(stem)]

    assert len(stored(image)) == 3 and len(stored(kept)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        image_remove(user=resident, image=image)
    assert not default_storage.exists(image.image.name) and not stored(image)
    assert len(stored(kept)) == 1 and default_storage.exists(kept.image.name)


def test_deleting_a_draft_removes_its_images_and_renditions(client, resident, draft,
                                                           django_capture_on_commit_callbacks):
    image = add_image(draft)
    client.force_login(resident)
    assert client.get(rendition_url(image, 320, "webp")).status_code == 200
    name = renditions.rendition_name(image.image.name, 320, "webp")
    with django_capture_on_commit_callbacks(execute=True):
        project_delete(user=resident, project=draft)
    assert not default_storage.exists(image.image.name) and not default_storage.exists(name)


def test_nothing_is_removed_when_the_transaction_fails(client, resident, project):
    image = add_image(project)
    client.force_login(resident)
    client.get(rendition_url(image, 320, "jpg"))
    name = renditions.rendition_name(image.image.name, 320, "jpg")
    with pytest.raises(RuntimeError), transaction.atomic():
        image_remove(user=resident, image=image)
        raise RuntimeError
    assert default_storage.exists(image.image.name) and default_storage.exists(name)


def test_list_pages_do_not_read_more_for_more_images(client, organisation, resident, action):
    def grow(count):
        for n in range(count):
            project = make_project(organisation, resident, title=f"Projet {n}", plan_items=[action.pk])
            add_image(project, photo_bytes((640, 480)))
            add_image(project, photo_bytes((640, 480)))

    urls = ["/projets/", f"/projets/?organisation={organisation.slug}", action.url]
    grow(1)
    few = [page_queries(client, url) for url in urls]
    grow(6)
    many = [page_queries(client, url) for url in urls]
    assert few == many and max(many) <= MAX_QUERIES, (few, many)
