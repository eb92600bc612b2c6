"""Live sockets are checked again whenever what someone may read changes.

A socket is allowed when it opens (consumers.py asks the rules the pages
ask); afterwards it would keep receiving members-only content after its
reader logged out, left the comité, lost a role or a register entry, or
after the page went private or was unpublished. So every socket joins,
besides the group of what it watches:

- `person_group(user_id)`: every socket of a signed-in person, told when
  one of their roles, seats or register entries is written, when their
  account changes, and when one of their sessions ends (logout);
- `organisation_group(organisation_id)`: every socket reading something of
  an organisation, told when a page of it goes private, is unpublished,
  moved or deleted, or when a comité, project or consultation of it
  changes in a way that may hide it.

The message is a `live.recheck`: each socket then asks the rules again,
with the person its session names now (core of the consumers). The events
are sent once the transaction is committed, so that the check reads the
new state; each app says which of its models change who may read what
(`recheck_people_on`, `recheck_organisations_on`, in its AppConfig.ready),
as core.page_cache's `invalidate_on` does for the cached pages."""

import logging
from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

RECHECK = "live.recheck"


def person_group(user_id: int) -> str:
    return f"live.person.{int(user_id)}"


def organisation_group(organisation_id: int) -> str:
    return f"live.organisation.{int(organisation_id)}"


def _send(groups: set[str], message: dict) -> None:
    """A channel layer that is down must not fail the write: the sockets
    are checked again within LIVE_RECHECK_SECONDS anyway (consumers.py)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group in sorted(groups):
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            logger.exception("Live re-check of %s failed", group)


def _on_commit(groups: set[str], message: dict | None = None) -> None:
    if groups:
        transaction.on_commit(lambda: _send(groups, message or {"type": RECHECK}))


# The bell: a person's own sockets are told that their unread count may
# have changed; each counts for the person it is open for (consumers.py),
# so no count ever travels in a message.
BELL = "bell.changed"


def bell_group(user_id: int) -> str:
    return f"live.bell.{int(user_id)}"


def bell_ring(user_ids: Iterable[int | None]) -> None:
    _on_commit({bell_group(user_id) for user_id in user_ids if user_id}, {"type": BELL})


def people_changed(user_ids: Iterable[int | None]) -> None:
    """Their sockets check again, once the write is committed."""
    _on_commit({person_group(user_id) for user_id in user_ids if user_id})


def organisations_changed(organisation_ids: Iterable[int | None]) -> None:
    _on_commit({organisation_group(pk) for pk in organisation_ids if pk})


def session_ended(user_id: int | None, session_key: str | None) -> None:
    """A logout: the sockets opened with that session close at once, without
    waiting for the session to be deleted (logout deletes it after telling
    us); the person's other sessions are checked again."""
    if user_id:
        _on_commit({person_group(user_id)}, {"type": RECHECK, "ended_session": session_key or ""})


def recheck_people_on(model, people: Callable, *, when: Callable = lambda instance: True) -> None:
    """A row of `model` deleted, or saved when `when(instance)` holds after
    the write, changes what `people(instance)` (user ids) may read."""
    _connect(model, lambda instance: people_changed(people(instance)), when, f"people.{model._meta.label}")


def recheck_organisations_on(model, organisations: Callable, *, when: Callable = lambda instance: True) -> None:
    """A row of `model` deleted, or saved when `when(instance)` holds, may
    change who may read what in `organisations(instance)` (their ids)."""
    _connect(model, lambda instance: organisations_changed(organisations(instance)), when,
             f"organisations.{model._meta.label}")


def _connect(model, changed: Callable, when: Callable, uid: str) -> None:
    def saved(sender, instance, **kwargs):
        if when(instance):
            changed(instance)

    def deleted(sender, instance, **kwargs):
        changed(instance)

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"live-recheck.{uid}.saved")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"live-recheck.{uid}.deleted")


# What participation and the plan pages change.


def page_organisation_ids(page) -> set[int]:
    """The organisations whose content a page's privacy or publication
    touches: the one it belongs to, or every one below it."""
    from cms.models import OrganisationPage

    steps = range(page.steplen, len(page.path) + 1, page.steplen)
    found = set(OrganisationPage.objects.filter(path__in=[page.path[:end] for end in steps])
                .values_list("pk", flat=True))
    if not found:
        found = set(OrganisationPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
    if isinstance(page, OrganisationPage):
        found.add(page.pk)
    return found


def _page_changed(sender=None, instance=None, **kwargs) -> None:
    organisations_changed(page_organisation_ids(instance))


def _restriction_changed(sender, instance, **kwargs) -> None:
    organisations_changed(page_organisation_ids(instance.page))


def _account_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """Deactivated, made or unmade superuser, a new password (which ends
    its other sessions): but not a sign-in, which saves last_login only."""
    if not created and set(update_fields or ()) != {"last_login"}:
        people_changed([instance.pk])


def _logged_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    session_ended(getattr(user, "pk", None), getattr(session, "session_key", None))


def _register_member_before(sender, instance, **kwargs) -> None:
    """An entry linked to another account: the previous one loses it."""
    if instance.pk:
        instance._live_previous_user_id = (type(instance).objects.filter(pk=instance.pk)
                                           .values_list("user_id", flat=True).first())


def _subscription_people(subscription) -> list[int | None]:
    from .models import RegisterMember

    try:
        return [subscription.member.user_id]
    except RegisterMember.DoesNotExist:
        return []


def connect() -> None:
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import pre_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_unpublished, post_page_move

    from .models import Membership, RegisterMember, Subscription, User

    recheck_people_on(Membership, lambda membership: [membership.user_id])
    recheck_people_on(RegisterMember, lambda member: [member.user_id, getattr(member, "_live_previous_user_id", None)])
    pre_save.connect(_register_member_before, sender=RegisterMember, dispatch_uid="live-recheck.register-before")
    recheck_people_on(Subscription, _subscription_people)
    post_save.connect(_account_changed, sender=User, dispatch_uid="live-recheck.account.saved")
    post_delete.connect(_account_changed, sender=User, dispatch_uid="live-recheck.account.deleted")
    user_logged_out.connect(_logged_out, dispatch_uid="live-recheck.logged-out")
    # Plan pages: private, unpublished, moved (under a private page), deleted.
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="live-recheck.restriction.saved")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction,
                        dispatch_uid="live-recheck.restriction.deleted")
    page_unpublished.connect(_page_changed, dispatch_uid="live-recheck.page-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="live-recheck.page-moved")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="live-recheck.page-deleted")
