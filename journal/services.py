"""Writing an action's journal: an entry, what it changes on the action,
the indicator values of its date, and who hears of it."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ActionPage, ActionStatus, Indicator, IndicatorValue
from core.renditions import images_delete_on_commit
from core.sanitising import clean_user_text
from core.uploads import CleanAttachment, CleanImage
from participation.models import Follow, User
from participation.services import notifications_create

from .models import ActionPilot, JournalEntry
from .notices import NEWS, PILOT
from .predicates import action_organisation_id


def _files_delete_on_commit(files) -> None:
    """The photo goes with its renditions (a document has none)."""
    images_delete_on_commit(files)


def _check(*, date, text: str, status: str, progress) -> str:
    errors = {}
    text = clean_user_text(text or "")
    if not text:
        errors["text"] = _("Say in a few words what happened.")
    if date is None:
        errors["date"] = _("Give the date of the update.")
    elif date > timezone.localdate():
        errors["date"] = _("The journal tells what happened: the date cannot be in the future.")
    if status and status not in ActionStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage, from 0 to 100.")
    if errors:
        raise ValidationError(errors)
    return text


def action_state_set(*, action: ActionPage, status: str | None, progress: int | None, user) -> None:
    """The action's status and progress as the entry says, published as a
    new revision of the page (the admin then shows them too). When the page
    has a draft waiting, the draft keeps its other changes and only the two
    figures go live."""
    page = ActionPage.objects.select_for_update().get(pk=action.pk)
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    if status is not None:
        draft.status = status
    if progress is not None:
        draft.progress = progress
    revision = draft.save_revision(user=user if user and user.pk else None, log_action=True, clean=False)
    if draft is not page:
        ActionPage.objects.filter(pk=page.pk).update(status=draft.status, progress=draft.progress)
    else:
        revision.publish(user=user if user and user.pk else None, skip_permission_checks=True)


def _indicator_values(*, action: ActionPage, date: datetime.date, values: dict[int, Decimal]) -> list[IndicatorValue]:
    """The values measured that day, on the action's own indicators only."""
    indicators = {indicator.pk: indicator for indicator in Indicator.objects.filter(page=action)}
    recorded = []
    for indicator_id, value in values.items():
        if value is None:
            continue
        if indicator_id not in indicators:
            raise ValidationError(_("This indicator is not one of the action's."))
        measured, _created = IndicatorValue.objects.update_or_create(
            indicator=indicators[indicator_id], date=date, defaults={"value": value, "note": _("Journal")})
        recorded.append(measured)
    return recorded


def entry_create(*, user: User, action: ActionPage, date: datetime.date, text: str, status: str = "",
                 progress: int | None = None, photo: CleanImage | None = None, photo_alt: str = "",
                 document: CleanAttachment | None = None, indicator_values: dict | None = None,
                 demo: bool = False, notify: bool = True) -> JournalEntry:
    if not user.has_perm("journal.add_entry", action):
        raise PermissionDenied
    text = _check(date=date, text=text, status=status, progress=progress)
    if photo is not None and not clean_user_text(photo_alt):
        raise ValidationError({"photo_alt": _("Describe the photo in a few words, for those who cannot see it.")})
    with transaction.atomic():
        current = ActionPage.objects.select_for_update().only("status", "progress").get(pk=action.pk)
        entry = JournalEntry(
            action=action, organisation_id=action_organisation_id(action), date=date, text=text,
            status_before=current.status, status=status or "", progress_before=current.progress,
            progress=progress, photo_alt=clean_user_text(photo_alt)[:250], author=user, demo=demo)
        if document is not None:
            entry.document_name, entry.document_type = document.original_name, document.content_type
            entry.document_size = document.size
        if photo is not None:
            entry.photo.save(photo.content.name, photo.content, save=False)
        if document is not None:
            entry.document.save(document.content.name, document.content, save=False)
        entry.full_clean(exclude=["photo", "document"])
        entry.save()
        entry.indicator_values.set(_indicator_values(action=action, date=date, values=indicator_values or {}))
        newer = JournalEntry.objects.filter(action=action, date__gt=date).exists()
        if (status and status != current.status or progress is not None and progress != current.progress) \
                and not newer:
            action_state_set(action=action, status=status or None, progress=progress, user=user)
        if notify:
            transaction.on_commit(lambda: entry_news(entry=entry, actor=user))
    return entry


