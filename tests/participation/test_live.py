"""The live comments websocket: authenticated, origin-checked, one group per
commented object, checked again whenever its reader may no longer read
(logout, a seat or role lost, the page unpublished or made private, the
session expired or deleted); against the in-memory layer, and Redis when
REDIS_URL is set."""

import asyncio
import os

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings
from django.urls import reverse

from config.asgi import application
from config.routing import websocket_urlpatterns
from participation.commenting import target_key
from participation.services import comment_delete, comment_post
from tests.concurrency import run_async

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "")
LAYERS = {"memory": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}}
if REDIS_URL:
    LAYERS["redis"] = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {
        "hosts": [{"address": REDIS_URL, "socket_timeout": 30}], "prefix": "plancommun-test"}}}


class Communicator(WebsocketCommunicator):
    """Opening waits up to 5 s (the machine may be busy); what is asserted
    to happen within a second is the closing (closed_with)."""

    async def connect(self, timeout=5):
        return await super().connect(timeout)


class UserScope:
    """Put a user in the scope the way AuthMiddlewareStack would."""

    def __init__(self, inner, user):
        self.inner, self.user = inner, user

    async def __call__(self, scope, receive, send):
        return await self.inner({**scope, "user": self.user}, receive, send)


def app_for(user):
    return UserScope(URLRouter(websocket_urlpatterns), user)


def path_for(target):
    content_type_id, object_id = target_key(target)
    return f"/ws/commentaires/{content_type_id}/{object_id}/"


@pytest.fixture(params=sorted(LAYERS))
def channel_layer(request):
    from channels.layers import channel_layers

    with override_settings(CHANNEL_LAYERS=LAYERS[request.param]):
        channel_layers.backends.clear()
        yield request.param
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """Channels closes "old" database connections around each database call,
    which on PostgreSQL would close the test's own connection, inside its
    transaction (the consumer runs in the test's thread here)."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def run(scenario):
    """Drive an async scenario from the test's thread: sync_to_async calls
    come back to this thread, so they see the test's transaction
    (tests/concurrency.py: run_async)."""
    return run_async(scenario)


async def closed_with(communicator, timeout=1.0):
    """The code the server closed the socket with, within `timeout` seconds
    (the "within a second" of the re-checks)."""
    message = await communicator.receive_output(timeout=timeout)
    assert message["type"] == "websocket.close", message
    return message.get("code")


async def refused_with(communicator):
    """A refused socket is accepted, then closed with the reason, so that
    the page's script knows not to try again."""
    connected, _subprotocol = await communicator.connect()
    assert connected
    return await closed_with(communicator)


def session_cookie(client, user) -> bytes:
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def through_the_stack(path, cookie=b""):
    """Through config.asgi, as a browser on the site's own page: origin
    checked, the session cookie read."""
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")] + ([(b"cookie", cookie)] if cookie else [])
    return Communicator(application, path, headers=headers)


def committed(capture, write):
    """Run `write` as if its transaction committed (the re-checks are sent then)."""
    def run_it():
        with capture(execute=True):
            return write()

    return sync_to_async(run_it)()


def test_a_new_comment_reaches_everyone_reading_the_page(channel_layer, action, resident, neighbour,
                                                         django_capture_on_commit_callbacks):
    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        connected, _code = await watcher.connect()
        assert connected

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return comment_post(user=neighbour, target=action, text="En direct")

        comment = await sync_to_async(post)()
        message = await watcher.receive_json_from(timeout=3)
        assert message == {"event": "posted", "comment": comment.pk, "parent": None,
                           "url": f"/commentaires/{comment.pk}/"}

        def delete():
            with django_capture_on_commit_callbacks(execute=True):
                comment_delete(comment=comment, user=neighbour)

        await sync_to_async(delete)()
        message = await watcher.receive_json_from(timeout=3)
        assert message["event"] == "changed" and message["comment"] == comment.pk
        await watcher.disconnect()

    run(scenario)


def test_only_the_page_s_readers_are_told(channel_layer, action, axis, resident, neighbour,
                                          django_capture_on_commit_callbacks):
    async def scenario():
        elsewhere = Communicator(app_for(resident), path_for(axis))
        assert (await elsewhere.connect())[0]

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                comment_post(user=neighbour, target=action, text="Ici seulement")

        await sync_to_async(post)()
        assert await elsewhere.receive_nothing(timeout=0.3)
        await elsewhere.disconnect()

    run(scenario)


def test_anonymous_sockets_are_refused(channel_layer, action):
    async def scenario():
        communicator = Communicator(app_for(AnonymousUser()), path_for(action))
        assert await refused_with(communicator) == 4401

    run(scenario)


def test_unknown_or_unpublished_objects_are_refused(channel_layer, axis, plan, resident):
    from tests.cms.factories import ActionFactory

    draft = ActionFactory(parent=axis, number="1.9", live=False)

    async def scenario():
        for target in (draft, plan):
            communicator = Communicator(app_for(resident), path_for(target))
            assert await refused_with(communicator) == 4403

    run(scenario)


