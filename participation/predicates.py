"""Who someone is, for the permission rules of every app."""

import rules
from allauth.account.models import EmailAddress
from django.core.cache import cache

from . import roles

# The id and the moment of joining: ids come back when a database is
# recreated, while Redis keeps its entries.
VERIFIED_KEY = "email-verified:{}:{}"
VERIFIED_SECONDS = 3600


@rules.predicate
def is_verified(user) -> bool:
    """Has confirmed an email address: needed before contributing anything."""
    if not user.is_authenticated:
        return False
    # A page asks many times, and every page asks: a confirmed address is
    # remembered on the user object (one request long) and in the cache
    # (forgotten when an address is removed, see apps.py); an unconfirmed
    # one is asked again each time.
    if not getattr(user, "_is_verified", False):
        key = VERIFIED_KEY.format(user.pk, user.date_joined.timestamp())
        user._is_verified = bool(cache.get(key))
        if not user._is_verified and EmailAddress.objects.filter(user=user, verified=True).exists():
            user._is_verified = True
            cache.set(key, True, timeout=VERIFIED_SECONDS)
    return user._is_verified


def is_verified_forget(user) -> None:
    cache.delete(VERIFIED_KEY.format(user.pk, user.date_joined.timestamp()))


# The organisation-level predicates are the roles module's answers
# (roles.py), so that the rules, the admin and the lists agree.


@rules.predicate
def is_organisation_staff(user, organisation) -> bool:
    """Salarié·e or administrateur·rice of that organisation, accepted."""
    return roles.is_staff(user, organisation)


@rules.predicate
def is_organisation_administrator(user, organisation) -> bool:
    return roles.is_administrator(user, organisation)


@rules.predicate
def keeps_accueil(user, organisation) -> bool:
    """Staff or accepted volunteer of that organisation: records at its
    accueil on behalf of the people who come (issue 22)."""
    return roles.keeps_accueil(user, organisation)


@rules.predicate
def has_vote_in(user, organisation) -> bool:
    """A member up to date in the organisation's register, with a vote."""
    return roles.has_vote(user, organisation)


@rules.predicate
def is_staff_of_membership_organisation(user, membership) -> bool:
    return membership is not None and is_organisation_staff(user, membership.organisation)


@rules.predicate
def can_view_target(user, target) -> bool:
    """The commented object is one this person may read."""
    from .commenting import commentable, is_commentable

    return target is not None and is_commentable(target) and commentable(target).can_view(user, target)


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and user.is_authenticated and comment.user_id == user.pk


@rules.predicate
def is_comment_moderator(user, comment) -> bool:
    return comment is not None and is_organisation_staff(user, comment.organisation)


@rules.predicate
def can_read_comment(user, comment) -> bool:
    """Reached by its id (ids are sequential), a comment shows only to who
    may read it on its page: the page must be one this person may read, and
    the comment published, or theirs, or one they moderate. Pending and
    hidden texts stay with their author and the moderators."""
    if comment is None or not can_view_target(user, comment.content_object):
        return False
    return comment.is_readable or is_comment_author(user, comment) or is_comment_moderator(user, comment)


@rules.predicate
def is_comment_published(user, comment) -> bool:
    """Published, not hidden, not deleted: what may be liked, reported or answered."""
    return comment is not None and comment.is_readable


@rules.predicate
def is_organisation_member(user, organisation) -> bool:
    """Declared: holds an accepted role (any) in the organisation."""
    return roles.is_declared(user, organisation)
