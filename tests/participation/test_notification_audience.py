"""Notifications and their e-mails follow the reader's permission at the time
they are made, sent and shown (issue 18: people who left a members-only
comité still got its notifications). Decided once, in the notification layer
(participation/notifying.py: each kind's audience), for every kind: comments
on members-only comités, private plan pages, projects, role requests,
moderation, meetings and minutes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from committees.services import committee_leave, meeting_schedule
from participation import notifying
from participation.models import Membership, Notification, NotificationKind
from participation.services import comment_moderate, comment_post, follow_set, membership_request
from participation.services.notifications import notifications_create
from projects.notices import ProjectNotice
from projects.services import project_hide
from projects.services.notify import project_news
from tests.queries import page_queries

from .conftest import make_committee, make_meeting, make_staff, make_user, seat

pytestmark = pytest.mark.django_db
MARKER = "Réunion-secrète-du-budget"


def told(user, kind=None):
    found = Notification.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)


def emailed_to(user):
    return [message for message in mail.outbox if user.email in message.to]


@pytest.fixture
def members_only(organisation):
    return make_committee(organisation, "Conseil de maison", visibility="membres", policy="sur_demande")


@pytest.fixture
def former_member(members_only):
    """Was a member, followed the comité's discussion, then left."""
    person = make_user("ancienne")
    seat(members_only, person)
    follow_set(user=person, target=members_only, follow=True)
    return person


# Made: nobody is told what they may not read.


def test_who_left_a_members_only_comite_hears_no_more_of_it(commit, members_only, former_member):
    animator = make_user("animatrice")
    seat(members_only, animator, role="animateur")
    member = make_user("membre")
    seat(members_only, member)
    follow_set(user=member, target=members_only, follow=True)
    committee_leave(user=former_member, committee=members_only)
    commit(comment_post, user=animator, target=members_only, text=f"{MARKER} : on en parle")
    starts = timezone.now() + timedelta(days=3)
    commit(meeting_schedule, by=animator, committee=members_only, title=MARKER, starts_at=starts,
                     ends_at=starts + timedelta(hours=2), place="Salle 2")
    assert told(former_member) == [] and emailed_to(former_member) == []
    assert {n.kind for n in told(member)} == {NotificationKind.FOLLOWED_COMMENT, "committee_meeting"}
    assert len(emailed_to(member)) == 2


def test_a_caller_cannot_widen_the_audience(members_only, former_member):
    """Even a service that names a stranger as recipient tells only those
    the kind's audience admits."""
    committee_leave(user=former_member, committee=members_only)
    stranger, member = make_user("inconnue"), make_user("membre")
    seat(members_only, member)
    made = notifications_create(recipients={stranger.pk: "committee_minutes", former_member.pk: "committee_minutes",
                                            member.pk: "committee_minutes"},
                                target=members_only, actor_id=None, title=MARKER, url=members_only.get_absolute_url())
    assert [n.recipient_id for n in made] == [member.pk]