def test_the_real_stack_refuses_other_origins():
    async def scenario():
        communicator = Communicator(application, "/ws/commentaires/1/1/",
                                             headers=[(b"origin", b"https://evil.example")])
        connected, _code = await communicator.connect()
        assert not connected

    run(scenario)


def test_the_real_stack_reads_the_session(client, channel_layer, action, resident):
    """Through config.asgi: the session cookie identifies the reader."""
    client.force_login(resident)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def scenario():
        communicator = Communicator(application, path_for(action),
                                             headers=[(b"origin", b"http://localhost"), (b"cookie", cookie),
                                                      (b"host", b"localhost")])
        connected, _code = await communicator.connect()
        assert connected
        await communicator.disconnect()

    run(scenario)


# Checked again: the socket closes within a second of its reader losing
# the right to read (websocket hijacking after the fact).


def test_logging_out_closes_the_socket(client, channel_layer, action, resident, django_capture_on_commit_callbacks):
    cookie = session_cookie(client, resident)

    async def scenario():
        watcher = through_the_stack(path_for(action), cookie)
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: client.post(reverse("account_logout")))
        assert await closed_with(watcher) == 4401

    run(scenario)


def test_logging_out_elsewhere_leaves_this_session_s_socket_open(channel_layer, action, resident,
                                                                  django_capture_on_commit_callbacks):
    """The same person on a phone and a computer: only the logged-out one stops."""
    here, elsewhere = Client(), Client()
    cookie = session_cookie(here, resident)
    session_cookie(elsewhere, resident)

    async def scenario():
        watcher = through_the_stack(path_for(action), cookie)
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: elsewhere.post(reverse("account_logout")))
        assert await watcher.receive_nothing(timeout=0.5)
        await watcher.disconnect()

    run(scenario)


def test_leaving_a_members_only_comite_closes_its_discussion(channel_layer, organisation, resident,
                                                             django_capture_on_commit_callbacks):
    from committees.services import committee_leave

    from .conftest import make_committee, make_user, seat

    committee = make_committee(organisation, "Comité famille", visibility="membres")
    seat(committee, resident)
    seat(committee, make_user("anim"), role="animateur")  # a comité keeps someone to run it

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(committee))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks,
                        lambda: committee_leave(user=resident, committee=committee))
        assert await closed_with(watcher) == 4403

    run(scenario)


def test_a_withdrawn_staff_role_closes_a_members_only_discussion(channel_layer, organisation, staff,
                                                                 django_capture_on_commit_callbacks):
    from participation.models import Membership
    from participation.services import membership_withdraw

    from .conftest import make_committee

    committee = make_committee(organisation, "Comité famille", visibility="membres")
    membership = Membership.objects.get(user=staff, organisation=organisation)

    async def scenario():
        watcher = Communicator(app_for(staff), path_for(committee))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks,
                        lambda: membership_withdraw(membership=membership, user=staff))
        assert await closed_with(watcher) == 4403

    run(scenario)


def test_a_comite_made_members_only_closes_the_others_sockets(channel_layer, organisation, resident,
                                                              django_capture_on_commit_callbacks):
    from .conftest import make_committee

    committee = make_committee(organisation, "Comité famille")

    def members_only():
        committee.visibility = "membres"
        committee.save()

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(committee))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, members_only)
        assert await closed_with(watcher) == 4403

    run(scenario)


def test_an_unpublished_page_closes_its_sockets(channel_layer, action, resident, django_capture_on_commit_callbacks):
    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: action.unpublish())
        assert await closed_with(watcher) == 4403

    run(scenario)


def test_a_page_made_private_closes_its_sockets(channel_layer, axis, action, resident,
                                                django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: PageViewRestriction.objects.create(
            page=axis, restriction_type=PageViewRestriction.PASSWORD, password="secret"))  # the parent page
        assert await closed_with(watcher) == 4403

    run(scenario)


def test_a_password_changed_elsewhere_closes_the_socket(client, channel_layer, action, resident,
                                                        django_capture_on_commit_callbacks):
    cookie = session_cookie(client, resident)

    def new_password():
        resident.set_password("un-autre-mot-de-passe")
        resident.save()

    async def scenario():
        watcher = through_the_stack(path_for(action), cookie)
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, new_password)
        assert await closed_with(watcher) == 4401

    run(scenario)


def test_a_deactivated_account_closes_its_sockets(channel_layer, action, resident,
                                                  django_capture_on_commit_callbacks):
    def deactivate():
        resident.is_active = False
        resident.save()

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, deactivate)
        assert await closed_with(watcher) == 4401

    run(scenario)


