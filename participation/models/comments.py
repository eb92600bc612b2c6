"""Comments on anything registered as commentable (plan pages now; projects,
comités and consultations later), built on django-comments-xtd's threading.

A comment's life: published at once (post-moderation) or pending until a
moderator approves it (pre-moderation); a moderator may hide it with a
reason and restore it; its author may edit it for a short while, or delete
it, which removes the text but keeps the replies in place.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_comments_xtd.models import XtdComment, XtdCommentManager

from .accueil import origin_field, recorded_by_field

EDIT_WINDOW = timedelta(minutes=15)
MAX_DEPTH = 3  # a comment, a reply, a reply to the reply


class Stance(models.TextChoices):
    FOR = "pour", pgettext_lazy("stance", "For")
    AGAINST = "contre", pgettext_lazy("stance", "Against")
    QUESTION = "question", pgettext_lazy("stance", "Question")
    PROPOSAL = "proposition", pgettext_lazy("stance", "Proposal")


class CommentQuerySet(models.QuerySet):
    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))

    def published(self):
        """What everyone may read (and count): approved, not hidden, not deleted."""
        return self.filter(is_public=True, hidden_at__isnull=True, deleted_at__isnull=True)

    def pending(self):
        return self.filter(is_public=False, hidden_at__isnull=True, deleted_at__isnull=True)


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    pass


class Comment(XtdComment):
    """django-comments-xtd keeps the thread (thread_id, parent_id, level,
    order); this adds the organisation that moderates it, the stance and the
    moderation and authoring states.

    The organisation is kept on the row so that moderation queues and
    organisation totals are one query, whatever was commented."""

    xtdcomment_ptr = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, parent_link=True, primary_key=True, related_name="participation_comment"
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("organisation"),
    )
    stance = models.CharField(_("stance"), max_length=12, choices=Stance.choices, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by its author"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden by the moderation"), null=True, blank=True, db_index=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    origin = origin_field()
    recorded_by = recorded_by_field()

    objects = CommentManager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["thread_id", "order"]

    def __str__(self):
        return f"{self.user} · {self.submit_date:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return not self.is_public and self.hidden_at is None and self.deleted_at is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_readable(self) -> bool:
        """Whether its text may be shown to everyone."""
        return self.is_public and not self.is_hidden and not self.is_deleted

    @property
    def edit_deadline(self):
        return self.submit_date + EDIT_WINDOW

    def is_editable_now(self) -> bool:
        return not self.is_hidden and not self.is_deleted and timezone.now() <= self.edit_deadline

    @property
    def can_have_replies(self) -> bool:
        return self.level < MAX_DEPTH - 1


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting, hateful or harassing")
    PERSONAL_DATA = "personal_data", _("Reveals someone's personal information")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Another reason")


class CommentReport(models.Model):
    """Someone asks the moderators to look at a comment, and says why."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")]
        indexes = [
            models.Index(fields=["comment"], condition=Q(resolved_at__isnull=True), name="report_open"),
        ]

    def __str__(self):
        return f"{self.comment_id} · {self.get_reason_display()}"


class ModerationPolicy(models.Model):
    """How an organisation moderates: after publication (the default) or
    before. No row means post-moderation."""

    organisation = models.OneToOneField(
        "cms.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="moderation_policy",
        verbose_name=_("organisation"),
    )
    pre_moderation = models.BooleanField(
        _("approve comments before they are published"),
        default=False,
        help_text=_("Off: comments are published at once and moderated afterwards."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("moderation policy")
        verbose_name_plural = _("moderation policies")

    def __str__(self):
        return str(self.organisation)


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    DISMISS = "dismiss", _("Reports dismissed")
    PRE_MODERATION_ON = "pre_on", _("Pre-moderation switched on")
    PRE_MODERATION_OFF = "pre_off", _("Pre-moderation switched off")


class ModerationEvent(models.Model):
    """The log of what moderators did, and why: shown to the organisation's staff."""

    organisation = models.ForeignKey(
        "cms.OrganisationPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="moderation_events",
        verbose_name=_("comment"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=10, choices=ModerationAction.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
