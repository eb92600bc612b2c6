"""The room over a websocket: the screen and the phones in the room are
told when the room changes, and sent the room's fragment as anyone who may
watch it sees it (counts, the vote in progress; no names)."""

import asyncio

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from participation.consumers import CLOSE_FORBIDDEN, GroupListenerConsumer

from .selectors import assembly_get, room_context
from .services.live import room_group

COALESCE_SECONDS = 0.2


class RoomConsumer(GroupListenerConsumer):
    async def connect(self):
        self.assembly_id = self.scope["url_route"]["kwargs"]["pk"]
        if not await self._may_watch(self.scope.get("user") or AnonymousUser()):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.pending = None
        await self.listen(room_group(self.assembly_id))

    async def room_changed(self, event):
        if self.pending is None or self.pending.done():
            self.pending = asyncio.ensure_future(self._send_later())

    async def _send_later(self):
        await asyncio.sleep(COALESCE_SECONDS)
        await self.send_json(await self._fragment())

    @database_sync_to_async
    def _may_watch(self, user) -> bool:
        assembly = assembly_get(self.assembly_id)
        return assembly is not None and assembly.organisation.live and user.has_perm("assemblies.watch_room",
                                                                                       assembly)

    @database_sync_to_async
    def _fragment(self) -> dict:
        assembly = assembly_get(self.assembly_id)
        with translation.override(settings.LANGUAGE_CODE):
            context = room_context(assembly)
            return {"html": render_to_string("assemblies/_room.html", context),
                    "item": context["item"].pk if context["item"] else None, "status": assembly.status}
