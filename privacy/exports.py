"""Télécharger mes données: an archive made in the background, e-mailed as
a link that works for EXPORT_DAYS days and only for the person signed in."""

import datetime
import secrets
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from participation.emails import absolute_url, email_subject

from .archive import archive_write
from .models import DataExport

EXPORT_DAYS = 7
EXPORT_SALT = "privacy.data_export"
# One archive an hour at most: making one reads every table of the person.
EXPORT_INTERVAL = datetime.timedelta(hours=1)


def data_export_request(*, user) -> DataExport:
    """Ask for a new archive; the previous ones go."""
    if not user.has_perm("privacy.export_own_data"):
        raise PermissionDenied
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one request at a time per person
        if DataExport.objects.filter(user=user, requested_at__gt=timezone.now() - EXPORT_INTERVAL).exists():
            raise ValidationError(_("An archive was asked for less than an hour ago: it is in your e-mails, or on "
                                    "its way."), code="too_soon")
        data_exports_forget(DataExport.objects.filter(user=user))
        export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: data_export_build.enqueue(export.pk))
    return export


@task()
def data_export_build(export_id: int) -> bool:
    """In the background (`manage.py db_worker` in production, inline in
    development and tests): write the archive to a scratch file, row by row, keep it, e-mail the link."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, ready_at__isnull=True).first()
    if export is None or export.user.is_erased or not export.user.email:
        return False
    with tempfile.TemporaryFile() as scratch:
        archive_write(export.user, scratch)
        export.size = scratch.tell()
        scratch.seek(0)
        export.file.save(f"{secrets.token_hex(16)}.zip", File(scratch), save=False)
    export.ready_at = timezone.now()
    export.save(update_fields=["file", "size", "ready_at"])
    _email(export)
    return True


def export_token(export: DataExport) -> str:
    return signing.dumps({"export": export.pk, "user": export.user_id}, salt=EXPORT_SALT)


def data_export_for(*, token: str, user) -> DataExport:
    """The archive a link stands for, if it is the signed-in person's and not
    expired; PermissionDenied otherwise (ValidationError when expired)."""
    try:
        data = signing.loads(token, salt=EXPORT_SALT, max_age=datetime.timedelta(days=EXPORT_DAYS))
    except signing.SignatureExpired as error:
        raise ValidationError(_("This link has expired: ask for a new archive."), code="expired") from error
    except signing.BadSignature as error:
        raise PermissionDenied from error
    if not user.is_authenticated or data.get("user") != user.pk:
        raise PermissionDenied
    export = DataExport.objects.filter(pk=data.get("export"), user=user, ready_at__isnull=False).first()
    if export is None:
        raise ValidationError(_("This archive no longer exists: ask for a new one."), code="gone")
    return export


def data_exports_forget(exports) -> int:
    """Delete archives with their files."""
    count = 0
    for export in exports:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


def data_exports_expire() -> int:
    """The archives past their days (run daily: `manage.py data_exports_expire`)."""
    cutoff = timezone.now() - datetime.timedelta(days=EXPORT_DAYS)
    return data_exports_forget(DataExport.objects.filter(requested_at__lt=cutoff))


def _email(export: DataExport) -> None:
    person = export.user
    context = {"person": person, "days": EXPORT_DAYS, "size": export.size,
               "link": absolute_url(reverse("privacy:data_export_download", args=[export_token(export)]))}
    with translation.override(settings.LANGUAGE_CODE):
        subject = email_subject("privacy/email/data_export_subject.txt", context)
        body = render_to_string("privacy/email/data_export_body.txt", context)
    send_mail(subject, body, None, [person.email])
