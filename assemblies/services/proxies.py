"""Proxies (pouvoirs): given online by a member to another member with a
vote (or blank to the president of the session, where the statutes allow
it), recorded on paper by the staff, revoked until the opening.

The cap per holder is held by the database (models.Proxy: numbered slots,
unique per holder, none above the cap); the service also takes the two
members' register rows in turn, so that chains (a proxy to someone who gave
theirs) are decided one at a time too."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import RegisterMember

from ..models import Assembly, Attendance, Proxy, ProxyChannel
from ..selectors import electorate, member_of
from .common import must_be_before_opening, refuse, require
from .live import room_changed_on_commit


def proxy_give(*, assembly: Assembly, user, holder: RegisterMember | None, to_president: bool = False,
               now=None) -> Proxy:
    """The signed-in member gives their proxy (a new one replaces theirs)."""
    require(user, "assemblies.give_proxy", assembly)
    giver = member_of(user, assembly.organisation_id)
    if giver is None:
        refuse(_("Your account is not linked to a member of the register."))
    return _write(assembly, giver=giver, holder=holder, to_president=to_president, channel=ProxyChannel.ONLINE,
                  by=user, now=now)


def proxy_record(*, assembly: Assembly, user, giver: RegisterMember, holder: RegisterMember | None,
                 to_president: bool = False, now=None) -> Proxy:
    """A paper proxy handed in, entered by the staff."""
    require(user, "assemblies.record_proxy", assembly)
    return _write(assembly, giver=giver, holder=holder, to_president=to_president, channel=ProxyChannel.PAPER,
                  by=user, now=now)


def _write(assembly: Assembly, *, giver, holder, to_president, channel, by, now) -> Proxy:
    now = now or timezone.now()
    statutes = assembly.statutes
    if not statutes.proxies_allowed:
        refuse(_("The statutes do not allow proxies."))
    if to_president:
        if not statutes.blank_proxies:
            refuse(_("The statutes do not allow blank proxies: name the member who will vote for you."))
        holder = None
    elif holder is None:
        refuse(_("Choose the member who will vote for you."))
    if holder is not None and holder.pk == giver.pk:
        refuse(_("A proxy goes to another member."))
    for member in (giver, holder):
        if member is not None and member.organisation_id != assembly.organisation_id:
            refuse(_("A proxy goes to a member of the register of %(organisation)s with a vote.")
                   % {"organisation": assembly.organisation.title})
    with transaction.atomic():
        must_be_before_opening(assembly)
        ids = sorted(member.pk for member in (giver, holder) if member is not None)
        list(RegisterMember.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        _check(assembly, giver, holder)
        Proxy.objects.filter(assembly=assembly, giver=giver, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by)
        proxy = Proxy(assembly=assembly, giver=giver, holder=holder, to_president=holder is None,
                      cap=statutes.proxy_cap, channel=channel, given_by=by, given_at=now)
        if holder is not None:
            taken = set(Proxy.objects.filter(assembly=assembly, holder=holder, revoked_at__isnull=True)
                        .values_list("slot", flat=True))
            free = [slot for slot in range(1, statutes.proxy_cap + 1) if slot not in taken]
            if not free:
                _full(holder, statutes.proxy_cap)
            proxy.slot = free[0]
        try:
            with transaction.atomic():
                proxy.save()
        except IntegrityError:
            # Another proxy took the slot in the same instant, or the cap.
            _full(holder, statutes.proxy_cap)
    room_changed_on_commit(assembly.pk)
    return proxy


def _full(holder, cap: int):
    refuse(_("%(name)s already carries %(cap)s proxies, the most the statutes allow: choose another member.")
           % {"name": holder.name, "cap": cap})


def _check(assembly: Assembly, giver: RegisterMember, holder: RegisterMember | None) -> None:
    voters = electorate(assembly)
    if not voters.filter(pk=giver.pk).exists():
        refuse(_("%(name)s has no vote at this assembly (up to date on its day, in a category that votes).")
               % {"name": giver.name})
    if holder is not None and not voters.filter(pk=holder.pk).exists():
        refuse(_("%(name)s has no vote at this assembly: a proxy goes to a member who has one.")
               % {"name": holder.name})
    if Attendance.objects.filter(assembly=assembly, member=giver, left_at__isnull=True).exists():
        refuse(_("%(name)s is in the room and votes in person.") % {"name": giver.name})
    if holder is not None and Proxy.objects.filter(assembly=assembly, giver=holder, revoked_at__isnull=True).exists():
        refuse(_("%(name)s has given their own proxy: they will not be there to vote yours.") % {"name": holder.name})
    carried = Proxy.objects.filter(assembly=assembly, holder=giver, revoked_at__isnull=True).count()
    if carried:
        refuse(_("%(name)s carries the proxies of other members: they would be lost. Those members revoke them "
                 "first.") % {"name": giver.name})


def proxy_revoke(*, proxy: Proxy, user, now=None) -> None:
    """By its giver (their own account) or the staff, until the opening."""
    assembly = proxy.assembly
    mine = user.is_authenticated and proxy.giver.user_id == user.pk
    if not mine:
        require(user, "assemblies.record_proxy", assembly)
    with transaction.atomic():
        must_be_before_opening(assembly)
        Proxy.objects.filter(pk=proxy.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now(),
                                                                         revoked_by=user)
    room_changed_on_commit(assembly.pk)
