"""Projets habitants: what residents propose, who carries and supports them,
and what the organisation answered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.models.nodes import PLAIN_LANGUAGE_RULES
from participation.models import Origin


class ProjectStatus(models.TextChoices):
    DRAFT = "brouillon", pgettext_lazy("project status", "Draft")
    SUBMITTED = "depose", pgettext_lazy("project status", "Submitted")
    UNDER_REVIEW = "etude", pgettext_lazy("project status", "Under study")
    ACCOMPANIED = "accompagne", pgettext_lazy("project status", "Accompanied")
    DECLINED = "non_retenu", pgettext_lazy("project status", "Not retained")
    IN_PROGRESS = "en_cours", pgettext_lazy("project status", "In progress")
    DONE = "realise", pgettext_lazy("project status", "Carried out")
    ABANDONED = "abandonne", pgettext_lazy("project status", "Abandoned")


# Seen by everyone (the others: by the authors and the staff only).
PUBLIC_STATUSES = frozenset(ProjectStatus) - {ProjectStatus.DRAFT}
# Still alive: may be supported, and helped.
OPEN_STATUSES = frozenset({ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.ACCOMPANIED,
                           ProjectStatus.IN_PROGRESS})
# The authors may still change what they wrote.
EDITABLE_STATUSES = frozenset({ProjectStatus.DRAFT, ProjectStatus.SUBMITTED})


class ProjectQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: submitted at least, not hidden by the moderators."""
        return self.filter(status__in=PUBLIC_STATUSES, hidden_at__isnull=True)


