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


class NotificationKind(models.TextChoices):
    COMMENT_REPLY = "comment_reply", _("A reply to my comment")
    FOLLOWED_COMMENT = "followed_comment", _("A new comment on what I follow")
    COMMENT_TO_MODERATE = "comment_to_moderate", _("A comment to moderate")
    COMMENT_HIDDEN = "comment_hidden", _("My comment hidden by the moderators")
    COMMENT_APPROVED = "comment_approved", _("My comment approved")
    MEMBERSHIP_REQUESTED = "membership_requested", _("A role request to answer")
    MEMBERSHIP_ANSWERED = "membership_answered", _("The answer to my role request")
    PROJECT_NEWS = "project_news", _("News of a project I carry")
    PROJECT_INVITATION = "project_invitation", _("An invitation to carry a project")
    FOLLOWED_PROJECT = "followed_project", _("News of a project I follow")
    PROJECT_TO_REVIEW = "project_to_review", _("A project to study")
    PROJECT_HIDDEN = "project_hidden", _("My project hidden by the moderators")
    COMMITTEE_REQUEST = "committee_request", _("A request to join a committee I run")
    COMMITTEE_ANSWERED = "committee_answered", _("My seat in a committee: answer, appointment, role")
    COMMITTEE_MEETING = "committee_meeting", _("A meeting of my committee: new, changed or cancelled")
    COMMITTEE_MINUTES = "committee_minutes", _("The minutes of a meeting of my committee")


class Notification(models.Model):
    """One thing to tell one person. The title and link are kept as they
    were, so the list reads in one query whatever the notification is about;
    a comment's text is never copied here (moderation may hide it later)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
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

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
