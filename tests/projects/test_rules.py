"""Who may move a project between which states, and who may see it: a grid
of roles × statuses, written out rather than derived from the code."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Committee, CommitteeMember, CommitteeRole
from projects.lifecycle import allowed_targets
from projects.models import Project, ProjectAuthor, ProjectStatus
from projects.services import project_transition

from .conftest import make_staff, make_user

S = ProjectStatus
pytestmark = pytest.mark.django_db

# role → {status: the statuses that role may move the project to}
EXPECTED = {
    "author": {
        S.DRAFT: {S.SUBMITTED}, S.SUBMITTED: {S.ABANDONED}, S.UNDER_REVIEW: {S.ABANDONED},
        S.ACCOMPANIED: {S.IN_PROGRESS, S.ABANDONED}, S.IN_PROGRESS: {S.DONE, S.ABANDONED},
    },
    # Staff decline, with a public reason; only the carriers abandon.
    "staff": {
        S.SUBMITTED: {S.UNDER_REVIEW, S.ACCOMPANIED, S.DECLINED},
        S.UNDER_REVIEW: {S.ACCOMPANIED, S.DECLINED},
        S.ACCOMPANIED: {S.IN_PROGRESS}, S.IN_PROGRESS: {S.DONE},
    },
    "animator_in_charge": {
        S.SUBMITTED: {S.UNDER_REVIEW, S.ACCOMPANIED, S.DECLINED}, S.UNDER_REVIEW: {S.ACCOMPANIED, S.DECLINED},
        S.ACCOMPANIED: {S.IN_PROGRESS}, S.IN_PROGRESS: {S.DONE},
    },
    "plain_member_in_charge": {},
    "animator_elsewhere": {},
    "neighbour": {},
    "invited": {},
    "other_staff": {},
    "anonymous": {},
}


@pytest.fixture
def people(organisation, project, committee, other_staff):
    elsewhere = Committee.objects.create(organisation=organisation, name="Comité senior", slug="senior",
                                         kind="comite_thematique")
    people = {
        "author": project.created_by,
        "staff": make_staff(organisation),
        "animator_in_charge": make_user(),
        "plain_member_in_charge": make_user(),
        "animator_elsewhere": make_user(),
        "neighbour": make_user(),
        "invited": make_user(),
        "other_staff": other_staff,
        "anonymous": AnonymousUser(),
    }
    CommitteeMember.objects.create(committee=committee, user=people["animator_in_charge"], role=CommitteeRole.ANIMATOR)
    CommitteeMember.objects.create(committee=committee, user=people["plain_member_in_charge"])
    CommitteeMember.objects.create(committee=elsewhere, user=people["animator_elsewhere"], role=CommitteeRole.ANIMATOR)
    ProjectAuthor.objects.create(project=project, user=people["invited"], accepted=False)
    Project.objects.filter(pk=project.pk).update(committee=committee)
    return people


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("status", list(S))
def test_lifecycle_grid(people, project, role, status):
    Project.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()
    allowed = {transition.target for transition in allowed_targets(people[role], project)}
    assert allowed == EXPECTED[role].get(status, set())


@pytest.mark.parametrize("role", EXPECTED)
def test_the_service_refuses_what_the_grid_refuses(people, project, role):
    """From “submitted”, each role tries every move: the service lets through
    exactly the allowed ones (each on a fresh copy of the project)."""
    for target in S:
        Project.objects.filter(pk=project.pk).update(status=S.SUBMITTED)
        project.refresh_from_db()
        allowed = target in EXPECTED[role].get(S.SUBMITTED, set())
        try:
            project_transition(user=people[role], project=project, target=target, message="Parce que.")
        except PermissionDenied:
            assert not allowed, (role, target)
        except ValidationError as error:
            assert error.code == "invalid_transition" and not allowed, (role, target)
        else:
            assert allowed, (role, target)
            assert Project.objects.get(pk=project.pk).status == target


def test_a_hidden_project_cannot_move(people, project, staff):
    Project.objects.filter(pk=project.pk).update(hidden_at="2026-01-01T00:00:00Z")
    project.refresh_from_db()
    assert allowed_targets(people["staff"], project) == []
    assert allowed_targets(people["author"], project) == []


VIEW = {  # role → (sees a draft, sees a hidden project, sees a public one)
    "author": (True, True, True),
    "invited": (True, True, True),
    "staff": (False, True, True),
    "animator_in_charge": (False, False, True),
    "neighbour": (False, False, True),
    "other_staff": (False, False, True),
    "anonymous": (False, False, True),
}


@pytest.mark.parametrize("role", VIEW)
def test_who_sees_what(people, project, role):
    user = people[role]
    draft, hidden, public = VIEW[role]
    assert user.has_perm("projects.view_project", project) is public
    Project.objects.filter(pk=project.pk).update(hidden_at="2026-01-01T00:00:00Z")
    project.refresh_from_db()
    assert user.has_perm("projects.view_project", project) is hidden
    Project.objects.filter(pk=project.pk).update(hidden_at=None, status=S.DRAFT)
    project.refresh_from_db()
    assert user.has_perm("projects.view_project", project) is draft


def test_supports_and_help_need_a_verified_account_and_an_open_project(project, neighbour, organisation):
    unverified = make_user(verified=False)
    assert neighbour.has_perm("projects.support_project", project)
    assert neighbour.has_perm("projects.offer_help", project)
    assert not unverified.has_perm("projects.support_project", project)
    assert not AnonymousUser().has_perm("projects.support_project", project)
    assert not project.created_by.has_perm("projects.support_project", project)  # not one's own
    for status in (S.DECLINED, S.DONE, S.ABANDONED, S.DRAFT):
        Project.objects.filter(pk=project.pk).update(status=status)
        project.refresh_from_db()
        assert not neighbour.has_perm("projects.support_project", project), status


def test_editing_is_for_authors_while_the_project_waits(project, neighbour, staff):
    author = project.created_by
    assert author.has_perm("projects.change_project", project)
    assert not neighbour.has_perm("projects.change_project", project)
    assert not staff.has_perm("projects.change_project", project)
    Project.objects.filter(pk=project.pk).update(status=S.ACCOMPANIED)
    project.refresh_from_db()
    assert not author.has_perm("projects.change_project", project)
    assert author.has_perm("projects.change_media", project)  # photos of the project under way


def test_directory_and_review_permissions(organisation, staff, other_staff, resident):
    from participation.models import Membership, MembershipStatus

    assert staff.has_perm("projects.manage_directory", organisation)
    assert staff.has_perm("projects.review_projects", organisation)
    assert not other_staff.has_perm("projects.manage_directory", organisation)
    assert not resident.has_perm("projects.manage_directory", organisation)
    assert not resident.has_perm("projects.view_partner_contacts", organisation)
    Membership.objects.create(user=resident, organisation=organisation, role="habitant",
                              status=MembershipStatus.ACCEPTED)
    assert resident.has_perm("projects.view_partner_contacts", organisation)
    assert not AnonymousUser().has_perm("projects.view_partner_contacts", organisation)