def test_a_private_plan_page_tells_only_those_it_admits(commit, action, resident):
    """Wagtail's privacy: for a group, those in the group; behind a shared
    password, nobody (who holds it lives in a browser's session)."""
    council = Group.objects.create(name="Conseil d'administration")
    insider, outsider = make_user("interne"), make_user("externe")
    insider.groups.add(council)
    for person in (insider, outsider):
        follow_set(user=person, target=action, follow=True)
    restriction = PageViewRestriction.objects.create(page=action.get_parent(),
                                                     restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(council)
    commit(comment_post, user=resident, target=action, text="Sur une page privée")
    assert len(told(insider)) == 1 and told(outsider) == [] and emailed_to(outsider) == []
    restriction.restriction_type, restriction.password = PageViewRestriction.PASSWORD, "mot-du-conseil"
    restriction.save()
    commit(comment_post, user=resident, target=action, text="Derrière un mot de passe")
    assert len(told(insider)) == 1 and told(outsider) == []


def test_a_hidden_project_tells_its_carriers_not_its_followers(commit, organisation, staff, resident):
    from tests.projects.conftest import make_project

    project = make_project(organisation, resident)
    follower = make_user("curieuse")
    follow_set(user=follower, target=project, follow=True)
    commit(project_hide, user=staff, project=project, reason="Propos injurieux")
    assert [n.kind for n in told(resident)] == [ProjectNotice.HIDDEN]
    commit(project_news, project=project, actor=staff, detail=MARKER)
    assert told(follower) == [] and emailed_to(follower) == []
    assert ProjectNotice.NEWS in {n.kind for n in told(resident)}


def test_staff_who_lost_their_role_get_no_more_comments_to_moderate(commit, organisation, staff, action,
                                                                    resident):
    former = make_staff(organisation, "partie")
    Membership.objects.filter(user=former).delete()
    comment = commit(comment_post, user=resident, target=action, text="Un commentaire")
    from participation.services.publishing import moderators_notify

    commit(moderators_notify, comment=comment, state="reported", actor_id=None)
    assert told(former) == [] and len(told(staff)) == 1


def test_role_requests_reach_only_the_organisations_staff(commit, organisation, staff, resident):
    commit(membership_request, user=resident, organisation=organisation, role="benevole")
    assert [n.kind for n in told(staff)] == [NotificationKind.MEMBERSHIP_REQUESTED]


# Sent: asked again when the e-mail leaves.


def test_an_email_waiting_in_the_queue_is_not_sent_to_who_left_meanwhile(django_capture_on_commit_callbacks,
                                                                         members_only, former_member):
    animator = make_user("animatrice")
    seat(members_only, animator, role="animateur")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        comment_post(user=animator, target=members_only, text=f"{MARKER} : ordre du jour")
    assert len(told(former_member)) == 1  # a member when it was made
    committee_leave(user=former_member, committee=members_only)
    for callback in queued:  # the worker sends it now
        callback()
    assert emailed_to(former_member) == []


def test_an_email_about_a_comment_hidden_meanwhile_is_not_sent(django_capture_on_commit_callbacks, organisation,
                                                               staff, action, resident, neighbour):
    follow_set(user=neighbour, target=action, follow=True)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        comment = comment_post(user=resident, target=action, text=MARKER)
    comment_moderate(comment=comment, moderator=staff, action="hide", reason="Hors sujet")
    mail.outbox.clear()
    for callback in queued:
        callback()
    assert emailed_to(neighbour) == []


# Shown: the bell's list no longer says what one may no longer read.


def test_the_bell_hides_what_one_may_no_longer_read(client, commit, members_only, former_member):
    animator = make_user("animatrice")
    seat(members_only, animator, role="animateur")
    meeting = make_meeting(members_only, title=MARKER)
    commit(comment_post, user=animator, target=members_only, text="Ordre du jour")
    from committees.services.meetings import _tell

    commit(_tell, meeting=meeting, actor=animator, kind="committee_minutes", detail=f"{MARKER} publié")
    (first, second) = told(former_member)
    client.force_login(former_member)
    page = client.get(reverse("participation:notifications")).content.decode()
    assert "Conseil de maison" in page and MARKER in page
    committee_leave(user=former_member, committee=members_only)
    page = client.get(reverse("participation:notifications")).content.decode()
    assert "Conseil de maison" not in page and MARKER not in page and "Animatrice" not in page
    assert page.count("plus accessible") == 2
    response = client.get(reverse("participation:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == reverse("participation:notifications")
    assert Notification.objects.get(pk=first.pk).is_read


def test_the_bell_list_reads_in_as_many_queries_whatever_it_holds(client, organisation, members_only, action,
                                                                  resident, staff):
    """Comments, comités, projects and role requests, each asked its audience."""
    from tests.projects.conftest import make_project

    reader = make_staff(organisation, "lectrice")
    seat(members_only, reader)
    client.force_login(reader)
    url = reverse("participation:notifications")

    def add(count):
        for n in range(count):
            author = make_user()
            comment = comment_post(user=author, target=action, text=f"Commentaire {n}")
            notifications_create(recipients={reader.pk: NotificationKind.FOLLOWED_COMMENT}, target=action,
                                 actor_id=author.pk, title=action.title, url=action.url, comment=comment)
            notifications_create(recipients={reader.pk: "committee_meeting"}, target=members_only,
                                 actor_id=None, title="Réunion", url=members_only.get_absolute_url())
            project = make_project(organisation, author, title=f"Projet {n}")
            notifications_create(recipients={reader.pk: ProjectNotice.TO_REVIEW}, target=project,
                                 actor_id=author.pk, title=project.title, url=project.get_absolute_url())
            membership = Membership.objects.create(user=author, organisation=organisation, role="benevole",
                                                   status="pending")
            notifications_create(recipients={reader.pk: NotificationKind.MEMBERSHIP_REQUESTED}, target=organisation,
                                 actor_id=author.pk, title=organisation.title, url="/", membership=membership)
    add(1)
    few = page_queries(client, url)
    add(4)
    assert len(told(reader)) >= 20
    assert page_queries(client, url) == few


# Every kind has its audience, whatever app registers it.


def test_every_kind_of_every_app_says_who_may_receive_it():
    assert len(notifying._kinds) >= 16
    assert all(callable(found.audience) for found in notifying._kinds.values())
    with pytest.raises(TypeError):
        notifying.kind_register("sans_public", "Sans public", preference="reply")


def test_an_unknown_kind_reaches_nobody(action, resident):
    assert notifications_create(recipients={resident.pk: "kind_nobody_registered"}, target=action, actor_id=None,
                                title="x", url="/") == []


def test_existing_notifications_get_their_target_from_what_they_link_to(organisation, members_only, action,
                                                                        resident, staff):
    """The migration that records targets, run on notifications made before."""
    import importlib

    from django.apps import apps

    from tests.projects.conftest import make_project

    migration = importlib.import_module("participation.migrations.0012_notification_target")
    comment = comment_post(user=staff, target=action, text="Avant")
    project = make_project(organisation, resident)
    meeting = make_meeting(members_only)
    membership = Membership.objects.create(user=resident, organisation=organisation, role="benevole",
                                           status="pending")
    rows = {
        "comment": Notification(recipient=resident, kind="followed_comment", title="a", url=action.url,
                                comment=comment),
        "membership": Notification(recipient=staff, kind="membership_requested", title="b", url="/",
                                   membership=membership),
        "project": Notification(recipient=resident, kind="project_news", title="c", url=project.get_absolute_url()),
        "committee": Notification(recipient=resident, kind="committee_request", title="d",
                                  url=members_only.get_absolute_url() + "membres/"),
        "meeting": Notification(recipient=resident, kind="committee_meeting", title="e",
                                url=meeting.get_absolute_url()),
        "gone": Notification(recipient=resident, kind="project_news", title="f", url="/projets/999999/"),
    }
    Notification.objects.bulk_create(rows.values())
    migration.targets_fill(apps, None)
    targets = {name: Notification.objects.get(pk=row.pk).target for name, row in rows.items()}
    assert targets == {"comment": action.specific, "membership": organisation.specific, "project": project,
                       "committee": members_only, "meeting": members_only, "gone": None}
