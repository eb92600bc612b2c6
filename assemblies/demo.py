"""CERISE's general assemblies, from the `assemblies` section of
cms/demo_data/000-cerise.yaml: the last one held (45 days before loading)
with its attendance, proxies, votes and signed minutes, and the next one
convened. Everything goes through the services, dated as it happened.
Idempotent: an organisation with assemblies is left as it is."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.models import RegisterMember
from participation.services.register import membership_year, subscription_record

from .models import Assembly, Statutes
from .services import door, minutes, preparation, proxies, session
from .services.convocation import assembly_convene


def _at(days: int, clock: str = "18:30") -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def demo_data_load(*, organisation, data: dict) -> list[str]:
    spec = data.get("assemblies")
    if not spec or Assembly.objects.filter(organisation=organisation).exists():
        return []
    staff = get_user_model().objects.filter(is_superuser=False, memberships__organisation=organisation,
                                            memberships__role="administrateur").first()
    if staff is None:
        return []
    statutes = Statutes.objects.filter(organisation=organisation).first() or preparation.statutes_save(
        organisation=organisation, user=staff, **spec["statutes"])
    members = {member.number: member for member in RegisterMember.objects.filter(organisation=organisation)}
    held = _held(organisation, staff, statutes, members, spec["held"])
    _upcoming(organisation, staff, statutes, members, spec["upcoming"])
    return [f"2 general assemblies ({held.title}: minutes signed)"]


def _up_to_date_on(members, day) -> None:
    """The demo's voters were members on the day of the past assembly too."""
    for member in members:
        if not member.subscriptions.filter(starts_on__lte=day, ends_on__gte=day).exists():
            last = member.subscriptions.order_by("-ends_on").first()
            starts_on, ends_on = membership_year(member.organisation, day)
            if not member.subscriptions.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
                subscription_record(member=member, recorded_by=None, category=last.category if last else "adherent",
                                    starts_on=starts_on, ends_on=ends_on, vote=last.vote if last else None)


def _items(assembly, staff, entries) -> list:
    return [preparation.item_save(assembly=assembly, user=staff, kind=entry["kind"], title=entry["title"],
                                  text=entry.get("text", ""), method=entry.get("method", "main_levee"),
                                  seats=entry.get("seats", 1), candidates=entry.get("candidates"))
            for entry in entries]


def _proxies(assembly, staff, members, entries, now) -> None:
    for entry in entries:
        giver, holder = members[entry["giver"]], members.get(entry.get("holder"))
        blank = entry.get("blank", False)
        if entry.get("online") and giver.user_id:
            proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder, to_president=blank, now=now)
        else:
            proxies.proxy_record(assembly=assembly, user=staff, giver=giver, holder=holder, to_president=blank,
                                 now=now)


def _held(organisation, staff, statutes, members, spec) -> Assembly:
    starts_at = _at(spec["days"])
    day = timezone.localdate(starts_at)
    convened = starts_at - timedelta(days=statutes.notice_days + 5)
    _up_to_date_on([m for m in members.values() if m.number not in ("D-005", "D-006")], day)
    assembly = preparation.assembly_create(organisation=organisation, user=staff, statutes=statutes, kind="ago",
                                           title=f"{spec['title']} du {day:%d/%m/%Y}", starts_at=starts_at,
                                           place=spec["place"], president=members[spec["president"]])
    items = _items(assembly, staff, spec["items"])
    assembly_convene(assembly=assembly, user=staff, now=convened, send=False)
    _proxies(assembly, staff, members, spec["proxies"], convened + timedelta(days=3))
    for index, number in enumerate(spec["present"]):
        door.attendance_arrive(assembly=assembly, user=staff, member=members[number],
                               now=starts_at - timedelta(minutes=20 - index))
    session.assembly_open(assembly=assembly, user=staff, president=members[spec["president"]], president_name="",
                          secretary_name=spec["secretary"], now=starts_at + timedelta(minutes=5))
    for index, (item, entry) in enumerate(zip(items, spec["items"])):
        item.assembly = assembly
        moment = starts_at + timedelta(minutes=15 + 20 * index)
        session.vote_open(item=item, user=staff, now=moment)
        if "paper" in entry:
            paper = entry["paper"]
            session.vote_enter(item=item, user=staff, ballots=paper["ballots"], blank=paper["blank"],
                               spoilt=paper["spoilt"], now=moment + timedelta(minutes=10),
                               candidates=dict(zip((c.pk for c in item.candidates.all()), paper["votes"])))
        else:
            count = entry["count"]
            session.vote_enter(item=item, user=staff, votes_for=count["for"], against=count["against"],
                               abstentions=count["abstentions"], now=moment + timedelta(minutes=5))
    session.assembly_close(assembly=assembly, user=staff, now=starts_at + timedelta(hours=2, minutes=10))
    minutes.minutes_save(assembly=assembly, user=staff, summary=spec["summary"], president_name="",
                         secretary_name="", debates={item.pk: entry.get("debate", "")
                                                     for item, entry in zip(items, spec["items"])})
    minutes.minutes_finalise(assembly=assembly, user=staff, now=starts_at + timedelta(days=3))
    minutes.minutes_sign(assembly=assembly, user=staff, role="president", on=day + timedelta(days=4))
    minutes.minutes_sign(assembly=assembly, user=staff, role="secretary", on=day + timedelta(days=4))
    return assembly


def _upcoming(organisation, staff, statutes, members, spec) -> Assembly:
    starts_at = _at(spec["days"])
    day = timezone.localdate(starts_at)
    _up_to_date_on([m for m in members.values() if m.number not in ("D-005", "D-006")], day)
    assembly = preparation.assembly_create(organisation=organisation, user=staff, statutes=statutes, kind="ago",
                                           title=f"{spec['title'].replace(' (à venir)', '')} du {day:%d/%m/%Y}",
                                           starts_at=starts_at, place=spec["place"],
                                           president=members[spec["president"]])
    _items(assembly, staff, spec["items"])
    for document in spec.get("documents", []):
        preparation.document_add(assembly=assembly, user=staff, title=document["title"],
                                 upload=SimpleUploadedFile("document.txt", document["text"].encode()))
    assembly_convene(assembly=assembly, user=staff)
    _proxies(assembly, staff, members, spec["proxies"], timezone.now())
    return assembly
