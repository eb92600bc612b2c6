"""The bell's count, live (issue 22): a signed-in person's pages hear over
their own socket that their unread count changed, and get it; nobody else's
socket ever receives it. Against the in-memory layer, and Redis when
REDIS_URL is set."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from participation.services import comment_post, follow_set, notifications_mark_read

from .conftest import make_user
from .test_live import (  # noqa: F401  (fixtures)
    Communicator,
    app_for,
    channel_layer,
    keep_the_test_connection,
    refused_with,
    run,
    session_cookie,
    through_the_stack,
)

pytestmark = pytest.mark.django_db
BELL = "/ws/notifications/"


def test_the_count_reaches_the_person_and_nobody_else(channel_layer, action, resident, neighbour,
                                                       django_capture_on_commit_callbacks):
    follow_set(user=resident, target=action, follow=True)
    onlooker = make_user("curieuse")

    async def scenario():
        mine = Communicator(app_for(resident), BELL)
        other = Communicator(app_for(onlooker), BELL)
        author = Communicator(app_for(neighbour), BELL)
        for socket in (mine, other, author):
            assert (await socket.connect())[0]
            assert await socket.receive_json_from(timeout=3) == {"event": "bell", "count": 0}

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                comment_post(user=neighbour, target=action, text="Pour la cloche")

        await sync_to_async(post)()
        assert await mine.receive_json_from(timeout=3) == {"event": "bell", "count": 1}
        assert await other.receive_nothing(timeout=0.3)
        assert await author.receive_nothing(timeout=0.1)

        def read():
            with django_capture_on_commit_callbacks(execute=True):
                notifications_mark_read(user=resident)

        await sync_to_async(read)()
        assert await mine.receive_json_from(timeout=3) == {"event": "bell", "count": 0}
        assert await other.receive_nothing(timeout=0.3)
        for socket in (mine, other, author):
            await socket.disconnect()

    run(scenario)


def test_marking_nothing_read_rings_nothing(channel_layer, resident, django_capture_on_commit_callbacks):
    async def scenario():
        mine = Communicator(app_for(resident), BELL)
        assert (await mine.connect())[0]
        await mine.receive_json_from(timeout=3)

        def read():
            with django_capture_on_commit_callbacks(execute=True):
                notifications_mark_read(user=resident)

        await sync_to_async(read)()
        assert await mine.receive_nothing(timeout=0.3)
        await mine.disconnect()

    run(scenario)


def test_a_visitor_has_no_bell(channel_layer):
    async def scenario():
        assert await refused_with(Communicator(app_for(AnonymousUser()), BELL)) == 4401

    run(scenario)


def test_through_the_site_the_session_says_whose_bell(channel_layer, action, resident, neighbour,
                                                      django_capture_on_commit_callbacks):
    """Through config.asgi with the session cookie: no way to ask for
    someone else's count (the path names nobody)."""
    follow_set(user=resident, target=action, follow=True)
    cookie = session_cookie(Client(), neighbour)

    async def scenario():
        theirs = through_the_stack(BELL, cookie)
        assert (await theirs.connect())[0]
        assert await theirs.receive_json_from(timeout=3) == {"event": "bell", "count": 0}

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                comment_post(user=make_user("autrice"), target=action, text="Pour Amina")

        await sync_to_async(post)()
        assert await theirs.receive_nothing(timeout=0.3)  # Amina's count, not Bruno's
        await theirs.disconnect()
        assert await refused_with(through_the_stack(BELL)) == 4401

    run(scenario)


def test_the_page_serves_the_bell_for_its_script(client, resident):
    """Progressive enhancement: the link and its count as before, the socket
    and a polite live region for the script, loaded with the page's nonce."""
    client.force_login(resident)
    page = client.get("/compte/profil/").content.decode()
    assert 'class="bell" data-bell-live="/ws/notifications/"' in page
    assert 'aria-live="polite" data-bell-status' in page
    assert 'js/bell.js" nonce="' in page
    assert "bell.js" not in Client().get("/").content.decode()


def test_the_bell_says_its_counts_in_french(resident):
    """The texts the script announces are in the page, translated (a literal
    with "%" in {% translate %} is looked up as "%%…" and never found)."""
    client = Client()
    client.force_login(resident)
    page = client.get("/compte/profil/").content.decode()
    assert 'data-bell-many="{count} notifications non lues"' in page
    assert 'data-bell-one="Une notification non lue"' in page
    assert 'data-bell-none="Aucune notification non lue"' in page


def test_every_translated_literal_with_a_percent_sign_is_in_the_catalogue():
    """{% translate "…%…" %} is looked up with each "%" doubled, as
    makemessages writes it: an entry written by hand with a single "%" is
    never found, and the page stays in English."""
    import re
    from pathlib import Path

    from django.utils import translation

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""\{%\s*(?:translate|trans)\s+(['"])([^'"]*%[^'"]*)\1""")
    literals = {match.group(2) for path in root.glob("**/templates/**/*.html") if ".venv" not in path.parts
                for match in pattern.finditer(path.read_text(encoding="utf-8"))}
    with translation.override("fr"):
        untranslated = [text for text in literals if translation.gettext(text.replace("%", "%%")) == text.replace(
            "%", "%%")]
    assert not untranslated, untranslated
