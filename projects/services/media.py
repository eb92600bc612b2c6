"""Images and documents of a project, checked by their content (cms/uploads.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.sanitising import clean_user_text
from cms.uploads import attachment_clean, image_clean

from ..models import Project, ProjectAttachment, ProjectImage

MAX_IMAGES = 6
MAX_ATTACHMENTS = 6


def files_delete_on_commit(files) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    names = [(file.storage, file.name) for file in files if file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _may_change(user, project: Project) -> None:
    if not user.has_perm("projects.change_media", project):
        raise PermissionDenied


@transaction.atomic
def image_add(*, user, project: Project, upload, alt_text: str) -> ProjectImage:
    _may_change(user, project)
    alt_text = clean_user_text(alt_text)[:250]
    if not alt_text:
        raise ValidationError({"alt_text": ValidationError(
            _("Describe the image in a few words, for those who cannot see it."), code="alt_required")})
    if project.images.count() >= MAX_IMAGES:
        raise ValidationError({"image": ValidationError(
            _("A project has %(max)d images at most: remove one first.") % {"max": MAX_IMAGES}, code="too_many")})
    try:
        clean = image_clean(upload)
    except ValidationError as error:
        raise ValidationError({"image": error.error_list}) from error
    image = ProjectImage(project=project, alt_text=alt_text)
    image.image.save(clean.content.name, clean.content, save=True)
    return image


@transaction.atomic
def attachment_add(*, user, project: Project, upload) -> ProjectAttachment:
    _may_change(user, project)
    if project.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"attachment": ValidationError(
            _("A project has %(max)d documents at most: remove one first.") % {"max": MAX_ATTACHMENTS},
            code="too_many")})
    try:
        clean = attachment_clean(upload)
    except ValidationError as error:
        raise ValidationError({"attachment": error.error_list}) from error
    attachment = ProjectAttachment(project=project, name=clean.original_name, content_type=clean.content_type,
                                   size=clean.size)
    attachment.file.save(clean.content.name, clean.content, save=True)
    return attachment


@transaction.atomic
def image_remove(*, user, image: ProjectImage) -> None:
    _may_change(user, image.project)
    image.delete()
    files_delete_on_commit([image.image])


@transaction.atomic
def attachment_remove(*, user, attachment: ProjectAttachment) -> None:
    _may_change(user, attachment.project)
    attachment.delete()
    files_delete_on_commit([attachment.file])
