"""Seats and attendance stay exact when people click at the same time
(PostgreSQL, real transactions, one thread per click)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees import services
from committees.models import CommitteeMember, CommitteeRole, MeetingAttendance
from participation.models import Notification
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)
from tests.participation.conftest import make_committee, make_meeting, make_user, seat


@pytest.fixture
def place(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory

    return OrganisationFactory(title="Centre social concurrent")


def test_simultaneous_joins_make_one_seat_each(place):
    committee = make_committee(place, "Comité ouvert", policy="ouvert")
    animator = make_user()
    seat(committee, animator, role=CommitteeRole.ANIMATOR)
    people = [make_user() for _ in range(10)]
    errors = race(lambda person: services.committee_join(user=person, committee=committee), people + people)
    assert all(error is None or isinstance(error, PermissionDenied) for error in errors)  # a late second click
    assert CommitteeMember.objects.filter(committee=committee).exclude(user=animator).count() == 10
    assert Notification.objects.filter(recipient=animator).count() == 10  # told once per person


def test_a_double_click_on_ask_to_join_makes_one_request(place):
    committee = make_committee(place, "Comité sur demande")
    person = make_user()
    errors = race(lambda n: services.committee_request(user=person, committee=committee, message=f"{n}"), range(6))
    assert sum(error is None for error in errors) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None)
    assert CommitteeMember.objects.filter(committee=committee, user=person).count() == 1


def test_two_animators_leaving_at_once_leave_one_animator(place):
    committee = make_committee(place, "Comité animé")
    first, second = make_user(), make_user()
    seat(committee, first, role=CommitteeRole.ANIMATOR)
    seat(committee, second, role=CommitteeRole.ANIMATOR)
    errors = race(lambda person: services.committee_leave(user=person, committee=committee), [first, second])
    assert sorted(error is None for error in errors) == [False, True]
    assert CommitteeMember.objects.filter(committee=committee, role=CommitteeRole.ANIMATOR).count() == 1


def test_attendance_answers_racing_keep_one_answer(place):
    committee = make_committee(place, "Comité réuni")
    member = make_user()
    seat(committee, member)
    meeting = make_meeting(committee)
    errors = race(lambda answer: services.attendance_answer(user=member, meeting=meeting, answer=answer),
                  ["oui", "non", "peut_etre", "oui"] * 2)
    assert errors == [None] * 8
    assert MeetingAttendance.objects.filter(meeting=meeting, user=member).count() == 1
