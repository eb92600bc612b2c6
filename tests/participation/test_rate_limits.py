"""Rate limits (settings: ACCOUNT_RATE_LIMITS) stop guessing, per account and
per address, and never turn away a room: a hundred people signing in from the
centre's one public address within a minute all get in (issue 18).

Counted in the real cache: Django's local-memory cache, and Redis as in
production when REDIS_URL is set (its own key prefix, cleared around each test)."""

import os
import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LOGIN = "/compte/login/"
CENTRE = "203.0.113.7"  # the centre's public address, shared by the room


def _backends():
    yield pytest.param({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, id="locmem")
    redis_url = os.environ.get("REDIS_URL")
    yield pytest.param(
        {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url,
         "KEY_PREFIX": f"test-rate-limits-{uuid.uuid4().hex[:8]}"},
        id="redis", marks=pytest.mark.skipif(not redis_url, reason="needs Redis: run with REDIS_URL=redis://…"))


@pytest.fixture(params=list(_backends()))
def real_cache(request):
    with override_settings(CACHES={"default": request.param}):
        _empty(cache)
        yield cache
        _empty(cache)


def _empty(cache) -> None:
    """This test's keys only: django-redis's clear() empties the whole Redis
    database, the counts of another worker's test running at that moment
    included."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # under this module's KEY_PREFIX
    else:
        cache.clear()


def sign_in(email, password=PASSWORD, ip=CENTRE, **headers):
    """A fresh browser signing in: (response, signed in?)."""
    client = Client(REMOTE_ADDR=ip, **headers)
    response = client.post(LOGIN, {"login": email, "password": password})
    return response, "_auth_user_id" in client.session


def comparable(response, email) -> str:
    """A page as another person would see it: the address typed, the CSRF
    token and the scripts' nonce (new for each response) aside."""
    page = response.content.decode().replace(email, "ADDRESS")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'nonce="[^"]+"', "", page)


def refused_for_too_many(response) -> bool:
    return response.status_code == 429 or "Trop de tentatives" in response.content.decode()


def test_a_room_of_a_hundred_people_behind_one_address_all_sign_in(real_cache):
    """An AG: a hundred people on the centre's Wi-Fi sign in within the
    minute, a fifth of them mistyping their password once first."""
    people = [make_user(f"salle{n}") for n in range(100)]
    for n, person in enumerate(people):
        if n % 5 == 0:
            response, ok = sign_in(person.email, "une-faute-de-frappe")
            assert not ok and not refused_for_too_many(response)
        response, ok = sign_in(person.email)
        assert ok, (n, response.status_code)


def test_guessing_one_accounts_password_is_stopped_from_every_address(real_cache):
    """Five wrong passwords for one address, wherever they come from: the
    right one is refused too for a while (a guess cannot be confirmed), with
    a French message that says what to do; other accounts are not touched."""
    victim, other = make_user("cible"), make_user("voisine")
    for n in range(5):
        response, ok = sign_in(victim.email, f"essai-{n}", ip=f"198.51.100.{n}")
        assert not ok and not refused_for_too_many(response)
    response, ok = sign_in(victim.email, ip="198.51.100.99")
    assert not ok and response.status_code == 200
    page = response.content.decode()
    assert "Trop de tentatives" in page and "Mot de passe oublié" in page
    assert sign_in(victim.email.upper(), ip="198.51.100.98")[1] is False  # the address as typed, case aside
    assert sign_in(other.email, ip="198.51.100.0")[1]


def test_an_unknown_address_is_limited_the_same_way(real_cache):
    """No difference between an account and an address without one: the
    answers do not tell which addresses have an account."""
    known = make_user("connue")
    answers = []
    for email in (known.email, "inconnue@example.org"):
        for n in range(6):
            response, _ok = sign_in(email, f"essai-{n}", ip=f"192.0.2.{n}")
        answers.append(comparable(response, email))
    assert answers[0] == answers[1] and "Trop de tentatives" in answers[0]


