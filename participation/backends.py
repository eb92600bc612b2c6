import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q

# The person's id and the moment they joined: ids come back when a database
# is recreated, while Redis keeps its entries.
PERMISSIONS_KEY = "permissions:{generation}:{user}:{joined}"
GENERATION_KEY = "permissions:generation"
PERMISSIONS_SECONDS = 600


def _generation() -> str:
    return cache.get_or_set(GENERATION_KEY, lambda: str(time.time_ns()), timeout=None)


def _key(user) -> str:
    return PERMISSIONS_KEY.format(generation=_generation(), user=user.pk, joined=user.date_joined.timestamp())


def permissions_changed(**_signal) -> None:
    """A change to groups or their permissions: every cached set is stale
    (wired in apps.py)."""
    cache.delete(GENERATION_KEY)


def user_permissions_changed(*, instance, **_signal) -> None:
    """A person saved (superuser, active), or their own groups and
    permissions changed: their cached set is stale."""
    cache.delete(_key(instance))


class PermissionsInOneQueryBackend(ModelBackend):
    """Django's model backend, reading a person's own and group permissions
    in one query instead of two, and keeping them in the cache: every
    signed-in page asks once (Wagtail's user bar checks access to the admin).

    It signs nobody in: the username is a technical handle, never shown nor
    asked for; people sign in with their address through allauth's form,
    the one door (config/urls.py), whose backend checks the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cache.get_or_set(_key(user_obj), lambda: self._read(user_obj),
                                                    timeout=PERMISSIONS_SECONDS)
        return user_obj._perm_cache

    @staticmethod
    def _read(user_obj) -> set[str]:
        permissions = Permission.objects.all()
        if not user_obj.is_superuser:
            permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
        return {
            f"{app_label}.{codename}"
            for app_label, codename in permissions.values_list("content_type__app_label", "codename").distinct()
        }
