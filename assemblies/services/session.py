"""The session: opened with its president and secretary, each resolution
put to the vote once the quorum is checked again, voted by show of hands,
on phones in the room (one vote per voice, a holder voting once per proxy
they carry) or by secret paper ballot, its result computed with the
majority the statutes give its kind; then the session is closed."""

from __future__ import annotations

import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.sealing import BallotKeys, SealError
from core.db import lock_shared
from participation.models import RegisterMember

from ..counting import Quorum
from ..models import (
    AgendaItem,
    Assembly,
    AssemblyStatus,
    ItemStatus,
    Outcome,
    SealedVote,
    VoiceRecord,
    VoteMethod,
)
from ..outcomes import item_result
from ..selectors import assembly_quorum, assembly_voices, member_of
from .common import refuse, require, status_now
from .live import room_changed_on_commit

FOR, AGAINST, ABSTAIN = "pour", "contre", "abstention"
CHOICES = (FOR, AGAINST, ABSTAIN)
SCOPE = "assembly-vote"


@transaction.atomic
def assembly_open(*, assembly: Assembly, user, president: RegisterMember | None, president_name: str,
                  secretary_name: str, now=None) -> Assembly:
    require(user, "assemblies.manage_assembly", assembly)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status != AssemblyStatus.CONVENED:
        refuse(_("Only a convened assembly opens."))
    if president is not None and president.organisation_id != assembly.organisation_id:
        refuse(_("The president must be in the organisation's register."))
    president_name = " ".join((president_name or (president.name if president else "")).split())
    secretary_name = " ".join(secretary_name.split())
    if not president_name or not secretary_name:
        raise ValidationError(_("Name the president and the secretary of the session."))
    locked.president, locked.president_name, locked.secretary_name = president, president_name, secretary_name
    locked.status, locked.opened_at = AssemblyStatus.OPEN, now or timezone.now()
    locked.save(update_fields=["president", "president_name", "secretary_name", "status", "opened_at"])
    for name in ("president", "president_name", "secretary_name", "status", "opened_at"):
        setattr(assembly, name, getattr(locked, name))
    room_changed_on_commit(assembly.pk)
    return assembly


@transaction.atomic
def assembly_close(*, assembly: Assembly, user, now=None) -> Assembly:
    require(user, "assemblies.manage_assembly", assembly)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status != AssemblyStatus.OPEN:
        refuse(_("Only an assembly in session closes."))
    if locked.items.filter(status=ItemStatus.OPEN).exists():
        refuse(_("A vote is still in progress: close it first."))
    locked.status, locked.closed_at = AssemblyStatus.CLOSED, now or timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    assembly.status, assembly.closed_at = locked.status, locked.closed_at
    room_changed_on_commit(assembly.pk)
    return assembly


def _item_locked(item: AgendaItem) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.assembly = item.assembly
    return locked


def vote_open(*, item: AgendaItem, user, now=None) -> Quorum:
    """Put a resolution to the vote: the room and the quorum are read again
    now; without the quorum the resolution is recorded as not voted."""
    assembly = item.assembly
    require(user, "assemblies.manage_assembly", assembly)
    now = now or timezone.now()
    with transaction.atomic():
        if status_now(assembly) != AssemblyStatus.OPEN:
            refuse(_("The session is not open."))
        locked = _item_locked(item)
        if not locked.is_vote:
            refuse(_("This item is not put to the vote."))
        if locked.status not in (ItemStatus.PENDING, ItemStatus.NOT_VOTED):
            refuse(_("This resolution has been put to the vote already."))
        if assembly.items.filter(status=ItemStatus.OPEN).exists():
            refuse(_("Another vote is in progress: close it first."))
        voices = assembly_voices(assembly)
        quorum = assembly_quorum(assembly, voices)
        room = voices.room
        majority = assembly.statutes.majority(locked.kind)
        locked.members_with_vote, locked.voices_present, locked.voices_represented = (
            room.members_with_vote, room.present, room.represented)
        locked.quorum_required, locked.threshold, locked.base = quorum.required, majority.threshold, majority.base
        locked.opened_at = now
        locked.status = ItemStatus.OPEN if quorum.met else ItemStatus.NOT_VOTED
        if not quorum.met:
            locked.closed_at = now
        locked.save()
    _copy(locked, item)
    room_changed_on_commit(assembly.pk)
    return quorum