def test_spraying_many_accounts_from_one_address_is_stopped(real_cache):
    """One address trying a password on many addresses: after 60 failures in
    the minute the address is refused (a right password too), the others not."""
    person = make_user("passante")
    for n in range(60):
        response, ok = sign_in(f"essai{n}@example.org", "Motdepasse1", ip="198.51.100.200")
        assert not ok and not refused_for_too_many(response), n
    response, ok = sign_in(person.email, ip="198.51.100.200")
    assert not ok and refused_for_too_many(response)
    assert sign_in(person.email, ip="198.51.100.201")[1]


def test_a_forged_forwarded_for_header_does_not_reset_the_count(real_cache):
    """The client address is the connection's: X-Forwarded-For counts only
    behind a proxy the settings trust (TRUSTED_PROXY_COUNT)."""
    person = make_user("rusee")
    for n in range(60):
        sign_in(f"essai{n}@example.org", "Motdepasse1", ip="198.51.100.210", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    response, ok = sign_in(person.email, ip="198.51.100.210", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert not ok and refused_for_too_many(response)


def test_behind_a_trusted_proxy_each_client_counts_apart(real_cache):
    person = make_user("derriere")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for n in range(60):
            sign_in(f"essai{n}@example.org", "Motdepasse1", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.220")
        assert refused_for_too_many(sign_in(person.email, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.220")[0])
        assert sign_in(person.email, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.221")[1]


def test_a_password_reset_unblocks_the_account(real_cache):
    from django.core import mail

    victim = make_user("oublieuse")
    for n in range(6):
        sign_in(victim.email, f"essai-{n}", ip="192.0.2.50")
    assert not sign_in(victim.email, ip="192.0.2.51")[1]
    client = Client(REMOTE_ADDR="192.0.2.52")
    client.post("/compte/password/reset/", {"email": victim.email})
    link = re.search(r"https?://[^/\s]+(/compte/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"password1": "un-nouveau-mot-de-passe", "password2": "un-nouveau-mot-de-passe"})
    assert sign_in(victim.email, "un-nouveau-mot-de-passe", ip="192.0.2.50")[1]


def test_password_reset_and_sign_up_do_not_tell_which_addresses_have_an_account(client):
    known = make_user("existante")
    pages = []
    for email in (known.email, "personne@example.org"):
        response = Client().post("/compte/password/reset/", {"email": email}, follow=True)
        pages.append(comparable(response, email))
    assert pages[0] == pages[1]
    pages = []
    for email in (known.email, "nouvelle@example.org"):
        response = Client().post("/compte/signup/", {"email": email, "password1": "un-mot-de-passe-solide",
                                                     "password2": "un-mot-de-passe-solide", "terms": "on"})
        pages.append((response.status_code, response.get("Location")))
    assert pages[0] == pages[1]


# The shared password of a private page (Wagtail's form): a guessing door too.


@pytest.fixture
def private_action(action):
    restriction = PageViewRestriction.objects.create(page=action, restriction_type=PageViewRestriction.PASSWORD,
                                                     password="mot-du-comite")
    return action, f"/_util/authenticate_with_password/{restriction.pk}/{action.pk}/"


def try_page_password(url, password, ip=CENTRE):
    return Client(REMOTE_ADDR=ip).post(url, {"password": password, "return_url": "/"})


def test_guessing_a_pages_password_is_stopped(real_cache, private_action):
    action, url = private_action
    for n in range(10):
        assert try_page_password(url, f"essai-{n}").status_code == 200  # the form again, with its error
    response = try_page_password(url, "mot-du-comite")
    assert response.status_code == 429 and "Trop de tentatives" in response.content.decode()
    assert try_page_password(url, "mot-du-comite", ip="198.51.100.30").status_code == 302


def test_a_pages_password_is_guessed_from_many_addresses_no_faster(real_cache, private_action):
    action, url = private_action
    for n in range(60):
        try_page_password(url, f"essai-{n}", ip=f"198.51.{n // 200}.{n % 200}")
    assert try_page_password(url, "mot-du-comite", ip="192.0.2.200").status_code == 429


def test_the_right_page_password_is_never_counted(real_cache, private_action):
    """A comité's members open the page one after the other from the same room."""
    action, url = private_action
    for _n in range(30):
        assert try_page_password(url, "mot-du-comite").status_code == 302
    assert Client().get(url).status_code == 200  # the form itself is not counted either
