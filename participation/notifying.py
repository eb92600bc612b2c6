"""What the platform tells people about, and by which e-mail switch.

The notifications know nothing of projects or comités: each app registers
its kinds of notification, and the e-mail preferences they go by, when it
starts (its AppConfig.ready), as it registers what can be commented
(commenting.py). A new app adds kinds and preferences without a migration
of this one: a notification stores its kind as text, and a person's choice
is a row of `EmailPreference`, made only when it differs from the default.

Each kind also says who may receive it (its audience), asked about the
object the notification is about (its target) and the person: when the
notification is made, again when its e-mail leaves, and whenever the bell's
list shows it. So a person who left a members-only comité, or lost access to
a page, a project or a comment, hears no more of it, and their old entries no
longer show what they were about. The audiences ask the same rules as the
pages (django-rules, participation/roles.py, committees/roles.py)."""

from collections.abc import Callable
from dataclasses import dataclass

_preferences: dict[str, "Preference"] = {}
_kinds: dict[str, "Kind"] = {}


@dataclass(frozen=True)
class Preference:
    key: str
    label: str  # lazy: "email me about …"
    default: bool = True
    # Not needed for the person's own actions: asked at sign-up, unticked
    # (opt-in), and the answer kept with its date.
    consent: bool = False


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy: "A reply to my comment"
    preference: str
    audience: Callable  # (person, notification) -> bool; notification.target is what it is about
    # Waits for the person's digest when they chose one (participation/services/digests.py);
    # False for what cannot wait (a vote's reminder): sent at once, by its own switch.
    digest: bool = True


def preference_register(key: str, label, *, default: bool = True, consent: bool = False) -> None:
    if key in _preferences and _preferences[key].label != label:
        raise ValueError(f"the e-mail preference {key!r} is registered twice")
    _preferences[key] = Preference(key, label, default, consent)


def kind_register(key: str, label, *, preference: str, audience: Callable, digest: bool = True) -> None:
    """A kind of notification, the e-mail switch it goes by, and who may
    receive it: `audience(person, notification)`, asked each time (no kind
    without one)."""
    if preference not in _preferences:
        raise ValueError(f"register the e-mail preference {preference!r} before the kind {key!r}")
    if not callable(audience):
        raise ValueError(f"the notification kind {key!r} needs an audience")
    if key in _kinds and _kinds[key].preference != preference:
        raise ValueError(f"the notification kind {key!r} is registered twice")
    _kinds[key] = Kind(key, label, preference, audience, digest)


def preferences() -> list[Preference]:
    return list(_preferences.values())


def preference(key: str) -> Preference:
    return _preferences[key]


def kind(key: str) -> Kind:
    return _kinds[key]


def digest_kinds() -> list[str]:
    return [known.key for known in _kinds.values() if known.digest]


def kind_label(key: str):
    found = _kinds.get(key)
    return found.label if found else key


def may_receive(person, notification) -> bool:
    """Whether this person may be told this, now: an active account, a kind
    still registered, a target that still exists, and the kind's audience."""
    found = _kinds.get(notification.kind)
    if found is None or not person.is_active or person.pk != notification.recipient_id:
        return False
    # No target: what it was about is gone (or was never recorded, before 2026-12).
    return notification.target is not None and bool(found.audience(person, notification))


def readable(person, obj) -> bool:
    """Whether the person may read `obj` where no request says more (an
    e-mail, the bell): what can be commented answers with its own rule
    (participation/commenting.py); a Wagtail page, besides, by its privacy
    settings, where a page kept behind a shared password is read by nobody
    (whether someone holds the password lives in a browser's session)."""
    from .commenting import commentable, is_commentable

    if obj is None or (is_commentable(obj) and not commentable(obj).can_view(person, obj)):
        return False
    return page_privacy_allows(person, obj)


def page_privacy_allows(person, obj) -> bool:
    """Wagtail's view restrictions of a page and its ancestors, for a person
    without a browser session (cms/visibility.py decides)."""
    from wagtail.models import Page

    from cms.visibility import restrictions_allow

    return not isinstance(obj, Page) or restrictions_allow(person, obj)


def view_restrictions_prefetch(pages) -> None:
    """The view restrictions of many pages, in one query, for the bell's list."""
    from wagtail.models import PageViewRestriction

    pages = list(pages)
    ancestors = {page.path[:end] for page in pages for end in range(page.steplen, len(page.path) + 1, page.steplen)}
    restrictions = list(PageViewRestriction.objects.filter(page__path__in=ancestors).select_related("page")
                        .prefetch_related("groups")) if ancestors else []
    for page in pages:
        page._view_restrictions = [r for r in restrictions if page.path.startswith(r.page.path)]
