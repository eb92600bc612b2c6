from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The unread count of the bell in the header, read only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .models import Notification

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(unread)}
