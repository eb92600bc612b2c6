"""The door (émargement): arrivals and departures ticked by the staff or the
volunteers they named, and memberships renewed or taken at the door."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import RegisterMember
from participation.services.register import membership_year, register_member_record, renewal_of, subscription_record

from ..models import Assembly, AssemblyStatus, Attendance, Proxy
from .common import refuse, require, status_now
from .live import room_changed_on_commit


def _door_open(assembly: Assembly) -> None:
    status = status_now(assembly)
    if status == AssemblyStatus.DRAFT:
        refuse(_("The assembly is not convened yet."))
    if status == AssemblyStatus.CLOSED:
        refuse(_("The assembly is closed."))


def _own(assembly: Assembly, member: RegisterMember) -> None:
    if member.organisation_id != assembly.organisation_id:
        refuse(_("This person is not in the register of %(organisation)s.")
               % {"organisation": assembly.organisation.title})


def attendance_arrive(*, assembly: Assembly, user, member: RegisterMember, now=None,
                      renewed: bool = False) -> Proxy | None:
    """Ticked in (again, after leaving). Before the opening, a member who
    had given a proxy takes their voice back: the proxy is revoked, and
    returned for the door to say so. Once the session is open, proxies
    stand (models and selectors.Voices)."""
    require(user, "assemblies.keep_door", assembly)
    _own(assembly, member)
    now = now or timezone.now()
    revoked = None
    with transaction.atomic():
        _door_open(assembly)
        attendance = Attendance.objects.filter(assembly=assembly, member=member).first()
        if attendance is not None and attendance.left_at is None:
            refuse(_("%(name)s is already ticked, since %(time)s.")
                   % {"name": member.name, "time": timezone.localtime(attendance.arrived_at).strftime("%H:%M")})
        if attendance is not None:
            attendance.left_at = None
            attendance.save(update_fields=["left_at"])
        else:
            try:
                with transaction.atomic():
                    Attendance.objects.create(assembly=assembly, member=member, arrived_at=now, recorded_by=user,
                                              renewed_at_door=renewed)
            except IntegrityError:
                refuse(_("%(name)s is already ticked.") % {"name": member.name})
        if assembly.status == AssemblyStatus.CONVENED:
            revoked = Proxy.objects.filter(assembly=assembly, giver=member, revoked_at__isnull=True).select_related(
                "holder").first()
            if revoked is not None:
                Proxy.objects.filter(pk=revoked.pk).update(revoked_at=now, revoked_by=user)
    room_changed_on_commit(assembly.pk)
    return revoked


def attendance_leave(*, assembly: Assembly, user, member: RegisterMember, now=None) -> None:
    """Leaves before the end: their voice and the proxies they carry leave
    with them (the quorum is checked again before the next vote)."""
    require(user, "assemblies.keep_door", assembly)
    with transaction.atomic():
        _door_open(assembly)
        if not Attendance.objects.filter(assembly=assembly, member=member, left_at__isnull=True).update(
                left_at=now or timezone.now()):
            refuse(_("%(name)s is not in the room.") % {"name": member.name})
    room_changed_on_commit(assembly.pk)


def door_renew(*, assembly: Assembly, user, member: RegisterMember, now=None) -> None:
    """A lapsed member renews at the door and comes in: the membership year
    of the assembly's day, in their last category and with its vote."""
    require(user, "assemblies.keep_door", assembly)
    _own(assembly, member)
    with transaction.atomic():
        period = renewal_of(member)
        period["starts_on"], period["ends_on"] = membership_year(assembly.organisation, assembly.day)
        subscription_record(member=member, recorded_by=user, **period)
        attendance_arrive(assembly=assembly, user=user, member=member, now=now, renewed=True)


def door_member_add(*, assembly: Assembly, user, name: str, email: str = "", now=None) -> RegisterMember:
    """Someone joins at the door: in the register for the membership year,
    and in the room."""
    require(user, "assemblies.keep_door", assembly)
    if not " ".join(name.split()):
        refuse(_("Give the new member's name."))
    with transaction.atomic():
        _door_open(assembly)
        starts_on, ends_on = membership_year(assembly.organisation, assembly.day)
        member = register_member_record(organisation=assembly.organisation, recorded_by=user, name=name, email=email,
                                        starts_on=starts_on, ends_on=ends_on)
        attendance_arrive(assembly=assembly, user=user, member=member, now=now, renewed=True)
    return member
