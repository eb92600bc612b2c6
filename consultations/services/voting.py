"""Casting a ballot: checked against the clock, the voter's eligibility and
the questions, written whole or not at all, once per person (the database's
unique constraints decide between simultaneous clicks). A secret ballot goes
sealed into the box (box.py); its receipt code is given back once, to be
shown to the voter, and kept nowhere."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import lock_shared
from participation.predicates import is_verified

from ..counting import ABSTAIN, GRADES, NO, YES
from ..models import (
    Answer,
    Ballot,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Method,
    Question,
    VoteChannel,
    VoterRecord,
)
from ..sealing import keys_of, receipt_new, receipt_well_formed
from ..selectors import cached_for_version, consultation_questions, results_version
from ..tally import Line
from .box import box_put, box_replace, lines_of, sealed_lines
from .live import results_changed_on_commit


@dataclass(frozen=True)
class CastOutcome:
    receipt: str | None
    changed: bool


def ballot_lines(*, consultation: Consultation, user, code: str) -> list[Line] | None:
    """What the signed-in voter's secret ballot with this receipt code says
    (sealed in the box, or counted), for them alone; None when no ballot of
    theirs has this code. Someone else's code finds nothing: the handles
    are of the code *and* the voter."""
    if not consultation.secret or not user.is_authenticated or not code.strip():
        return None
    keys = keys_of(consultation)
    if consultation.counted_at is None:
        # A sealed ballot may be asked for by its handle: what the query logs
        # tie to the voter's request is an envelope nobody can open.
        lines = sealed_lines(consultation, keys.lookup(user.pk, code))
        if lines is not None:
            return lines
    return counted_lines(consultation).get(keys.receipt(user.pk, code))


RECEIPTS_KEY = "consultation-receipts:{}"


def counted_lines(consultation: Consultation) -> dict[str, list[Line]]:
    """Every counted secret ballot of the consultation by its receipt handle,
    read whole (two queries, cached until the results change): a counted
    ballot is never looked up alone, since a log of the SQL statements would
    then tie the voter's request to its row, and the row says the vote. The
    cache holds what the ballot table holds: handles nobody can make without
    the code and the key."""
    def read() -> dict[str, list[Line]]:
        handles = dict(Ballot.objects.filter(consultation=consultation).values_list("id", "receipt_hash"))
        lines = {handle: [] for handle in handles.values()}
        for ballot_id, question, option, value, rank in Answer.objects.filter(
            ballot__consultation=consultation
        ).values_list("ballot_id", "question_id", "option_id", "value", "rank"):
            lines[handles[ballot_id]].append(Line(question=question, option=option, value=value, rank=rank))
        return lines

    # Keyed by the count too: a reading from before it is never reused after.
    version = f"{results_version(consultation.pk)}:{consultation.counted_at and consultation.counted_at.isoformat()}"
    return cached_for_version(RECEIPTS_KEY.format(consultation.pk), version, read)


def _refuse(message: str):
    raise ValidationError(message)


def _options_of(question: Question) -> set[int]:
    return {option.pk for option in question.options.all()}


def _per_option(question: Question, value, allowed_values, message: str) -> list[Answer]:
    if not value:
        return []
    if not isinstance(value, dict) or not set(value) <= _options_of(question):
        _refuse(_("An answer names an option that is not in the question “%(question)s”.")
                % {"question": question.text})
    answers = []
    for option_id, number in value.items():
        if number not in allowed_values:
            _refuse(message % {"question": question.text})
        answers.append(Answer(question=question, option_id=option_id, value=number))
    return answers


def _question_answers(question: Question, value) -> list[Answer]:
    """The answer lines of one question, or a clear refusal; an empty
    answer is a blank vote on the question."""
    method = question.method
    if method == Method.YES_NO:
        if value is None:
            return []
        if value not in (YES, NO, ABSTAIN):
            _refuse(_("The answer to “%(question)s” is not valid.") % {"question": question.text})
        return [Answer(question=question, value=value, exclusive=True)]
    if method == Method.SINGLE:
        if value is None:
            return []
        if value not in _options_of(question):
            _refuse(_("An answer names an option that is not in the question “%(question)s”.")
                    % {"question": question.text})
        return [Answer(question=question, option_id=value, exclusive=True)]
    if method == Method.MULTIPLE:
        chosen = set(value or ())
        if not chosen:
            return []
        if not chosen <= _options_of(question):
            _refuse(_("An answer names an option that is not in the question “%(question)s”.")
                    % {"question": question.text})
        maximum = question.choices_max
        if not question.min_choices <= len(chosen) <= maximum:
            _refuse(_("For “%(question)s”, choose between %(min)s and %(max)s options.")
                    % {"question": question.text, "min": question.min_choices, "max": maximum})
        return [Answer(question=question, option_id=option_id) for option_id in sorted(chosen)]
    if method == Method.RANKING:
        ranks = value or {}
        answers = _per_option(question, ranks, range(1, len(_options_of(question)) + 1),
                              _("A rank given in “%(question)s” is out of range."))
        if len(set(ranks.values())) != len(ranks):
            _refuse(_("In “%(question)s”, two options have the same rank: give each rank once.")
                    % {"question": question.text})
        for answer in answers:
            answer.rank, answer.value = answer.value, None
        return answers
    if method == Method.MAJORITY:
        return _per_option(question, value, range(GRADES), _("A grade given in “%(question)s” is not valid."))
    return _per_option(question, value, range(question.score_min, question.score_max + 1),
                       _("A score given in “%(question)s” is out of range."))


def answers_validate(questions: list[Question], answers: dict) -> list[Answer]:
    """`answers` maps question ids to: YES/NO/ABSTAIN (for/against), an
    option id (single choice), a set of option ids (multiple choice), or a
    mapping option id -> rank, grade index or score. Unknown questions are
    refused; a missing one is blank."""
    known = {question.pk: question for question in questions}
    if not set(answers) <= set(known):
        _refuse(_("The ballot answers a question that is not in this consultation."))
    lines = []
    for question_id, question in known.items():
        lines.extend(_question_answers(question, answers.get(question_id)))
    return lines


def _check_can_vote(consultation: Consultation, user, now) -> None:
    status = consultation.status(now)
    if status in (ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED):
        _refuse(_("The vote is not open yet."))
    if status == ConsultationStatus.CLOSED:
        _refuse(_("The vote is closed."))
    if not user.has_perm("consultations.vote", consultation):
        _refuse(ineligible_message(consultation, user))


def ineligible_message(consultation: Consultation, user) -> str:
    if user.is_authenticated and not is_verified(user):
        return _("Confirm your email address to vote: the link is in the email we sent you.")
    if consultation.eligibility == Eligibility.COMMITTEE:
        return _("Only the members of %(committee)s may vote in this consultation.") % {
            "committee": consultation.committee}
    if consultation.eligibility == Eligibility.ORGANISATION:
        return _("Only the people who declared themselves part of %(organisation)s may vote in this consultation: "
                 "say so from your account (My organisations).") % {"organisation": consultation.organisation.title}
    if consultation.eligibility == Eligibility.MEMBERS:
        return _("Only the members of %(organisation)s up to date with their membership, with a vote, may vote in "
                 "this consultation. If you are one, ask the reception desk to link your membership to your "
                 "account.") % {"organisation": consultation.organisation.title}
    return _("You are not among the people who may vote in this consultation.")


def _write(ballot: Ballot, lines: list[Answer]) -> None:
    for line in lines:
        line.ballot = ballot
    Answer.objects.bulk_create(lines)


def still_open(consultation: Consultation, now) -> None:
    """First thing in every transaction that writes a ballot or a voter
    record: a shared lock on the consultation's row, which the closing's
    row lock waits for (and the reverse), then the clock checked again from
    the database. A ballot that began before the closing (or before "Close
    now") is either in the count or refused, never left outside it."""
    lock_shared(Consultation, consultation.pk)
    if not Consultation.objects.filter(pk=consultation.pk, closes_at__gt=now, counted_at__isnull=True).exists():
        _refuse(_("The vote is closed."))


def _shape(questions) -> set[tuple]:
    return {(question.pk, question.method, question.score_min, question.score_max, question.min_choices,
             question.max_choices, option.pk if option is not None else None)
            for question in questions for option in (list(question.options.all()) or [None])}


def questions_unchanged(consultation: Consultation, questions: list[Question]) -> None:
    """The questions the ballot was checked against are those in the
    database, under the transaction's lock (they cannot change while the
    vote is open, but a scheduled vote opens by the clock while its
    questions may be being saved): a ballot is never sealed against options
    that are gone."""
    rows = Question.objects.filter(consultation_id=consultation.pk).values_list(
        "pk", "method", "score_min", "score_max", "min_choices", "max_choices", "options__pk")
    if set(rows) != _shape(questions):
        _refuse(_("The questions have just changed: reload the page and vote again."))


def ballot_cast(*, consultation: Consultation, user, answers: dict, receipt: str = "", new_receipt: str = "",
                now=None, questions: list[Question] | None = None) -> CastOutcome:
    """Vote, or change one's vote where the consultation allows it (with the
    receipt code when the ballot is secret). `new_receipt` is the code the
    ballot form carried for a first secret vote (one is made when it has
    none). `questions`, with their options, spares reading them again when
    the caller already has them."""
    now = now or timezone.now()
    _check_can_vote(consultation, user, now)
    questions = questions if questions is not None else consultation_questions(consultation)
    lines = answers_validate(questions, answers)
    try:
        with transaction.atomic():
            still_open(consultation, now)
            questions_unchanged(consultation, questions)
            outcome = _record(consultation, user, questions, lines, receipt, new_receipt)
    except IntegrityError:
        # Another click of the same person won, or the questions changed.
        _refuse(_("You have already voted in this consultation."))
    results_changed_on_commit(consultation.pk)
    return outcome


def _record(consultation: Consultation, user, questions, lines: list[Answer], receipt: str,
            new_receipt: str) -> CastOutcome:
    existing = VoterRecord.objects.filter(consultation=consultation, user=user).first()
    if existing is not None:
        return _change(consultation, user, questions, lines, receipt, existing)
    VoterRecord.objects.create(consultation=consultation, user=user, channel=VoteChannel.ONLINE)
    if not consultation.secret:
        _write(Ballot.objects.create(consultation=consultation, voter=user, channel=VoteChannel.ONLINE), lines)
        return CastOutcome(receipt=None, changed=False)
    code = receipt_well_formed(new_receipt) or receipt_new()
    keys = keys_of(consultation)
    box_put(consultation=consultation, questions=questions, lines=lines_of(lines),
            lookup=keys.lookup(user.pk, code), receipt=keys.receipt(user.pk, code))
    return CastOutcome(receipt=code, changed=False)


def _change(consultation, user, questions, lines, receipt, record: VoterRecord) -> CastOutcome:
    if record.channel == VoteChannel.PAPER:
        _refuse(_("Your vote was recorded on paper at the reception desk."))
    if not consultation.changes_allowed:
        _refuse(_("You have already voted in this consultation."))
    if consultation.secret:
        if not receipt.strip():
            _refuse(_("To change a secret vote, give the receipt code you received when you voted."))
        if not box_replace(consultation=consultation, questions=questions,
                           lookup=keys_of(consultation).lookup(user.pk, receipt), lines=lines_of(lines)):
            _refuse(_("This receipt code matches no ballot of yours in this consultation."))
        return CastOutcome(receipt=None, changed=True)
    ballot = Ballot.objects.select_for_update().get(consultation=consultation, voter=user)
    ballot.answers.all().delete()
    _write(ballot, lines)
    return CastOutcome(receipt=None, changed=True)
