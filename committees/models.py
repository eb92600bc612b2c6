from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models import Origin


class CommitteeKind(models.TextChoices):
    HOUSE_COUNCIL = "conseil_de_maison", _("House council")
    THEMATIC = "comite_thematique", _("Thematic committee")
    WORKING_GROUP = "groupe_de_travail", _("Working group")
    FORESIGHT_GROUP = "groupe_prospectif", _("Foresight group")
    GOVERNANCE = "instance_gouvernance", _("Governance body")


class MembershipPolicy(models.TextChoices):
    OPEN = "ouvert", _("Open: anyone can join")
    ON_REQUEST = "sur_demande", _("On request: an animator accepts or declines")
    DESIGNATION = "sur_designation", _("By designation: the animators appoint the members")


class ContentVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: meetings, minutes and discussion are open to all")
    MEMBERS = "membres", _("Members only: meetings, minutes and discussion are for the members")


class Committee(models.Model):
    """A committee, working group or governance body of an organisation.

    Its animators run it from the front end: members, meetings, minutes. They
    also take part in running the organisation: a committee put in charge of a
    projet habitant studies and answers it."""

    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="committees",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=CommitteeKind.choices)
    description = models.TextField(_("description"), blank=True)
    membership_policy = models.CharField(
        _("who can join"), max_length=16, choices=MembershipPolicy.choices, default=MembershipPolicy.ON_REQUEST
    )
    visibility = models.CharField(
        _("who sees its content"), max_length=8, choices=ContentVisibility.choices, default=ContentVisibility.PUBLIC,
        help_text=_("The committee's page, its description, its plan items and how to join stay public in any case."),
    )
    plan_items = models.ManyToManyField(
        "wagtailcore.Page", through="CommitteePlanItem", related_name="linked_committees", blank=True,
        verbose_name=_("plan items"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["organisation", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_committee_slug_per_organisation"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:committee", args=[self.organisation.slug, self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == ContentVisibility.PUBLIC


class PlanItemRelation(models.TextChoices):
    PILOTS = "pilote", _("Pilots")
    FOLLOWS = "suit", _("Follows")


class CommitteePlanItem(models.Model):
    """A plan item (axis, objective, action) the committee pilots or follows.
    Deleting the page only removes the link."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="plan_links",
                                  verbose_name=_("committee"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="committee_links",
                             verbose_name=_("plan item"))
    relation = models.CharField(_("relation"), max_length=8, choices=PlanItemRelation.choices,
                                default=PlanItemRelation.PILOTS)

    class Meta:
        verbose_name = _("plan item of a committee")
        verbose_name_plural = _("plan items of a committee")
        ordering = ["committee", "page__path"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "page"], name="one_link_per_committee_and_page"),
        ]

    def __str__(self):
        return f"{self.committee} · {self.get_relation_display()} · {self.page_id}"


class CommitteeRole(models.TextChoices):
    MEMBER = "membre", _("Member")
    ANIMATOR = "animateur", _("Animator")
    SECRETARY = "secretaire", _("Secretary")


RUNNING_ROLES = {CommitteeRole.ANIMATOR, CommitteeRole.SECRETARY}


class CommitteeMemberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Member")
    DECLINED = "declined", _("Declined")


class CommitteeMemberQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=CommitteeMemberStatus.ACCEPTED)

    def pending(self):
        return self.filter(status=CommitteeMemberStatus.PENDING)

    def running(self):
        """Animators and secretaries, accepted."""
        return self.accepted().filter(role__in=RUNNING_ROLES)


class CommitteeMember(models.Model):
    """Someone's seat in a committee, with their role in it; or their request
    for one, until an animator answers it."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("committee"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats",
                             verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=12, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=CommitteeMemberStatus.choices,
                              default=CommitteeMemberStatus.ACCEPTED)
    listed = models.BooleanField(
        _("show my name in the public list of members"), default=False,
        help_text=_("Without your consent, you are counted but your name is not shown."),
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    answer = models.TextField(_("answer"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("answered by"))
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    joined_at = models.DateTimeField(_("since"), auto_now_add=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded at the accueil by"))

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_seat_per_committee"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.committee}"

    @property
    def runs_committee(self) -> bool:
        return self.status == CommitteeMemberStatus.ACCEPTED and self.role in RUNNING_ROLES


def meeting_document_path(instance, filename: str) -> str:
    return f"committees/{instance.meeting.committee_id}/meetings/{instance.meeting_id}/{filename}"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(ends_at__gte=now, cancelled_at__isnull=True).order_by("starts_at", "pk")

    def past(self, now):
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def public(self):
        return self.filter(committee__visibility=ContentVisibility.PUBLIC)


class Meeting(models.Model):
    """A meeting of a committee: when, where, what about, who comes, and the
    minutes published after it."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("committee"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=255, blank=True,
                             help_text=_("A room and an address, as people will look for it."))
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published on"), null=True, blank=True)
    minutes_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("minutes by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("scheduled by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on each change.")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["committee", "-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start",
                                   violation_error_message=_("The meeting must end after it starts.")),
        ]
        indexes = [models.Index(fields=["committee", "starts_at"], name="meeting_dates")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_minutes(self) -> bool:
        return self.minutes_published_at is not None


class MeetingDocument(models.Model):
    """A document of a meeting (agenda, presentation, signed minutes),
    checked by its content on upload and served after a permission check."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("meeting"))
    file = models.FileField(_("file"), upload_to=meeting_document_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "added_at", "pk"]

    def __str__(self):
        return self.name


class AttendanceAnswer(models.TextChoices):
    YES = "oui", _("I will come")
    MAYBE = "peut_etre", _("Maybe")
    NO = "non", _("I cannot come")


class MeetingAttendance(models.Model):
    """A member's answer to a meeting, and whether they were there (noted
    with the minutes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("meeting"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_answers",
                             verbose_name=_("person"))
    answer = models.CharField(_("answer"), max_length=10, choices=AttendanceAnswer.choices, blank=True)
    present = models.BooleanField(_("present"), null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting"),
        ]

    def __str__(self):
        return f"{self.user} · {self.meeting} · {self.answer}"
