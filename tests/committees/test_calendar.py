"""The iCal feeds parse with the `icalendar` package and carry the right
times in Europe/Paris, summer and winter alike."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from committees import services
from committees.models import Meeting
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_committee

PARIS = ZoneInfo("Europe/Paris")


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}, calendar


def meeting_at(committee, title, start, end, **extra):
    return Meeting.objects.create(committee=committee, title=title, starts_at=start, ends_at=end,
                                  place=extra.pop("place", "Salle"), **extra)


@pytest.fixture
def dated(senior):
    summer = meeting_at(senior, "Été", datetime(2027, 7, 1, 18, 30, tzinfo=PARIS), datetime(2027, 7, 1, 20, 0, tzinfo=PARIS),
                        agenda="Pique-nique", online_url="https://visio.example.org/senior")
    winter = meeting_at(senior, "Hiver", datetime(2027, 1, 14, 14, 0, tzinfo=PARIS),
                        datetime(2027, 1, 14, 16, 0, tzinfo=PARIS))
    return summer, winter


def test_a_committee_feed_in_paris_time(client, senior, dated, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    found, calendar = events(client.get(reverse("committees:committee_calendar",
                                                args=[senior.organisation.slug, senior.slug])))
    summer = found["Comité senior · Été"]
    assert summer.decoded("DTSTART") == datetime(2027, 7, 1, 18, 30, tzinfo=PARIS)
    assert summer["DTSTART"].params["TZID"] == "Europe/Paris"
    assert summer.decoded("DTSTART").utcoffset().total_seconds() == 2 * 3600
    winter = found["Comité senior · Hiver"]
    assert winter.decoded("DTEND") == datetime(2027, 1, 14, 16, 0, tzinfo=PARIS)
    assert winter.decoded("DTEND").utcoffset().total_seconds() == 3600
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert "Pique-nique" in str(summer["DESCRIPTION"]) and "visio.example.org" in str(summer["DESCRIPTION"])
    assert str(summer["UID"]).startswith(f"meeting-{dated[0].pk}@")
    assert str(summer["URL"]).endswith(dated[0].get_absolute_url())


def test_a_change_raises_the_sequence_and_a_cancellation_is_announced(client, people, senior):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() + timedelta(days=3)
    meeting = meeting_at(senior, "Réunion", start, start + timedelta(hours=1))
    services.meeting_cancel(by=people["animator"], meeting=meeting)
    found, __ = events(client.get(reverse("committees:meeting_calendar", args=[meeting.pk])))
    event = found["Comité senior · Réunion"]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_the_shared_calendar_of_a_cooperation_holds_its_maisons(client, db):
    from datetime import timedelta

    from django.utils import timezone

    cooperation = OrganisationFactory(title="Coopération", kind="cooperation")
    maisons = [OrganisationFactory(parent=cooperation, title=f"Maison {n}") for n in (1, 2, 3)]
    start = timezone.now() + timedelta(days=2)
    for maison in maisons:
        meeting_at(make_committee(maison, "Table de quartier"), f"Table {maison.title}", start,
                   start + timedelta(hours=2))
    meeting_at(make_committee(maisons[0], "Privé", visibility="membres"), "Secret", start, start + timedelta(hours=1))
    outsider = OrganisationFactory(title="Voisins")
    meeting_at(make_committee(outsider, "Autre"), "Ailleurs", start, start + timedelta(hours=1))
    found, calendar = events(client.get(reverse("committees:organisation_calendar", args=[cooperation.slug])))
    assert sorted(found) == [f"Table de quartier · Table Maison {n}" for n in (1, 2, 3)]
    assert str(calendar["X-WR-CALNAME"]) == "Coopération"
    assert {str(event["CATEGORIES"].cats[0]) for event in found.values()} == {f"Maison {n}" for n in (1, 2, 3)}
