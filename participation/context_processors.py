from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The unread count of the bell in the header, read only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .selectors.notifications import unread_count

        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(unread)}