def _copy(source: AgendaItem, target: AgendaItem) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _counts(value, label: str) -> int:
    if value is None or value < 0:
        raise ValidationError(_("Give the number of %(what)s (0 if none).") % {"what": label})
    return int(value)


def vote_enter(*, item: AgendaItem, user, votes_for=None, against=None, abstentions=None, ballots=None,
               blank=None, spoilt=None, candidates: dict | None = None, now=None) -> AgendaItem:
    """The count of a show of hands or of a paper ballot, entered by the
    secretary (proxies counted in), checked against the voices of the room;
    it can be corrected while the session is open."""
    assembly = item.assembly
    require(user, "assemblies.manage_assembly", assembly)
    with transaction.atomic():
        if status_now(assembly) != AssemblyStatus.OPEN:
            refuse(_("The session is closed: the results no longer change."))
        locked = _item_locked(item)
        locked.candidates_cache = list(locked.candidates.all())
        if locked.method == VoteMethod.ELECTRONIC:
            refuse(_("This vote is electronic: its count is the ballots'."))
        if locked.status not in (ItemStatus.OPEN, ItemStatus.CLOSED):
            refuse(_("Put the resolution to the vote first."))
        voices = locked.voices
        paper = locked.method == VoteMethod.PAPER
        if paper:
            ballots, blank, spoilt = (_counts(ballots, _("ballots")), _counts(blank, _("blank ballots")),
                                      _counts(spoilt, _("spoilt ballots")))
            if ballots > voices:
                raise ValidationError(_("%(ballots)s ballots for %(voices)s voices in the room: count again.")
                                      % {"ballots": ballots, "voices": voices})
        if locked.is_election:
            _enter_election(locked, candidates or {}, ballots=ballots if paper else voices,
                            blank=blank if paper else _counts(abstentions, _("abstentions")),
                            spoilt=spoilt if paper else 0)
        else:
            votes_for, against = _counts(votes_for, _("votes for")), _counts(against, _("votes against"))
            abstentions = blank if paper else _counts(abstentions, _("abstentions"))
            if paper and votes_for + against + blank + spoilt != ballots:
                raise ValidationError(_("For, against, blank and spoilt make %(sum)s, not the %(ballots)s ballots in "
                                        "the box: count again.")
                                      % {"sum": votes_for + against + blank + spoilt, "ballots": ballots})
            if votes_for + against + abstentions > voices:
                raise ValidationError(_("%(sum)s votes for %(voices)s voices in the room: count again.")
                                      % {"sum": votes_for + against + abstentions, "voices": voices})
            locked.votes_for, locked.votes_against, locked.abstentions = votes_for, against, abstentions
            if paper:
                locked.ballots, locked.blank_ballots, locked.spoilt_ballots = ballots, blank, spoilt
        _conclude(locked, now)
    _copy(locked, item)
    room_changed_on_commit(assembly.pk)
    return item


def _enter_election(item: AgendaItem, votes: dict, *, ballots: int, blank: int, spoilt: int) -> None:
    expressed = ballots - blank - spoilt
    if expressed < 0:
        raise ValidationError(_("More blank and spoilt ballots than ballots: count again."))
    for candidate in item.candidates_cache:
        count = _counts(votes.get(candidate.pk), candidate.name)
        if count > expressed:
            raise ValidationError(_("%(name)s has more votes than ballots naming someone (%(expressed)s).")
                                  % {"name": candidate.name, "expressed": expressed})
        candidate.votes = count
    if sum(candidate.votes for candidate in item.candidates_cache) > expressed * item.seats:
        raise ValidationError(_("More names than the ballots can carry (%(seats)s each): count again.")
                              % {"seats": item.seats})
    item.ballots, item.blank_ballots, item.spoilt_ballots = ballots, blank, spoilt


def _conclude(item: AgendaItem, now) -> None:
    """The result from the counts and the majority of the opening."""
    result = item_result(item, candidates=item.candidates_cache)
    if item.is_election:
        elected = set(result.elected)
        for candidate in item.candidates_cache:
            candidate.elected = candidate.name in elected
        item.candidates.model.objects.bulk_update(item.candidates_cache, ["votes", "elected"])
        item.outcome = Outcome.ADOPTED if elected else Outcome.REJECTED
    else:
        item.outcome = Outcome.ADOPTED if result.adopted else Outcome.REJECTED
    item.status = ItemStatus.CLOSED
    item.closed_at = item.closed_at or now or timezone.now()
    item.save()


