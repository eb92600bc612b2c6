"""The ballot box of a secret vote (docs/voting-security.md).

While the vote runs, each secret ballot is a sealed envelope, and the box
(one `BallotBox` row, sealed too) holds the running count and two
snapshots of it, for live results:

- *pending*: the count as it was at some number of ballots P;
- *shown*: the count published as live results, at S ballots.

A snapshot is taken when at least `live_step` (k) ballots came in since the
one before, and the pending one is shown only once k more ballots are in.
So two successive live results always differ by at least k ballots, and the
ballots in the box always exceed the ones shown by at least k: neither two
live updates, nor the last one and the final result, ever isolate fewer
than k ballots.

At the count (once closed), the envelopes are opened, shuffled, written as
plain ballots in that order, checked against the running count, and
deleted with the box. Casts and the count take turns on the box's row."""

from __future__ import annotations

import logging
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..ballot_box import BoxState, box_pack, box_read, box_size, box_unpack
from ..models import Answer, AuditAction, Ballot, BallotBox, Consultation, Method, SealedBallot
from ..sealing import ballot_pack, ballot_unpack, envelope_size, keys_of
from ..selectors import consultation_questions
from ..tally import NO_CHANNEL, Line, Tally, TallyLayout
from .audit import audit_record
from .live import results_changed_on_commit

logger = logging.getLogger(__name__)
EXCLUSIVE_METHODS = (Method.YES_NO, Method.SINGLE)


def _box_locked(consultation: Consultation, questions: list) -> tuple[BallotBox, BoxState, TallyLayout]:
    layout = TallyLayout(questions)
    keys = keys_of(consultation)
    BallotBox.objects.get_or_create(
        consultation_id=consultation.pk,
        defaults={"envelope": keys.seal(box_pack(BoxState(ballots=0, running=Tally()), layout), box_size(layout))},
    )
    box = BallotBox.objects.select_for_update().get(consultation_id=consultation.pk)
    return box, box_unpack(keys.open(box.envelope), layout), layout


def _box_save(consultation: Consultation, box: BallotBox, state: BoxState, layout: TallyLayout) -> None:
    box.envelope = keys_of(consultation).seal(box_pack(state, layout), box_size(layout))
    box.save(update_fields=["envelope"])


def lines_of(answers: list[Answer]) -> list[Line]:
    return [Line(question=answer.question_id, option=answer.option_id, value=answer.value, rank=answer.rank)
            for answer in answers]


def _by_id(questions: list) -> dict:
    return {question.pk: question for question in questions}


def box_put(*, consultation: Consultation, questions: list, lines: list[Line], lookup: str | None,
            receipt: str | None) -> None:
    """A new sealed ballot (inside the caller's transaction)."""
    box, state, layout = _box_locked(consultation, questions)
    SealedBallot.objects.create(consultation_id=consultation.pk, lookup=lookup, envelope=keys_of(consultation).seal(
        ballot_pack(receipt, lines), envelope_size(questions)))
    state.running.add(_by_id(questions), lines, channel=NO_CHANNEL)
    state.ballots += 1
    state.advance(consultation.live_step)
    _box_save(consultation, box, state, layout)


def box_replace(*, consultation: Consultation, questions: list, lookup: str, lines: list[Line]) -> bool:
    """A voter's new answers in place of their sealed ballot; False when no
    sealed ballot has this handle."""
    box, state, layout = _box_locked(consultation, questions)
    sealed = SealedBallot.objects.select_for_update().filter(consultation_id=consultation.pk, lookup=lookup).first()
    if sealed is None:
        return False
    keys = keys_of(consultation)
    receipt, before = ballot_unpack(keys.open(sealed.envelope))
    state.running.add(_by_id(questions), before, channel=NO_CHANNEL, sign=-1)
    state.running.add(_by_id(questions), lines, channel=NO_CHANNEL)
    sealed.envelope = keys.seal(ballot_pack(receipt, lines), envelope_size(questions))
    sealed.save(update_fields=["envelope"])
    _box_save(consultation, box, state, layout)
    return True


def sealed_lines(consultation: Consultation, lookup: str) -> list[Line] | None:
    envelope = SealedBallot.objects.filter(consultation_id=consultation.pk, lookup=lookup).values_list(
        "envelope", flat=True).first()
    return None if envelope is None else ballot_unpack(keys_of(consultation).open(envelope))[1]


class BoxMismatch(Exception):
    """The opened envelopes do not add up to the running count."""


def box_count(*, consultation: Consultation, user=None, now=None) -> bool:
    """Open, shuffle and write the sealed ballots of a closed secret vote,
    once; True when this call counted them."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not locked.secret or locked.counted_at is not None or not locked.is_closed(now):
            return False
        questions = consultation_questions(locked)
        ballots, answers, tally = _opened(locked, questions)
        state = box_read(locked, questions)
        if state.running != tally or state.ballots != len(ballots):
            logger.critical("The sealed ballots of consultation %s do not add up to its running count", locked.pk)
            raise BoxMismatch(locked.pk)
        Ballot.objects.bulk_create(ballots)
        Answer.objects.bulk_create(answers)
        SealedBallot.objects.filter(consultation=locked).delete()
        BallotBox.objects.filter(consultation=locked).delete()
        locked.counted_at = now
        locked.save(update_fields=["counted_at"])
        audit_record(locked, actor=user, action=AuditAction.COUNTED,
                     detail=_("%(count)s ballots") % {"count": len(ballots)})
        results_changed_on_commit(locked.pk)
    consultation.counted_at = locked.counted_at
    return True


def _opened(consultation: Consultation, questions: list) -> tuple[list[Ballot], list[Answer], Tally]:
    keys = keys_of(consultation)
    contents = [ballot_unpack(keys.open(envelope)) for envelope in
                SealedBallot.objects.filter(consultation=consultation).values_list("envelope", flat=True)]
    secrets.SystemRandom().shuffle(contents)
    methods = {question.pk: question.method for question in questions}
    ballots, answers, tally = [], [], Tally()
    for receipt, lines in contents:
        # Paper ballots have no receipt: a random handle, or their empty one
        # would single them out among the counted ballots.
        ballot = Ballot(id=uuid.uuid4(), consultation=consultation, channel=NO_CHANNEL,
                        receipt_hash=receipt or secrets.token_hex(32))
        ballots.append(ballot)
        answers.extend(Answer(id=uuid.uuid4(), ballot=ballot, question_id=line.question, option_id=line.option,
                              value=line.value, rank=line.rank,
                              exclusive=methods[line.question] in EXCLUSIVE_METHODS) for line in lines)
        tally.add(_by_id(questions), lines, channel=NO_CHANNEL)
    return ballots, answers, tally


def count_due(consultation: Consultation, now=None) -> bool:
    """A secret vote closed but not counted yet (no query)."""
    return consultation.secret and consultation.counted_at is None and consultation.is_closed(now)


def box_count_if_due(consultation: Consultation, now=None) -> None:
    if count_due(consultation, now):
        try:
            box_count(consultation=consultation, now=now)
        except BoxMismatch:
            raise ValidationError(_("The count could not be checked: the administrators have been told.")) from None
