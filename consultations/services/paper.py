"""Paper ballots entered by the organisation's staff: named (the person then
cannot vote online, and could not if they already had), or anonymous in a
batch counted against the signatures of the paper register."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditAction, Ballot, Consultation, ConsultationStatus, PaperBatch, VoteChannel, VoterRecord
from ..selectors import consultation_questions
from .audit import audit_record
from .live import results_changed_on_commit
from .voting import _write, answers_validate, ineligible_message


def _check(consultation: Consultation, user, now) -> None:
    if not user.has_perm("consultations.enter_paper_ballots", consultation):
        raise PermissionDenied
    if consultation.status(now) != ConsultationStatus.OPEN:
        raise ValidationError(_("Paper ballots are entered while the vote is open."))


def paper_ballot_enter(*, consultation: Consultation, user, voter, answers: dict, now=None) -> Ballot:
    now = now or timezone.now()
    _check(consultation, user, now)
    if not voter.has_perm("consultations.vote_on_paper", consultation):
        raise ValidationError(ineligible_message(consultation, voter))
    lines = answers_validate(consultation_questions(consultation), answers)
    try:
        with transaction.atomic():
            VoterRecord.objects.create(consultation=consultation, user=voter, channel=VoteChannel.PAPER,
                                       entered_by=user)
            ballot = Ballot.objects.create(consultation=consultation, channel=VoteChannel.PAPER,
                                           voter=None if consultation.secret else voter)
            _write(ballot, lines)
            audit_record(consultation, actor=user, action=AuditAction.PAPER_BALLOT,
                         detail=_("for %(person)s") % {"person": voter.display_name})
    except IntegrityError:
        raise ValidationError(_("%(person)s has already voted.") % {"person": voter.display_name}) from None
    results_changed_on_commit(consultation.pk)
    return ballot


def paper_batch_create(*, consultation: Consultation, user, signatures: int, note: str = "", now=None) -> PaperBatch:
    now = now or timezone.now()
    _check(consultation, user, now)
    if not consultation.secret:
        raise ValidationError(_("Anonymous paper ballots are for secret consultations only."))
    if signatures < 1:
        raise ValidationError({"signatures": _("Give the number of signatures on the register (at least 1).")})
    with transaction.atomic():
        batch = PaperBatch.objects.create(consultation=consultation, signatures=signatures, note=note,
                                          entered_by=user)
        audit_record(consultation, actor=user, action=AuditAction.PAPER_BATCH,
                     detail=_("%(count)s signatures. %(note)s") % {"count": signatures, "note": note})
    results_changed_on_commit(consultation.pk)
    return batch


@transaction.atomic
def paper_batch_ballot_add(*, batch: PaperBatch, user, answers: dict, now=None) -> Ballot:
    """One more ballot of the batch: never more ballots than signatures."""
    now = now or timezone.now()
    consultation = batch.consultation
    _check(consultation, user, now)
    locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
    lines = answers_validate(consultation_questions(consultation), answers)
    if locked.ballots.count() >= locked.signatures:
        raise ValidationError(_("This batch already holds as many ballots as the register has signatures "
                                "(%(count)s).") % {"count": locked.signatures})
    ballot = Ballot.objects.create(consultation=consultation, channel=VoteChannel.PAPER, batch=locked)
    _write(ballot, lines)
    results_changed_on_commit(consultation.pk)
    return ballot
