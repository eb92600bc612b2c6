"""Live results: after each committed ballot (or closing), everyone watching
the consultation is told; their socket then sends them the results as
anyone may see them at that moment (see consumers.py)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from ..selectors import results_version_bump

logger = logging.getLogger(__name__)


def live_group(consultation_id: int) -> str:
    return f"consultation-{consultation_id}"


def results_changed_on_commit(consultation_id: int) -> None:
    """After a ballot, a paper entry or the closing, once it is committed."""
    transaction.on_commit(lambda: results_changed(consultation_id))


def results_changed(consultation_id: int) -> None:
    """A channel layer that is down must not fail the vote: the ballot is
    saved and counted, viewers see it on reload."""
    version = results_version_bump(consultation_id)
    try:
        async_to_sync(get_channel_layer().group_send)(
            live_group(consultation_id), {"type": "results.changed", "version": version}
        )
    except Exception:
        logger.exception("Live results update of consultation %s failed", consultation_id)
