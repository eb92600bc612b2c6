"""The room's screen and the phones in the room are told, after each
committed change (an arrival, a proxy, a vote opened or cast), to fetch the
room as it is now (see consumers.py)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def room_group(assembly_id: int) -> str:
    return f"assembly-{assembly_id}"


def room_changed_on_commit(assembly_id: int) -> None:
    transaction.on_commit(lambda: room_changed(assembly_id))


def room_changed(assembly_id: int) -> None:
    """A channel layer that is down must not fail the door or the vote."""
    try:
        async_to_sync(get_channel_layer().group_send)(room_group(assembly_id), {"type": "room.changed"})
    except Exception:
        logger.exception("Live update of assembly %s failed", assembly_id)
