"""A consultation asks the people of an organisation (or of one of its
comités) one or more questions about its plan, between two dates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.models.nodes import PLAIN_LANGUAGE_RULES


class Eligibility(models.TextChoices):
    """Who may vote (participation/roles.py says who is what): the first two
    are open to anyone who signs up and says so; the members are those of
    the register, which the staff keep."""

    VERIFIED = "comptes", _("Anyone with a confirmed account")
    ORGANISATION = "organisation", _(
        "People who declared themselves part of the organisation (residents, volunteers, partners, staff)")
    MEMBERS = "adherents", _("Members up to date, with a vote (the organisation's member register)")
    COMMITTEE = "comite", _("Members of the committee")


class ResultsVisibility(models.TextChoices):
    LIVE = "direct", _("Live, while the vote is open")
    AFTER = "cloture", _("Once the vote is closed")


class ConsultationStatus(models.TextChoices):
    DRAFT = "brouillon", pgettext_lazy("consultation status", "Draft")
    SCHEDULED = "programmee", pgettext_lazy("consultation status", "Scheduled")
    OPEN = "ouverte", pgettext_lazy("consultation status", "Open")
    CLOSED = "close", pgettext_lazy("consultation status", "Closed")


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Consultation(models.Model):
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.PROTECT, related_name="consultations",
                                     verbose_name=_("organisation"))
    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations",
        verbose_name=_("committee running it"),
    )
    actions = models.ManyToManyField("cms.ActionPage", related_name="consultations", blank=True,
                                     verbose_name=_("plan actions concerned"))
    title = models.CharField(_("title"), max_length=160)
    context = models.TextField(
        _("context"), max_length=10_000, blank=True,
        help_text=_("What is at stake and what will be done with the answers. Blank lines separate paragraphs; "
                    "lines starting with “- ” make a list."),
    )
    plain_summary = models.TextField(_("in plain language (En clair)"), max_length=1500, blank=True,
                                     help_text=PLAIN_LANGUAGE_RULES)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    eligibility = models.CharField(_("who may vote"), max_length=12, choices=Eligibility.choices,
                                   default=Eligibility.ORGANISATION)
    secret = models.BooleanField(
        _("secret ballot"), default=True,
        help_text=_("Secret: nobody can see who voted what. Public: everyone sees each person's ballot."),
    )
    results_visibility = models.CharField(_("results shown"), max_length=8, choices=ResultsVisibility.choices,
                                          default=ResultsVisibility.AFTER)
    live_step = models.PositiveSmallIntegerField(
        _("ballots per live update"), default=5, validators=[MinValueValidator(3), MaxValueValidator(1000)],
        help_text=_("Secret ballot with live results: the results shown change only once at least this many new "
                    "ballots are in, and always leave out at least this many of the latest ones, so that nobody "
                    "can work out a vote by comparing two updates."),
    )
    quorum = models.PositiveIntegerField(
        _("quorum"), default=0, help_text=_("Minimum number of voters for the results to count; 0 for none."),
    )
    changes_allowed = models.BooleanField(
        _("votes may be changed until closing"), default=False,
        help_text=_("With a secret ballot, the voter changes their vote with their receipt code."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # When the sealed ballots of a secret vote were opened and counted.
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.published_at is None:
            return ConsultationStatus.DRAFT
        if now < self.opens_at:
            return ConsultationStatus.SCHEDULED
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    def get_status_display(self):
        return ConsultationStatus(self.status()).label

    def is_open(self, now=None) -> bool:
        return self.status(now) == ConsultationStatus.OPEN

    def is_closed(self, now=None) -> bool:
        return self.status(now) == ConsultationStatus.CLOSED

    def results_visible(self, now=None) -> bool:
        """Live results show from the opening; the others only once closed,
        to everyone alike (animators included: no early peek)."""
        status = self.status(now)
        if status == ConsultationStatus.CLOSED:
            return True
        return status == ConsultationStatus.OPEN and self.results_visibility == ResultsVisibility.LIVE


class Method(models.TextChoices):
    YES_NO = "pour_contre", _("For / against / abstention")
    SINGLE = "choix_unique", _("Single choice")
    MULTIPLE = "choix_multiple", _("Multiple choice")
    RANKING = "classement", _("Ranking (Schulze method)")
    MAJORITY = "jugement_majoritaire", _("Majority judgment")
    SCORE = "note", _("Score")


# Methods whose answers name options (the others: for/against/abstention).
OPTION_METHODS = frozenset(Method) - {Method.YES_NO}


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    method = models.CharField(_("how people answer"), max_length=20, choices=Method.choices)
    min_choices = models.PositiveSmallIntegerField(_("minimum number of choices"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("maximum number of choices"), null=True, blank=True)
    score_min = models.SmallIntegerField(_("lowest score"), default=0)
    score_max = models.SmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(score_max__gt=F("score_min")), name="question_score_range"),
        ]

    def __str__(self):
        return self.text

    @property
    def uses_options(self) -> bool:
        return self.method in OPTION_METHODS

    @property
    def choices_max(self) -> int:
        """A multiple choice's maximum: the one set, or every option (read
        from the prefetched options)."""
        return self.max_choices or len(self.options.all())


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.label


class AuditAction(models.TextChoices):
    CREATED = "creation", pgettext_lazy("consultation log", "created")
    CHANGED = "modification", pgettext_lazy("consultation log", "changed")
    QUESTIONS = "questions", pgettext_lazy("consultation log", "changed the questions")
    OPENED = "ouverture", pgettext_lazy("consultation log", "opened")
    SCHEDULED = "programmation", pgettext_lazy("consultation log", "scheduled")
    CLOSED = "cloture", pgettext_lazy("consultation log", "closed")
    DELETED = "suppression", pgettext_lazy("consultation log", "deleted")
    PAPER_BALLOT = "bulletin_papier", pgettext_lazy("consultation log", "entered a named paper ballot")
    PAPER_BATCH = "lot_papier", pgettext_lazy("consultation log", "entered a batch of paper ballots")
    PAPER_SIGNERS = "emargement", pgettext_lazy("consultation log", "entered signatures of a paper batch")
    PAPER_BATCH_BALLOT = "bulletin_lot", pgettext_lazy("consultation log", "entered a ballot of a paper batch")
    COUNTED = "depouillement", pgettext_lazy("consultation log", "counted the secret ballots")


class AuditEntry(models.Model):
    """What staff and animators did to a consultation, kept after it is
    deleted (the title is copied) and shown to the organisation's staff."""

    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="audit_entries")
    consultation_title = models.CharField(max_length=160)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consultation log entry")
        verbose_name_plural = _("consultation log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.consultation_title}: {self.action}"
