"""The one-click unsubscribe links of e-mails expire (UNSUBSCRIBE_LINK_DAYS)
and can be revoked: by the person, and by a new password or address (issue
18). A link from a recent e-mail still works in one click, the mail client's
own button (RFC 8058) included; an old one lands on a French page that signs
the person in to their settings."""

import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from participation.emails import UNSUBSCRIBE_LINK_DAYS, email_wanted, unsubscribe_token
from participation.services import comment_post, email_preference_set

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
DAY = 24 * 3600


@pytest.fixture
def days_later(monkeypatch):
    """Move the clock the signed links read by some days."""
    def travel(days):
        monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: time.time() + days * DAY))
    return travel


def one_click(url):
    """A mail client's unsubscribe button: a POST, no session, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(url)


def emailed_link(commit_callbacks, action, resident, neighbour):
    """The List-Unsubscribe link of a real notification e-mail to the resident."""
    with commit_callbacks(execute=True):
        first = comment_post(user=resident, target=action, text="Ma question")
    with commit_callbacks(execute=True):
        comment_post(user=neighbour, target=action, text="Ma réponse", parent=first)
    (message,) = mail.outbox
    header = re.search(r"<https?://[^/>]+(/desabonnement/[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert header in message.body
    return header


def test_the_link_of_a_recent_email_stops_it_in_one_click(django_capture_on_commit_callbacks, action, resident,
                                                           neighbour, days_later):
    url = emailed_link(django_capture_on_commit_callbacks, action, resident, neighbour)
    days_later(UNSUBSCRIBE_LINK_DAYS - 1)
    assert one_click(url).status_code == 200
    assert not email_wanted(resident, "reply")


def test_an_expired_link_changes_nothing_and_leads_to_the_settings(django_capture_on_commit_callbacks, action,
                                                                   resident, neighbour, days_later):
    url = emailed_link(django_capture_on_commit_callbacks, action, resident, neighbour)
    days_later(UNSUBSCRIBE_LINK_DAYS + 1)
    for response in (Client().get(url), one_click(url)):
        assert response.status_code == 410
        page = response.content.decode()
        assert "Ce lien ne fonctionne plus" in page and f"{UNSUBSCRIBE_LINK_DAYS} jours" in page
        assert f'href="{reverse("account_login")}?next=%2Fcompte%2Fprofil%2F%23emails"' in page
    assert email_wanted(resident, "reply")
    client = Client()
    client.force_login(resident)
    assert 'href="/compte/profil/#emails"' in client.get(url).content.decode()


def test_a_person_cancels_the_links_already_sent(client, resident):
    old = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "followed")])
    client.force_login(resident)
    response = client.post(reverse("participation:email_links_revoke"))
    assert response.status_code == 302 and response.url == "/compte/profil/#emails"
    assert one_click(old).status_code == 410 and email_wanted(resident, "followed")
    resident.refresh_from_db()
    new = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "followed")])
    assert one_click(new).status_code == 200 and not email_wanted(resident, "followed")
    assert 'action="/compte/notifications/liens/"' in client.get(reverse("participation:profile")).content.decode()


def test_cancelling_the_links_needs_a_signed_in_post(client, resident):
    url = reverse("participation:email_links_revoke")
    assert client.post(url).status_code == 302  # to the sign-in form
    client.force_login(resident)
    assert client.get(url).status_code == 405


def test_a_new_password_cancels_the_links(client, resident):
    old = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "reply")])
    client.force_login(resident)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "un-tout-nouveau-mot", "password2": "un-tout-nouveau-mot"})
    assert response.status_code == 302
    assert one_click(old).status_code == 410 and email_wanted(resident, "reply")


def test_a_new_address_cancels_the_links(resident):
    old = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "reply")])
    person = get_user_model().objects.get(pk=resident.pk)
    person.email = "nouvelle-adresse@example.org"
    person.save(update_fields=["email"])
    assert one_click(old).status_code == 410


def test_saving_a_profile_keeps_the_links(client, resident):
    link = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "reply")])
    person = get_user_model().objects.get(pk=resident.pk)
    person.display_name = "Amina B."
    person.save()
    assert Client().login(username=resident.email, password=PASSWORD)  # signing in does not move them either
    assert one_click(link).status_code == 200


def test_links_of_a_closed_account_are_not_found(resident):
    link = reverse("participation:unsubscribe", args=[unsubscribe_token(resident, "reply")])
    get_user_model().objects.filter(pk=resident.pk).update(is_active=False)
    assert one_click(link).status_code == 404


def test_a_link_for_someone_else_cannot_be_made_from_ones_own(resident, neighbour):
    """The person and the version are inside the signature."""
    token = unsubscribe_token(resident, "reply")
    data = signing.loads(token, salt="participation.unsubscribe")
    forged = signing.dumps({**data, "user": neighbour.pk}, salt="another.salt", compress=True)
    assert one_click(reverse("participation:unsubscribe", args=[forged])).status_code == 404
    email_preference_set(user=neighbour, key="reply", enabled=True)
    assert email_wanted(neighbour, "reply")
