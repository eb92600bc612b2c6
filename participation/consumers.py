"""Live comments: everyone reading a page joins its group and is told when a
comment appears or changes; the browser then fetches the comment's HTML as
that person may see it (so nothing leaks through the socket itself).

Every live socket (these, and the consultations' results) is a
`GroupListenerConsumer`: it asks the rules when it opens and again whenever
what its reader may read changes (participation/live.py), periodically, and
closes as soon as the answer is no."""

import asyncio
import logging
import random
from importlib import import_module

from channels.auth import get_user
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from .commenting import commentable, live_group, target_get
from .live import bell_group, organisation_group, person_group
from .predicates import can_view_target

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_ERROR = 1011

logger = logging.getLogger(__name__)


def recheck_seconds() -> float:
    """Between two checks of a socket with nothing to tell it: what no event
    says (a session that expired or was deleted, a membership period that
    ended with the day) is noticed within this delay."""
    return float(getattr(settings, "LIVE_RECHECK_SECONDS", 60))


class GroupListenerConsumer(AsyncJsonWebsocketConsumer):
    """A socket that only listens: to the group of what it watches, to the
    group of its reader (their logout, roles and seats) and to the group of
    the organisation (privacy and publication).

    A subclass says who may watch in `check(user)`: None when allowed
    (then `self.watched_group` and `self.organisation_id` are set), else the
    close code. It is asked when the socket opens, on every `live.recheck`
    and every LIVE_RECHECK_SECONDS; a refused socket is accepted then
    closed with the code, so that the page's script knows not to retry."""

    watched_group: str | None = None
    organisation_id: int | None = None

    async def connect(self):
        self.opened, self.closed, self.session_ended, self.recheck_wanted = False, False, False, False
        self.recheck_task = self.timer = None
        self.joined = []
        user = self.scope.get("user") or AnonymousUser()
        # The person's group first: a change committed while the rules are
        # asked is then not missed.
        if user.is_authenticated:
            await self._join(person_group(user.pk))
        code = await self.check(user)
        await self.accept()
        if code:
            await self._refuse(code)
            return
        await self._join(self.watched_group)
        if self.organisation_id:
            await self._join(organisation_group(self.organisation_id))
        self.opened = True
        self._schedule()

    async def check(self, user) -> int | None:
        raise NotImplementedError

    async def _join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined.append(group)

    async def disconnect(self, code):
        self.closed = True
        self._stop()
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Listeners send nothing."""

    # Checking again

    async def live_recheck(self, event):
        """Something that may change who may read this was written."""
        if event.get("ended_session") and event["ended_session"] == self._session_key():
            self.session_ended = True  # logged out: no longer this person, whatever the session store says yet
        self.recheck_wanted = True
        if self.opened and not self.closed:
            self._recheck_soon()

    def _recheck_soon(self) -> None:
        """One check at a time; a burst of events makes one more at most."""
        if self.recheck_task is None or self.recheck_task.done():
            self.recheck_task = asyncio.ensure_future(self._recheck())

    async def _recheck(self) -> None:
        while self.recheck_wanted and not self.closed:
            self.recheck_wanted = False
            try:
                user = await self._current_user()
                self.scope["user"] = user
                code = await self.check(user)
            except Exception:
                # Not known to be allowed: closed (the script connects again
                # later, and is checked then).
                logger.exception("Live socket check failed")
                code = CLOSE_ERROR
            if code:
                await self._refuse(code)
                return
        # Joined again: a channel layer forgets group members after a day
        # (channels-redis' group_expiry), and these groups are how a socket
        # learns that its reader may no longer read.
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self._schedule()

    def _schedule(self) -> None:
        """The periodic check, at a slightly random moment, so that sockets
        opened together are not all checked at once."""
        if self.timer is not None:
            self.timer.cancel()
        if self.closed:
            return
        delay = recheck_seconds() * random.uniform(0.8, 1.0)  # noqa: S311 - spreading, not security
        self.timer = asyncio.get_running_loop().call_later(delay, self._timer_fired)

    def _timer_fired(self) -> None:
        self.recheck_wanted = True
        self._recheck_soon()

    async def _refuse(self, code: int) -> None:
        self.closed = True
        self._stop()
        await self.close(code=code)

    def _stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.recheck_task is not None and self.recheck_task is not asyncio.current_task():
            self.recheck_task.cancel()

    # Who is reading now

    def _session_key(self) -> str | None:
        session = self.scope.get("session")
        return getattr(session, "session_key", None) if session is not None else None

    async def _current_user(self):
        """The person the socket's session names now: nobody once it ended,
        expired or was deleted, or once the password changed. (A scope
        without a session, as tests build, keeps its person, read again.)"""
        if self.session_ended:
            return AnonymousUser()
        if "session" not in self.scope:
            return await self._same_user_again(self.scope.get("user"))
        key = self._session_key()
        if not key:
            return AnonymousUser()
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        return await get_user({"session": store})

    @database_sync_to_async
    def _same_user_again(self, user):
        from .models import User

        if user is None or not user.is_authenticated:
            return AnonymousUser()
        return User.objects.filter(pk=user.pk, is_active=True).first() or AnonymousUser()


class CommentsConsumer(GroupListenerConsumer):
    async def check(self, user) -> int | None:
        if not user.is_authenticated:
            return CLOSE_UNAUTHENTICATED
        kwargs = self.scope["url_route"]["kwargs"]
        return None if await self._may_watch(user, kwargs["content_type_id"], kwargs["object_id"]) else CLOSE_FORBIDDEN

    async def comment_event(self, event):
        if self.closed:
            return
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
        if not can_view_target(user, target):
            return False
        if self.watched_group is None:
            organisation = commentable(target).organisation(target)
            self.watched_group = live_group(content_type_id, object_id)
            self.organisation_id = getattr(organisation, "pk", None)
        return True


class BellConsumer(GroupListenerConsumer):
    """The unread count of the bell, on every page of a signed-in person:
    the socket listens to that person's bell only, and counts for the
    person it was opened for when told that something changed."""

    bell_user_id: int | None = None

    async def connect(self):
        await super().connect()
        if self.opened and not self.closed:
            await self._send_count()

    async def check(self, user) -> int | None:
        if not user.is_authenticated:
            return CLOSE_UNAUTHENTICATED
        if self.bell_user_id is None:
            self.bell_user_id = user.pk
            self.watched_group = bell_group(user.pk)
        # Another person signed in with this session: not their bell.
        return None if user.pk == self.bell_user_id else CLOSE_FORBIDDEN

    async def bell_changed(self, event):
        if not self.closed:
            await self._send_count()

    async def _send_count(self) -> None:
        count = await self._count()
        if count is not None and not self.closed:
            await self.send_json({"event": "bell", "count": count})

    @database_sync_to_async
    def _count(self) -> int | None:
        from .models import User
        from .selectors.notifications import unread_count

        user = User.objects.filter(pk=self.bell_user_id, is_active=True).first()
        return None if user is None else unread_count(user)
