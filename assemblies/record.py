"""What the procès-verbal says, drawn from the record: one structure for the
page, the PDF and the ODT."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from .models import (
    AgendaItem,
    Assembly,
    Attendance,
    Convocation,
    ConvocationChannel,
    ItemStatus,
    Outcome,
    Proxy,
    ResolutionKind,
)
from .outcomes import item_result, item_statement


@dataclass
class ItemRecord:
    item: AgendaItem
    number: int
    result: object
    statement: str
    candidates: list = field(default_factory=list)


@dataclass
class MinutesRecord:
    assembly: Assembly
    items: list[ItemRecord]
    present: list
    represented: list  # (giver, holder name)
    convened_by_email: int
    convened_by_letter: int
    first_vote: AgendaItem | None
    prefecture: bool
    prefecture_reasons: list[str]


def minutes_record(assembly: Assembly) -> MinutesRecord:
    items = list(assembly.items.prefetch_related("candidates"))
    records = []
    for number, item in enumerate(items, start=1):
        candidates = list(item.candidates.all())
        records.append(ItemRecord(item=item, number=number, statement=item_statement(item),
                                  result=item_result(item, candidates) if item.status == ItemStatus.CLOSED else None,
                                  candidates=candidates))
    present = [row.member for row in Attendance.objects.filter(assembly=assembly).select_related("member")
               .order_by("member__name")]
    president = assembly.president
    represented = [(proxy.giver, proxy.holder.name if proxy.holder else (president.name if president else ""))
                   for proxy in Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
                   .select_related("giver", "holder").order_by("giver__name")]
    channels = dict(Convocation.objects.filter(assembly=assembly).values_list("channel").annotate(n=Count("pk")))
    voted = [item for item in items if item.opened_at is not None]
    reasons = []
    for item in items:
        if item.kind == ResolutionKind.ELECTION and item.status == ItemStatus.CLOSED and any(
                candidate.elected for candidate in item.candidates.all()):
            reasons.append(item.title)
        if item.kind in (ResolutionKind.STATUTES, ResolutionKind.DISSOLUTION) and item.outcome == Outcome.ADOPTED:
            reasons.append(item.title)
    return MinutesRecord(
        assembly=assembly, items=records, present=present, represented=represented,
        convened_by_email=channels.get(ConvocationChannel.EMAIL, 0),
        convened_by_letter=channels.get(ConvocationChannel.LETTER, 0),
        first_vote=min(voted, key=lambda item: item.opened_at) if voted else None,
        prefecture=bool(reasons), prefecture_reasons=reasons)
