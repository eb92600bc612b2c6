"""Meetings of a committee: scheduling, changes, cancellation, attendance,
documents and minutes. Members hear of each step."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.sanitising import clean_user_text
from core.uploads import attachment_clean
from participation.models import User
from participation.services.notifications import notifications_create

from ..models import (
    AttendanceAnswer,
    Committee,
    CommitteeMember,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
)
from ..notices import CommitteeNotice
from .committees import follower_ids, member_ids

MAX_DOCUMENTS = 10
FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda")


def _require_manager(user: User, committee: Committee) -> None:
    if not user.has_perm("committees.manage_committee", committee):
        raise PermissionDenied


def _when(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "l j F Y, H\\hi")


def _tell(meeting: Meeting, actor: User, kind: str, detail: str) -> None:
    """The committee's members, and for a public committee those who follow it."""
    committee = meeting.committee
    recipients = dict.fromkeys(follower_ids(committee), kind) if committee.is_public else {}
    recipients.update(dict.fromkeys(member_ids(committee), kind))
    recipients.pop(actor.pk, None)
    notifications_create(recipients=recipients, target=committee, actor_id=actor.pk,
                         title=f"{committee.name} · {meeting.title}",
                         url=meeting.get_absolute_url(), detail=detail)


def _meeting_clean(meeting: Meeting) -> None:
    meeting.title = clean_user_text(meeting.title)[:200] or _("Meeting of %(name)s") % {"name": meeting.committee}
    meeting.agenda = clean_user_text(meeting.agenda)[:5000]
    meeting.place = clean_user_text(meeting.place)[:255]
    errors = {}
    if not meeting.place and not meeting.online_url:
        errors["place"] = _("Say where the meeting takes place, or give its online link.")
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if errors:
        raise ValidationError(errors)
    meeting.full_clean()


@transaction.atomic
def meeting_schedule(*, by: User, committee: Committee, **values) -> Meeting:
    _require_manager(by, committee)
    meeting = Meeting(committee=committee, created_by=by, **{name: values.get(name) or "" for name in FIELDS})
    if meeting.starts_at and meeting.starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Schedule the meeting in the future.")})
    _meeting_clean(meeting)
    meeting.save()
    _tell(meeting, by, CommitteeNotice.MEETING, _("New meeting on %(when)s.") % {"when": _when(meeting)})
    return meeting


@transaction.atomic
def meeting_update(*, by: User, meeting: Meeting, **values) -> Meeting:
    """Change a meeting; members hear of a new date or place."""
    _require_manager(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().select_related("committee__organisation").get(pk=meeting.pk)
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url)
    for name in FIELDS:
        setattr(meeting, name, values.get(name) or "")
    _meeting_clean(meeting)
    meeting.sequence += 1
    meeting.save()
    if before != (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url) and not meeting.is_cancelled:
        _tell(meeting, by, CommitteeNotice.MEETING,
              _("The meeting changed: now on %(when)s.") % {"when": _when(meeting)})
    return meeting


@transaction.atomic
def meeting_cancel(*, by: User, meeting: Meeting, reason: str = "") -> Meeting:
    _require_manager(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().select_related("committee__organisation").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is already cancelled."), code="already_cancelled")
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over: it can no longer be cancelled."), code="over")
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    reason = clean_user_text(reason)[:200]
    detail = _("The meeting of %(when)s is cancelled.") % {"when": _when(meeting)}
    _tell(meeting, by, CommitteeNotice.MEETING, f"{detail} {reason}".strip())
    return meeting


@transaction.atomic
def attendance_answer(*, user: User, meeting: Meeting, answer: str) -> MeetingAttendance:
    """A member says whether they will come; answering again changes it."""
    if not user.has_perm("committees.answer_meeting", meeting.committee):
        raise PermissionDenied
    if answer not in AttendanceAnswer.values:
        raise ValidationError(_("Choose an answer."), code="invalid_answer")
    if meeting.is_cancelled or meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over or cancelled: there is nothing to answer."), code="closed")
    try:
        with transaction.atomic():
            attendance, __ = MeetingAttendance.objects.update_or_create(
                meeting=meeting, user=user, defaults={"answer": answer})
    except IntegrityError:  # two clicks at once: the second one updates
        attendance = MeetingAttendance.objects.get(meeting=meeting, user=user)
        attendance.answer = answer
        attendance.save(update_fields=["answer", "answered_at"])
    return attendance


@transaction.atomic
def minutes_publish(*, by: User, meeting: Meeting, minutes: str, present_ids: list[int]) -> Meeting:
    """Write (or correct) the minutes of a meeting that has taken place and
    note who was there. Members hear of the first publication only."""
    _require_manager(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().select_related("committee__organisation").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: it has no minutes."), code="cancelled")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The minutes are published once the meeting has taken place."), code="not_yet")
    minutes = clean_user_text(minutes)[:50000]
    if not minutes:
        raise ValidationError({"minutes": _("Write the minutes before publishing them.")})
    first_time = meeting.minutes_published_at is None
    meeting.minutes, meeting.minutes_by = minutes, by
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    meeting.save(update_fields=["minutes", "minutes_by", "minutes_published_at", "updated_at"])
    _presence_set(meeting, set(present_ids))
    if first_time:
        _tell(meeting, by, CommitteeNotice.MINUTES,
              _("The minutes of the meeting of %(when)s are published.") % {"when": _when(meeting)})
    return meeting


def _presence_set(meeting: Meeting, present_ids: set[int]) -> None:
    """Who was there, among the committee's members (others are ignored)."""
    members = set(CommitteeMember.objects.accepted().filter(committee_id=meeting.committee_id)
                  .values_list("user_id", flat=True))
    present_ids &= members
    existing = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, user_id=user_id) for user_id in sorted(present_ids - existing))
    MeetingAttendance.objects.filter(meeting=meeting, user_id__in=present_ids).update(present=True)
    MeetingAttendance.objects.filter(meeting=meeting).exclude(user_id__in=present_ids).update(present=False)


@transaction.atomic
def document_add(*, by: User, meeting: Meeting, upload) -> MeetingDocument:
    """A document checked by its content (core/uploads.py) before anything
    is written."""
    _require_manager(by, meeting.committee)
    if meeting.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"document": _("A meeting has %(max)d documents at most: remove one first.")
                               % {"max": MAX_DOCUMENTS}})
    try:
        clean = attachment_clean(upload)
    except ValidationError as error:
        raise ValidationError({"document": error.error_list}) from error
    document = MeetingDocument(meeting=meeting, name=clean.original_name, content_type=clean.content_type,
                               size=clean.size, added_by=by)
    document.file.save(clean.content.name, clean.content, save=True)
    return document


@transaction.atomic
def document_remove(*, by: User, document: MeetingDocument) -> None:
    _require_manager(by, document.meeting.committee)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
