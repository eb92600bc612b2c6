"""What participation keeps in the cache, forgotten when what it depends on
changes: a person's confirmed address (predicates.is_verified), their
permissions (backends.py), and the plan pages that show comments and likes
(core/page_cache.py)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_comments.models import CommentFlag

from core.page_cache import invalidate_on, public_pages_changed_on_commit

from .backends import permissions_changed, user_permissions_changed
from .models import Comment, User
from .predicates import is_verified_forget


def _address_changed(sender, instance, **kwargs):
    """A changed or removed address may have been the confirmed one."""
    user = User.objects.filter(pk=instance.user_id).only("pk", "date_joined").first()
    if user is not None:
        is_verified_forget(user)


def _user_links_changed(sender, instance, reverse, **kwargs):
    """user.groups.add(…) has the user as instance; group.user_set.add(…)
    has the group (and its users, all of whom may have changed)."""
    if reverse:
        permissions_changed()
    else:
        user_permissions_changed(instance=instance)


# What of a person shows beside their comments, on pages cached for everyone.
AUTHOR_FIELDS = {"display_name", "avatar", "username"}


def _author_changed(sender, instance, created=False, update_fields=None, **kwargs):
    """A new name or avatar shows at once beside every comment of theirs
    (a sign-in, which saves only last_login, changes nothing shown)."""
    if not created and (update_fields is None or AUTHOR_FIELDS & set(update_fields)):
        public_pages_changed_on_commit()


def _roles_connect() -> None:
    from . import roles
    from .models import Membership, RegisterMember, Subscription

    for model in (Membership, RegisterMember, Subscription):
        post_save.connect(roles.changed, sender=model, dispatch_uid=f"roles-{model.__name__}-saved")
        post_delete.connect(roles.changed, sender=model, dispatch_uid=f"roles-{model.__name__}-deleted")


def connect() -> None:
    _roles_connect()
    post_save.connect(_author_changed, sender=User, dispatch_uid="public-pages-author-saved")
    post_save.connect(_address_changed, sender=EmailAddress, dispatch_uid="verified-address-saved")
    post_delete.connect(_address_changed, sender=EmailAddress, dispatch_uid="verified-address-deleted")

    post_save.connect(user_permissions_changed, sender=User, dispatch_uid="permissions-user-saved")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_user_links_changed, sender=through, dispatch_uid=f"permissions-{through.__name__}")
    m2m_changed.connect(permissions_changed, sender=Group.permissions.through, dispatch_uid="permissions-group")
    for model in (Group, Permission):
        post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"permissions-{model.__name__}-deleted")

    invalidate_on(Comment, CommentFlag)
