"""Accounts: sign-up with a verified email, profile, roles in organisations."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cms.services import organisation_editors_group
from participation.emails import email_wanted
from participation.models import Membership, MembershipStatus
from participation.predicates import is_verified
from tests.cms.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def verified_user(email="habitante@example.org", **extra):
    user = User.objects.create_user(email.split("@")[0], email, "un-mot-de-passe-solide", **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_sign_up_then_confirm_by_the_emailed_link(client):
    response = client.post(reverse("account_signup"), {
        "email": "nouvelle@example.org", "password1": "un-mot-de-passe-solide", "password2": "un-mot-de-passe-solide", "terms": "on"})
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nouvelle@example.org")
    assert not is_verified(user)
    assert "nouvelle" not in user.username  # the username never comes from the email
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", message.body).group(1)
    client.post(link)
    assert is_verified(user)


def test_an_unverified_account_cannot_sign_in(client):
    user = User.objects.create_user("x", "pas-verifie@example.org", "un-mot-de-passe-solide")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_and_out(client):
    user = verified_user()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "un-mot-de-passe-solide"})
    assert response.url == reverse("participation:profile")
    assert "Se déconnecter" in client.get("/").content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client):
    verified_user("oubli@example.org")
    client.post(reverse("account_reset_password"), {"email": "oubli@example.org"})
    assert len(mail.outbox) == 1 and "/compte/password/reset/key/" in mail.outbox[0].body


def test_account_pages_are_french_and_in_the_site_design(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<html lang="fr">' in html and "Plan Commun" in html and "Créer un compte" in html


def test_account_forms_use_the_sites_fields_with_their_help_tied_to_the_input(client):
    """allauth's forms field by field (templates/allauth/elements/fields.html):
    the password rules are a list, outside any <p>, announced with the input;
    a form sent back has the site's summary of errors."""
    text = client.get(reverse("account_signup")).content.decode()
    assert '<div class="field__help" id="id_password1_helptext"><ul>' in text
    assert re.search(r'<input[^>]*aria-describedby="id_password1_helptext"[^>]*id="id_password1"', text)
    assert "<p>" not in text.split('id="id_password1_helptext"')[0].rsplit("<form", 1)[-1]
    text = client.post(reverse("account_signup"), {"email": "pas-une-adresse"}).content.decode()
    assert 'class="form-errors"' in text and 'href="#id_email"' in text