# Electronic votes


def keys(item: AgendaItem) -> BallotKeys:
    return BallotKeys(item.pk, item.created_at, scope=SCOPE)


def envelope_size(item: AgendaItem, candidates: int) -> int:
    return -(-(48 + 12 * max(1, candidates)) // 128) * 128


def room_vote_cast(*, item: AgendaItem, user, voice_id: int, choice: str = "", chosen: list[int] | None = None,
                   now=None) -> None:
    """One voice's vote, cast from the phone of the member who carries it:
    their own, or a proxy's. The database holds each voice to one vote."""
    assembly = item.assembly
    if not user.has_perm("assemblies.vote_in_room", assembly):
        refuse(_("Only the members with a vote, in the room, vote."))
    caster = member_of(user, assembly.organisation_id)
    candidates = list(item.candidates.all())
    if item.is_election:
        chosen = sorted(set(chosen or []))
        if not set(chosen) <= {candidate.pk for candidate in candidates}:
            refuse(_("The ballot names someone who is not a candidate."))
        if len(chosen) > item.seats:
            refuse(_("Name at most %(seats)s candidates.") % {"seats": item.seats})
        content = {"c": chosen}
    else:
        if choice not in CHOICES:
            refuse(_("Choose for, against or abstention."))
        content = {"v": choice}
    with transaction.atomic():
        if status_now(assembly) != AssemblyStatus.OPEN:
            refuse(_("The session is not open."))
        lock_shared(AgendaItem, item.pk)
        state = AgendaItem.objects.filter(pk=item.pk).values_list("status", "method").get()
        if state != (ItemStatus.OPEN, VoteMethod.ELECTRONIC):
            refuse(_("This vote is closed."))
        voices = assembly_voices(assembly)
        if caster is None or voices.caster.get(voice_id) != caster.pk:
            refuse(_("This voice is not yours to cast: you must be in the room, and carry its proxy."))
        try:
            with transaction.atomic():
                VoiceRecord.objects.create(item_id=item.pk, member_id=voice_id, cast_by=user,
                                           by_proxy=voice_id != caster.pk)
        except IntegrityError:
            refuse(_("This voice has already voted."))
        data = json.dumps(content, separators=(",", ":")).encode()
        SealedVote.objects.create(item_id=item.pk,
                                  envelope=keys(item).seal(data, envelope_size(item, len(candidates))))
    room_changed_on_commit(assembly.pk)


def vote_close(*, item: AgendaItem, user, now=None) -> AgendaItem:
    """Closes an electronic vote: the envelopes are opened, counted and
    deleted (only the totals remain), and the result computed."""
    assembly = item.assembly
    require(user, "assemblies.manage_assembly", assembly)
    with transaction.atomic():
        status_now(assembly)
        locked = _item_locked(item)
        if locked.status != ItemStatus.OPEN or locked.method != VoteMethod.ELECTRONIC:
            refuse(_("Only an electronic vote in progress closes this way."))
        locked.candidates_cache = list(locked.candidates.all())
        envelopes = list(SealedVote.objects.filter(item=locked).values_list("envelope", flat=True))
        secrets.SystemRandom().shuffle(envelopes)
        contents = []
        for envelope in envelopes:
            try:
                contents.append(json.loads(keys(locked).open(envelope)))
            except SealError:
                raise ValidationError(_("A ballot does not open with the ballot key: the count is stopped."))
        if len(contents) != VoiceRecord.objects.filter(item=locked).count():
            raise ValidationError(_("The ballots do not match the voices that voted: the count is stopped."))
        if locked.is_election:
            by_id = {candidate.pk: candidate for candidate in locked.candidates_cache}
            for candidate in locked.candidates_cache:
                candidate.votes = 0
            blank = 0
            for content in contents:
                for candidate_id in content["c"]:
                    by_id[candidate_id].votes += 1
                blank += not content["c"]
            locked.ballots, locked.blank_ballots, locked.spoilt_ballots = len(contents), blank, 0
        else:
            votes = [content["v"] for content in contents]
            locked.votes_for, locked.votes_against, locked.abstentions = (
                votes.count(FOR), votes.count(AGAINST), votes.count(ABSTAIN))
            locked.ballots = len(contents)
        SealedVote.objects.filter(item=locked).delete()
        _conclude(locked, now)
    _copy(locked, item)
    room_changed_on_commit(assembly.pk)
    return item
