"""The live comments websocket: authenticated, origin-checked, one group per
commented object; against the in-memory layer, and Redis when REDIS_URL is set."""

import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from config.asgi import application
from config.routing import websocket_urlpatterns
from participation.commenting import target_key
from participation.services import comment_delete, comment_post

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "")
LAYERS = {"memory": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}}
if REDIS_URL:
    LAYERS["redis"] = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                   "CONFIG": {"hosts": [REDIS_URL], "prefix": "plancommun-test"}}}


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
    come back to this thread, so they see the test's transaction."""
    return async_to_sync(scenario)()


def test_a_new_comment_reaches_everyone_reading_the_page(channel_layer, action, resident, neighbour,
                                                         django_capture_on_commit_callbacks):
    async def scenario():
        watcher = WebsocketCommunicator(app_for(resident), path_for(action))
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
        elsewhere = WebsocketCommunicator(app_for(resident), path_for(axis))
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
        communicator = WebsocketCommunicator(app_for(AnonymousUser()), path_for(action))
        connected, code = await communicator.connect()
        assert not connected and code == 4401

    run(scenario)


def test_unknown_or_unpublished_objects_are_refused(channel_layer, axis, plan, resident):
    from tests.cms.factories import ActionFactory

    draft = ActionFactory(parent=axis, number="1.9", live=False)

    async def scenario():
        for target in (draft, plan):
            communicator = WebsocketCommunicator(app_for(resident), path_for(target))
            connected, code = await communicator.connect()
            assert not connected and code == 4403

    run(scenario)


def test_the_real_stack_refuses_other_origins():
    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/commentaires/1/1/",
                                             headers=[(b"origin", b"https://evil.example")])
        connected, _code = await communicator.connect()
        assert not connected

    run(scenario)


def test_the_real_stack_reads_the_session(client, channel_layer, action, resident):
    """Through config.asgi: the session cookie identifies the reader."""
    client.force_login(resident)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def scenario():
        communicator = WebsocketCommunicator(application, path_for(action),
                                             headers=[(b"origin", b"http://localhost"), (b"cookie", cookie),
                                                      (b"host", b"localhost")])
        connected, _code = await communicator.connect()
        assert connected
        await communicator.disconnect()

    run(scenario)
