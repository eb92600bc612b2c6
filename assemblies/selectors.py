"""Reads: who may vote at an assembly, whose voice is in the room and who
casts it, and the lists of the pages (with their related rows, so that the
query counts stay flat)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.db import read_snapshot
from participation import roles
from participation.models import RegisterMember, Subscription, VoteRight

from .counting import Quorum, Room, quorum
from .models import (
    AgendaItem,
    Assembly,
    AssemblyStatus,
    Attendance,
    ItemStatus,
    Proxy,
    Statutes,
    VoiceRecord,
    VoteMethod,
)
from .outcomes import item_statement


def electorate(assembly: Assembly):
    """The members who may vote: up to date on the day of the assembly, in
    one of the statutes' categories, with a deliberative vote."""
    day = assembly.day
    covering = Subscription.objects.filter(member=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day,
                                           category__in=assembly.statutes.voting_categories,
                                           vote=VoteRight.DELIBERATIVE)
    return RegisterMember.objects.filter(organisation_id=assembly.organisation_id).filter(Exists(covering))


def up_to_date_members(assembly: Assembly):
    """Everyone convened: up to date today or on the day of the assembly,
    whatever their category or vote (a consultative voice is convened too)."""
    today, day = timezone.localdate(), assembly.day
    return RegisterMember.objects.filter(organisation_id=assembly.organisation_id).filter(
        Q(subscriptions__starts_on__lte=today, subscriptions__ends_on__gte=today)
        | Q(subscriptions__starts_on__lte=day, subscriptions__ends_on__gte=day)).distinct()


@dataclass
class Voices:
    """Whose voice is in the room and who casts it. A member's voice counts
    once: present (they vote themselves), or represented (their proxy's
    holder is in the room and votes it). A member who gave a proxy and comes
    once the session is open stays represented while their holder is there."""

    members_with_vote: int
    electorate: frozenset[int]
    in_room: frozenset[int]
    own: frozenset[int]
    caster: dict[int, int] = field(default_factory=dict)  # voice (member id) -> member who casts it
    proxies: list = field(default_factory=list)

    @property
    def room(self) -> Room:
        return Room(members_with_vote=self.members_with_vote, present=len(self.own),
                    represented=sum(1 for voice, caster in self.caster.items() if voice != caster))

    def carried_by(self, member_id: int) -> list[int]:
        """The voices this member casts: their own, then their proxies'."""
        return sorted((voice for voice, caster in self.caster.items() if caster == member_id),
                      key=lambda voice: (voice != member_id, voice))


def assembly_voices(assembly: Assembly) -> Voices:
    with read_snapshot():
        voters = frozenset(electorate(assembly).values_list("pk", flat=True))
        in_room = frozenset(Attendance.objects.filter(assembly=assembly, left_at__isnull=True)
                            .values_list("member_id", flat=True))
        proxies = list(Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
                       .values_list("giver_id", "holder_id", "to_president"))
    president = assembly.president_id
    caster = {}
    for giver, holder, to_president in proxies:
        holder = president if to_president else holder
        if giver in voters and holder is not None and holder in in_room and holder != giver:
            caster[giver] = holder
    own = frozenset(member for member in voters & in_room if member not in caster)
    caster.update({member: member for member in own})
    return Voices(members_with_vote=len(voters), electorate=voters, in_room=in_room, own=own, caster=caster,
                  proxies=proxies)


def assembly_quorum(assembly: Assembly, voices: Voices | None = None) -> Quorum:
    voices = voices or assembly_voices(assembly)
    statutes = assembly.statutes
    return quorum(statutes.quorum_rule(assembly.kind), voices.room, counts_proxies=statutes.quorum_counts_proxies,
                  lifted=assembly.second_call and statutes.second_call_lifts_quorum)


def assembly_get(pk: int) -> Assembly | None:
    return Assembly.objects.select_related("organisation", "statutes", "president").filter(pk=pk).first()


def organisation_assemblies(organisation, user) -> list[Assembly]:
    """The assemblies its page lists: convened and past ones to everyone who
    may see them, those being prepared to its staff too."""
    assemblies = Assembly.objects.filter(organisation=organisation).select_related("organisation", "statutes")
    if not roles.is_staff(user, organisation):
        assemblies = assemblies.exclude(status=AssemblyStatus.DRAFT)
    return list(assemblies)


