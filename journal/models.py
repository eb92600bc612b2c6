"""The journal of an action ("Où en est-on ?"): dated updates written by the
action's pilots or the staff, each with what changed (status, progress,
indicator values of that date) and, if they like, a photo or a document.

An entry keeps the status and progress before and after it, so that the
plan's overview can say what moved this month and the bilan what moved in
a period, without reading page revisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.models import ActionStatus
from cms.visibility import public_q


def photo_path(instance, filename: str) -> str:
    return f"journal/{instance.action_id}/photos/{filename}"


def document_path(instance, filename: str) -> str:
    return f"journal/{instance.action_id}/documents/{filename}"


class JournalEntryQuerySet(models.QuerySet):
    def public(self, *, within: str = ""):
        """What anyone may read: entries of published actions outside any
        private branch of the plan (cms/visibility.py), but for the privacy
        settings at or above `within`, the page being read, which its reader
        has passed."""
        return self.filter(public_q("action__", within=within), action__live=True)

    def under(self, page):
        """Entries of the actions at or below a plan page."""
        return self.filter(action__path__startswith=page.path)


class JournalEntry(models.Model):
    # Entries are the staff's and pilots' account of the action: they go
    # with it. The importer never deletes an action (it unpublishes it).
    action = models.ForeignKey("cms.ActionPage", on_delete=models.CASCADE, related_name="journal_entries",
                               verbose_name=_("action"))
    # Kept on the row: the bilan and the moderation read an organisation's entries in one query.
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    date = models.DateField(_("date"), db_index=True)
    text = models.TextField(_("what happened"), max_length=5000, help_text=_(
        "What was done, with whom, what comes next. Blank lines separate paragraphs; lines starting with “- ” "
        "make a list."))
    status_before = models.CharField(max_length=16, choices=ActionStatus.choices, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, blank=True)
    progress_before = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True, width_field="photo_width",
                              height_field="photo_height")
    photo_width = models.PositiveIntegerField(default=0, editable=False)
    photo_height = models.PositiveIntegerField(default=0, editable=False)
    photo_alt = models.CharField(_("description of the photo"), max_length=250, blank=True)
    document = models.FileField(_("document"), upload_to=document_path, blank=True)
    document_name = models.CharField(max_length=150, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    indicator_values = models.ManyToManyField("cms.IndicatorValue", related_name="journal_entries", blank=True,
                                              verbose_name=_("indicator values recorded"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="journal_entries", verbose_name=_("written by"))
    demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"], name="journal_by_organisation")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__isnull=True) | Q(progress__lte=100),
                                   name="journal_progress_percent"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.action_id}"

    def get_absolute_url(self) -> str:
        return reverse("journal:entry", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.action.live

    @property
    def status_changed(self) -> bool:
        return bool(self.status) and self.status != self.status_before

    @property
    def progress_changed(self) -> bool:
        return self.progress is not None and self.progress != self.progress_before

    def get_status_display_before(self):
        return ActionStatus(self.status_before).label if self.status_before else ""


class ActionPilot(models.Model):
    """A person the staff named to write an action's journal: the pilot of a
    plan is often a role ("Référente familles"); this says who holds it."""

    action = models.ForeignKey("cms.ActionPage", on_delete=models.CASCADE, related_name="pilot_seats",
                               verbose_name=_("action"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="piloted_actions",
                             verbose_name=_("person"))
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action pilot")
        verbose_name_plural = _("action pilots")
        ordering = ["action", "appointed_at"]
        constraints = [models.UniqueConstraint(fields=["action", "user"], name="one_pilot_seat_per_action")]

    def __str__(self):
        return f"{self.user} · {self.action_id}"
