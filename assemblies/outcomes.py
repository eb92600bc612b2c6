"""A voted item's result, from its stored counts and the majority its kind
had when the vote opened (counting.py does the arithmetic)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .counting import ElectionResult, MotionResult, election_result, motion_result
from .models import AgendaItem, ItemStatus, Majority


def item_majority(item: AgendaItem) -> Majority:
    if item.threshold:
        return Majority(threshold=item.threshold, base=item.base)
    return item.assembly.statutes.majority(item.kind)


def item_result(item: AgendaItem, candidates=None) -> MotionResult | ElectionResult | None:
    """None while nothing is counted."""
    majority = item_majority(item)
    if item.is_election:
        candidates = candidates if candidates is not None else list(item.candidates.all())
        if item.ballots is None or any(candidate.votes is None for candidate in candidates):
            return None
        expressed = item.ballots - (item.blank_ballots or 0) - (item.spoilt_ballots or 0)
        return election_result(majority, seats=item.seats, votes={c.name: c.votes for c in candidates},
                               expressed=expressed, blank=item.blank_ballots or 0, voices=item.voices)
    if item.votes_for is None:
        return None
    return motion_result(majority, votes_for=item.votes_for, against=item.votes_against or 0,
                         abstentions=item.abstentions or 0, voices=item.voices)


def item_statement(item: AgendaItem) -> str:
    """What the minutes say of the item, in words."""
    if item.status == ItemStatus.NOT_VOTED:
        counted = item.voices if item.assembly.statutes.quorum_counts_proxies else item.voices_present
        return _("not voted: the quorum was not reached (%(counted)s voices of the %(required)s required)") % {
            "counted": counted, "required": item.quorum_required}
    if item.status == ItemStatus.PENDING:
        return _("not examined") if item.assembly.is_closed else _("not voted yet")
    if item.status == ItemStatus.OPEN:
        return _("vote in progress")
    result = item_result(item)
    return result.statement if result is not None else ""
