from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from ..models import Follow, User


def follow_set(*, user: User, target, follow: bool) -> bool:
    """Follow or stop following an object; doing it twice changes nothing."""
    content_type = ContentType.objects.get_for_model(target)
    if not follow:
        Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).delete()
        return False
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, content_type=content_type, object_id=target.pk)
    except IntegrityError:
        pass  # followed meanwhile, by another click
    return True
