"""The room over a websocket: the screen and the phones in the room are
told when the room changes, and sent the room's fragment as anyone who may
watch it sees it (counts, the vote in progress; no names)."""

import asyncio

from channels.db import database_sync_to_async
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from participation.consumers import CLOSE_FORBIDDEN, GroupListenerConsumer

from .selectors import assembly_get, room_context
from .services.live import room_group

COALESCE_SECONDS = 0.2


class RoomConsumer(GroupListenerConsumer):
    """Asked again, like every live socket, whenever who may watch may have
    changed (participation/live.py): a member who signs out or loses their
    vote stops receiving the room."""

    pending = None

    async def check(self, user) -> int | None:
        self.assembly_id = self.scope["url_route"]["kwargs"]["pk"]
        organisation_id = await self._may_watch(user)
        if organisation_id is None:
            return CLOSE_FORBIDDEN
        self.watched_group, self.organisation_id = room_group(self.assembly_id), organisation_id
        return None

    async def room_changed(self, event):
        if self.closed:
            return
        if self.pending is None or self.pending.done():
            self.pending = asyncio.ensure_future(self._send_later())

    async def _send_later(self):
        await asyncio.sleep(COALESCE_SECONDS)
        fragment = await self._fragment()
        if not self.closed:  # checked again meanwhile, and refused
            await self.send_json(fragment)

    async def disconnect(self, code):
        if self.pending is not None:
            self.pending.cancel()
        await super().disconnect(code)

    @database_sync_to_async
    def _may_watch(self, user) -> int | None:
        """The assembly's organisation when this person may watch its room."""
        assembly = assembly_get(self.assembly_id)
        if assembly is None or not assembly.organisation.live or not user.has_perm("assemblies.watch_room", assembly):
            return None
        return assembly.organisation_id

    @database_sync_to_async
    def _fragment(self) -> dict:
        assembly = assembly_get(self.assembly_id)
        with translation.override(settings.LANGUAGE_CODE):
            context = room_context(assembly)
            return {"html": render_to_string("assemblies/_room.html", context),
                    "item": context["item"].pk if context["item"] else None, "status": assembly.status}
