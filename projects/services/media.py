"""Images and documents of a project, checked by their content (core/uploads.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.sanitising import clean_user_text
from core.uploads import CleanAttachment, CleanImage, attachment_clean, image_clean

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


def image_checked(upload, alt_text: str, field: str = "alt_text") -> tuple[CleanImage, str]:
    """The re-encoded image and its description, or the reasons why not.
    Done before anything is written: a refused file leaves nothing behind."""
    alt_text = clean_user_text(alt_text)[:250]
    if not alt_text:
        raise ValidationError({field: ValidationError(
            _("Describe the image in a few words, for those who cannot see it."), code="alt_required")})
    try:
        return image_clean(upload), alt_text
    except ValidationError as error:
        raise ValidationError({"image": error.error_list}) from error


def attachment_checked(upload) -> CleanAttachment:
    try:
        return attachment_clean(upload)
    except ValidationError as error:
        raise ValidationError({"attachment": error.error_list}) from error


def image_store(*, project: Project, image: CleanImage, alt_text: str) -> ProjectImage:
    stored = ProjectImage(project=project, alt_text=alt_text)
    stored.image.save(image.content.name, image.content, save=True)
    return stored


def attachment_store(*, project: Project, attachment: CleanAttachment) -> ProjectAttachment:
    stored = ProjectAttachment(project=project, name=attachment.original_name,
                               content_type=attachment.content_type, size=attachment.size)
    stored.file.save(attachment.content.name, attachment.content, save=True)
    return stored


@transaction.atomic
def image_add(*, user, project: Project, upload, alt_text: str) -> ProjectImage:
    _may_change(user, project)
    if project.images.count() >= MAX_IMAGES:
        raise ValidationError({"image": ValidationError(
            _("A project has %(max)d images at most: remove one first.") % {"max": MAX_IMAGES}, code="too_many")})
    image, alt_text = image_checked(upload, alt_text)
    return image_store(project=project, image=image, alt_text=alt_text)


@transaction.atomic
def attachment_add(*, user, project: Project, upload) -> ProjectAttachment:
    _may_change(user, project)
    if project.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"attachment": ValidationError(
            _("A project has %(max)d documents at most: remove one first.") % {"max": MAX_ATTACHMENTS},
            code="too_many")})
    return attachment_store(project=project, attachment=attachment_checked(upload))


@transaction.atomic
def image_remove(*, user, image: ProjectImage) -> None:
    _may_change(user, image.project)
    image.delete()  # its file and renditions go with it (projects/apps.py)


@transaction.atomic
def attachment_remove(*, user, attachment: ProjectAttachment) -> None:
    _may_change(user, attachment.project)
    attachment.delete()
    files_delete_on_commit([attachment.file])
