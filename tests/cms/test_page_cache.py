"""Visitors without a session get plan pages from the cache, and see a new
comment, a publication or a consultation's new state at once; everyone else
always gets a page of their own."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from core.page_cache import HEADER
from participation.services import comment_post
from tests.participation.conftest import action, axis, make_user, organisation, plan, staff  # noqa: F401

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_visitor_reads_the_second_time_from_the_cache(client, action, django_assert_num_queries):
    first = get(client, action.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = get(client, action.url)
    assert second[HEADER] == "hit"
    # The same page, but with a Content-Security-Policy nonce of its own.
    assert nonce_of(second) != nonce_of(first)
    assert second.content.replace(nonce_of(second).encode(), b"N") == first.content.replace(
        nonce_of(first).encode(), b"N")
    # The headers the stack added on the way out come with the cached page.
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert second["Content-Type"] == "text/html; charset=utf-8"


def nonce_of(response) -> str:
    """The response's nonce, the same in its policy and on each of its scripts."""
    header_nonces = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
    page_nonces = set(re.findall(r'<script [^>]*nonce="([^"]+)"', response.content.decode()))
    assert len(header_nonces) == 1 and page_nonces == header_nonces, (header_nonces, page_nonces)
    return header_nonces.pop()


def test_a_new_comment_shows_at_once(client, action, django_capture_on_commit_callbacks):
    get(client, action.url)
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(user=make_user("voisine"), target=action, text="Le jardin ouvre samedi.")
    page = get(client, action.url)
    assert page[HEADER] == "miss" and "Le jardin ouvre samedi." in page.content.decode()


def test_a_publication_shows_at_once(client, action, django_capture_on_commit_callbacks):
    get(client, action.url)
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Un titre revu par l'équipe"
        action.save_revision().publish()
    assert "Un titre revu par l&#x27;équipe" in get(client, action.url).content.decode()


