"""Who may do what in a comité: role × policy × visibility, as a grid."""

import pytest
from django.contrib.auth.models import AnonymousUser

ROLES = ["anonymous", "unverified", "resident", "pending", "member", "secretary", "animator", "staff", "other_staff"]


def person(people, role):
    return AnonymousUser() if role == "anonymous" else people[role]


def allowed(people, senior, perm):
    return {role for role in ROLES if person(people, role).has_perm(perm, senior)}


@pytest.mark.parametrize("visibility, expected", [
    ("public", set(ROLES)),
    ("membres", {"member", "secretary", "animator", "staff"}),
])
def test_who_sees_the_content(people, senior, visibility, expected):
    senior.visibility = visibility
    senior.save()
    assert allowed(people, senior, "committees.view_committee_content") == expected


@pytest.mark.parametrize("policy, joiners, requesters", [
    ("ouvert", {"resident", "pending", "other_staff", "staff"}, set()),
    ("sur_demande", set(), {"resident", "pending", "other_staff", "staff"}),
    ("sur_designation", set(), set()),
])
def test_who_may_join_or_ask(people, senior, policy, joiners, requesters):
    senior.membership_policy = policy
    senior.save()
    assert allowed(people, senior, "committees.join_committee") == joiners
    assert allowed(people, senior, "committees.request_committee") == requesters


def test_who_runs_the_committee(people, senior):
    assert allowed(people, senior, "committees.manage_committee") == {"secretary", "animator", "staff"}


def test_who_answers_meetings(people, senior):
    assert allowed(people, senior, "committees.answer_meeting") == {"member", "secretary", "animator"}


def test_who_may_leave(people, senior):
    assert allowed(people, senior, "committees.leave_committee") == {"member", "secretary", "animator"}


def test_a_superuser_runs_every_committee(people, senior):
    from tests.participation.conftest import make_user

    boss = make_user("boss", is_superuser=True)
    assert boss.has_perm("committees.manage_committee", senior)


@pytest.mark.parametrize("policy", ["ouvert", "sur_demande", "sur_designation"])
@pytest.mark.parametrize("visibility", ["public", "membres"])
def test_the_page_flags_follow_the_rules(people, senior, policy, visibility):
    """committee_access works the rights out in fewer queries: the same answers."""
    from committees.selectors import committee_access

    senior.membership_policy, senior.visibility = policy, visibility
    senior.save()
    flags = {"can_view": "view_committee_content", "can_manage": "manage_committee", "can_join": "join_committee",
             "can_request": "request_committee", "can_answer_meetings": "answer_meeting"}
    for role in ROLES:
        user = person(people, role)
        access = committee_access(user, senior)
        for flag, perm in flags.items():
            assert getattr(access, flag) == user.has_perm(f"committees.{perm}", senior), (role, flag)
