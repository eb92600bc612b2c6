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

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from core.page_cache import public_cached


def private_paths() -> tuple[str, ...]:
    """The tree paths of the pages under a privacy setting (few rows), read
    once per change of the public pages (PageViewRestriction bumps it)."""
    return public_cached(
        "private-paths",
        lambda: tuple(sorted(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())),
    )


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


def may_read(user, page: Page) -> bool:
    """A live page this person may read, by Wagtail's own privacy rules
    (login: signed in; groups: in one of them, or a superuser), asked
    without a request: a password restriction lets nobody in here."""
    if not page.live:
        return False
    if not is_private(page):
        return True
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            if not user.is_authenticated:
                return False
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            if not user.is_authenticated:
                return False
            if not user.is_superuser and not set(restriction.groups.values_list("pk", flat=True)) & set(
                    user.groups.values_list("pk", flat=True)):
                return False
        else:
            return False
    return True
