from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What staff and animators do that the organisation's administrators
    may have to account for (issue 19). A new audited action adds its code
    here; the codes are stored, so they never change."""

    ROLE_ACCEPTED = "role.accepted", _("Role accepted")
    ROLE_DECLINED = "role.declined", _("Role declined")
    REGISTER_ADDED = "register.added", _("Member added to the register")
    REGISTER_CHANGED = "register.changed", _("Member's details changed")
    REGISTER_PERIOD = "register.period", _("Membership period added")
    REGISTER_LINKED = "register.linked", _("Membership linked to an account")
    REGISTER_DELETED = "register.deleted", _("Member removed from the register")
    REGISTER_IMPORTED = "register.imported", _("Register imported")
    REGISTER_EXPORTED = "register.exported", _("Register exported")
    DATA_EXPORTED = "data.exported", _("People's details downloaded")
    COMMITTEE_SEAT = "committee.seat", _("Committee seat decided")
    COMMENT_MODERATED = "comment.moderated", _("Comment moderated")
    MODERATION_POLICY = "moderation.policy", _("Pre-moderation switched")
    PROJECT_STATUS = "project.status", _("Project's status changed")
    PROJECT_HIDDEN = "project.hidden", _("Project hidden")
    PROJECT_RESTORED = "project.restored", _("Project restored")
    CONSULTATION_CHANGED = "consultation.changed", _("Consultation created, changed, opened or closed")
    PAPER_BALLOTS = "consultation.paper", _("Paper ballots entered")
    PLAN_IMPORTED = "plan.imported", _("Plan imported")
    ACCOUNT_ERASED = "account.erased", _("Account deleted at the person's request")
    ACCUEIL_RECORDED = "accueil.recorded", _("Recorded at the accueil in a person's name")


class AuditEntry(models.Model):
    """One thing a member of staff or an animator did: who, in which role,
    when, on what, and the values before and after. Written by the services
    in their own transaction (participation.audit.audit_record), never
    changed afterwards. The actor stays linked when their account is
    deleted (the row is emptied, and shown as “Deleted account”)."""

    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object number"), max_length=40, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="audit_org_recent")]

    def __str__(self):
        return f"{self.action} #{self.object_id} · {self.created_at:%Y-%m-%d %H:%M}"
