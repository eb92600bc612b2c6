"""Fault classes checked across the whole project rather than per feature
(docs/security.md lists every class with its tests): CSRF on every form,
open redirects, reflected markup, filter and SQL injection in query strings,
over-posting, and requests the server would make for someone else (SSRF).
They reuse the leak walk's world and addresses (tests/test_leaks.py)."""

import socket

import pytest
from django.test import Client

from tests.test_leaks import SEARCHED, _addresses, world  # noqa: F401  (module fixture)

pytestmark = pytest.mark.django_db

# Views that take a POST without the form token, and why.
CSRF_EXEMPT = {
    "/desabonnement/x/": "one-click unsubscribe (RFC 8058): the signed token in the address is the authorisation",
}


def test_every_form_refuses_a_post_from_another_site(world):  # noqa: F811
    """A signed-in person's browser, sent a form by another site, changes
    nothing: every address refuses a POST without the form token (or
    does not take POST at all)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.resident)
    addresses, _ = _addresses(world)
    accepted = []
    for address in addresses:
        if address in CSRF_EXEMPT:
            continue
        response = client.post(address, {"text": "Depuis un autre site", "q": SEARCHED})
        refused_by_token = response.status_code == 403 and "403_csrf.html" in [t.name for t in response.templates]
        if not (refused_by_token or response.status_code == 405):
            accepted.append(f"{address} → {response.status_code}")
    assert not accepted, "POST accepted without the form token:\n" + "\n".join(accepted)


HOSTILE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example",
           "javascript:alert(1)", "\\\\evil.example"]


@pytest.mark.parametrize("next_url", HOSTILE)
def test_sign_in_never_sends_anyone_to_another_site(world, next_url):  # noqa: F811
    client = Client()
    response = client.post(f"/compte/login/?next={next_url}",
                           {"login": world.resident.email, "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_the_csrf_page_never_links_to_another_site(world):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    response = client.post("/compte/profil/", HTTP_REFERER="https://evil.example/page")
    assert response.status_code == 403
    assert b"evil.example" not in response.content


MARKUP = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_query_strings_come_back_escaped_everywhere(world):  # noqa: F811
    """Reflected markup: every address, given hostile values in the usual
    parameters, shows them escaped (or not at all)."""
    client = Client()
    client.force_login(world.resident)
    addresses, _ = _addresses(world)
    reflected = []
    params = {name: MARKUP for name in ("q", "page", "order", "stance", "statut", "status", "axe", "axis", "pilot",
                                        "period", "quartier", "domaine", "organisation", "next", "tri")}
    for address in addresses:
        response = client.get(address, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if b"<script>alert(" in body or b"<img src=x onerror" in body:
            reflected.append(address)
    assert not reflected, "unescaped in: " + ", ".join(reflected)


# Each string a request: quotes, SQL, LIKE wildcards, a NUL, full-text
# syntax; an id past 64 bits; a negative page; non-ASCII digits.
INJECTIONS = ["' OR 1=1 -- \"; DROP TABLE participation_user; % _ \\ \x00 __class__ pk__gt ( * NEAR ^",
              "9" * 30, "-1", "１２"]


def test_hostile_filters_and_ids_give_a_page_not_an_error(world):  # noqa: F811
    """Filter and SQL injection: junk in a query string is ignored or
    refused with a page, never a server error (and never a query built
    from it: the ORM binds every value)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.resident)
    addresses, _ = _addresses(world)
    errors = []
    for address in addresses:
        for value in INJECTIONS:
            response = client.get(address, {"q": value, "page": value, "axe": value, "statut": value,
                                            "organisation": value, "order": value, "period": value})
            if response.status_code >= 500:
                errors.append(f"{address} ?={value!r} → {response.status_code}")
    assert not errors, "\n".join(errors[:40])


def test_over_posting_changes_only_what_a_form_offers(world):  # noqa: F811
    """A resident posting fields no form offers (staff, superuser, an
    address, another's organisation, a project's status or moderation)
    changes none of them."""
    from participation.models import User
    from projects.models import Project

    client = Client()
    client.force_login(world.resident)
    client.post("/compte/profil/", {"display_name": "Habitante", "is_staff": "on", "is_superuser": "on",
                                    "email": "pirate@example.org", "username": "admin", "calendar_token": "x"})
    resident = User.objects.get(pk=world.resident.pk)
    assert not resident.is_staff and not resident.is_superuser
    assert resident.email == world.resident.email and resident.username == world.resident.username
    member = Client()
    member.force_login(world.member)
    project = world.project
    member.post(f"/projets/{project.pk}/modifier/", {
        "title": "Un repair café", "summary": "Réparer ensemble.", "description": "Un samedi par mois.",
        "status": "realise", "organisation": str(world.other_organisation.pk), "hidden_at": "2020-01-01",
        "answer": "Accepté par moi-même"})
    project = Project.objects.get(pk=project.pk)
    assert project.status == world.project.status
    assert project.organisation_id == world.organisation.pk
    assert project.hidden_at is None and project.answer == ""


def test_the_server_fetches_no_address_a_person_gives(world, monkeypatch):  # noqa: F811
    """SSRF: nothing a person types makes the server connect anywhere: the
    embeds finder only asks the oEmbed providers it knows, and an internal
    address is refused before any connection."""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedException

    attempts = []

    def no_network(address, *args, **kwargs):
        attempts.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "create_connection", no_network)
    for url in ("http://127.0.0.1:6379/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
                "http://localhost:5432/"):
        with pytest.raises(EmbedException):
            embeds.get_embed(url)
    assert attempts == []


def test_a_nul_character_is_a_bad_request_not_a_server_error(world):  # noqa: F811
    """PostgreSQL refuses NUL in a string: refused once for every view."""
    client = Client(raise_request_exception=False)
    client.force_login(world.resident)
    for address in ("/projets/", "/comites/", "/recherche/"):
        response = client.get(address, {"organisation": "a\x00b"})
        assert response.status_code == 400, address
        assert "Requête incorrecte" in response.content.decode()
    assert client.post("/compte/profil/", {"display_name": "a\x00"}).status_code == 400