def organisation_statutes(organisation) -> list[Statutes]:
    return list(Statutes.objects.filter(organisation=organisation).annotate(
        held=Count("assemblies", filter=~Q(assemblies__status__in=[AssemblyStatus.DRAFT, AssemblyStatus.CONVENED]),
                   distinct=True)))


def agenda(assembly: Assembly) -> list[AgendaItem]:
    return list(assembly.items.prefetch_related("candidates"))


def item_with_candidates(assembly: Assembly, item_id: int) -> AgendaItem | None:
    return assembly.items.prefetch_related("candidates").filter(pk=item_id).first()


def member_of(user, organisation) -> RegisterMember | None:
    """The register entry linked to this account in the organisation."""
    if not user.is_authenticated:
        return None
    return RegisterMember.objects.filter(organisation=organisation, user=user).first()


def active_proxies(assembly: Assembly):
    return (Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
            .select_related("giver", "holder", "given_by").order_by("holder__name", "giver__name"))


def door_list(assembly: Assembly, search: str = "", limit: int = 30):
    """The members the door may tick: up to date on the day or later, or
    lapsed (to renew), found by name, number or e-mail; whether each is in
    the room, has a vote, and whom they gave a proxy to."""
    day = assembly.day
    statutes = assembly.statutes
    voting = Subscription.objects.filter(member=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day,
                                         category__in=statutes.voting_categories, vote=VoteRight.DELIBERATIVE)
    current = Subscription.objects.filter(member=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    attendance = Attendance.objects.filter(assembly=assembly, member=OuterRef("pk"))
    members = RegisterMember.objects.filter(organisation_id=assembly.organisation_id).annotate(
        with_vote=Exists(voting), up_to_date=Exists(current), arrived=Exists(attendance),
        in_room=Exists(attendance.filter(left_at__isnull=True)))
    for word in search.split()[:5]:
        members = members.filter(Q(name__icontains=word) | Q(number__iexact=word) | Q(email__icontains=word))
    members = list(members.order_by("name", "pk")[:limit])
    given = {proxy.giver_id: proxy for proxy in Proxy.objects.filter(
        assembly=assembly, revoked_at__isnull=True, giver__in=members).select_related("holder")}
    for member in members:
        member.proxy_given = given.get(member.pk)
    return members


def attendance_sheet(assembly: Assembly) -> list[dict]:
    """Every member with a vote, and the others who came, with the proxy
    they gave or carry: the sheet printed for signature."""
    voices = assembly_voices(assembly)
    members = {member.pk: member for member in RegisterMember.objects.filter(
        Q(pk__in=voices.electorate) | Q(pk__in=Attendance.objects.filter(assembly=assembly).values("member_id")))}
    attendances = {row.member_id: row for row in Attendance.objects.filter(assembly=assembly)}
    proxies = {proxy.giver_id: proxy for proxy in active_proxies(assembly)}
    president = assembly.president
    carried: dict[int, list] = {}
    for proxy in proxies.values():
        carried.setdefault(proxy.holder_id or (president.pk if president else None), []).append(proxy.giver)
    rows = []
    for member in sorted(members.values(), key=lambda m: (m.name.lower(), m.pk)):
        proxy = proxies.get(member.pk)
        rows.append({"member": member, "with_vote": member.pk in voices.electorate,
                     "attendance": attendances.get(member.pk), "proxy": proxy,
                     "holder": (proxy.holder or president) if proxy else None,
                     "carries": sorted(carried.get(member.pk, []), key=lambda m: m.name.lower())})
    return rows


def statutes_in_use(statutes: Statutes) -> bool:
    """An assembly was opened under them: they are history now."""
    return statutes.assemblies.exclude(status__in=[AssemblyStatus.DRAFT, AssemblyStatus.CONVENED]).exists()



def open_item(assembly: Assembly) -> AgendaItem | None:
    return assembly.items.filter(status=ItemStatus.OPEN).prefetch_related("candidates").first()


def room_context(assembly) -> dict:
    voices = assembly_voices(assembly)
    item = open_item(assembly)
    cast = VoiceRecord.objects.filter(item=item).count() if item and item.method == VoteMethod.ELECTRONIC else None
    last = assembly.items.filter(status__in=[ItemStatus.CLOSED, ItemStatus.NOT_VOTED]).order_by("-closed_at").first()
    return {"assembly": assembly, "room": voices.room, "quorum": assembly_quorum(assembly, voices), "item": item,
            "cast": cast, "last": last, "last_statement": item_statement(last) if last else ""}
