"""Who someone is to an organisation: the one place every check asks.

The permission predicates (predicates.py and each app's rules.py), the
Wagtail admin's scoping (admin_scoping.py) and the selectors that filter
lists all read a person's standing from here, so that a list never shows
what its detail page refuses. (What someone is to a comité is in
committees/roles.py, built on this.)

A person may be, to an organisation:
- *declared*: they said they are an habitant·e (accepted at once), or
  asked for another role (bénévole, partenaire, salarié·e,
  administrateur·rice) and the staff accepted it;
- *staff*: an accepted salarié·e or administrateur·rice (a superuser is
  staff everywhere);
- *administrator*: an accepted administrateur·rice;
- *a member up to date*: in the member register, with a membership period
  covering the day; *with a vote* when that period carries a deliberative
  vote. This is the standing a vote of the members needs; a declaration
  never gives it.

What a person's standing is, for every organisation at once, is read in one
query per kind and kept on the user object for the request, until a role,
a register entry or a membership period changes in this process (signals.py
moves the generation on)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from .models import STAFF_ROLES, Membership, MembershipStatus, RegisterMember, Role

_CACHE = "_organisation_roles"
_generation = [0]


def changed(**kwargs) -> None:
    """A role, register entry or membership period was written."""
    _generation[0] += 1


def cached(user, key, compute):
    """`compute()`, kept on the user object until a role changes (also for
    the standings other apps build on these, as committees/roles.py)."""
    return _cached(user, key, compute)


def _cached(user, key, compute):
    if isinstance(user, LazyObject):  # request.user: keep it on the user itself, where has_perm() looks
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    store = user.__dict__.get(_CACHE)
    if store is None or store["generation"] != _generation[0]:
        store = user.__dict__[_CACHE] = {"generation": _generation[0]}
    if key not in store:
        store[key] = compute()
    return store[key]


def _accepted(user):
    return Membership.objects.filter(user=user, status=MembershipStatus.ACCEPTED)


def staff_organisation_ids(user) -> frozenset[int]:
    """The organisations this person is staff of (for a superuser: those
    they hold a staff role in; use `is_staff` for "may act as staff")."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cached(user, "staff", lambda: frozenset(
        _accepted(user).filter(role__in=STAFF_ROLES).values_list("organisation_id", flat=True)))


def administrator_organisation_ids(user) -> frozenset[int]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cached(user, "administrator", lambda: frozenset(
        _accepted(user).filter(role=Role.ADMINISTRATOR).values_list("organisation_id", flat=True)))


def declared_organisation_ids(user) -> frozenset[int]:
    """Organisations where the person holds an accepted role, any."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cached(user, "declared", lambda: frozenset(_accepted(user).values_list("organisation_id", flat=True)))


def voting_member_organisation_ids(user, on=None) -> frozenset[int]:
    """Organisations whose register holds this account, up to date with a
    deliberative vote on the day (today by default)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    day = on or timezone.localdate()
    return _cached(user, ("voting", day), lambda: frozenset(
        RegisterMember.objects.filter(user=user).with_vote(day).values_list("organisation_id", flat=True)))


def up_to_date_organisation_ids(user, on=None) -> frozenset[int]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    day = on or timezone.localdate()
    return _cached(user, ("up_to_date", day), lambda: frozenset(
        RegisterMember.objects.filter(user=user).up_to_date(day).values_list("organisation_id", flat=True)))


def _id(organisation) -> int | None:
    return getattr(organisation, "pk", organisation)


def is_staff(user, organisation) -> bool:
    """Salarié·e or administrateur·rice of the organisation, accepted; or a superuser."""
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _id(organisation) in staff_organisation_ids(user)


def is_administrator(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _id(organisation) in administrator_organisation_ids(user)


def is_declared(user, organisation) -> bool:
    """Holds an accepted role (any) in the organisation; or a superuser."""
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _id(organisation) in declared_organisation_ids(user)


def is_member_up_to_date(user, organisation, on=None) -> bool:
    return organisation is not None and _id(organisation) in up_to_date_organisation_ids(user, on)


def has_vote(user, organisation, on=None) -> bool:
    """A member up to date with a deliberative vote (never by declaration)."""
    return organisation is not None and _id(organisation) in voting_member_organisation_ids(user, on)


def accueil_organisation_ids(user) -> frozenset[int]:
    """The organisations where this person keeps the accueil: staff, or an
    accepted bénévole (who records on behalf of the people who come)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cached(user, "accueil", lambda: frozenset(
        _accepted(user).filter(role__in=STAFF_ROLES | {Role.VOLUNTEER}).values_list("organisation_id", flat=True)))


def keeps_accueil(user, organisation) -> bool:
    """Staff or accepted volunteer of the organisation; or a superuser."""
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _id(organisation) in accueil_organisation_ids(user)


def is_staff_anywhere(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or bool(staff_organisation_ids(user)))


# For the lists: the same answers as a filter of a queryset.


def staff_q(user, field: str = "organisation") -> Q:
    """Rows of organisations this person is staff of (everything for a
    superuser, nothing for anyone else without a staff role)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q(pk__isnull=False)  # not Q(): "x | Q()" is x
    return Q(**{f"{field}__in": staff_organisation_ids(user)})


def staff_user_ids(organisation) -> set[int]:
    """The accounts that are staff of the organisation."""
    return set(Membership.objects.filter(organisation=organisation, role__in=STAFF_ROLES,
                                         status=MembershipStatus.ACCEPTED).values_list("user_id", flat=True))


def staff_pairs(organisation_ids, user_ids) -> set[tuple[int, int]]:
    """(user id, organisation id) of the given people who are staff of the
    given organisations, in one query."""
    if not organisation_ids or not user_ids:
        return set()
    return set(Membership.objects.filter(organisation__in=organisation_ids, user__in=user_ids, role__in=STAFF_ROLES,
                                         status=MembershipStatus.ACCEPTED).values_list("user_id", "organisation_id"))


def staff_users_q() -> Q:
    """Accounts that are staff of some organisation, or superusers."""
    staff = Membership.objects.filter(role__in=STAFF_ROLES, status=MembershipStatus.ACCEPTED)
    return Q(is_superuser=True) | Q(pk__in=staff.values("user_id"))


def declared_user_ids(organisation):
    """A subquery of the accounts holding an accepted role in it."""
    return Membership.objects.filter(organisation=organisation, status=MembershipStatus.ACCEPTED).values("user_id")


def voting_user_ids(organisation, on=None):
    """A subquery of the accounts in its register, up to date with a vote."""
    day = on or timezone.localdate()
    return RegisterMember.objects.filter(organisation=organisation, user__isnull=False).with_vote(day).values("user_id")
