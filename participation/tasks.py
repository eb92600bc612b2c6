"""Background work, run by `manage.py db_worker` in production (inline with
the immediate backend in development and tests)."""

from django.utils import timezone
from django_tasks import task

from .emails import notification_email
from .models import Notification


@task()
def notification_email_send(notification_id: int) -> bool:
    """Email one notification, at most once, unless its recipient opted out
    or may no longer be told (participation/emails.py)."""
    notification = Notification.objects.select_related("recipient", "actor", "comment", "membership").filter(
        pk=notification_id, emailed_at__isnull=True
    ).first()
    if notification is None:
        return False
    message = notification_email(notification)
    if message is None:
        return False
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
