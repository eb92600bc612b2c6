"""The comités' members, requests and meetings from the `committees`
section of cms/demo_data/*.yaml, once the demo accounts exist. Meeting dates
are given in days from the day of loading, so the demo always has meetings
to come and minutes to read. Idempotent: what exists is left as it is."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from cms.models import OrganisationPage

from .models import (
    Committee,
    CommitteeMember,
    CommitteeMemberStatus,
    Meeting,
    MeetingAttendance,
)


def _person(email: str):
    return get_user_model().objects.get(email=email)


def _committee(organisation, entry: dict) -> Committee:
    owner = organisation
    if entry.get("organisation"):
        owner = OrganisationPage.objects.child_of(organisation).get(slug=entry["organisation"])
    return Committee.objects.get(organisation=owner, slug=slugify(entry["name"])[:200])


def _at(days: int, clock: str) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def seats_load(committee: Committee, entry: dict) -> int:
    created = 0
    for row in entry.get("members") or []:
        __, is_new = CommitteeMember.objects.get_or_create(
            committee=committee, user=_person(row["email"]),
            defaults={"role": row.get("role", "membre"), "listed": row.get("listed", False)},
        )
        created += is_new
    for row in entry.get("requests") or []:
        __, is_new = CommitteeMember.objects.get_or_create(
            committee=committee, user=_person(row["email"]),
            defaults={"status": CommitteeMemberStatus.PENDING, "message": row.get("message", "")},
        )
        created += is_new
    return created


def meetings_load(committee: Committee, entry: dict) -> int:
    created = 0
    for row in entry.get("meetings") or []:
        if Meeting.objects.filter(committee=committee, title=row["title"]).exists():
            continue
        starts_at, ends_at = _at(row["in_days"], row["starts"]), _at(row["in_days"], row["ends"])
        meeting = Meeting.objects.create(
            committee=committee, title=row["title"], starts_at=starts_at, ends_at=ends_at,
            place=row.get("place", ""), online_url=row.get("online_url", ""), agenda=row.get("agenda", "").strip(),
        )
        if row.get("minutes"):
            meeting.minutes = row["minutes"].strip()
            meeting.minutes_published_at = min(ends_at + timedelta(days=2), timezone.now())
            meeting.save(update_fields=["minutes", "minutes_published_at"])
        for answer in row.get("attendance") or []:
            MeetingAttendance.objects.create(meeting=meeting, user=_person(answer["email"]),
                                             answer=answer.get("answer", ""), present=answer.get("present"))
        created += 1
    return created


def demo_data_load(*, organisation, data: dict) -> list[str]:
    seats = meetings = 0
    for entry in data.get("committees") or []:
        if entry.get("members") or entry.get("requests") or entry.get("meetings"):
            committee = _committee(organisation, entry)
            seats += seats_load(committee, entry)
            meetings += meetings_load(committee, entry)
    return [f"{seats} committee seats, {meetings} meetings"] if seats or meetings else []
