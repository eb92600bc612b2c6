"""Follows, in-app notifications and their emails (sent by the worker, with
per-kind opt-out and a one-click unsubscribe link)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from participation.emails import email_wanted, unsubscribe_token
from participation.models import EmailPreference, Membership, ModerationPolicy, Notification, NotificationKind
from participation.services import (
    comment_moderate,
    comment_post,
    comment_report,
    email_preference_set,
    follow_set,
    membership_answer,
    membership_request,
    membership_withdraw,
)
from participation.tasks import notification_email_send

from .conftest import make_user

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_reply_notifies_the_author_and_followers_once_each(commit, action, resident, neighbour):
    follower = make_user("fatou")
    follow_set(user=follower, target=action, follow=True)
    first = commit(comment_post, user=resident, target=action, text="Ma question")
    assert kinds_of(follower) == [NotificationKind.FOLLOWED_COMMENT]
    assert kinds_of(resident) == []  # not told of one's own comment
    commit(comment_post, user=neighbour, target=action, text="Ma réponse", parent=first)
    assert kinds_of(resident) == [NotificationKind.COMMENT_REPLY]  # a follower too, but told once
    assert kinds_of(follower) == [NotificationKind.FOLLOWED_COMMENT] * 2
    assert kinds_of(neighbour) == []
    notification = Notification.objects.get(recipient=resident)
    assert notification.url.startswith(action.url) and notification.title == action.title


def test_emails_carry_a_one_click_unsubscribe(commit, action, resident, neighbour):
    first = commit(comment_post, user=resident, target=action, text="Ma question")
    mail.outbox.clear()
    commit(comment_post, user=neighbour, target=action, text="Ma réponse", parent=first)
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "a répondu à votre commentaire" in message.subject and action.title in message.subject
    assert "Ma réponse" not in message.body  # the text stays on the site, where moderation applies
    unsubscribe = re.search(r"(/desabonnement/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    # A mail client's one-click POST: no session, no CSRF token.
    assert Client(enforce_csrf_checks=True).post(unsubscribe).status_code == 200
    assert not email_wanted(resident, "reply") and email_wanted(resident, "followed")
    assert EmailPreference.objects.get(user=resident, key="reply").changed_at is not None  # the choice, dated


def test_the_unsubscribe_page_asks_before_acting(client, resident):
    url = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "followed")])
    assert "Arrêter ces e-mails" in client.get(url).content.decode()
    assert email_wanted(resident, "followed")  # a link scanner's GET changes nothing
    client.post(url)
    assert not email_wanted(resident, "followed")


def test_links_sent_before_the_preferences_were_registered_still_work(client, resident):
    """Their token names the user's old field."""
    client.post(reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "email_on_projects")]))
    assert not email_wanted(resident, "projects")


def test_each_app_registers_its_kinds_and_email_preferences():
    from participation.notifying import kind, preferences

    keys = {known.key for known in preferences()}
    assert {"reply", "followed", "moderation", "membership", "projects", "committees"} <= keys
    assert kind("project_news").preference == "projects" and kind("committee_minutes").preference == "committees"
    assert str(kind("comment_reply").label) == "Une réponse à mon commentaire"


@pytest.mark.parametrize("token", ["forged", "eyJ1c2VyIjoxfQ:1abc:def"])
def test_forged_unsubscribe_links_are_refused(client, token):
    assert client.post(reverse("participation:unsubscribe", args=[token])).status_code == 404


def test_opting_out_stops_the_email_not_the_notification(commit, action, resident, neighbour):
    email_preference_set(user=resident, key="followed", enabled=False)
    follow_set(user=resident, target=action, follow=True)
    commit(comment_post, user=neighbour, target=action, text="Nouveau")
    assert kinds_of(resident) == [NotificationKind.FOLLOWED_COMMENT]
    assert mail.outbox == []


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_emails_leave_from_the_worker_not_the_request(client, commit, action, resident, neighbour):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    follow_set(user=resident, target=action, follow=True)
    client.force_login(neighbour)
    commit(client.post, path=reverse("participation:comment_post", args=_key(action)), data={"text": "Bonjour"})
    assert mail.outbox == []  # nothing sent in the request
    (result,) = default_task_backend.results
    assert result.task.func is notification_email_send.func
    notification = Notification.objects.get(recipient=resident)
    assert notification_email_send.call(notification.pk) is True
    assert notification_email_send.call(notification.pk) is False  # never twice
    assert len(mail.outbox) == 1


def _key(target):
    from participation.commenting import target_key

    return target_key(target)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_worker_sends_the_queued_emails(commit, action, resident, neighbour, monkeypatch):
    # The worker closes "old" connections between tasks, which on PostgreSQL
    # would close the test's own connection, inside its transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    follow_set(user=resident, target=action, follow=True)
    commit(comment_post, user=neighbour, target=action, text="Bonjour")
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [message.to for message in mail.outbox] == [[resident.email]]