class Project(models.Model):
    organisation = models.ForeignKey(
        "cms.OrganisationPage", on_delete=models.PROTECT, related_name="projects", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=300, blank=True,
                               help_text=_("One or two sentences: what the project is, for whom."))
    plain_summary = models.TextField(_("in plain language (En clair)"), max_length=1500, blank=True,
                                     help_text=PLAIN_LANGUAGE_RULES)
    description = models.TextField(
        _("description"), max_length=10_000, blank=True,
        help_text=_("What you want to do, why, with whom. Blank lines separate paragraphs; lines starting with "
                    "“- ” make a list."),
    )
    plan_items = models.ManyToManyField(
        "wagtailcore.Page", related_name="linked_projects", blank=True, verbose_name=_("what it serves in the plan")
    )
    quartier = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.DRAFT, db_index=True)

    # What it needs.
    budget_amount = models.DecimalField(_("budget needed (euros)"), max_digits=9, decimal_places=2,
                                        null=True, blank=True)
    volunteers_wanted = models.PositiveSmallIntegerField(_("volunteers wanted"), null=True, blank=True)
    resources = models.ManyToManyField("projects.Resource", related_name="projects", blank=True,
                                       verbose_name=_("rooms and equipment asked for"))
    skills = models.ManyToManyField("projects.Domain", related_name="projects", blank=True,
                                    verbose_name=_("partner skills wanted"))
    needs_note = models.CharField(_("other needs"), max_length=500, blank=True)

    # The organisation's side.
    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects",
        verbose_name=_("committee in charge"),
    )
    answer = models.TextField(_("the organisation's answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    partners = models.ManyToManyField("projects.Partner", through="projects.ProjectPartner",
                                      related_name="projects", blank=True, verbose_name=_("partners"))
    hidden_at = models.DateTimeField(_("hidden by the moderation"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    # Empty once the person who proposed it has left and no co-carrier took
    # it over: the organisation holds it (privacy/services.py).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded at the accueil by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reviewed_at = models.DateTimeField(
        _("put on the review list"), null=True, blank=True,
        help_text=_("When its supports reached the organisation's threshold."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"),
            models.CheckConstraint(condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                                   name="project_budget_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="project_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and self.hidden_at is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and self.hidden_at is None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def need_labels(self) -> list[str]:
        """What it needs, in short, for cards. Uses the annotations of
        projects.selectors when present, else reads the relations."""
        if not hasattr(self, "needs_room"):
            kinds = {resource.kind for resource in self.resources.all()}
            self.needs_room, self.needs_equipment = "salle" in kinds, "materiel" in kinds
            self.needs_skills = self.skills.exists()
        wanted = [
            (NeedKind.BUDGET, bool(self.budget_amount)),
            (NeedKind.ROOM, self.needs_room),
            (NeedKind.EQUIPMENT, self.needs_equipment),
            (NeedKind.VOLUNTEERS, bool(self.volunteers_wanted)),
            (NeedKind.SKILLS, self.needs_skills),
        ]
        return [need.label for need, needed in wanted if needed]


class NeedKind(models.TextChoices):
    """The needs a list can be filtered by."""

    BUDGET = "budget", _("Budget")
    ROOM = "salle", _("A room")
    EQUIPMENT = "materiel", _("Equipment")
    VOLUNTEERS = "benevoles", _("Volunteers")
    SKILLS = "competences", _("Partner skills")


class ProjectAuthor(models.Model):
    """Who carries a project: the person who proposed it, and the co-porteurs
    they invited once they accept."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_seats",
                             verbose_name=_("person"))
    accepted = models.BooleanField(_("accepted"), default=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("project carrier")
        verbose_name_plural = _("project carriers")
        ordering = ["project", "invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_seat_per_project")]

    def __str__(self):
        return f"{self.user} · {self.project}"


class Support(models.Model):
    """“Je soutiens”: one per person and project (the database says so)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_supports")
    created_at = models.DateTimeField(auto_now_add=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded at the accueil by"))

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_support_per_person")]


class HelpOffer(models.Model):
    """“Je participe”: an offer to help, which the authors read."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="help_offers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_offers",
                             verbose_name=_("person"))
    message = models.CharField(_("how you would like to help"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded at the accueil by"))

    class Meta:
        verbose_name = _("offer to help")
        verbose_name_plural = _("offers to help")
        ordering = ["project", "created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_help_offer_per_person")]


class ProjectPartner(models.Model):
    """A partner the staff put the project in touch with."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey("projects.Partner", on_delete=models.CASCADE, related_name="project_links")
    note = models.CharField(_("note for the carriers"), max_length=500, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner of a project")
        verbose_name_plural = _("partners of projects")
        constraints = [models.UniqueConstraint(fields=["project", "partner"], name="one_link_per_partner")]


class EventKind(models.TextChoices):
    STATUS = "statut", _("Status change")
    PARTNER = "partenaire", _("Partner linked")
    COMMITTEE = "comite", _("Committee in charge")
    HIDDEN = "masque", _("Hidden by the moderation")
    RESTORED = "retabli", _("Restored by the moderation")


class ProjectEvent(models.Model):
    """The public history of a project: every status change with its message,
    the partners linked, the moderation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("by"))
    from_status = models.CharField(max_length=12, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ProjectStatus.choices, blank=True)
    message = models.TextField(_("message"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"


def image_path(instance, filename: str) -> str:
    return f"projects/{instance.project_id}/images/{filename}"


def document_path(instance, filename: str) -> str:
    return f"projects/{instance.project_id}/documents/{filename}"


class ProjectImage(models.Model):
    """A picture of the project, re-encoded on upload (core/uploads.py)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=image_path, width_field="width",
                              height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        _("description of the image"), max_length=250,
        help_text=_("For those who cannot see it: what does it show?"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["project", "added_at", "pk"]


class ProjectAttachment(models.Model):
    """A document of the project, checked by its content on upload."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=document_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["project", "added_at", "pk"]


class ProjectSettings(models.Model):
    """An organisation's settings for projects."""

    organisation = models.OneToOneField("cms.OrganisationPage", on_delete=models.CASCADE,
                                        related_name="project_settings", verbose_name=_("organisation"))
    support_threshold = models.PositiveIntegerField(
        _("supports that put a project on the review list"), default=10,
        help_text=_("When a submitted project reaches this many supports, the staff are told to study it."),
    )

    class Meta:
        verbose_name = _("project settings")
        verbose_name_plural = _("project settings")

    def __str__(self):
        return str(self.organisation)