def test_a_consultation_opened_or_closed_shows_at_once_on_the_action_page(client, organisation, staff, action,
                                                     django_capture_on_commit_callbacks):
    from consultations import services
    from consultations.models import Method, ResultsVisibility
    from tests.consultations.conftest import make_consultation, member_of

    consultation = make_consultation(organisation, staff, actions=[action], results_visibility=ResultsVisibility.LIVE,
                                     questions=(("Pour ?", Method.YES_NO, []),))
    page = get(client, action.url).content.decode()
    assert consultation.title in page and "Ouverte" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_close(consultation=consultation, user=staff)
    assert get(client, action.url)[HEADER] == "miss"
    assert "Close" in get(client, action.url).content.decode()
    # A ballot changes nothing the action page shows: its visitors' copy stays.
    voter = member_of(organisation)
    other = make_consultation(organisation, staff, actions=[action], title="Le second vote",
                              results_visibility=ResultsVisibility.LIVE, questions=(("Pour ?", Method.YES_NO, []),),
                              opens_at=timezone.now() - timedelta(hours=1))
    get(client, action.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(consultation=other, user=voter, answers={other.questions.get().pk: 1})
    assert get(client, action.url)[HEADER] == "hit"


def test_signed_in_people_always_get_their_own_page(client, action):
    reader = make_user("lectrice")
    client.force_login(reader)
    first, second = get(client, action.url), get(client, action.url)
    assert HEADER not in first and HEADER not in second
    assert "Se déconnecter" in second.content.decode()


def test_a_visitor_with_a_session_gets_a_fresh_page(client, action):
    get(client, action.url)
    session = client.session
    session["comment-draft"] = "brouillon"
    session.save()
    assert HEADER not in get(client, action.url)


def test_only_pages_served_by_wagtail_are_cached(client):
    from django.urls import reverse

    for url in (reverse("projects:list"), reverse("consultations:index"), reverse("search")):
        assert HEADER not in get(client, url)


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(client, action):
    get(client, action.url)
    assert HEADER not in get(client, action.url)


def test_a_preview_of_a_draft_neither_reads_nor_fills_the_shared_blocks(client, action):
    reader = make_user("lectrice")
    client.force_login(reader)  # signed in: past the visitors' page cache, through the shared blocks
    action.pilot = "Équipe d'animation"
    action.save_revision().publish()
    assert "Équipe d&#x27;animation" in get(client, action.url).content.decode()
    draft = action.get_latest_revision_as_object()
    draft.pilot = "Nouvelle pilote du brouillon"
    preview = draft.make_preview_request().render().content.decode()
    assert "Nouvelle pilote du brouillon" in preview
    page = get(client, action.url).content.decode()
    assert "Nouvelle pilote du brouillon" not in page and "Équipe d&#x27;animation" in page


def test_signed_in_readers_take_the_route_and_breadcrumbs_from_the_cache(client, action, axis):
    """Their page is made for them, but where its address leads (site, page,
    ancestors) is read once for everyone until a page changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("lectrice"))
    with CaptureQueriesContext(connection) as cold:
        get(client, action.url)
    with CaptureQueriesContext(connection) as warm:
        page = get(client, action.url).content.decode()
    assert len(warm) <= len(cold) - 5, [query["sql"][:80] for query in warm.captured_queries]
    assert not any('"wagtailcore_site"' in query["sql"] for query in warm.captured_queries)
    assert axis.title in page
    # A publication shows at once, to them as to visitors: new title, new breadcrumbs below the axis.
    axis.title = "Un axe renommé"
    axis.save_revision().publish()
    action.title = "Une action renommée"
    action.save_revision().publish()
    page = get(client, action.url).content.decode()
    assert "Une action renommée" in page and "Un axe renommé" in page


def test_a_page_moved_or_unpublished_leaves_no_route_behind(client, action):
    client.force_login(make_user("lectrice"))
    get(client, action.url)
    action.unpublish()
    assert client.get(action.url).status_code == 404


def test_the_cached_route_keeps_a_plan_s_own_pages_apart(client, plan, action):
    """A plan routes its outline, timeline and action list itself: each
    address keeps its own cached route, the second reading like the first
    (and like a reading with the cache turned off)."""
    import re

    def page(url):
        text = get(client, url).content.decode("utf-8-sig")
        return re.sub(r'value="[A-Za-z0-9]{64}"|nonce="[^"]+"', "", text)  # form token and CSP nonce: per response

    client.force_login(make_user("lectrice"))
    addresses = [plan.url + suffix for suffix in ("", "sommaire/", "calendrier/", "actions/", "export/csv/")]
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        uncached = [page(url) for url in addresses]
    assert [page(url) for url in addresses] == uncached
    assert [page(url) for url in addresses] == uncached
    assert len(set(uncached)) == len(addresses)
    assert action.title in uncached[1] and action.title in uncached[3] and action.title in uncached[4]


def test_a_new_name_shows_at_once_beside_every_comment(client, action):
    from core.page_cache import generation

    author = make_user("auteure")
    comment_post(user=author, target=action, text="Le jardin ouvre samedi.")
    reader = make_user("lectrice")
    visitor_page = get(client, action.url).content.decode()
    assert "Auteure" in visitor_page
    client.force_login(reader)
    assert "Auteure" in get(client, action.url).content.decode()
    before = generation()
    author.last_login = timezone.now()
    author.save(update_fields=["last_login"])  # a sign-in shows nowhere
    assert generation() == before
    author.display_name = "Amina du quartier"
    author.save()
    page = get(client, action.url).content.decode()
    assert "Amina du quartier" in page and ">Auteure<" not in page
    client.logout()
    page = get(client, action.url).content.decode()
    assert "Amina du quartier" in page and ">Auteure<" not in page


def test_wagtail_s_own_addresses_still_reach_wagtail(client):
    """Only the page pattern goes through cms.views.serve: Wagtail's login
    (which leads to the site's) and password forms for private pages keep
    their addresses."""
    from django.urls import resolve, reverse

    from cms import views

    login = reverse("wagtailcore_login")
    assert resolve(login).func is not views.serve and client.get(login).status_code == 302
    assert resolve("/un/chemin/").func is views.serve
    password_form = reverse("wagtailcore_authenticate_with_password", args=[1, 2])
    assert resolve(password_form).url_name == "wagtailcore_authenticate_with_password"


def test_a_request_reads_the_generation_once_and_sees_its_own_changes(client, action, monkeypatch):
    """Every cached fragment of a page asks for the generation: one request
    reads it from the cache once, a change made by the request moves it,
    and outside a request it is read each time."""
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    from core import page_cache

    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == page_cache.GENERATION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    request_started.send(sender=None)
    try:
        first = page_cache.generation()
        assert page_cache.generation() == first and page_cache.public_key("x") == f"public-pages:x:{first}"
        assert len(reads) == 1
        moved = page_cache.public_pages_changed()
        assert moved != first and page_cache.generation() == moved and len(reads) == 1
        assert page_cache.public_cached("answer", lambda: [42]) is page_cache.public_cached("answer", list)
    finally:
        request_finished.send(sender=None)
    page_cache.generation(), page_cache.generation()
    assert len(reads) == 3
    # Another process moving it on is seen by the next request.
    cache.set(page_cache.GENERATION_KEY, "from-another-process", timeout=None)
    request_started.send(sender=None)
    try:
        assert page_cache.generation() == "from-another-process"
    finally:
        request_finished.send(sender=None)


def test_which_addresses_wagtail_serves_is_resolved_once(client, action):
    from core.page_cache import _served_by_wagtail

    _served_by_wagtail.cache_clear()
    get(client, action.url)
    get(client, action.url)
    info = _served_by_wagtail.cache_info()
    assert info.misses == 1 and info.hits == 1
    assert not _served_by_wagtail("/projets/") and _served_by_wagtail(action.url)
    with override_settings(ROOT_URLCONF="config.urls"):
        assert _served_by_wagtail.cache_info().currsize == 0


def test_writes_grouped_by_an_import_bump_the_generation_once_at_the_end(action, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    from core import page_cache

    bumps = []
    real = page_cache.public_pages_changed
    monkeypatch.setattr(page_cache, "public_pages_changed", lambda: bumps.append(1) or real())
    with django_capture_on_commit_callbacks(execute=True):
        with page_cache.changes_grouped():
            for title in ("Un", "Deux", "Trois"):
                action.title = title
                action.save()
            with page_cache.changes_grouped():  # nested: still one bump, at the outer end
                action.save()
            assert bumps == []
    # Once at the end of the block, once more on commit.
    assert len(bumps) == 2
    action.save()  # outside the block, each write bumps again
    assert len(bumps) == 3


def test_an_imported_plan_shows_at_once_on_the_cached_pages(client, organisation, django_capture_on_commit_callbacks):
    from cms.importing.plans import read_plan_file
    from cms.services import plans_import
    from tests.cms.test_import import HEADER as COLUMNS
    from tests.cms.test_import import xlsx

    rows = [COLUMNS, ["Axe A", "Objectif G", "Objectif O", "1.1.1", "Ouvrir la ludothèque", "", "", "", "", ""]]
    plans = read_plan_file(xlsx(rows, title="Plan du quartier"), "p.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        plans_import(organisation=organisation, plans=[p.data for p in plans])
    plan_url = organisation.get_children().live().specific().get(title="Plan du quartier").url
    assert get(client, plan_url)[HEADER] == "miss"
    assert get(client, plan_url)[HEADER] == "hit"
    rows.append(["", "", "", "1.1.2", "Fêter les voisins", "", "", "", "", ""])
    plans = read_plan_file(xlsx(rows, title="Plan du quartier"), "p.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        plans_import(organisation=organisation, plans=[p.data for p in plans])
    page = get(client, plan_url + "sommaire/")
    assert "Fêter les voisins" in page.content.decode()
    page = get(client, plan_url)
    assert page[HEADER] == "miss"
