"""Follows and notifications: what someone wants to hear about, and what
they have been told (in the site, and by email unless they opted out)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """Someone follows a page (or, later, a project or a committee)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("person")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="one_follow_per_object"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user} → {self.content_type_id}:{self.object_id}"


class NotificationKind:
    """The kinds this app tells about (projects and comités have their own,
    each registered in participation/notifying.py)."""

    COMMENT_REPLY = "comment_reply"
    FOLLOWED_COMMENT = "followed_comment"
    COMMENT_TO_MODERATE = "comment_to_moderate"
    COMMENT_HIDDEN = "comment_hidden"
    COMMENT_APPROVED = "comment_approved"
    MEMBERSHIP_REQUESTED = "membership_requested"
    MEMBERSHIP_ANSWERED = "membership_answered"


class Notification(models.Model):
    """One thing to tell one person. The title and link are kept as they
    were, so the list reads in one query whatever the notification is about;
    a comment's text is never copied here (moderation may hide it later), and
    the list shows the title only while its kind's audience still admits the
    person (participation/notifying.py: may_receive)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    # A key of participation/notifying.py's registry.
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    # What it is about (a plan page, a project, a comité, an organisation):
    # its kind's audience is asked about it each time (participation/notifying.py).
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    comment = models.ForeignKey(
        "participation.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    membership = models.ForeignKey(
        "participation.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("about"), max_length=255)
    detail = models.CharField(_("what happened"), max_length=255, blank=True)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # Set for what a person must be told once only (a consultation's
    # reminder): a second one with the same key is refused by the database.
    once_key = models.CharField(_("once"), max_length=80, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="notification_unemailed"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "once_key"], name="one_notification_per_once_key"),
        ]

    def __str__(self):
        return f"{self.kind_label} · {self.title}"

    @property
    def kind_label(self):
        from ..notifying import kind_label

        return kind_label(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """A person's choice for one kind of e-mail (participation/notifying.py),
    kept with its date; without a row, the preference's default applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences",
                             verbose_name=_("person"))
    key = models.CharField(_("e-mail"), max_length=40)
    enabled = models.BooleanField(_("sent"))
    changed_at = models.DateTimeField(_("chosen on"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_email_preference_per_key")]

    def __str__(self):
        return f"{self.user} · {self.key}: {self.enabled}"


class ScheduledRun(models.Model):
    """One run of a periodic job (participation/scheduling.py) for one due
    moment: made by the clock before the job is handed to the worker, so
    that a restarted clock, or two clocks, never run it twice."""

    job = models.CharField(_("job"), max_length=60)
    due_at = models.DateTimeField(_("due"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-due_at", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_moment")]

    def __str__(self):
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"
