"""iCalendar (RFC 5545) feeds of committee meetings, for any calendar app."""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from icalendar.enums import STATUS

from .models import Meeting

PRODID = "-//Plan Commun//Committees//FR"


def meeting_uid(meeting: Meeting, domain: str) -> str:
    return f"meeting-{meeting.pk}@{domain}"


def calendar_build(*, meetings: list[Meeting], name: str, base_url: str, domain: str,
                   with_details: bool = True) -> bytes:
    """One VEVENT per meeting, in the site's time zone (Europe/Paris), with
    its VTIMEZONE. Cancelled meetings stay, marked CANCELLED, so that
    calendars which had them remove them. Details (agenda, online link) only
    where the feed is for people allowed to read them."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar.new(prodid=PRODID, name=name, refresh_interval=timedelta(hours=6), method="PUBLISH",
                            uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/{name}"))
    for meeting in meetings:
        url = base_url + meeting.get_absolute_url()
        description = [meeting.agenda] if with_details and meeting.agenda else []
        if with_details and meeting.online_url:
            description.append(_("Online: %(url)s") % {"url": meeting.online_url})
        description.append(url)
        event = Event.new(
            uid=meeting_uid(meeting, domain),
            summary=f"{meeting.committee.name} · {meeting.title}",
            start=timezone.localtime(meeting.starts_at, zone),
            end=timezone.localtime(meeting.ends_at, zone),
            stamp=meeting.updated_at,
            last_modified=meeting.updated_at,
            sequence=meeting.sequence,
            location=meeting.place or (meeting.online_url if with_details else "") or None,
            description="\n\n".join(description),
            url=url,
            status=STATUS.CANCELLED if meeting.is_cancelled else STATUS.CONFIRMED,
            categories=[meeting.committee.organisation.title],
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
