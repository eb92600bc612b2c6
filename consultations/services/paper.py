"""Paper ballots entered by the organisation's staff, against a named
register (the émargement), so that nobody votes both on paper and online:

- a named paper ballot: the person's voter record and their ballot (sealed
  in the box when the vote is secret);
- an anonymous batch, for secret votes only: the names of those who signed
  the register (each a voter record, so that they cannot vote online, and
  could not if they already had), the number of signatures of people
  without an account, and the ballots entered one by one, never more than
  the signatures and never with a name."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import AuditAction, Ballot, Consultation, ConsultationStatus, PaperBatch, VoteChannel, VoterRecord
from ..selectors import consultation_questions
from .audit import audit_record
from .box import box_put, lines_of
from .live import results_changed_on_commit
from .voting import _write, answers_validate, ineligible_message, questions_unchanged, still_open


def _check(consultation: Consultation, user, now) -> None:
    if not user.has_perm("consultations.enter_paper_ballots", consultation):
        raise PermissionDenied
    if consultation.status(now) != ConsultationStatus.OPEN:
        raise ValidationError(_("Paper ballots are entered while the vote is open."))


def paper_ballot_enter(*, consultation: Consultation, user, voter, answers: dict, now=None) -> None:
    now = now or timezone.now()
    _check(consultation, user, now)
    if not voter.has_perm("consultations.vote_on_paper", consultation):
        raise ValidationError(ineligible_message(consultation, voter))
    questions = consultation_questions(consultation)
    lines = answers_validate(questions, answers)
    try:
        with transaction.atomic():
            still_open(consultation, now)
            questions_unchanged(consultation, questions)
            VoterRecord.objects.create(consultation=consultation, user=voter, channel=VoteChannel.PAPER,
                                       entered_by=user)
            if consultation.secret:
                box_put(consultation=consultation, questions=questions, lines=lines_of(lines), lookup=None,
                        receipt=None)
            else:
                _write(Ballot.objects.create(consultation=consultation, channel=VoteChannel.PAPER, voter=voter), lines)
            audit_record(consultation, actor=user, action=AuditAction.PAPER_BALLOT,
                         detail=_("for %(person)s") % {"person": voter.display_name}, voter=voter)
    except IntegrityError:
        raise ValidationError(_("%(person)s has already voted.") % {"person": voter.display_name}) from None
    results_changed_on_commit(consultation.pk)


def _sign(batch: PaperBatch, consultation: Consultation, user, signers: list) -> None:
    """Voter records for the signers, or a refusal naming those who cannot sign."""
    ineligible = [person.display_name for person in signers
                  if not person.has_perm("consultations.vote_on_paper", consultation)]
    if ineligible:
        raise ValidationError({"signers": _("Not among the people who may vote: %(names)s.")
                               % {"names": ", ".join(ineligible)}})
    voted = list(VoterRecord.objects.filter(consultation=consultation, user__in=signers).select_related("user"))
    if voted:
        raise ValidationError({"signers": ngettext(
            "Has already voted: %(names)s.", "Have already voted: %(names)s.", len(voted))
            % {"names": ", ".join(sorted(record.user.display_name for record in voted))}})
    if len({person.pk for person in signers}) != len(signers):
        raise ValidationError({"signers": _("A person is named twice on the register.")})
    try:
        with transaction.atomic():
            VoterRecord.objects.bulk_create(VoterRecord(consultation=consultation, user=person,
                                                        channel=VoteChannel.PAPER, batch=batch, entered_by=user)
                                            for person in signers)
    except IntegrityError:
        raise ValidationError({"signers": _("One of these people has just voted: check the register again.")}) \
            from None


def paper_batch_create(*, consultation: Consultation, user, signers=(), unnamed_signatures: int = 0, note: str = "",
                       now=None) -> PaperBatch:
    now = now or timezone.now()
    _check(consultation, user, now)
    if not consultation.secret:
        raise ValidationError(_("Anonymous paper ballots are for secret consultations only."))
    signers = list(signers)
    if unnamed_signatures < 0 or len(signers) + unnamed_signatures < 1:
        raise ValidationError({"signers": _("Give the names of those who signed the register, or the number of "
                                            "signatures of people without an account (at least one in all).")})
    with transaction.atomic():
        still_open(consultation, now)
        batch = PaperBatch.objects.create(consultation=consultation, unnamed_signatures=unnamed_signatures,
                                          note=note, entered_by=user)
        _sign(batch, consultation, user, signers)
        audit_record(consultation, actor=user, action=AuditAction.PAPER_BATCH, detail=_(
            "%(named)s named signatures, %(unnamed)s without an account. %(note)s")
            % {"named": len(signers), "unnamed": unnamed_signatures, "note": note})
    results_changed_on_commit(consultation.pk)
    return batch


def paper_batch_sign(*, batch: PaperBatch, user, signers=(), unnamed_signatures: int = 0, now=None) -> None:
    """More signatures on a batch's register."""
    now = now or timezone.now()
    consultation = batch.consultation
    _check(consultation, user, now)
    signers = list(signers)
    if unnamed_signatures < 0 or len(signers) + unnamed_signatures < 1:
        raise ValidationError({"signers": _("Give at least one name or signature.")})
    with transaction.atomic():
        still_open(consultation, now)
        locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        _sign(locked, consultation, user, signers)
        PaperBatch.objects.filter(pk=locked.pk).update(unnamed_signatures=F("unnamed_signatures") + unnamed_signatures)
        audit_record(consultation, actor=user, action=AuditAction.PAPER_SIGNERS, detail=_(
            "%(named)s named signatures, %(unnamed)s without an account.")
            % {"named": len(signers), "unnamed": unnamed_signatures})
    results_changed_on_commit(consultation.pk)


def batch_signatures(batch: PaperBatch) -> int:
    return batch.signers.count() + batch.unnamed_signatures


def paper_batch_ballot_add(*, batch: PaperBatch, user, answers: dict, entry: str = "", now=None) -> None:
    """One more ballot of the batch: never more ballots than signatures, and
    a form (`entry`, its token) counted once however often it is sent."""
    now = now or timezone.now()
    consultation = batch.consultation
    _check(consultation, user, now)
    questions = consultation_questions(consultation)
    lines = answers_validate(questions, answers)
    if not consultation.secret:
        raise ValidationError(_("Anonymous paper ballots are for secret consultations only."))
    with transaction.atomic():
        still_open(consultation, now)
        questions_unchanged(consultation, questions)
        locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        if entry and entry == locked.last_entry:
            raise ValidationError(_("This ballot was sent twice: it is counted once."))
        signatures = batch_signatures(locked)
        if locked.ballots_entered >= signatures:
            raise ValidationError(_("This batch already holds as many ballots as the register has signatures "
                                    "(%(count)s).") % {"count": signatures})
        box_put(consultation=consultation, questions=questions, lines=lines_of(lines), lookup=None, receipt=None)
        PaperBatch.objects.filter(pk=locked.pk).update(ballots_entered=F("ballots_entered") + 1, last_entry=entry)
        audit_record(consultation, actor=user, action=AuditAction.PAPER_BATCH_BALLOT,
                     detail=_("batch %(batch)s, ballot %(number)s of %(signatures)s")
                     % {"batch": locked.pk, "number": locked.ballots_entered + 1, "signatures": signatures})
    results_changed_on_commit(consultation.pk)
