"""One door to sign in (issue 18): allauth's form, which asks for a confirmed
address and limits failures. Wagtail's admin login, its password reset,
Wagtail's front-end login and Django's admin are no side door, for GET or
POST, and no other address of the project signs anyone in."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.cms.factories import OrganisationFactory

from .conftest import PASSWORD, make_staff, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
LOGIN = "/compte/login/"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def editor(db):
    """Staff of an organisation, with the Wagtail admin, address confirmed."""
    from participation.services import membership_sync_admin_access

    organisation = OrganisationFactory(title="Centre social des Tilleuls")
    user = make_staff(organisation, "redactrice")
    membership_sync_admin_access(user=user, organisation=organisation)
    assert User.objects.get(pk=user.pk).has_perm("wagtailadmin.access_admin")
    return user


def test_the_admin_sends_visitors_to_the_sites_sign_in_form(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url == f"{LOGIN}?next=/admin/pages/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_wagtails_admin_login_is_no_door(client, editor, method):
    """It takes neither the e-mail address nor the username with the right
    password: it leads to the site's form, back to where the person went."""
    for identifier in (editor.email, editor.username):
        credentials = {"username": identifier, "password": PASSWORD}
        if method == "get":
            response = client.get("/admin/login/", {"next": "/admin/pages/", **credentials})
        else:
            response = client.post("/admin/login/?next=/admin/pages/", credentials)
        assert response.status_code == 302 and response.url == f"{LOGIN}?next=%2Fadmin%2Fpages%2F"
        assert not signed_in(client)
    assert client.get("/admin/login/").url == f"{LOGIN}?next=%2Fadmin%2F"
    assert client.get("/admin/login/?next=https://evil.example/").url == f"{LOGIN}?next=%2Fadmin%2F"


def test_staff_reach_the_admin_through_the_sites_form(client, editor):
    response = client.post(f"{LOGIN}?next=/admin/", {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_unconfirmed_address_does_not_open_the_admin(client):
    """Staff whose address was never confirmed, with the right password: a
    confirmation e-mail, no session."""
    from participation.models import Membership
    from participation.services import membership_sync_admin_access

    organisation = OrganisationFactory()
    user = make_user("nonconfirme", verified=False)
    Membership.objects.create(user=user, organisation=organisation, role="salarie", status="accepted")
    membership_sync_admin_access(user=user, organisation=organisation)
    for url in ("/admin/login/", f"{LOGIN}?next=/admin/"):
        client.post(url, {"login": user.email, "username": user.username, "password": PASSWORD})
        assert not signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert "confirm-email" in mail.outbox[-1].body


@pytest.mark.parametrize("method", ["get", "post"])
def test_wagtails_password_reset_is_no_door(client, editor, method):
    """Neither its request form nor a link made with Django's own token
    resets a password: they lead to the site's reset, which is limited."""
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    for url in ("/admin/password_reset/", "/admin/password_reset/done/",
                f"/admin/password_reset/confirm/{uid}/{token}/", f"/admin/password_reset/confirm/{uid}/set-password/",
                "/admin/password_reset/complete/"):
        response = getattr(client, method)(url, {"email": editor.email, "new_password1": "pris-par-un-intrus-42",
                                                 "new_password2": "pris-par-un-intrus-42"})
        assert response.status_code == 302 and response.url == reverse("account_reset_password"), url
    assert mail.outbox == []
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD) and not signed_in(client)


@pytest.mark.parametrize("method", ["get", "post"])
def test_wagtails_front_end_login_is_no_door(client, editor, method):
    response = getattr(client, method)("/_util/login/", {"next": "/prive/", "username": editor.username,
                                                         "password": PASSWORD})
    assert response.status_code == 302 and response.url == f"{LOGIN}?next=%2Fprive%2F"
    assert not signed_in(client)


@pytest.mark.parametrize("method", ["get", "post"])
def test_djangos_admin_is_not_served(client, method):
    root = make_user("racine", is_superuser=True, is_staff=True)
    for url in ("/django-admin/", "/django-admin/login/", "/django-admin/participation/user/"):
        response = getattr(client, method)(url, {"username": root.username, "password": PASSWORD})
        assert response.status_code == 404, url
    assert not signed_in(client)


def test_wagtails_account_page_changes_neither_address_nor_password(client, editor):
    """The address is changed, and confirmed, at /compte/email/; the password at /compte/password/change/."""
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert 'name="name_email-email"' not in page and "new_password1" not in page
    client.post(reverse("wagtailadmin_account"), {
        "name_email-first_name": "R", "name_email-last_name": "D", "name_email-email": "intrus@example.org",
        "password-old_password": PASSWORD, "password-new_password1": "pris-par-un-intrus-42",
        "password-new_password2": "pris-par-un-intrus-42"})
    editor.refresh_from_db()
    assert editor.email == "redactrice@example.org" and editor.check_password(PASSWORD)


def test_usernames_are_not_credentials(editor):
    """The username is a technical handle (never shown): only the address signs in."""
    assert authenticate(username=editor.username, password=PASSWORD) is None


def _sample(pattern) -> str:
    """A concrete address for a URL pattern: ids and slugs filled in."""
    text = str(pattern)
    text = re.sub(r"<int:\w+>", "1", text)
    text = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", text)
    text = re.sub(r"<(?:\w+:)?\w+>", "x", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "x", text)  # regex groups
    return text.replace("^", "").replace("$", "").replace("\\", "")


def _every_pattern(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _every_pattern(entry.url_patterns, prefix + _sample(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _sample(entry.pattern), entry.name


def test_no_address_of_the_project_but_the_sign_in_form_signs_anyone_in(editor):
    """Every URL pattern of the project, posted the credentials of a
    confirmed administrator under every field name a login form uses."""
    editor.is_superuser = True
    editor.save()
    credentials = {"username": editor.username, "login": editor.email, "email": editor.email,
                   "password": PASSWORD, "password1": PASSWORD, "password2": PASSWORD, "remember": "on"}
    walked = 0
    for url, name in _every_pattern():
        if name == "account_login":
            continue
        client = Client()
        client.post("/" + url.lstrip("/"), credentials)
        assert not signed_in(client), f"{url} ({name}) signed someone in"
        walked += 1
    assert walked > 350
    client = Client()
    client.post(LOGIN, {"login": editor.email, "password": PASSWORD})
    assert signed_in(client)  # the one door works
