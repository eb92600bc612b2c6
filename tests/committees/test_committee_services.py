"""Joining, requests, appointments, roles, meetings, attendance and minutes:
what the services do, refuse, and who hears of it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committees import services
from committees.models import CommitteeMember, CommitteePlanItem, Meeting, MeetingAttendance
from committees.notices import CommitteeNotice
from participation import services as participation_services
from participation.models import Notification
from tests.participation.conftest import make_committee, make_meeting, make_user


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_open_committee_is_joined_at_once(organisation, people):
    open_committee = make_committee(organisation, "Comité enfant", policy="ouvert")
    joined = services.committee_join(user=people["resident"], committee=open_committee, listed=True)
    assert (joined.status, joined.listed) == ("accepted", True)
    with pytest.raises(PermissionDenied):  # already in
        services.committee_join(user=people["resident"], committee=open_committee)


def test_an_open_committee_cannot_be_asked_and_a_closed_one_cannot_be_joined(organisation, people, senior):
    open_committee = make_committee(organisation, "Comité enfant", policy="ouvert")
    with pytest.raises(PermissionDenied):
        services.committee_request(user=people["resident"], committee=open_committee)
    with pytest.raises(PermissionDenied):
        services.committee_join(user=people["resident"], committee=senior)
    with pytest.raises(PermissionDenied):
        services.committee_join(user=people["unverified"], committee=open_committee)


def test_a_request_reaches_the_animators_and_the_answer_the_person(people, senior):
    request = services.committee_request(user=people["resident"], committee=senior,
                                         message="J’aimerais <b>aider</b> aux repas.")
    assert request.status == "pending" and request.message == "J’aimerais aider aux repas."
    assert kinds_for(people["animator"]) == [CommitteeNotice.REQUEST]
    assert kinds_for(people["secretary"]) == [CommitteeNotice.REQUEST]
    assert kinds_for(people["member"]) == []
    with pytest.raises(ValidationError):
        services.committee_request(user=people["resident"], committee=senior)

    services.committee_member_answer(by=people["animator"], seat=request, accept=False, answer="Le comité est complet.")
    notification = Notification.objects.get(recipient=people["resident"])
    assert notification.kind == CommitteeNotice.ANSWERED
    assert "complet" in notification.detail
    with pytest.raises(ValidationError):  # answered already
        services.committee_member_answer(by=people["animator"], seat=request, accept=True)

    again = services.committee_request(user=people["resident"], committee=senior, message="Une place s’est libérée ?")
    assert again.pk == request.pk and again.status == "pending" and again.answer == ""
    services.committee_member_answer(by=people["staff"], seat=again, accept=True)
    assert CommitteeMember.objects.get(pk=request.pk).status == "accepted"


def test_only_those_who_run_the_committee_answer(people, senior):
    pending = CommitteeMember.objects.get(user=people["pending"])
    for who in ("member", "resident", "other_staff"):
        with pytest.raises(PermissionDenied):
            services.committee_member_answer(by=people[who], seat=pending, accept=True)


def test_without_animators_requests_go_to_the_staff(organisation, people):
    lonely = make_committee(organisation, "Groupe sans animateur")
    services.committee_request(user=people["resident"], committee=lonely)
    assert kinds_for(people["staff"]) == [CommitteeNotice.REQUEST]


def test_appointing_someone_of_the_organisation(organisation, people, senior):
    from participation.models import Membership

    designated = make_committee(organisation, "Conseil d'administration", policy="sur_designation")
    with pytest.raises(ValidationError) as error:  # not a person of the organisation
        services.committee_member_appoint(by=people["staff"], committee=designated, who="Res", role="membre")
    assert "person" in error.value.error_dict
    Membership.objects.create(user=people["resident"], organisation=organisation, role="habitant", status="accepted")
    appointed = services.committee_member_appoint(by=people["staff"], committee=designated,
                                                  who="res@example.org", role="secretaire")
    assert (appointed.user, appointed.role, appointed.status) == (people["resident"], "secretaire", "accepted")
    assert kinds_for(people["resident"]) == [CommitteeNotice.ANSWERED]
    with pytest.raises(PermissionDenied):
        services.committee_member_appoint(by=people["animator"], committee=designated, who="Res", role="membre")


def test_the_last_animator_hands_over_before_leaving(people, senior):
    with pytest.raises(ValidationError):
        services.committee_leave(user=people["animator"], committee=senior)
    animator_seat = CommitteeMember.objects.get(user=people["animator"])
    with pytest.raises(ValidationError):
        services.committee_member_role_set(by=people["staff"], seat=animator_seat, role="membre")
    member_seat = CommitteeMember.objects.get(user=people["member"])
    services.committee_member_role_set(by=people["animator"], seat=member_seat, role="animateur")
    services.committee_leave(user=people["animator"], committee=senior)
    assert not CommitteeMember.objects.filter(user=people["animator"]).exists()


def test_leaving_and_consenting_to_the_list(people, senior):
    services.committee_listing_set(user=people["member"], committee=senior, listed=True)
    assert CommitteeMember.objects.get(user=people["member"]).listed
    services.committee_leave(user=people["pending"], committee=senior)  # withdraws the request
    with pytest.raises(ValidationError):
        services.committee_leave(user=people["resident"], committee=senior)
    with pytest.raises(ValidationError):
        services.committee_listing_set(user=people["resident"], committee=senior, listed=True)


def test_removing_a_member(people, senior):
    member_seat = CommitteeMember.objects.get(user=people["member"])
    with pytest.raises(PermissionDenied):
        services.committee_member_remove(by=people["member"], seat=member_seat)
    services.committee_member_remove(by=people["secretary"], seat=member_seat)
    assert kinds_for(people["member"]) == [CommitteeNotice.ANSWERED]


def test_settings_and_plan_items(people, senior, axis, action):
    from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

    services.committee_update(by=people["animator"], committee=senior, description="<script>x</script>Les seniors",
                              membership_policy="ouvert", visibility="membres", piloted=[action], followed=[axis])
    senior.refresh_from_db()
    assert (senior.description, senior.membership_policy, senior.visibility) == ("Les seniors", "ouvert", "membres")
    assert dict(CommitteePlanItem.objects.values_list("page_id", "relation")) == {action.pk: "pilote", axis.pk: "suit"}
    elsewhere = ActionFactory(parent=AxisFactory(parent=PlanFactory(parent=OrganisationFactory(title="Autre"))))
    with pytest.raises(ValidationError):
        services.committee_update(by=people["animator"], committee=senior, description="", membership_policy="ouvert",
                                  visibility="public", piloted=[elsewhere], followed=[])
    with pytest.raises(PermissionDenied):
        services.committee_update(by=people["member"], committee=senior, description="", membership_policy="ouvert",
                                  visibility="public", piloted=[], followed=[])


def _when(days=7, hours=2):
    starts = timezone.now() + timedelta(days=days)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=hours)}


def test_scheduling_a_meeting_tells_the_members(people, senior):
    meeting = services.meeting_schedule(by=people["secretary"], committee=senior, title="", place="Salle 2",
                                        agenda="- Sorties\n- Repas", online_url="", **_when())
    assert "Comité senior" in meeting.title  # "Réunion du Comité senior" in French
    for who in ("member", "animator"):
        assert kinds_for(people[who]) == [CommitteeNotice.MEETING]
    assert kinds_for(people["secretary"]) == [] and kinds_for(people["pending"]) == []
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(by=people["member"], committee=senior, title="x", place="y", agenda="",
                                  online_url="", **_when())


@pytest.mark.parametrize("values, field", [
    ({"place": "", "online_url": ""}, "place"),
    ({"place": "Salle", "online_url": "", **_when(days=-1)}, "starts_at"),
    ({"place": "Salle", "online_url": "", **_when(hours=-1)}, "ends_at"),
])
def test_a_meeting_needs_a_place_and_a_future_time(people, senior, values, field):
    values = {"title": "R", "agenda": "", **_when(), **values}
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(by=people["animator"], committee=senior, **values)
    assert field in error.value.error_dict
    assert not Meeting.objects.exists()


def test_changing_and_cancelling_a_meeting(people, senior):
    meeting = make_meeting(senior)
    values = {"title": "Réunion", "place": "Salle 3", "online_url": "", "agenda": "",
              "starts_at": meeting.starts_at, "ends_at": meeting.ends_at}
    meeting = services.meeting_update(by=people["animator"], meeting=meeting, **values)
    assert meeting.sequence == 1 and kinds_for(people["member"]) == [CommitteeNotice.MEETING]
    meeting = services.meeting_cancel(by=people["animator"], meeting=meeting, reason="Salle indisponible")
    assert meeting.is_cancelled and meeting.sequence == 2
    assert "Salle indisponible" in Notification.objects.filter(recipient=people["member"]).first().detail
    with pytest.raises(ValidationError):
        services.meeting_cancel(by=people["animator"], meeting=meeting)


def test_members_answer_whether_they_come(people, senior):
    meeting = make_meeting(senior)
    services.attendance_answer(user=people["member"], meeting=meeting, answer="oui")
    services.attendance_answer(user=people["member"], meeting=meeting, answer="non")
    assert list(MeetingAttendance.objects.values_list("answer", flat=True)) == ["non"]
    for who in ("resident", "pending"):
        with pytest.raises(PermissionDenied):
            services.attendance_answer(user=people[who], meeting=meeting, answer="oui")
    with pytest.raises(ValidationError):
        services.attendance_answer(user=people["member"], meeting=meeting, answer="demain")
    past = make_meeting(senior, days=-3)
    with pytest.raises(ValidationError):
        services.attendance_answer(user=people["member"], meeting=past, answer="oui")


def test_minutes_are_published_after_the_meeting_with_who_was_there(people, senior):
    future = make_meeting(senior)
    with pytest.raises(ValidationError):
        services.minutes_publish(by=people["secretary"], meeting=future, minutes="Trop tôt", present_ids=[])
    past = make_meeting(senior, days=-2)
    outsider = make_user("outsider")
    with pytest.raises(PermissionDenied):
        services.minutes_publish(by=people["member"], meeting=past, minutes="x", present_ids=[])
    with pytest.raises(ValidationError):
        services.minutes_publish(by=people["secretary"], meeting=past, minutes="  ", present_ids=[])
    services.minutes_publish(by=people["secretary"], meeting=past, minutes="Décisions prises.",
                             present_ids=[people["member"].pk, outsider.pk])
    past.refresh_from_db()
    assert past.has_minutes and past.minutes_by == people["secretary"]
    assert list(past.attendances.filter(present=True).values_list("user", flat=True)) == [people["member"].pk]
    assert kinds_for(people["member"]) == [CommitteeNotice.MINUTES]
    services.minutes_publish(by=people["secretary"], meeting=past, minutes="Décisions corrigées.", present_ids=[])
    assert kinds_for(people["member"]) == [CommitteeNotice.MINUTES]  # told once
    assert not past.attendances.filter(present=True).exists()


def test_followers_of_a_public_committee_hear_of_meetings_but_not_of_a_private_one(people, senior):
    participation_services.follow_set(user=people["resident"], target=senior, follow=True)
    make_meeting(senior, days=-1)
    services.meeting_schedule(by=people["animator"], committee=senior, title="A", place="S", agenda="",
                              online_url="", **_when())
    assert kinds_for(people["resident"]) == [CommitteeNotice.MEETING]
    senior.visibility = "membres"
    senior.save()
    services.meeting_schedule(by=people["animator"], committee=senior, title="B", place="S", agenda="",
                              online_url="", **_when())
    assert kinds_for(people["resident"]) == [CommitteeNotice.MEETING]


def test_documents_are_checked_by_their_content(people, senior, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(senior)
    document = services.document_add(by=people["secretary"], meeting=meeting,
                                     upload=SimpleUploadedFile("ordre.txt", b"Ordre du jour"))
    assert document.content_type.startswith("text/plain")
    with pytest.raises(ValidationError):
        services.document_add(by=people["secretary"], meeting=meeting,
                              upload=SimpleUploadedFile("ordre.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(PermissionDenied):
        services.document_add(by=people["member"], meeting=meeting,
                              upload=SimpleUploadedFile("a.txt", b"texte"))
    assert meeting.documents.count() == 1
