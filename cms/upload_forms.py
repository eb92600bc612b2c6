"""The Wagtail admin's image, document and profile picture forms, with the
checks every file uploaded to the site gets (core/uploads.py): the image
and document forms are Wagtail's base forms by WAGTAILIMAGES_IMAGE_FORM_BASE
and WAGTAILDOCS_DOCUMENT_FORM_BASE (one add, several at once, from a
chooser, a new file for an edited one); the profile picture's form is set
on Wagtail's account panel at start-up (`install`, from participation's
AppConfig, with the other checks of a person's account)."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.uploads import attachment_check, image_check, image_clean

ADMIN_AVATAR_SIDE = 400  # Wagtail's own


class CheckedImageField(WagtailImageField):
    """Wagtail's field counts the pixels through Willow, whose Pillow plugin
    decodes the whole image to answer (a 20 KB PNG of 169 million pixels
    is decoded before being refused): core.uploads judges the header
    first, as for every image of the site (a drawing or page that can carry
    scripts, a format other than JPEG, PNG, WebP or GIF, too many pixels)."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            image_check(data)
        return super().to_python(data)


class CheckedImageForm(BaseImageForm):
    """Wagtail builds its image forms on this one (add, several at once,
    from a chooser, a new file for an edited image)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file = self.fields.get("file")
        if isinstance(file, WagtailImageField):
            # The field Wagtail made (label, widget, limits), checking first.
            file.__class__ = CheckedImageField


class CheckedDocumentForm(BaseDocumentForm):
    """A document is a PDF, an office document without macros, or text, and
    its content is what its name says: Wagtail serves it with the type its
    name gives (inline for PDF only, with a Content-Security-Policy that
    lets nothing run)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            attachment_check(upload)
        return upload


class CheckedAvatarPreferencesForm(AvatarPreferencesForm):
    """The admin's profile picture: Wagtail's form resizes it with Pillow,
    decoding whatever the header claims; this one re-encodes it through
    core.uploads like every picture of a person."""

    avatar = forms.FileField(label=AvatarPreferencesForm.base_fields["avatar"].label, required=False)

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return self._original_avatar
        return image_clean(upload, max_side=ADMIN_AVATAR_SIDE).content


def install() -> None:
    """Wagtail's account view lists its panels without a setting to change
    their forms: the avatar panel's form is replaced here."""
    from wagtail.admin.views.account import AvatarSettingsPanel

    AvatarSettingsPanel.form_class = CheckedAvatarPreferencesForm
