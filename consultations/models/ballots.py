"""Who voted and what was voted, kept apart (docs/voting-security.md).

`VoterRecord` says that a person took part (one per person and
consultation, enforced by the database). `Ballot` says what was voted.

A public ballot names its voter and is written when cast. A secret one goes
into the box: a `SealedBallot`, encrypted with a key that is not in the
database, while the `BallotBox` keeps the running count (sealed too) and the
snapshots shown as live results. At the count, once the vote is closed, the
sealed ballots are opened, shuffled and written as `Ballot` rows in that
random order, then the envelopes are deleted: the ballot table's ids, row
order and physical order say nothing of the voters' order. Counted secret
ballots have no voter, no channel, no batch and no timestamp; the receipt
handle lets their voter, and only them, find them with their code."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VoteChannel(models.TextChoices):
    ONLINE = "en_ligne", _("Online")
    PAPER = "papier", _("On paper")


class PaperBatch(models.Model):
    """Anonymous paper ballots of a secret consultation, collected at the
    accueil: the register of those who signed (each a voter record, so that
    they cannot vote online too), and a number of signatures of people
    without an account. Never more ballots than signatures."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     related_name="paper_batches")
    unnamed_signatures = models.PositiveIntegerField(
        _("signatures of people without an account"), default=0,
        help_text=_("People who signed the paper register but have no account on the site."),
    )
    ballots_entered = models.PositiveIntegerField(default=0, editable=False)
    # The form token of the last ballot entered: the same form sent twice
    # (a double click) counts once.
    last_entry = models.CharField(max_length=64, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("Where and when the ballots were collected."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("batch of paper ballots")
        verbose_name_plural = _("batches of paper ballots")
        constraints = [
            models.CheckConstraint(condition=Q(ballots_entered__gte=0), name="paper_batch_ballots_entered"),
        ]


class VoterRecord(models.Model):
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="consultation_votes")
    channel = models.CharField(max_length=8, choices=VoteChannel.choices, default=VoteChannel.ONLINE)
    # Signed the register of this anonymous paper batch.
    batch = models.ForeignKey(PaperBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="signers")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="one_vote_per_person"),
        ]


class SealedBallot(models.Model):
    """A secret ballot in the box: its content (answers and receipt handle)
    encrypted, padded to the consultation's one envelope size. `lookup` is
    the voter's handle to find it with their receipt code (none for paper
    ballots). No voter, no time, no batch, no order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     related_name="sealed_ballots")
    lookup = models.CharField(max_length=64, null=True, blank=True, unique=True)
    envelope = models.BinaryField()

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")


class BallotBox(models.Model):
    """A secret consultation's running count and the snapshots published as
    live results (see services/box.py), sealed like the ballots; its row is
    also what casts and the count take turns on."""

    consultation = models.OneToOneField("consultations.Consultation", on_delete=models.CASCADE, primary_key=True,
                                        related_name="box")
    envelope = models.BinaryField()

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT, related_name="ballots")
    # Public consultations only.
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # Empty for counted secret ballots.
    channel = models.CharField(max_length=8, choices=VoteChannel.choices, default=VoteChannel.ONLINE, blank=True)
    # Secret consultations only: the receipt handle (sealing.BallotKeys.receipt).
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
    order of the ballots."""

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
