"""Which plan pages a person administers: those under the organisations
they are staff of (roles.py), the organisations nested in them included,
as the Wagtail page permissions of the organisation's group give them
(cms/services/groups.py puts them on the organisation's page)."""

from django.db.models import Q
from wagtail.models import Page

from cms.models import OrganisationPage

from .. import roles

EVERYTHING = Q(pk__isnull=False)  # not Q(): "x | Q()" is x
NOTHING = Q(pk__in=[])


def is_superuser(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def organisation_paths(user) -> tuple[str, ...]:
    """The tree paths of the organisations this person is staff of."""
    ids = roles.staff_organisation_ids(user)
    if not ids:
        return ()
    return roles.cached(user, ("organisation_paths", ids), lambda: tuple(
        OrganisationPage.objects.filter(pk__in=ids).values_list("path", flat=True)))


def pages_q(user, prefix: str = "") -> Q:
    """Rows whose page (`prefix` leads to it, as "page__") is in the
    person's organisations; everything for a superuser."""
    if is_superuser(user):
        return EVERYTHING
    q = NOTHING
    for path in organisation_paths(user):
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def ancestors_q(user) -> Q:
    """The pages above the person's organisations (the root, the home page,
    a federation): the way down to their own pages in a chooser."""
    paths = {path[:end] for path in organisation_paths(user) for end in range(Page.steplen, len(path), Page.steplen)}
    return Q(path__in=paths) if paths else NOTHING


def pages_in_scope(user, ids, *, ancestors: bool = False) -> bool:
    """Every page of `ids` exists and is in the person's organisations (or,
    with `ancestors`, on the way to them)."""
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        return False
    if not wanted:
        return True
    scope = pages_q(user) | ancestors_q(user) if ancestors else pages_q(user)
    return Page.objects.filter(scope, pk__in=wanted).count() == len(wanted)
