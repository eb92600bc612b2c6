"""Live comments: everyone reading a page joins its group and is told when a
comment appears or changes; the browser then fetches the comment's HTML as
that person may see it (so nothing leaks through the socket itself)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404
from django.urls import reverse

from .commenting import live_group, target_get
from .predicates import can_view_target

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403


class GroupListenerConsumer(AsyncJsonWebsocketConsumer):
    """A socket that only listens to one group (a page's comments, a vote's
    results): `listen(group)` once the person may, the group left on close."""

    group = None

    async def listen(self, group: str) -> None:
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Listeners send nothing."""


class CommentsConsumer(GroupListenerConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        kwargs = self.scope["url_route"]["kwargs"]
        if not await self._may_watch(user, kwargs["content_type_id"], kwargs["object_id"]):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.listen(live_group(kwargs["content_type_id"], kwargs["object_id"]))

    async def comment_event(self, event):
        await self.send_json({
            "event": event["event"],
            "comment": event["comment"],
            "parent": event["parent"],
            "url": reverse("participation:comment_fragment", args=[event["comment"]]),
        })

    @database_sync_to_async
    def _may_watch(self, user, content_type_id, object_id) -> bool:
        try:
            target = target_get(content_type_id, object_id)
        except Http404:
            return False
        return can_view_target(user, target)
