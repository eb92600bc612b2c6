"""The organisation's logo (a Wagtail image) is sent as Wagtail renditions
of the size it is shown at, in modern formats with a PNG fallback."""

import re

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from core.renditions import MODERN_FORMATS
from tests.cms.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_logo_is_a_picture_of_small_renditions(client):
    organisation = OrganisationFactory(title="Centre social du Logo", slug="logo")
    organisation.logo = Image.objects.create(title="Logo", file=get_test_image_file(size=(1200, 800)))
    organisation.save_revision().publish()
    html = client.get(organisation.url).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    for fmt in MODERN_FORMATS:
        assert f'type="image/{fmt}"' in picture
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'class="org-logo"' in img and 'alt=""' in img and 'sizes="120px"' in img
    assert 'width="120"' in img and 'height="80"' in img
    assert " 240w" in img and "original_images" not in picture
    assert organisation.logo.renditions.count() == 2 * (len(MODERN_FORMATS) + 1)