def entry_update(*, user: User, entry: JournalEntry, date: datetime.date, text: str,
                 photo: CleanImage | None = None, photo_alt: str | None = None, remove_photo: bool = False,
                 document: CleanAttachment | None = None, remove_document: bool = False) -> JournalEntry:
    """The text, date and files of an entry; what it changed on the action
    stays as it was (a new entry changes it again)."""
    if not user.has_perm("journal.change_entry", entry):
        raise PermissionDenied
    entry.text = _check(date=date, text=text, status="", progress=None)
    entry.date = date
    old = []
    if photo_alt is not None:
        entry.photo_alt = clean_user_text(photo_alt)[:250]
    if (photo is not None or remove_photo) and entry.photo:
        old.append(entry.photo)
    if (document is not None or remove_document) and entry.document:
        old.append(entry.document)
    with transaction.atomic():
        if remove_photo:
            entry.photo = ""
        if remove_document:
            entry.document, entry.document_name, entry.document_type, entry.document_size = "", "", "", 0
        if photo is not None:
            entry.photo.save(photo.content.name, photo.content, save=False)
        if document is not None:
            entry.document.save(document.content.name, document.content, save=False)
            entry.document_name, entry.document_type = document.original_name, document.content_type
            entry.document_size = document.size
        if entry.photo and not entry.photo_alt:
            raise ValidationError({"photo_alt": _("Describe the photo in a few words, for those who cannot see it.")})
        entry.save()
        _files_delete_on_commit(old)
    return entry


def entry_delete(*, user: User, entry: JournalEntry) -> None:
    """The entry goes; the action keeps its status (the page's history has it)."""
    if not user.has_perm("journal.delete_entry", entry):
        raise PermissionDenied
    with transaction.atomic():
        files = [entry.photo, entry.document]
        entry.delete()
        _files_delete_on_commit(files)


def entry_followers(entry: JournalEntry) -> set[int]:
    """People following the action or a plan item above it (a page's
    content type is its own type's, as a follow records it)."""
    from wagtail.models import Page

    action = entry.action
    paths = [action.path[:end] for end in range(action.steplen, len(action.path) + 1, action.steplen)]
    pages = Page.objects.filter(path__in=paths).values_list("pk", "content_type_id")
    followed = Q()
    for page_id, content_type_id in pages:
        followed |= Q(object_id=page_id, content_type_id=content_type_id)
    return set(Follow.objects.filter(followed).values_list("user_id", flat=True)) if followed else set()


def entry_news(*, entry: JournalEntry, actor) -> None:
    recipients = dict.fromkeys(entry_followers(entry), NEWS)
    recipients.pop(getattr(actor, "pk", None), None)
    detail = entry.text[:200]
    if entry.status_changed:
        detail = _("Now: %(status)s. %(text)s") % {"status": ActionStatus(entry.status).label, "text": detail}
    notifications_create(recipients=recipients, actor_id=getattr(actor, "pk", None), target=entry,
                         title=entry.action.display_title, url=entry.get_absolute_url(), detail=detail)


def pilot_appoint(*, user: User, action: ActionPage, person: User) -> ActionPilot:
    if not user.has_perm("journal.manage_pilots", action):
        raise PermissionDenied
    with transaction.atomic():
        seat, created = ActionPilot.objects.get_or_create(action=action, user=person,
                                                          defaults={"appointed_by": user})
    if created:
        from participation import roles

        from .predicates import piloted_forget

        roles.changed()
        piloted_forget(person)
        notifications_create(recipients={person.pk: PILOT}, actor_id=user.pk, target=action,
                             title=action.display_title,
                             url=action.url or "/", detail=_("You can now write this action's journal."))
    return seat


def pilot_remove(*, user: User, seat: ActionPilot) -> None:
    if not user.has_perm("journal.manage_pilots", seat.action):
        raise PermissionDenied
    seat.delete()
    from participation import roles

    from .predicates import piloted_forget

    roles.changed()
    piloted_forget(seat.user)