@pytest.mark.parametrize("end", ["deleted", "expired"])
def test_a_session_deleted_or_expired_closes_the_socket_at_the_next_check(client, settings, channel_layer, action,
                                                                          resident, end):
    """No event says so: the periodic check (LIVE_RECHECK_SECONDS) does."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    settings.LIVE_RECHECK_SECONDS = 0.3
    cookie = session_cookie(client, resident)
    store = SessionStore(session_key=client.cookies["sessionid"].value)
    if end == "expired":
        store.set_expiry(1)
        store.save()

    async def scenario():
        watcher = through_the_stack(path_for(action), cookie)
        assert (await watcher.connect())[0]
        if end == "deleted":
            await sync_to_async(store.delete)()
        assert await watcher.receive_nothing(timeout=0.1 if end == "deleted" else 0.6)
        assert await closed_with(watcher, timeout=1.5) == 4401

    run(scenario)


def test_a_socket_still_allowed_stays_open_and_keeps_receiving(channel_layer, organisation, action, resident,
                                                               neighbour, django_capture_on_commit_callbacks):
    """Checked again for another person's change, it carries on."""
    from .conftest import make_staff

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: make_staff(organisation, "nouvelle"))
        await committed(django_capture_on_commit_callbacks, lambda: action.save_revision().publish())
        comment = await committed(django_capture_on_commit_callbacks,
                                  lambda: comment_post(user=neighbour, target=action, text="Toujours là"))
        assert (await watcher.receive_json_from(timeout=3))["comment"] == comment.pk
        await watcher.disconnect()

    run(scenario)


def test_register_and_role_changes_tell_the_person_s_sockets(channel_layer, organisation, resident, neighbour,
                                                            staff, django_capture_on_commit_callbacks):
    """What a register entry or a role changes is asked again by every socket
    of that person (the consultations' electorates are read from them): an
    entry linked to them, linked to someone else instead, deleted; a role."""
    from channels.layers import get_channel_layer

    from participation.live import person_group
    from participation.services import membership_request
    from participation.services.register import register_member_add, register_member_delete, register_member_link

    async def scenario():
        layer = get_channel_layer()
        told = {person.pk: await layer.new_channel() for person in (resident, neighbour)}
        for pk, channel in told.items():
            await layer.group_add(person_group(pk), channel)

        async def next_told(person):
            return (await asyncio.wait_for(layer.receive(told[person.pk]), timeout=1))["type"]

        member = await committed(django_capture_on_commit_callbacks, lambda: register_member_add(
            organisation=organisation, user=staff, name="Amina", account=resident, vote="deliberative"))
        assert await next_told(resident) == "live.recheck"
        await committed(django_capture_on_commit_callbacks,
                        lambda: register_member_link(member=member, user=staff, account=neighbour))
        assert await next_told(resident) == "live.recheck"  # no longer hers
        assert await next_told(neighbour) == "live.recheck"
        await committed(django_capture_on_commit_callbacks, lambda: register_member_delete(member=member, user=staff))
        assert await next_told(neighbour) == "live.recheck"
        await committed(django_capture_on_commit_callbacks, lambda: membership_request(
            user=resident, organisation=organisation, role="habitant"))
        assert await next_told(resident) == "live.recheck"
        for pk, channel in told.items():
            await layer.group_discard(person_group(pk), channel)

    run(scenario)


def test_a_check_that_fails_closes_the_socket(channel_layer, action, resident, monkeypatch,
                                              django_capture_on_commit_callbacks):
    """Not known to be allowed is not allowed: closed as a server error (the
    script tries again later, and is checked then)."""
    from participation.consumers import CommentsConsumer
    from participation.live import people_changed

    async def scenario():
        watcher = Communicator(app_for(resident), path_for(action))
        assert (await watcher.connect())[0]

        async def broken(self, user):
            raise RuntimeError("database gone")

        monkeypatch.setattr(CommentsConsumer, "check", broken)
        await committed(django_capture_on_commit_callbacks, lambda: people_changed([resident.pk]))
        assert await closed_with(watcher) == 1011

    run(scenario)


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis: run with REDIS_URL=redis://…")
def test_an_idle_socket_outlives_the_channel_layer_s_blocking_read():
    """channels-redis waits 5 s for a socket's next message; redis-py 8 gave
    up reading after 5 s too, and the consumer died with an error: every
    live socket idle for 5 s, in production. The settings' layer waits longer."""
    from channels.layers import channel_layers, get_channel_layer
    from channels_redis.core import RedisChannelLayer
    from django.conf import settings

    assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["socket_timeout"] > RedisChannelLayer.brpop_timeout

    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(RedisChannelLayer.brpop_timeout + 1)
        assert not waiting.done()  # still waiting, not failed
        await layer.send(channel, {"type": "still.here"})
        assert (await asyncio.wait_for(waiting, timeout=3))["type"] == "still.here"

    channel_layers.backends.clear()
    try:
        run(scenario)
    finally:
        channel_layers.backends.clear()
