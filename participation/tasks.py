"""Background work, run by `manage.py db_worker` in production (inline with
the immediate backend in development and tests)."""

from django.utils import timezone
from django_tasks import task

from .emails import notification_email
from .models import EmailFrequency, Notification


@task()
def notification_email_send(notification_id: int) -> bool:
    """Email one notification, at most once, unless its recipient opted out,
    may no longer be told (participation/emails.py), or gathers their
    notifications in a digest (then the digest sends it)."""
    from .notifying import kind

    notification = Notification.objects.select_related("recipient", "actor", "comment", "membership").filter(
        pk=notification_id, emailed_at__isnull=True
    ).first()
    if notification is None:
        return False
    if kind(notification.kind).digest and notification.recipient.email_frequency != EmailFrequency.INSTANT:
        return False
    message = notification_email(notification)
    if message is None:
        return False
    # Claimed before it leaves: a second worker finds it taken.
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return False
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True
