"""The legal pages, accepting the terms of use at sign-up and again when
they change, and the consent to the e-mails one does not need (issue 19)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from participation.models import EmailPreference
from privacy.models import LegalTexts
from tests.participation.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
PAGES = {"privacy:legal_notice": "Hébergement", "privacy:privacy_policy": "Vos droits, et comment les exercer",
         "privacy:terms": "Participer", "privacy:accessibility": "Voies de recours"}


def test_the_legal_pages_have_a_default_text_and_are_linked_from_every_page(client, home):
    for name, heading in PAGES.items():
        html = client.get(reverse(name)).content.decode()
        assert heading in html, name
    footer = client.get(reverse("search")).content.decode()
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer


def test_the_superusers_text_replaces_the_default(client, home):
    texts = LegalTexts.load()
    texts.privacy_policy = "<p>Notre politique, écrite par l'exploitant.</p>"
    texts.save()
    html = client.get(reverse("privacy:privacy_policy")).content.decode()
    assert "Notre politique, écrite par l'exploitant." in html and "Vos droits, et comment" not in html


def _sign_up(client, email, **extra):
    return client.post(reverse("account_signup"), {"email": email, "password1": "un-mot-de-passe-solide",
                                                   "password2": "un-mot-de-passe-solide", **extra})


def test_sign_up_asks_to_accept_the_terms_and_records_it(client):
    response = _sign_up(client, "sans.conditions@example.org")
    assert response.status_code == 200 and not User.objects.filter(email="sans.conditions@example.org").exists()
    assert "Acceptez les conditions d&#x27;utilisation" in response.content.decode()
    _sign_up(client, "avec.conditions@example.org", terms="on")
    user = User.objects.get(email="avec.conditions@example.org")
    assert user.terms_accepted_at is not None


def test_emails_one_does_not_need_are_opt_in_with_their_date(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="email_followed"' in page and 'name="email_followed" checked' not in page
    _sign_up(client, "non.merci@example.org", terms="on")
    _sign_up(client, "oui.merci@example.org", terms="on", email_followed="on")
    refused = EmailPreference.objects.get(user__email="non.merci@example.org", key="followed")
    accepted = EmailPreference.objects.get(user__email="oui.merci@example.org", key="followed")
    assert not refused.enabled and accepted.enabled and refused.changed_at and accepted.changed_at
    # The e-mails about one's own actions are not asked: they are on.
    assert not EmailPreference.objects.filter(user__email="non.merci@example.org").exclude(key="followed").exists()


def test_changed_terms_are_accepted_again_at_the_next_sign_in(client):
    person = make_user("ancienne")
    person.terms_accepted_at = timezone.now() - timedelta(days=30)
    person.save()
    texts = LegalTexts.load()
    texts.terms_changed_at = timezone.now() - timedelta(days=1)
    texts.save()
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    response = client.get(reverse("participation:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("privacy:terms_accept") + "?next=")
    assert client.get(reverse("privacy:terms")).status_code == 200  # the pages to read stay open
    assert client.post(reverse("privacy:terms_accept"), {"next": reverse("participation:profile")}).status_code == 200
    response = client.post(reverse("privacy:terms_accept"), {"accept": "on", "next": "https://ailleurs.example/"})
    assert response.status_code == 302 and response.url == "/"
    person.refresh_from_db()
    assert person.terms_accepted_at > texts.terms_changed_at
    assert client.get(reverse("participation:profile")).status_code == 200


def test_people_who_accepted_the_current_terms_are_not_asked(client):
    texts = LegalTexts.load()
    texts.terms_changed_at = timezone.now() - timedelta(days=10)
    texts.save()
    person = make_user("recente")
    person.terms_accepted_at = timezone.now()
    person.save()
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("participation:profile")).status_code == 200


def test_one_may_still_leave_without_accepting(client):
    person = make_user("partante")
    texts = LegalTexts.load()
    texts.terms_changed_at = timezone.now() - timedelta(days=1)
    texts.save()
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("privacy:data_export")).status_code == 200
    assert client.get(reverse("privacy:account_erase")).status_code == 200
