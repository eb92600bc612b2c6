"""Who voted and what was voted, kept apart.

`VoterRecord` says that a person took part (one per person and
consultation, enforced by the database). `Ballot` says what was voted.
For a secret consultation nothing links the two: the ballot and its
answers have no voter, no timestamp and random identifiers (so neither
their order nor their time matches the voter record's); only the receipt
code's hash lets the voter find the ballot again. (PostgreSQL's physical
row order is not hidden: someone reading the raw table files could still
guess the insertion order.) For a public one the ballot names its voter."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VoteChannel(models.TextChoices):
    ONLINE = "en_ligne", _("Online")
    PAPER = "papier", _("On paper")


class VoterRecord(models.Model):
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="consultation_votes")
    channel = models.CharField(max_length=8, choices=VoteChannel.choices, default=VoteChannel.ONLINE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="one_vote_per_person"),
        ]


class PaperBatch(models.Model):
    """Anonymous paper ballots collected at the accueil for a secret
    consultation, with the number of signatures on the paper register."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     related_name="paper_batches")
    signatures = models.PositiveIntegerField(_("signatures on the register"))
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("Where and when the ballots were collected."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("batch of paper ballots")
        verbose_name_plural = _("batches of paper ballots")


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT, related_name="ballots")
    # Public consultations only.
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    channel = models.CharField(max_length=8, choices=VoteChannel.choices, default=VoteChannel.ONLINE)
    batch = models.ForeignKey(PaperBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots")
    # Secret consultations only: sha256 of the code the voter was given.
    receipt_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "voter"], name="one_public_ballot_per_person"),
        ]


class Answer(models.Model):
    """One line of a ballot: the option chosen, ranked, graded or scored
    (`value` is the grade or score; for/against/abstention has no option).
    Its identifier is random too: sequential answer numbers would follow the
    order of the voter records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("consultations.Question", on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey("consultations.Option", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    # Set for the methods that take one answer per question (for/against,
    # single choice), so the database holds them to one.
    exclusive = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], condition=Q(option__isnull=False),
                                    name="answer_once_per_option"),
            models.UniqueConstraint(fields=["ballot", "question"], condition=Q(exclusive=True),
                                    name="answer_once_per_exclusive_question"),
            models.UniqueConstraint(fields=["ballot", "question", "rank"], condition=Q(rank__isnull=False),
                                    name="answer_rank_once"),
            models.CheckConstraint(condition=Q(option__isnull=False) | Q(value__in=[-1, 0, 1]),
                                   name="answer_yes_no_value"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="answer_rank_positive"),
        ]