def test_profile_shows_display_name_never_email(client):
    user = verified_user()
    client.force_login(user)
    response = client.post(reverse("participation:profile"), {
        "display_name": "Nadia du 3e", "bio": "Maman de deux enfants", "quartier": "Les Tilleuls",
        "email_reply": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.quartier, email_wanted(user, "reply"), email_wanted(user, "followed")) == (
        "Nadia du 3e", "Les Tilleuls", True, False)
    assert str(user) == "Nadia du 3e"


def picture(format_="JPEG", size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format=format_)
    return buffer.getvalue()


def test_avatar_is_checked_by_content_and_re_encoded(client):
    user = verified_user()
    client.force_login(user)
    client.post(reverse("participation:profile"), {"avatar": SimpleUploadedFile("moi.jpg", picture())})
    user.refresh_from_db()
    with user.avatar.open() as stored:
        image = Image.open(stored)
        assert image.format == "JPEG" and max(image.size) == 256
    assert re.fullmatch(r"avatars/[0-9a-f]{32}\.jpg", user.avatar.name)  # nothing of the upload's name
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    html = client.post(reverse("participation:profile"), {"avatar": fake}).content.decode()
    assert "« photo.jpg » est un dessin ou une page web" in html


def test_avatar_pixel_bomb_is_refused_from_its_header(client):
    """Issue 18: a 20 KB PNG of 169 million pixels was decoded whole (0.29 →
    1.08 GB). Avatars are judged by core.uploads like every image."""
    from tests.core.test_uploads import decoding_forbidden, gif_claiming, png_bomb

    user = verified_user()
    client.force_login(user)
    for name, content, message in (
        ("bombe.png", png_bomb(), "« bombe.png » mesure 13\u202f000 × 13\u202f000 pixels"),
        ("anim.gif", gif_claiming(65_535, 65_535), "« anim.gif » a trop de pixels"),
    ):
        with decoding_forbidden():
            response = client.post(reverse("participation:profile"), {
                "display_name": "Nadia", "avatar": SimpleUploadedFile(name, content, content_type="image/png")})
        assert response.status_code == 200
        assert message in response.content.decode().replace("\xa0", "\u202f")
        user.refresh_from_db()
        assert not user.avatar


def test_resident_role_is_declared_other_roles_wait_for_the_staff(client):
    organisation = OrganisationFactory(title="Maison des Tilleuls")
    user = verified_user()
    client.force_login(user)
    client.post(reverse("participation:memberships"), {"organisation": organisation.pk, "role": "habitant"})
    client.post(reverse("participation:memberships"), {"organisation": organisation.pk, "role": "benevole",
                                                        "message": "Je peux aider le mercredi"})
    statuses = dict(Membership.objects.filter(user=user).values_list("role", "status"))
    assert statuses == {"habitant": MembershipStatus.ACCEPTED, "benevole": MembershipStatus.PENDING}
    again = client.post(reverse("participation:memberships"), {"organisation": organisation.pk, "role": "habitant"})
    assert "déjà" in again.content.decode()
    assert Membership.objects.filter(user=user).count() == 2


def test_an_unverified_account_cannot_request_a_role(client):
    organisation = OrganisationFactory()
    user = User.objects.create_user("u", "u@example.org", "x")
    client.force_login(user)
    response = client.post(reverse("participation:memberships"), {"organisation": organisation.pk, "role": "habitant"})
    assert response.status_code == 403 and not Membership.objects.exists()


def staff_of(organisation, role="salarie"):
    user = verified_user(f"staff{organisation.pk}{role}@example.org")
    Membership.objects.create(user=user, organisation=organisation, role=role, status=MembershipStatus.ACCEPTED)
    return user


@pytest.mark.parametrize("role", ["salarie", "administrateur"])
def test_staff_accept_a_request_and_a_staff_role_opens_the_admin_on_their_organisation(client, role):
    organisation = OrganisationFactory()
    requester = verified_user("future@example.org")
    membership = Membership.objects.create(user=requester, organisation=organisation, role=role,
                                           status=MembershipStatus.PENDING)
    client.force_login(staff_of(organisation))
    url = reverse("participation:organisation_requests", args=[organisation.pk])
    assert "future" in client.get(url).content.decode()
    response = client.post(url, {"membership": membership.pk, "decision": "accept", "answer": "Bienvenue"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACCEPTED and membership.answer == "Bienvenue"
    requester.refresh_from_db()
    assert requester.groups.filter(pk=organisation_editors_group(organisation).pk).exists()
    assert requester.has_perm("wagtailadmin.access_admin")
    assert requester.has_perm("cms.import_plan") == (role == "administrateur")


def test_a_declined_request_gives_nothing(client):
    organisation = OrganisationFactory()
    requester = verified_user("refuse@example.org")
    membership = Membership.objects.create(user=requester, organisation=organisation, role="salarie",
                                           status=MembershipStatus.PENDING)
    client.force_login(staff_of(organisation))
    client.post(reverse("participation:organisation_requests", args=[organisation.pk]),
                {"membership": membership.pk, "decision": "decline", "answer": "Pas de poste ouvert"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert not User.objects.get(pk=requester.pk).has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("who", ["anonymous", "resident", "volunteer", "other_staff"])
def test_only_the_organisations_staff_answer_requests(client, who):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    membership = Membership.objects.create(user=verified_user("demande@example.org"), organisation=organisation,
                                           role="benevole", status=MembershipStatus.PENDING)
    if who == "resident":
        user = verified_user("r@example.org")
        Membership.objects.create(user=user, organisation=organisation, role="habitant", status="accepted")
        client.force_login(user)
    elif who == "volunteer":
        client.force_login(staff_of(organisation, role="benevole"))
    elif who == "other_staff":
        client.force_login(staff_of(other))
    url = reverse("participation:organisation_requests", args=[organisation.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"membership": membership.pk, "decision": "accept"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_residents_have_no_admin_access(client):
    user = verified_user()
    Membership.objects.create(user=user, organisation=OrganisationFactory(), role="habitant", status="accepted")
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_staff_find_the_waiting_requests_from_their_account(client):
    organisation = OrganisationFactory(title="Maison des Tilleuls")
    for email, role in (("attend@example.org", "benevole"), ("aussi@example.org", "partenaire")):
        Membership.objects.create(user=verified_user(email), organisation=organisation, role=role,
                                  status=MembershipStatus.PENDING)
    client.force_login(staff_of(organisation))
    html = client.get(reverse("participation:memberships")).content.decode()
    assert reverse("participation:organisation_requests", args=[organisation.pk]) in html
    assert "Maison des Tilleuls : 2 demandes en attente" in html


def test_members_pages_send_visitors_to_the_sign_in_form(client):
    for url in (reverse("participation:profile"), reverse("participation:memberships"), reverse("account_email")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login") + "?next=")
        assert client.get(response.url).status_code == 200


def test_confirming_from_another_browser_leads_to_the_sign_in_form(client):
    client.post(reverse("account_signup"), {
        "email": "autre.appareil@example.org", "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide", "terms": "on"})
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", mail.outbox[0].body).group(1)
    from django.test import Client

    response = Client().post(link)  # the email opened on a phone, not where the account was created
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_messages_and_emails_name_people_by_display_name_never_the_technical_username(client):
    user = verified_user("nadia@example.org", display_name="Nadia")
    response = client.post(reverse("account_login"), {"login": user.email, "password": "un-mot-de-passe-solide"},
                           follow=True)
    html = response.content.decode()
    assert "Nadia" in html and user.username not in html


def test_refused_pages_are_in_the_site_design(client):
    organisation = OrganisationFactory()
    client.force_login(verified_user())
    response = client.get(reverse("participation:organisation_requests", args=[organisation.pk]))
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode() and "Plan Commun" in response.content.decode()


def test_the_confirmation_page_says_what_confirming_does(client):
    client.post(reverse("account_signup"), {
        "email": "claire@example.org", "password1": "un-mot-de-passe-solide", "password2": "un-mot-de-passe-solide", "terms": "on"})
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page = client.get(link).content.decode()
    assert "Confirmez que claire@example.org est bien votre adresse pour activer votre compte" in page
    assert "adresse e-mail de claire@example.org" not in page


@pytest.mark.django_db
def test_a_confirmed_address_is_remembered_until_it_is_removed():
    from tests.participation.conftest import make_user

    User = get_user_model()
    person = make_user("memoire")
    assert is_verified(User.objects.get(pk=person.pk))
    assert is_verified(User.objects.get(pk=person.pk))  # from the cache now
    EmailAddress.objects.filter(user=person).delete()
    assert not is_verified(User.objects.get(pk=person.pk))


@pytest.mark.django_db
def test_permissions_kept_in_the_cache_follow_group_changes():
    from django.contrib.auth.models import Group, Permission

    from tests.participation.conftest import make_user

    User = get_user_model()
    person = make_user("editrice")
    assert not User.objects.get(pk=person.pk).has_perm("wagtailadmin.access_admin")
    editors = Group.objects.create(name="Rédaction")
    person.groups.add(editors)
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    assert User.objects.get(pk=person.pk).has_perm("wagtailadmin.access_admin")
    editors.user_set.remove(person)
    assert not User.objects.get(pk=person.pk).has_perm("wagtailadmin.access_admin")


def test_too_many_attempts_get_a_french_page(client, rf):
    from allauth.core.internal.ratelimit import handler429

    request = rf.get("/compte/login/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = handler429(request)
    assert response.status_code == 429 and "Trop de tentatives" in response.content.decode()
