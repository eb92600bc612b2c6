"""Creating, changing, opening, closing and deleting consultations; each
step is checked here (whatever the view) and written to the audit log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sanitising import clean_user_text

from ..models import (
    AuditAction,
    Ballot,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Method,
    Option,
    Question,
    SealedBallot,
    VoterRecord,
)
from ..selectors import results_version_bump
from .audit import audit_record
from .box import box_count
from .live import results_changed_on_commit

# What may no longer change once someone has voted: the questions, and the
# rules the voters accepted when they voted.
LOCKED_ONCE_VOTED = ("eligibility", "secret", "changes_allowed", "quorum", "committee", "opens_at", "live_step",
                     "results_visibility")
EDITABLE_FIELDS = ("title", "context", "plain_summary", "committee", "opens_at", "closes_at", "eligibility", "secret",
                   "results_visibility", "live_step", "quorum", "changes_allowed")


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def consultation_has_ballots(consultation: Consultation) -> bool:
    """Someone voted, or signed a paper register (a batch signed only by
    people without an account has no voter record): the voting rules they
    were given can no longer change."""
    return (VoterRecord.objects.filter(consultation=consultation).exists()
            or consultation.paper_batches.exists()
            or Ballot.objects.filter(consultation=consultation).exists()
            or SealedBallot.objects.filter(consultation=consultation).exists())


def _check_committee(consultation: Consultation) -> None:
    committee = consultation.committee
    if committee is not None and committee.organisation_id != consultation.organisation_id:
        raise ValidationError({"committee": _("This committee belongs to another organisation.")})
    if consultation.eligibility == Eligibility.COMMITTEE and committee is None:
        raise ValidationError({"eligibility": _("Choose the committee whose members vote.")})


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def consultation_create(*, user, organisation, actions=(), **fields) -> Consultation:
    _require(user, "consultations.add_consultation", organisation)
    consultation = Consultation(organisation=organisation, created_by=user, **fields)
    consultation.context = clean_user_text(consultation.context)
    consultation.plain_summary = clean_user_text(consultation.plain_summary)
    _check_committee(consultation)
    if not user.has_perm("consultations.manage_consultation", consultation):
        # Those who may create one only for the committees they run.
        raise ValidationError({"committee": _("You do not run this committee.") if consultation.committee
                               else _("Choose one of the committees you run.")})
    consultation.full_clean()
    consultation.save()
    consultation.actions.set(_own_actions(organisation, actions))
    audit_record(consultation, actor=user, action=AuditAction.CREATED)
    # A version of its own from the start: results cached for an earlier
    # consultation with the same id (a database restored or recreated) never match.
    results_version_bump(consultation.pk)
    return consultation


def _own_actions(organisation, actions):
    from cms.selectors import organisation_plan_items

    actions = list(actions)
    allowed = {item.pk for item in organisation_plan_items(organisation)} if actions else set()
    if any(action.pk not in allowed for action in actions):
        raise ValidationError({"actions": _("Choose actions of the organisation's own plan.")})
    return actions


@transaction.atomic
def consultation_update(*, consultation: Consultation, user, actions=None, **fields) -> Consultation:
    _require(user, "consultations.manage_consultation", consultation)
    locked = _lock(consultation)
    voted = consultation_has_ballots(locked)
    changed = [name for name in EDITABLE_FIELDS if name in fields and fields[name] != getattr(locked, name)]
    frozen = [name for name in changed if voted and name in LOCKED_ONCE_VOTED]
    if frozen:
        raise ValidationError(_("People have already voted: the voting rules can no longer change."))
    if locked.is_closed() and {"opens_at", "closes_at"} & set(changed):
        raise ValidationError(_("The vote is closed: its dates can no longer change."))
    for name in changed:
        setattr(locked, name, fields[name])
    locked.context = clean_user_text(locked.context)
    locked.plain_summary = clean_user_text(locked.plain_summary)
    if "closes_at" in changed and locked.published_at and locked.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing must be in the future; use “Close now” to end the vote.")})
    _check_committee(locked)
    if "committee" in changed and locked.committee and not user.has_perm("consultations.manage_consultation", locked):
        raise ValidationError({"committee": _("You do not run this committee.")})
    locked.full_clean()
    locked.save()
    if actions is not None:
        before = set(locked.actions.values_list("pk", flat=True))
        locked.actions.set(_own_actions(locked.organisation, actions))
        if before != {action.pk for action in actions}:
            changed.append("actions")
    if changed:
        audit_record(locked, actor=user, action=AuditAction.CHANGED, detail=", ".join(
            str(_("plan actions") if name == "actions" else Consultation._meta.get_field(name).verbose_name)
            for name in changed))
    return locked


def _ready_to_open(consultation: Consultation) -> None:
    questions = list(consultation.questions.prefetch_related("options"))
    if not questions:
        raise ValidationError(_("Add at least one question before opening the vote."))
    for question in questions:
        if question.uses_options and len(question.options.all()) < _minimum_options(question):
            raise ValidationError(_("The question “%(question)s” needs more options.")
                                  % {"question": question.text})


@transaction.atomic
def consultation_open(*, consultation: Consultation, user, immediately: bool, now=None) -> Consultation:
    """Publish it: open now, or at its opening date if that is still to come."""
    _require(user, "consultations.manage_consultation", consultation)
    now = now or timezone.now()
    locked = _lock(consultation)
    if locked.status(now) not in (ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED):
        raise ValidationError(_("This consultation is already open or closed."))
    _ready_to_open(locked)
    if locked.closes_at <= now:
        raise ValidationError(_("The closing date has passed: set a later one first."))
    if immediately or locked.opens_at <= now:
        # To the second, as the settings form shows it (a form sent back
        # unchanged must not look like a new opening time).
        locked.opens_at = now.replace(microsecond=0)
        action = AuditAction.OPENED
    else:
        action = AuditAction.SCHEDULED
    locked.published_at = locked.published_at or now
    locked.save(update_fields=["opens_at", "published_at", "updated_at"])
    audit_record(locked, actor=user, action=action)
    return locked


@transaction.atomic
def consultation_close(*, consultation: Consultation, user, now=None) -> Consultation:
    _require(user, "consultations.manage_consultation", consultation)
    now = now or timezone.now()
    locked = _lock(consultation)
    if locked.status(now) != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    locked.closes_at = now
    locked.save(update_fields=["closes_at", "updated_at"])
    audit_record(locked, actor=user, action=AuditAction.CLOSED)
    # The row lock waits for the ballots being written (each holds a shared
    # lock on the row, see voting.still_open); those that come after it see
    # the vote closed and are refused.
    box_count(consultation=locked, user=user, now=now)
    results_changed_on_commit(locked.pk)
    return locked


@transaction.atomic
def consultation_delete(*, consultation: Consultation, user) -> None:
    """Only before anyone voted: ballots are never thrown away."""
    _require(user, "consultations.manage_consultation", consultation)
    locked = _lock(consultation)
    if consultation_has_ballots(locked) or locked.paper_batches.exists():
        raise ValidationError(_("People have voted: the consultation can be closed but not deleted."))
    audit_record(locked, actor=user, action=AuditAction.DELETED)
    locked.delete()


def _questions_editable(consultation: Consultation, user) -> Consultation:
    _require(user, "consultations.manage_consultation", consultation)
    locked = _lock(consultation)
    if consultation_has_ballots(locked):
        raise ValidationError(_("People have already voted: the questions can no longer change."))
    if locked.status() in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        # Someone may be filling in the ballot: it must stay the one they read.
        raise ValidationError(_("The vote is open: its questions can no longer change."))
    return locked


def _minimum_options(question: Question) -> int:
    """Choosing or ranking needs two options; grading or scoring one is enough."""
    return 1 if question.method in (Method.MAJORITY, Method.SCORE) else 2


def _question_check(question: Question, labels: list[str]) -> None:
    if question.method == Method.YES_NO:
        return
    if len(labels) < _minimum_options(question):
        raise ValidationError({"options": _("Give at least two options, one per line.")
                               if _minimum_options(question) == 2 else _("Give at least one option.")})
    if len(set(label.casefold() for label in labels)) != len(labels):
        raise ValidationError({"options": _("Each option must be different.")})
    if question.method == Method.MULTIPLE:
        maximum = question.max_choices or len(labels)
        if not 1 <= question.min_choices <= maximum <= len(labels):
            raise ValidationError({"max_choices": _(
                "The number of choices must go from at least 1 to at most the number of options (%(count)s)."
            ) % {"count": len(labels)}})


@transaction.atomic
def question_save(*, consultation: Consultation, user, question: Question | None = None, labels: list[str],
                  **fields) -> Question:
    """Create or change a question with its options (one label each, in order)."""
    locked = _questions_editable(consultation, user)
    if question is None:
        question = Question(consultation=locked, position=locked.questions.count() + 1)
    elif question.consultation_id != locked.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(question, name, value)
    labels = [label.strip() for label in labels if label.strip()]
    if question.method == Method.YES_NO:
        labels = []
    _question_check(question, labels)
    question.full_clean(exclude=["consultation"])
    question.save()
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, position=position, label=label[:200]) for position, label in enumerate(labels, 1)
    )
    audit_record(locked, actor=user, action=AuditAction.QUESTIONS, detail=question.text)
    return question


@transaction.atomic
def question_delete(*, question: Question, user) -> None:
    locked = _questions_editable(question.consultation, user)
    question.delete()
    audit_record(locked, actor=user, action=AuditAction.QUESTIONS, detail=_("deleted: %(question)s")
                 % {"question": question.text})
