"""Live results. Anyone who may see the consultation may watch it; each
change sends the results fragment only when the results are visible at
that moment (else only the number of voters), rendered once per change and
shared through the cache by every watcher, and at most a few times a second
however fast the ballots come. Who may watch is asked again whenever it may
have changed (participation/consumers.py: GroupListenerConsumer), not on
every update: an update costs the same for 200 watchers as for one."""

import asyncio
import weakref

from channels.db import database_sync_to_async
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from participation.consumers import CLOSE_FORBIDDEN, GroupListenerConsumer

from .models import Consultation
from .results import results_rows
from .selectors import cached_for_version, consultation_results, consultation_turnout
from .services.box import box_count_if_due
from .services.live import live_group

# At most one update per watcher in this window: the first ballot after a
# quiet moment is sent at once, those that follow it within the window
# together at its end.
COALESCE_SECONDS = 0.2
FRAGMENT_KEY = "consultation-live:{}"
# The reads of this process, by event loop, then by (consultation, version):
# the last few versions (a version names one state of the results).
_READS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict]" = weakref.WeakKeyDictionary()
READS_KEPT = 32


class ResultsConsumer(GroupListenerConsumer):
    pending = None
    last_sent = float("-inf")  # the event loop's clock

    async def check(self, user) -> int | None:
        self.consultation_id = self.scope["url_route"]["kwargs"]["pk"]
        organisation_id = await self._may_watch(user)
        if organisation_id is None:
            return CLOSE_FORBIDDEN
        self.watched_group, self.organisation_id = live_group(self.consultation_id), organisation_id
        return None

    async def results_changed(self, event):
        if self.closed:
            return
        self.version = event["version"]
        if self.pending is None or self.pending.done():
            self.pending = asyncio.ensure_future(self._send_later())

    async def _send_later(self):
        loop = asyncio.get_running_loop()
        while True:
            wait = self.last_sent + COALESCE_SECONDS - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            version, self.last_sent = self.version, loop.time()
            update = await self._update(version)
            if self.closed:  # checked again meanwhile, and refused
                return
            await self.send_json(update)
            if self.version == version:  # else a ballot came while this one was read: send it too
                return

    async def disconnect(self, code):
        if self.pending is not None:
            self.pending.cancel()
        await super().disconnect(code)

    @database_sync_to_async
    def _may_watch(self, user) -> int | None:
        """The consultation's organisation when this person may watch it."""
        consultation = Consultation.objects.select_related("organisation", "committee").filter(
            pk=self.consultation_id).first()
        if consultation is None or not consultation.organisation.live:
            return None
        return consultation.organisation_id if user.has_perm("consultations.view_consultation", consultation) else None

    async def _update(self, version: str) -> dict:
        """Read once per version in this process, and awaited by every
        watcher of it here: 200 watchers cost one trip to the database
        thread and one read of the cache, not 200 in a row."""
        reads = _READS.setdefault(asyncio.get_running_loop(), {})
        key = (self.consultation_id, version)
        read = reads.get(key)
        if isinstance(read, dict):  # read already
            return read
        if read is None:
            read = reads[key] = asyncio.ensure_future(self._update_read(version))

            def keep_or_forget(done):
                # The update itself once read (a task would hold on to its loop, the weak key);
                # nothing if it failed, so that the next update reads again.
                if done.cancelled() or done.exception() is not None:
                    reads.pop(key, None)
                elif reads.get(key) is done:
                    reads[key] = done.result()

            read.add_done_callback(keep_or_forget)
            while len(reads) > READS_KEPT:
                reads.pop(next(iter(reads)))
        # A watcher that leaves meanwhile must not cancel the others' read.
        return await asyncio.shield(read)

    @database_sync_to_async
    def _update_read(self, version: str) -> dict:
        """Rendered once per version, then shared by every process's watchers
        through the cache."""
        return cached_for_version(FRAGMENT_KEY.format(self.consultation_id), version,
                                  lambda: live_update(self.consultation_id), timeout=60)


def live_update(consultation_id: int) -> dict:
    """What every watcher is sent: the same for all, as anonymous visitors
    may see it (nobody's own vote in it)."""
    consultation = Consultation.objects.select_related("organisation", "committee").get(pk=consultation_id)
    box_count_if_due(consultation)
    with translation.override(settings.LANGUAGE_CODE):
        update = {"status": consultation.status(), "voters": consultation_turnout(consultation)}
        if consultation.results_visible():
            results = consultation_results(consultation)
            update["voters"] = results.participation.voters
            update["html"] = render_to_string("consultations/_results.html", {
                "consultation": consultation, "results": results, "rows": results_rows(results)})
        update["voters_text"] = ngettext("%(count)s person has voted.", "%(count)s people have voted.",
                                         update["voters"]) % {"count": update["voters"]}
    return update
