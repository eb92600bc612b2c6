"""The comité pages through HTTP: what each person sees and may post, and
that members-only content stays hidden everywhere (pages, files, iCal,
comments)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import CommitteeMember, Meeting, MeetingAttendance
from participation.commenting import target_key
from tests.participation.conftest import make_committee, make_meeting, make_user


def url(name, committee, *args):
    return reverse(f"committees:{name}", args=[committee.organisation.slug, committee.slug, *args])


@pytest.fixture
def private(organisation, people):
    from tests.participation.conftest import seat

    committee = make_committee(organisation, "Comité famille", visibility="membres")
    seat(committee, people["member"])
    seat(committee, people["animator"], role="animateur")
    return committee


@pytest.fixture
def secret_meeting(private, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(private, days=-1, title="Sorties des familles", agenda="Budget secret",
                           minutes="Décision confidentielle", minutes_published_at=timezone.now())
    services.document_add(by=private.members.get(role="animateur").user, meeting=meeting,
                          upload=SimpleUploadedFile("notes.txt", b"Notes internes"))
    return meeting


def test_the_index_and_a_public_committee_page(client, people, senior):
    make_meeting(senior, title="Repas partagé")
    assert senior.name in client.get(reverse("committees:committees")).content.decode()
    page = client.get(senior.get_absolute_url()).content.decode()
    assert "Repas partagé" in page and url("committee_join", senior) not in page


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("resident", 404), ("other_staff", 404),
                                         ("member", 200), ("animator", 200), ("staff", 200)])
def test_members_only_content_is_a_404_for_others(client, people, private, secret_meeting, who, status):
    if who != "anonymous":
        client.force_login(people[who])
    page = client.get(private.get_absolute_url()).content.decode()
    assert private.name in page  # the comité itself, and how to join, are public
    assert ("Sorties des familles" in page) is (status == 200)
    document = secret_meeting.documents.get()
    content_type_id, object_id = target_key(private)
    for address in (
        secret_meeting.get_absolute_url(),
        reverse("committees:meeting_calendar", args=[secret_meeting.pk]),
        reverse("committees:meeting_document", args=[document.pk]),
        url("committee_calendar", private),
        reverse("participation:comment_counts", args=[content_type_id, object_id]),
    ):
        assert client.get(address).status_code == status, address


def test_members_only_meetings_stay_out_of_public_feeds_and_search(client, people, private, secret_meeting, senior):
    make_meeting(senior, title="Réunion publique")
    feed = client.get(reverse("committees:organisation_calendar", args=[private.organisation.slug]))
    assert "Réunion publique" in feed.content.decode()
    assert "Sorties des familles" not in feed.content.decode()
    search = client.get(reverse("search"), {"q": "confidentielle"}).content.decode()
    assert "Décision confidentielle" not in search


def test_a_non_member_cannot_comment_a_private_committee(client, people, private):
    client.force_login(people["resident"])
    response = client.post(reverse("participation:comment_post", args=target_key(private)), {"text": "Bonjour"})
    assert response.status_code in (403, 404)
    client.force_login(people["member"])
    response = client.post(reverse("participation:comment_post", args=target_key(private)), {"text": "Bonjour"})
    assert response.status_code == 302


def test_requesting_and_answering_through_the_pages(client, people, senior):
    response = client.post(url("committee_join", senior), {"message": "Je cuisine bien"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(people["resident"])
    client.post(url("committee_join", senior), {"message": "Je cuisine bien", "listed": "on"})
    request = CommitteeMember.objects.get(user=people["resident"])
    assert (request.status, request.listed) == ("pending", True)

    assert client.get(url("committee_members", senior)).status_code == 403
    client.force_login(people["animator"])
    page = client.get(url("committee_members", senior)).content.decode()
    assert "Je cuisine bien" in page
    client.post(url("committee_member_answer", senior, request.pk), {"decision": "accept", "answer": "Bienvenue"})
    request.refresh_from_db()
    assert request.status == "accepted" and request.answer == "Bienvenue"


def test_appointing_changing_roles_and_removing_through_the_pages(client, people, senior, organisation):
    client.force_login(people["secretary"])
    response = client.post(url("committee_members", senior), {"person": "Nobody", "role": "membre"})
    assert response.status_code == 200 and "Nobody" in response.content.decode()  # error shown on the form
    member_seat = CommitteeMember.objects.get(user=people["member"])
    client.post(url("committee_member_role", senior, member_seat.pk), {"role": "secretaire"})
    assert CommitteeMember.objects.get(pk=member_seat.pk).role == "secretaire"
    client.post(url("committee_member_remove", senior, member_seat.pk))
    assert not CommitteeMember.objects.filter(pk=member_seat.pk).exists()
    client.force_login(people["member"])
    assert client.post(url("committee_member_remove", senior, member_seat.pk)).status_code in (403, 404)


def test_joining_an_open_committee_and_leaving(client, people, organisation):
    open_committee = make_committee(organisation, "Comité enfant", policy="ouvert")
    client.force_login(people["resident"])
    client.post(url("committee_join", open_committee), {})
    assert CommitteeMember.objects.get(user=people["resident"], committee=open_committee).status == "accepted"
    client.post(url("committee_listing", open_committee), {"listed": "on"})
    assert CommitteeMember.objects.get(user=people["resident"], committee=open_committee).listed
    assert "Res" in client.get(open_committee.get_absolute_url()).content.decode()
    client.post(url("committee_leave", open_committee))
    assert not CommitteeMember.objects.filter(user=people["resident"], committee=open_committee).exists()


def test_names_are_public_only_with_consent(client, people, senior):
    CommitteeMember.objects.filter(user=people["animator"]).update(listed=True)
    page = client.get(senior.get_absolute_url()).content.decode()
    assert "Animator" in page and "Member" not in page


def test_scheduling_a_meeting_through_the_form(client, people, senior):
    client.force_login(people["member"])
    assert client.get(url("meeting_create", senior)).status_code == 403
    client.force_login(people["animator"])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(url("meeting_create", senior), {"title": "Goûter", "day": day, "starts": "14:30",
                                                           "ends": "14:00", "place": "Salle"})
    assert response.status_code == 200 and not Meeting.objects.exists()
    response = client.post(url("meeting_create", senior), {"title": "Goûter", "day": day, "starts": "14:30",
                                                           "ends": "16:00", "place": "Salle", "agenda": "Gâteaux"})
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"


def test_attendance_and_minutes_through_the_pages(client, people, senior):
    meeting = make_meeting(senior)
    client.force_login(people["member"])
    client.post(reverse("committees:meeting_attendance", args=[meeting.pk]), {"answer": "peut_etre"})
    assert MeetingAttendance.objects.get().answer == "peut_etre"
    assert client.get(reverse("committees:meeting_minutes", args=[meeting.pk])).status_code == 403
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                                 ends_at=timezone.now() - timedelta(hours=1))
    client.force_login(people["secretary"])
    response = client.post(reverse("committees:meeting_minutes", args=[meeting.pk]),
                           {"minutes": "Tout le monde était là.", "present": [people["member"].pk]})
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tout le monde était là." in page


def test_a_private_calendar_link(client, people, private, secret_meeting):
    client.force_login(people["member"])
    client.post(reverse("committees:calendar_reset"))
    people["member"].refresh_from_db()
    token = people["member"].calendar_token
    assert len(token) >= 32
    client.logout()
    feed = client.get(reverse("committees:person_calendar", args=[token]))
    assert feed.status_code == 200 and "Sorties des familles" in feed.content.decode()
    assert feed["Cache-Control"] == "private, no-store"
    assert client.get(reverse("committees:person_calendar", args=["x" * 43])).status_code == 404
    client.force_login(people["member"])
    client.post(reverse("committees:calendar_reset"))
    assert client.get(reverse("committees:person_calendar", args=[token])).status_code == 404


def test_my_committees_page(client, people, senior):
    make_meeting(senior, title="Prochain repas")
    client.force_login(people["member"])
    page = client.get(reverse("committees:my_committees")).content.decode()
    assert "Comité senior" in page and "Prochain repas" in page


def test_editing_the_committee(client, people, senior, action):
    client.force_login(people["animator"])
    response = client.post(url("committee_edit", senior), {
        "description": "Repas et sorties", "membership_policy": "ouvert", "visibility": "public",
        "piloted": [action.pk]})
    assert response.status_code == 302
    senior.refresh_from_db()
    assert senior.membership_policy == "ouvert" and list(senior.plan_items.all()) == [action.page_ptr]
    page = client.get(action.url).content.decode()
    assert senior.get_absolute_url() in page  # the action names the comité that pilots it


def test_an_unknown_committee_is_a_404(client, organisation):
    assert client.get(reverse("committees:committee", args=[organisation.slug, "nope"])).status_code == 404
    assert client.get(reverse("committees:meeting", args=[999])).status_code == 404
    assert client.get(reverse("committees:organisation_calendar", args=["nope"])).status_code == 404


def test_a_person_can_leave_a_declined_mark_and_ask_again(client, people, senior):
    user = make_user("again")
    services.committee_request(user=user, committee=senior)
    services.committee_member_answer(by=people["animator"], seat=CommitteeMember.objects.get(user=user),
                                     accept=False, answer="Pas maintenant")
    client.force_login(user)
    assert "Pas maintenant" in client.get(senior.get_absolute_url()).content.decode()
    client.post(url("committee_join", senior), {"message": "Et maintenant ?"})
    assert CommitteeMember.objects.get(user=user).status == "pending"
