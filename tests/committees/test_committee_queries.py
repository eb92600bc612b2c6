"""The comité pages cost the same number of queries whatever their size."""

import pytest
from django.urls import reverse

from committees import services
from participation import services as participation_services
from tests.participation.conftest import make_committee, make_meeting, make_user, seat
from tests.queries import MAX_QUERIES, page_queries

pytestmark = pytest.mark.django_db


def grow(committee, count):
    for n in range(count):
        member = make_user()
        seat(committee, member, listed=bool(n % 2))
        upcoming, past = make_meeting(committee, title=f"À venir {n}"), make_meeting(committee, days=-n - 1)
        services.attendance_answer(user=member, meeting=upcoming, answer="oui")
        past.minutes = "Compte rendu"
        past.save()
        participation_services.comment_post(user=member, target=committee, text=f"Message {n}", stance="")
    seat(committee, make_user(), status="pending")


@pytest.mark.parametrize("who", ["visitor", "member", "animator"])
def test_committee_pages(client, organisation, action, who):
    committee = make_committee(organisation, "Comité senior")
    animator, member = make_user("anim"), make_user("memb")
    seat(committee, animator, role="animateur")
    seat(committee, member)
    from committees.models import CommitteePlanItem

    CommitteePlanItem.objects.create(committee=committee, page=action)
    if who != "visitor":
        client.force_login(animator if who == "animator" else member)
    grow(committee, 2)
    meeting = make_meeting(committee, title="Mesurée")
    urls = [reverse("committees:committees"), committee.get_absolute_url(), meeting.get_absolute_url(),
            reverse("committees:organisation_calendar", args=[organisation.slug]),
            reverse("committees:committee_calendar", args=[organisation.slug, committee.slug]), action.url]
    if who != "visitor":
        urls.append(reverse("committees:my_committees"))
    if who == "animator":
        urls += [reverse("committees:committee_members", args=[organisation.slug, committee.slug]),
                 reverse("committees:committee_edit", args=[organisation.slug, committee.slug]),
                 reverse("committees:meeting_minutes", args=[meeting.pk])]
    few = [page_queries(client, url) for url in urls]
    grow(committee, 12)
    for index in range(3):
        make_committee(organisation, f"Autre comité {index}")
    many = [page_queries(client, url) for url in urls]
    assert many == few, list(zip(urls, few, many, strict=True))
    assert max(many) <= MAX_QUERIES, list(zip(urls, many, strict=True))
