"""An assembly, its agenda (the items voted are its resolutions), its
documents and who was convened, came, and gave or carries a proxy."""

import calendar
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .statutes import AssemblyKind, ResolutionKind

PREFECTURE_MONTHS = 3


class AssemblyStatus(models.TextChoices):
    DRAFT = "brouillon", pgettext_lazy("assembly status", "Being prepared")
    CONVENED = "convoquee", pgettext_lazy("assembly status", "Convened")
    OPEN = "ouverte", pgettext_lazy("assembly status", "In session")
    CLOSED = "close", pgettext_lazy("assembly status", "Closed")


class Assembly(models.Model):
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.PROTECT, related_name="assemblies",
                                     verbose_name=_("organisation"))
    statutes = models.ForeignKey("assemblies.Statutes", on_delete=models.PROTECT, related_name="assemblies",
                                 verbose_name=_("statutes"))
    kind = models.CharField(_("kind"), max_length=3, choices=AssemblyKind.choices, default=AssemblyKind.ORDINARY)
    title = models.CharField(_("title"), max_length=160)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("members may also take part online"), default=False)
    online_link = models.URLField(_("link to the online meeting"), blank=True,
                                  help_text=_("Shown to the members only."))
    second_call = models.BooleanField(
        _("second convocation"), default=False,
        help_text=_("Convened again after a first assembly did not reach its quorum."))
    president = models.ForeignKey("participation.RegisterMember", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("president of the session"),
                                  help_text=_("Usually the association's president; carries the blank proxies."))
    president_name = models.CharField(_("president of the session"), max_length=160, blank=True)
    secretary_name = models.CharField(_("secretary of the session"), max_length=160, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AssemblyStatus.choices,
                              default=AssemblyStatus.DRAFT, editable=False)
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary of the debates"), blank=True, max_length=20_000,
                               help_text=_("What was said, as the secretary writes it for the minutes."))
    helpers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assemblies_helped",
                                     verbose_name=_("volunteers at the door"))
    minutes_final_at = models.DateTimeField(_("minutes drawn up"), null=True, blank=True, editable=False)
    president_signed_on = models.DateField(_("signed by the president on"), null=True, blank=True, editable=False)
    secretary_signed_on = models.DateField(_("signed by the secretary on"), null=True, blank=True, editable=False)
    minutes_file = models.FileField(_("signed minutes (PDF)"), upload_to="assemblees/pv/", blank=True,
                                    editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assemblies:detail", args=[self.pk])

    @property
    def day(self):
        return timezone.localdate(self.starts_at)

    @property
    def is_draft(self) -> bool:
        return self.status == AssemblyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == AssemblyStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == AssemblyStatus.CLOSED

    @property
    def before_opening(self) -> bool:
        return self.status in (AssemblyStatus.DRAFT, AssemblyStatus.CONVENED)

    @property
    def minutes_signed(self) -> bool:
        return bool(self.president_signed_on and self.secretary_signed_on)

    def convocation_deadline(self):
        """The last day the convocation may be sent, as the statutes require."""
        return self.day - timedelta(days=self.statutes.notice_days)

    def prefecture_deadline(self):
        """Three months after the assembly (loi de 1901, art. 5; décret du
        16 août 1901, art. 3): changes of the board or of the statutes are
        declared to the préfecture."""
        day = timezone.localdate(self.closed_at or self.starts_at)
        month = day.month - 1 + PREFECTURE_MONTHS
        year, month = day.year + month // 12, month % 12 + 1
        return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class ItemStatus(models.TextChoices):
    PENDING = "a_venir", pgettext_lazy("resolution status", "Not voted yet")
    OPEN = "ouvert", pgettext_lazy("resolution status", "Vote in progress")
    CLOSED = "clos", pgettext_lazy("resolution status", "Voted")
    NOT_VOTED = "non_vote", pgettext_lazy("resolution status", "Not voted: no quorum")


class VoteMethod(models.TextChoices):
    HANDS = "main_levee", _("Show of hands, counted by the secretary")
    ELECTRONIC = "electronique", _("Electronic vote on phones in the room")
    PAPER = "papier", _("Secret paper ballot, counted and entered")


class Outcome(models.TextChoices):
    ADOPTED = "adoptee", _("adopted")
    REJECTED = "rejetee", _("rejected")


class AgendaItem(models.Model):
    """An item of the agenda; those of a voted kind are the resolutions."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=ResolutionKind.choices, default=ResolutionKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the resolution"), blank=True, max_length=5000,
                            help_text=_("For instance: “The general assembly approves the moral report.”"))
    method = models.CharField(_("how it is voted"), max_length=12, choices=VoteMethod.choices,
                              default=VoteMethod.HANDS)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1,
                                             help_text=_("Elections: how many people are elected at most."))
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The room when the vote opened (the quorum is checked again before each vote).
    members_with_vote = models.PositiveIntegerField(null=True, blank=True, editable=False)
    voices_present = models.PositiveIntegerField(null=True, blank=True, editable=False)
    voices_represented = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quorum_required = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The majority the statutes gave this kind when the vote opened.
    threshold = models.CharField(max_length=12, blank=True, editable=False)
    base = models.CharField(max_length=10, blank=True, editable=False)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    ballots = models.PositiveIntegerField(_("ballots in the box"), null=True, blank=True)
    blank_ballots = models.PositiveIntegerField(_("blank ballots"), null=True, blank=True)
    spoilt_ballots = models.PositiveIntegerField(_("spoilt ballots"), null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True, editable=False)
    debate = models.TextField(_("summary of the debate"), blank=True, max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="agenda_item_seats_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_vote(self) -> bool:
        return self.kind not in (ResolutionKind.INFORMATION, ResolutionKind.MISC)

    @property
    def is_election(self) -> bool:
        return self.kind == ResolutionKind.ELECTION

    @property
    def is_secret(self) -> bool:
        return self.method in (VoteMethod.PAPER, VoteMethod.ELECTRONIC) and (
            self.method == VoteMethod.PAPER or (self.is_election and self.assembly.statutes.secret_elections))

    @property
    def voices(self) -> int:
        return (self.voices_present or 0) + (self.voices_represented or 0)


class Candidate(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("candidate"), max_length=160)
    votes = models.PositiveIntegerField(null=True, blank=True)
    elected = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.name


def _document_path(instance, filename):
    """A random name (core/uploads.py gives one), under the assembly's folder."""
    return f"assemblees/{instance.assembly_id}/{filename}"


class AssemblyDocument(models.Model):
    """Rapport moral, accounts, budget…: for the members only."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=160)
    file = models.FileField(_("file"), upload_to=_document_path)
    content_type = models.CharField(max_length=120, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document of the assembly")
        verbose_name_plural = _("documents of the assembly")

    def __str__(self):
        return self.title


class ConvocationChannel(models.TextChoices):
    EMAIL = "courriel", _("By e-mail")
    LETTER = "courrier", _("By letter")


class Convocation(models.Model):
    """That a member was convened, and how: the proof of the convocation."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="convocations")
    member = models.ForeignKey("participation.RegisterMember", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=ConvocationChannel.choices)
    address = models.CharField(max_length=254, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assembly", "member"], name="one_convocation_per_member")]


class Attendance(models.Model):
    """A member ticked at the door (émargement); `left_at` when they leave
    before the end (their voice and the proxies they carry leave with them)."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("participation.RegisterMember", on_delete=models.CASCADE, related_name="+")
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    renewed_at_door = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["arrived_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["assembly", "member"], name="one_attendance_per_member")]


class ProxyChannel(models.TextChoices):
    ONLINE = "en_ligne", _("Online")
    PAPER = "papier", _("On paper")


class Proxy(models.Model):
    """A pouvoir: an absent member's vote, carried by another member present
    (or, blank, by the president of the session).

    The cap of proxies per holder is held by the database, not only by the
    service: an active proxy to a holder takes one of the holder's numbered
    slots, unique among the holder's active proxies, and no slot may exceed
    `cap` (the statutes' cap, copied on the row when it is given). Two
    proxies clicked at once for the last slot cannot both be written."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey("participation.RegisterMember", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("member giving the proxy"))
    holder = models.ForeignKey("participation.RegisterMember", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("member carrying it"))
    to_president = models.BooleanField(_("blank, to the president of the session"), default=False)
    slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    cap = models.PositiveSmallIntegerField(editable=False)
    channel = models.CharField(max_length=8, choices=ProxyChannel.choices, default=ProxyChannel.ONLINE)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    given_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "giver"], condition=Q(revoked_at__isnull=True),
                                    name="one_active_proxy_per_giver"),
            models.UniqueConstraint(fields=["assembly", "holder", "slot"],
                                    condition=Q(revoked_at__isnull=True, holder__isnull=False),
                                    name="proxy_slot_once_per_holder"),
            models.CheckConstraint(
                condition=(Q(holder__isnull=True, to_president=True, slot__isnull=True)
                           | Q(holder__isnull=False, to_president=False, slot__gte=1, slot__lte=F("cap"))),
                name="proxy_within_the_cap"),
            models.CheckConstraint(condition=~Q(holder=F("giver")), name="proxy_not_to_oneself"),
        ]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class VoiceRecord(models.Model):
    """That a voice (a member's own, or one carried by proxy) took part in
    an electronic vote, and whose phone cast it: one per voice and vote,
    held by the database. What it voted is sealed apart (SealedVote)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="voices_cast")
    member = models.ForeignKey("participation.RegisterMember", on_delete=models.CASCADE, related_name="+")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_proxy = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="one_vote_per_voice")]


class SealedVote(models.Model):
    """An electronic vote's content, sealed with the ballot key
    (consultations/sealing.py) as consultations' secret ballots are: no
    voter, no time, a random id. Opened, counted and deleted when the vote
    closes; only the totals remain."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="sealed_votes")
    envelope = models.BinaryField()