def test_pre_moderated_comments_notify_once_approved(commit, organisation, staff, action, resident, neighbour):
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    follow_set(user=resident, target=action, follow=True)
    comment = commit(comment_post, user=neighbour, target=action, text="À relire")
    assert kinds_of(resident) == []
    commit(comment_moderate, comment=comment, moderator=staff, action="approve")
    assert kinds_of(resident) == [NotificationKind.FOLLOWED_COMMENT]


def test_bell_list_open_and_mark_read(client, commit, action, resident, neighbour):
    follow_set(user=resident, target=action, follow=True)
    for text in ("Un", "Deux"):
        commit(comment_post, user=neighbour, target=action, text=text)
    client.force_login(resident)
    header = client.get("/").content.decode()
    assert re.search(r'class="bell__count">2<span class="visually-hidden"> non lues', header)
    page = client.get(reverse("participation:notifications")).content.decode()
    assert page.count("a commenté « Café des habitants », que vous suivez") == 2
    first = Notification.objects.filter(recipient=resident).first()
    response = client.get(reverse("participation:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == first.url
    first.refresh_from_db()
    assert first.is_read
    client.post(reverse("participation:notifications_read"))
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()
    assert "bell__count" not in client.get("/").content.decode()


def test_someone_elses_notification_is_not_found(client, commit, action, resident, neighbour):
    follow_set(user=resident, target=action, follow=True)
    commit(comment_post, user=neighbour, target=action, text="Un")
    client.force_login(neighbour)
    notification = Notification.objects.get(recipient=resident)
    assert client.get(reverse("participation:notification_open", args=[notification.pk])).status_code == 404
    client.post(reverse("participation:notifications_read"), {"notification": notification.pk})
    notification.refresh_from_db()
    assert not notification.is_read


def test_role_requests_notify_staff_and_answers_notify_the_person(commit, organisation, staff, resident):
    membership = commit(membership_request, user=resident, organisation=organisation, role="benevole")
    assert kinds_of(staff) == [NotificationKind.MEMBERSHIP_REQUESTED]
    assert mail.outbox[-1].to == [staff.email]
    commit(membership_answer, membership=membership, by=staff, accept=True)
    assert kinds_of(resident) == [NotificationKind.MEMBERSHIP_ANSWERED]
    assert "a reçu une réponse" in mail.outbox[-1].subject


def test_declaring_oneself_resident_notifies_nobody(commit, organisation, staff, resident):
    commit(membership_request, user=resident, organisation=organisation, role="habitant")
    assert kinds_of(staff) == []


def test_withdraw_a_request_or_leave_a_role(client, organisation, resident):
    membership = membership_request(user=resident, organisation=organisation, role="partenaire")
    client.force_login(resident)
    response = client.post(reverse("participation:membership_leave", args=[membership.pk]))
    assert response.status_code == 302 and not Membership.objects.filter(pk=membership.pk).exists()
    staff_role = Membership.objects.create(user=resident, organisation=organisation, role="salarie",
                                           status="accepted")
    membership_withdraw(membership=staff_role, user=resident)
    assert not resident.groups.exists()


def test_leaving_someone_elses_role_is_not_found(client, organisation, resident, neighbour):
    membership = membership_request(user=resident, organisation=organisation, role="habitant")
    client.force_login(neighbour)
    assert client.post(reverse("participation:membership_leave", args=[membership.pk])).status_code == 404


def test_moderators_hear_of_pending_and_first_reported_comments(commit, organisation, staff, action, resident,
                                                                neighbour):
    comment = commit(comment_post, user=resident, target=action, text="Publié")
    commit(comment_report, comment=comment, user=neighbour, reason="spam")
    commit(comment_report, comment=comment, user=make_user("troisieme"), reason="abuse")
    assert kinds_of(staff) == [NotificationKind.COMMENT_TO_MODERATE]  # once for the reports
    assert "state=reported" in Notification.objects.get(recipient=staff).url
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    commit(comment_post, user=resident, target=action, text="À valider")
    assert kinds_of(staff) == [NotificationKind.COMMENT_TO_MODERATE] * 2
    assert "un commentaire à modérer" in mail.outbox[-1].subject.lower()


def test_authors_hear_of_hidden_and_approved_comments(commit, organisation, staff, action, resident):
    comment = commit(comment_post, user=resident, target=action, text="Hors charte")
    commit(comment_moderate, comment=comment, moderator=staff, action="hide", reason="Propos injurieux")
    assert kinds_of(resident) == [NotificationKind.COMMENT_HIDDEN]
    assert "Motif : Propos injurieux" in mail.outbox[-1].body
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    pending = commit(comment_post, user=resident, target=action, text="Correct")
    commit(comment_moderate, comment=pending, moderator=staff, action="approve")
    assert NotificationKind.COMMENT_APPROVED in kinds_of(resident)
