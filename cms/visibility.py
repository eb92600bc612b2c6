"""Which pages of the site are public, and who may read a private one.

Wagtail's privacy settings (a page, and everything below it, for signed-in
people, for some groups, or behind a password) protect the page's own
address. Everything else that shows a page (the outline, the lists of
actions, a parent's children, the exports, search, feeds, the forms that
offer plan items, other apps' links to it, its discussion) asks here, so
that a private branch never shows outside itself.

The rule is deliberately plain: a private branch is left out of every list
for everyone, signed in or not; it is read at its own address by those
Wagtail lets in, and its discussion is open to those same people, except
behind a password (a shared password says nothing of who is reading).
"""

from types import SimpleNamespace

from django.db.models import Q
from wagtail.models import Page

from core.page_cache import public_cached


def private_paths() -> tuple[str, ...]:
    """The tree paths of the pages under a privacy setting, and of their
    aliases (which Wagtail holds to their original's settings): few rows,
    read once per change of the pages (a page or PageViewRestriction saved
    or deleted bumps it)."""
    return public_cached("private-paths", lambda: tuple(sorted(set(
        Page.objects.filter(Q(view_restrictions__isnull=False) | Q(alias_of__view_restrictions__isnull=False))
        .values_list("path", flat=True)))))


def public_q(prefix: str = "", *, within: str = "") -> Q:
    """A filter leaving out every page in a private branch (`prefix` reaches
    a page through a relation, e.g. "page__"). `within` is the path of the
    page being read, whose own privacy its reader has already passed
    (Wagtail checked it): the settings at or above it are not held against
    what it shows below itself; deeper ones still are."""
    condition = Q()
    for path in private_paths():
        if within and within.startswith(path):
            continue
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def visible(queryset, *, within: str = ""):
    """Live pages outside any private branch: what lists may show."""
    return queryset.live().filter(public_q(within=within))


def is_private(page: Page) -> bool:
    return any(page.path.startswith(path) for path in private_paths())


def restrictions_allow(user, page: Page) -> bool:
    """Wagtail's privacy settings of a page and its ancestors, as Wagtail
    itself decides them, for a person without a browser session (a socket,
    an e-mail, the bell, a rule): "signed in" and "these groups" as usual,
    a shared password never (who holds it lives in a browser's session).
    Pages read in bulk may carry their restrictions (`_view_restrictions`)."""
    restrictions = getattr(page, "_view_restrictions", None)
    if restrictions is None:
        if not is_private(page):
            return True
        restrictions = list(page.get_view_restrictions())
    sessionless = SimpleNamespace(user=user, session={})
    return all(restriction.accept_request(sessionless) for restriction in restrictions)


def may_read(user, page: Page) -> bool:
    """A live page this person may read, by Wagtail's own privacy rules."""
    return page.live and restrictions_allow(user, page)
